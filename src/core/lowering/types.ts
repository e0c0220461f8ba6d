// The deployed graph: what a target's toolchain runs, built from the exported graph by the
// lowering passes (src/core/lowering/passes). It is a regular IR Model, so every analysis runs on
// it unchanged; `covers` and `fates` map it back to the original nodes for findings, the text
// view, the panels and training-script links.

import type { CostReport } from '../cost/types';
import type { Model } from '../ir/model';

/** The runtime family whose converter / graph optimizer a lowering follows. */
export type LoweringFamily = 'tflite' | 'onnxruntime' | 'tensorrt' | 'none';

/**
 * What happened to one node of the exported graph:
 * - kernel: it is (the anchor of) a deployed op;
 * - fused: merged into another deployed op (activation into a convolution, BatchNorm into its weights, …);
 * - absorbed: a QuantizeLinear/DequantizeLinear that became part of an int8 kernel's types;
 * - folded: computed at conversion / session creation (constants, static shape math);
 * - elided: a no-op the converter drops (Identity, Dropout, a Cast to the same type, a Transpose pair).
 */
export type FateKind = 'kernel' | 'fused' | 'absorbed' | 'folded' | 'elided';

export interface NodeFate {
  kind: FateKind;
  /** Index of the deployed op that runs it (kernel, fused, absorbed). */
  into?: number;
  /** One phrase for hovers and the report ("fused into CONV_2D as RELU6", "constant folding"). */
  why: string;
}

export interface Conversion {
  /** Stable id, also the cache key: targets with the same id share one lowering. */
  id: string;
  family: LoweringFamily;
  /** 'as-stored': the file's own precision; 'full-int8': the post-training full-integer conversion is assumed. */
  precision: 'as-stored' | 'full-int8';
  /** True when the conversion is DeployLens's assumption (an ONNX file on a TFLite target, full-int8 of a float model). */
  assumed: boolean;
  /** One line the report, overview and CLI print: "judged as its TFLite full-int8 conversion". */
  statement: string;
}

export interface PassRecord {
  pass: string;
  /** Upstream source the pass follows (repository@commit path, or documentation URL). */
  source: string;
  /** Original nodes whose fate this pass decided, or deployed ops it created. */
  changed: number;
}

export interface Lowering {
  conversion: Conversion;
  /** The deployed graph as a model: graphs[0] is the deployed main graph; other graphs are the original's. */
  model: Model;
  /** Deployed op → original node indices it covers, anchor first (empty for ops a converter inserts without a source node). */
  covers: number[][];
  /** Indexed like the original main graph's nodes. */
  fates: NodeFate[];
  passes: PassRecord[];
  /** Costs of the deployed graph (int8 sizes where the deployed graph is int8), indexed like its nodes. */
  costs: CostReport;
  /** Milliseconds the lowering took (the benchmark prints it). */
  millis: number;
}
