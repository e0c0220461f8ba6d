// The JSON report: DeployLens's stable, documented contract (docs/report-format.md,
// schemas/report.schema.json). Later analyses add fields; existing fields keep their meaning.

import type { Diagnostic } from '../ir/diagnostic';
import type { Dim, ModelFormat } from '../ir/model';

/** 2: the deployed graph (`deployed`, `whatIf`, `order`, node `fate`); partition and memory figures are the deployed graph's. */
export const REPORT_SCHEMA_VERSION = 2;

export interface ReportTensorRef {
  name: string;
  /** Dims as numbers or symbolic names; null when the rank is unknown. */
  shape: Dim[] | null;
  dtype: string;
}

/** Attribute values as JSON: numbers, strings and their lists; tensors and graphs are summarized as a string. */
export type ReportAttribute = number | string | number[] | string[];

export interface ReportNode {
  index: number;
  name: string;
  op: string;
  domain: string;
  canonicalOp: string;
  opVersion?: number;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, ReportAttribute>;
  /** Indices into `model.graphs` of subgraphs this node runs (If/Loop/Scan bodies, TFLite IF/WHILE). */
  subgraphs?: number[];
  customCode?: string;
  /** Cost model (docs/cost-model.md); null when a shape is unknown. */
  macs: number | null;
  flops: number | null;
  paramBytes: number | null;
  activationBytes: number | null;
  /** On the report's target (absent without one). */
  support?: 'supported' | 'unsupported' | 'constraint-violated' | 'unknown';
  /** Why the node is not (or may not be) supported there, each naming the profile rule. */
  reasons?: { kind: string; outcome: 'violated' | 'unknown' | 'info'; message: string; constraint?: string; source?: string }[];
  /** Index into `partitions`. */
  partition?: number;
  device?: 'accelerator' | 'cpu';
  workingSetBytes?: number | null;
  latencyUs?: number | null;
  bound?: 'compute' | 'memory' | null;
  /** On the report's target: what the target's toolchain made of this node (kernel, fused into, folded, …). */
  fate?: ReportFate;
  /** Deployed graph only: the original nodes this op covers, anchor first. */
  covers?: number[];
  /** Deployed graph only: what the conversion did ("after conversion, Conv becomes CONV_2D (group = 1)"). */
  origin?: string;
}

export interface ReportFate {
  kind: 'kernel' | 'fused' | 'absorbed' | 'folded' | 'elided';
  /** Index into `deployed.nodes` of the op that runs it. */
  into?: number;
  why: string;
}

/** The graph the target's toolchain runs (src/core/lowering): what every target figure refers to. */
export interface ReportDeployed {
  conversion: { id: string; family: string; precision: 'as-stored' | 'full-int8'; assumed: boolean; statement: string };
  /** The lowering passes that ran, each with the upstream source it follows and how many nodes it changed. */
  passes: { pass: string; source: string; changed: number }[];
  nodes: ReportNode[];
  tensors: Record<string, ReportTensor>;
  /** Execution order of `nodes`. */
  order: number[];
  /** Partitions with `nodes` as indices into `deployed.nodes`. */
  partitions: ReportPartition[];
  transitions: number;
  /** Bytes moving between devices per inference (tensors written on one device and read on the other). */
  bytesCrossing: number | null;
}

/** A .tflite float model on an integer-only target: what its full-integer conversion would give there. */
export interface ReportWhatIf {
  label: string;
  statement: string;
  summary: TargetSummary;
  partitions: ReportPartition[];
}

export interface ReportTensor {
  shape: Dim[] | null;
  dtype: string;
  /** Bytes of one instance of the tensor (elements x element size); null when the shape or size is unknown. */
  bytes: number | null;
  constant: boolean;
  /** `origin` 'qdq' / 'assumed': parameters held in QDQ nodes or assumed by the int8 conversion (scale/zeroPoint empty, `channels` of them). */
  quantization?: { scale: number[]; zeroPoint: number[]; axis?: number; origin?: 'qdq' | 'assumed'; channels?: number };
}

export interface ReportDiagnostic extends Diagnostic {
  /** Name of the node, when `node` is set, so readers of the report need not look it up. */
  nodeName?: string;
  /** The model change that usually fixes it. */
  fix?: string;
  /** Target the finding is about (target-dependent findings only). */
  target?: string;
}

