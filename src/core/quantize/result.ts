// The result of a quantization preview (src/jobs/quantizePreview.ts): what the CLI prints as JSON and
// the Quantization Preview panel shows. Pure types.

import type { Diagnostic } from '../ir/diagnostic';
import type { CalibrationMethod } from './calibrate';
import type { OutputAgreement } from './agreement';
import type { WeightAnalysis } from './weights';

export type { ActivationRange } from './calibrate';

/** The integer type of the quantized activations (asymmetric), chosen by src/core/quantize/activationType.ts. */
export type ActivationType = 'int8' | 'uint8';

export interface ActivationTypeChoice {
  type: ActivationType;
  /**
   * 'symmetric' (zero point 0) where the target's Q/DQ rules allow no other zero point (TensorRT:
   * onnx-tensorrt docs/operators.md, QuantizeLinear "y_zero_point must be 0"); else 'asymmetric'.
   * Absent: asymmetric (reports written before this field).
   */
  scheme?: 'asymmetric' | 'symmetric';
  /** Why, in a sentence the CLI and the panel show ("TFLite Micro … takes int8 activations"). */
  reason: string;
}

/** An op left in float by the QDQ writer (src/core/quantize/qdq.ts). */
export interface FloatNode {
  node: number;
  name: string;
  op: string;
  reason: string;
  /** Sits between quantized tensors: DequantizeLinear → float op → QuantizeLinear on the target. */
  island: boolean;
}

export interface QuantizePreviewResult {
  model: string;
  /** The target the INT8 model was judged on (which ops stay float, pitfall severities); null: none. */
  targetId: string | null;
  weights: WeightAnalysis;
  calibration: { source: 'random' | 'folder'; samples: number; method: CalibrationMethod; percentile: number | null; tensors: number };
  /** `activations`: the integer type of the quantized activations, and why (the target's rules, or asked). */
  qdq: { activations: ActivationTypeChoice; quantizedNodes: number; quantizedWeights: number; quantizedActivations: number; floatNodes: FloatNode[]; notes: string[]; bytes: number };
  /** FP32 vs the INT8 model as ONNX defines it (QDQ unfused: what integer kernels compute), per output. */
  agreement: OutputAgreement[];
  /** Median run times in ONNX Runtime on this host, the INT8 model with its int8 kernels (QDQ fused). */
  latency: { fp32Ms: number; int8Ms: number; speedup: number };
  pitfalls: Diagnostic[];
  /** Where the INT8 model was written, when `out` was given. */
  saved: string | null;
}
