// A target profile: what one deployment target (runtime + delegate + hardware) accepts and how fast
// it is. Profiles are plain JSON (schemas/target-profile.schema.json, docs/target-profile-format.md)
// so users can write their own; built-ins are the same JSON files under ./builtin.

import type { DType } from '../ir/dtype';
import type { ModelFormat } from '../ir/model';

export type PartitioningMode = 'greedy' | 'single-segment' | 'none';

export interface TargetProfile {
  id: string;
  name: string;
  description: string;
  /** Id of the profile this one was derived from (kept after merging, for messages). */
  extends?: string;
  /** Interpreter/compiler: 'tflite-micro', 'tflite', 'onnxruntime', 'tensorrt', 'vela', 'edgetpu-compiler'. */
  runtime: string;
  /** Kernel library / delegate / execution provider: 'cmsis-nn', 'gpu', 'nnapi', 'coreml', 'xnnpack', ... */
  delegate?: string;
  /** Model formats the runtime loads natively; others are judged through the format bridge. */
  formats: ModelFormat[];
  /** Element types the accelerated part computes in ('int8' only for full-integer NPUs). */
  precisions: DType[];
  memory: MemorySpec;
  compute: ComputeSpec;
  partitioning: PartitioningSpec;
  budgets?: Budgets;
  /** How ops that are not in `operators` are judged: 'unsupported' (a closed list) or 'supported' (a full runtime). */
  unlistedOperators: 'supported' | 'unsupported';
  /** Constraints that apply to every op placed on this target (Vela's "generic constraints"). */
  defaults?: OperatorConstraints;
  /** Keyed by canonical op name ('Conv'), format-specific name ('CONV_2D'), 'custom:<code>' or '<domain>:<op>'. */
  operators: Record<string, OperatorRule>;
  /** Where the profile's facts come from (URL or document name). */
  sources?: string[];
  /**
   * Set by the registry (never read from the file) when a user profile reuses a built-in id: the
   * file that replaced it. The name then carries "[overrides built-in, from FILE]" too.
   */
  overridesBuiltin?: string;
}

export interface MemorySpec {
  /** On-chip SRAM / scratchpad usable for the tensor arena. */
  sramBytes?: number;
  flashBytes?: number;
  dramBytes?: number;
  /** On-chip memory reserved for parameters (Edge TPU: ~8 MB); weights beyond it stream from the host. */
  onChipParameterBytes?: number;
  /** Where weights are read from at run time. */
  weightsIn: 'flash' | 'sram' | 'dram' | 'on-chip';
  /** Arena allocation alignment (TFLM: 16 bytes). */
  arenaAlignmentBytes?: number;
}

export interface ComputeSpec {
  /** Peak multiply-accumulates per second by precision (e.g. { "int8": 2.56e11 }). */
  peakMacsPerSecond: Partial<Record<DType, number>>;
  /** Peak MAC/s of the fallback processor (partitioning.fallback), for nodes that leave the accelerator. */
  fallbackPeakMacsPerSecond?: Partial<Record<DType, number>>;
  sramBandwidthBytesPerSecond?: number;
  dramBandwidthBytesPerSecond?: number;
}

export interface PartitioningSpec {
  /**
   * greedy: maximal supported subgraphs in execution order (TFLite delegates, ORT EPs);
   * single-segment: Edge TPU compiler, everything after the first unmapped op runs on the CPU;
   * none: the whole model runs on one processor.
   */
  mode: PartitioningMode;
  /** Largest number of delegated partitions (TFLite GPU delegate: 1 by default). */
  maxPartitions?: number;
  /** Partitions smaller than this stay on the CPU. */
  minPartitionNodes?: number;
  /** What runs what the accelerator does not (for messages): 'Cortex-M55 CPU', 'ARM CPU'. */
  fallback?: string;
}

export interface Budgets {
  latencyMs?: number;
  arenaBytes?: number;
  modelBytes?: number;
}

export interface Range {
  min?: number;
  max?: number;
  /** When given, only these values are allowed. */
  allowed?: number[];
}

export interface KernelLimits {
  /** Each spatial kernel dimension must be within [min, max]. */
  min?: number;
  max?: number;
  /** Kernel height (first spatial dim) limit, as Vela states it separately. */
  maxHeight?: number;
  /** Product of the spatial kernel dims. */
  maxArea?: number;
  /** Apply the limits to the dilated kernel ((k - 1) * d + 1). */
  dilated?: boolean;
}

export interface AttributeRule {
  allowed?: (number | string)[];
  min?: number;
  max?: number;
}

export type PaddingMode = 'same' | 'valid' | 'explicit';

export interface OperatorConstraints {
  /** Allowed element types of the op's activations (non-constant inputs and outputs). */
  dtypes?: DType[];
  /** Allowed element types of constant inputs (weights, bias). */
  weightDtypes?: DType[];
  /** Activations and weights must carry quantization parameters. */
  requiresQuantization?: boolean;
  /** Per-channel weight quantization: required (TFLite int8 conv spec) or forbidden. */
  perChannelWeights?: 'required' | 'forbidden';
  minRank?: number;
  maxRank?: number;
  /** Every dim of every activation must be ≤ this (Vela: 65535). */
  maxDim?: number;
  /** Only this many innermost dims may be larger than 1 (Edge TPU: 3). */
  innermostDims?: number;
  /** Largest batch (first dim of the first input). */
  maxBatch?: number;
  kernel?: KernelLimits;
  strides?: Range;
  dilations?: Range;
  padding?: PaddingMode[];
  /** Pad op modes ('constant', 'reflect', 'edge'). */
  padModes?: string[];
  /** Fused activations allowed (TFLite: 'NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1', 'TANH'). */
  fusedActivations?: string[];
  /** Input indices that must be constant (weights known at compile time). */
  constantInputs?: number[];
  /** false: any dynamic (symbolic or -1) dim makes the op unsupported. */
  dynamicShapes?: boolean;
  /** Any other attribute, by the name the file uses. */
  attributes?: Record<string, AttributeRule>;
}

export interface OperatorRule extends OperatorConstraints {
  supported: boolean;
  note?: string;
  /** Where this fact comes from (URL or document name). */
  source?: string;
}