export interface ReportTarget {
  id: string;
  name: string;
  runtime: string;
  delegate?: string;
  partitioning: string;
  sramBytes?: number;
  flashBytes?: number;
  latencyBudgetMs?: number;
}

export interface ReportPartition {
  id: number;
  device: 'accelerator' | 'cpu';
  nodes: number[];
  inputs: string[];
  outputs: string[];
  bytesIn: number | null;
  bytesOut: number | null;
  /** Top-level partitions only: the same partition as indices into `deployed.nodes`. */
  ops?: number[];
}

/** The deployed graph's memory: `order`, `peakStep` and buffer lifetimes are in `deployed.nodes` indices / steps. */
export interface ReportMemory {
  /** Live activation bytes per execution step (positions in `order`). */
  timeline: { order: number[]; liveBytes: number[]; peakBytes: number; peakStep: number; peakTensors: string[] };
  /** TFLite Micro greedy planner semantics: offset x lifetime of every arena tensor. */
  arena: { bytes: number; alignment: number; buffers: { tensor: string; offset: number; bytes: number; first: number; last: number }[] };
  /** A lower-peak execution order, when one saves at least 5%. */
  reordering: { order: number[]; peakBytes: number; savedBytes: number } | null;
}

export interface TargetSummary {
  target: string;
  verdict: 'pass' | 'warn' | 'fail';
  activationPeakBytes: number;
  arenaBytes: number;
  /** Partitions of the deployed graph, and its ops on the accelerator / on the CPU (they add up to its op count). */
  partitions: number;
  delegatedNodes: number;
  fallbackNodes: number;
  /** Null when no node's cost is known (e.g. a model that is one compiled custom op). */
  latencyMs: number | null;
  /** Bytes of the deployed graph's weights (int8 where it is int8). */
  weightBytes: number;
  /** What was judged: "judged as its TFLite full-int8 conversion". */
  conversion: string;
  errors: number;
  warnings: number;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  model: {
    path: string;
    format: ModelFormat;
    fileBytes: number;
    producer: string;
    irVersion: number;
    opsets: Record<string, number>;
    inputs: ReportTensorRef[];
    outputs: ReportTensorRef[];
    graphs: { index: number; name: string; nodes: number; parent?: { graph: number; node: number; attribute: string } }[];
    signatures?: { key: string; subgraph: number; inputs: string[]; outputs: string[] }[];
  };
  summary: {
    /** Nodes in the main graph. */
    nodes: number;
    /** Nodes in all graphs (main graph, control-flow bodies, functions, TFLite subgraphs). */
    nodesAllGraphs: number;
    tensors: number;
    /** Elements of the main graph's stored constants (initializers / TFLite buffers), each counted once. */
    params: number;
    /** Bytes of those constants as stored. */
    weightBytes: number;
    /** Multiply-accumulates per inference over nodes with a known cost (docs/cost-model.md). */
    macs: number | null;
    flops: number | null;
    /** Nodes whose cost is unknown (left out of macs/flops). */
    unknownCostNodes: number;
    opHistogram: Record<string, number>;
    /** On the report's target (absent without one). */
    activationPeakBytes?: number;
    arenaBytes?: number;
    partitions?: number;
    delegatedNodes?: number;
    fallbackNodes?: number;
    latencyMs?: number | null;
    /** Weight bytes as deployed on the target (int8 where the deployed graph is). */
    deployedWeightBytes?: number;
    /** The conversion the target figures assume ("judged as its TFLite full-int8 conversion"). */
    conversion?: string;
    verdict?: 'pass' | 'warn' | 'fail';
  };
  /** The target the per-node fields, partitions and memory refer to (the first --target). */
  target?: ReportTarget;
  /** Partitions of the deployed graph, `nodes` as original node indices (folded and elided nodes in none). */
  partitions?: ReportPartition[];
  memory?: ReportMemory;
  /** Execution order of the original main graph's nodes. */
  order: number[];
  deployed?: ReportDeployed;
  whatIf?: ReportWhatIf;
  /** One line per target when several were asked for: the side-by-side comparison. */
  comparison?: TargetSummary[];
  nodes: ReportNode[];
  tensors: Record<string, ReportTensor>;
  diagnostics: ReportDiagnostic[];
}
