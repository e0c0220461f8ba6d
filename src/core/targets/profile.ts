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
  /**
   * The runtime / compiler release whose behaviour the op table models ('Vela 3.10.0',
   * 'TensorRT 10.1 (onnx-tensorrt 10.1-GA)'), with the pinned source commit where there is one.
   */
  runtimeVersion?: string;
  /** The ONNX opsets and IR versions the runtime loads (an ONNX model outside them fails here). */
  onnxVersions?: OnnxVersionSpec;
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
  /** How DeployLens runs Arm Vela for this target when Vela is installed (src/processes/external/vela.ts). */
  vela?: VelaSpec;
  /** TensorFlow Lite Micro on this target (runtime 'tflite-micro'): the kernel build DeployLens runs for TFLM's own arena and verdict. */
  tflm?: TflmSpec;
  /** How ops that are not in `operators` are judged: 'unsupported' (a closed list) or 'supported' (a full runtime). */
  unlistedOperators: 'supported' | 'unsupported';
  /** Domains whose ops are judged as in a full runtime (supported unless listed) even when `unlistedOperators` is 'unsupported' (ONNX Runtime's com.microsoft contrib ops). */
  openDomains?: string[];
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

export interface OnnxVersionSpec {
  minOpset?: number;
  maxOpset?: number;
  maxIrVersion?: number;
  /**
   * The only ai.onnx opsets the runtime has kernels for: an ONNX Runtime reduced-operator build
   * (the ORT Mobile pre-built package) compiles an op's kernels in only for the versions its config's
   * opsets use, and ORT's own check of a model for it (check_model_can_use_ort_mobile_pkg.py) refuses
   * a model that imports any other opset.
   */
  opsets?: number[];
  /** True (default): the runtime refuses a model outside the bounds; false: it only documents them and its importer does not check (a warning). */
  enforced?: boolean;
  /** The runtime's own message or a pinned document line the bounds come from. */
  source: string;
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
  /**
   * The built-in profile whose operator rules are the fallback's kernels ('ort-cpu-desktop' for
   * ONNX Runtime's EPs, whose unclaimed nodes go to its CPU EP): a node the accelerator leaves that
   * this profile does not run either has no kernel at all, and the model cannot run.
   */
  fallbackTarget?: string;
}

export interface VelaSpec {
  /** Vela's --accelerator-config ('ethos-u55-128'). */
  acceleratorConfig: string;
  /** The NPU clock Vela's cycles are shown at (Hz); without it, the clock Vela reports for its system config. */
  clockHz?: number;
  /** Vela's --config, --system-config and --memory-mode (absent: Vela's internal default). */
  configFile?: string;
  systemConfig?: string;
  memoryMode?: string;
}

/** TFLM's kernel build: CMSIS-NN (OPTIMIZED_KERNEL_DIR=cmsis_nn) or the reference kernels. */
export type TflmKernelVariant = 'cmsis-nn' | 'reference';

export interface TflmSpec {
  kernels: TflmKernelVariant;
}

/** The kernel build of a TFLite Micro target: its `tflm.kernels`, else CMSIS-NN when that is its delegate, else the reference kernels. */
export function tflmKernelsOf(target: Pick<TargetProfile, 'tflm' | 'delegate'>): TflmKernelVariant {
  return target.tflm?.kernels ?? (target.delegate === 'cmsis-nn' ? 'cmsis-nn' : 'reference');
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
  /** Apply the limits only when the op's padding is one of these (Vela: AVERAGE_POOL_2D's 1..8 only with SAME). */
  padding?: PaddingMode[];
}

export interface AttributeRule {
  allowed?: (number | string)[];
  min?: number;
  max?: number;
}

export type PaddingMode = 'same' | 'valid' | 'explicit';

/** The element types a runtime's kernels take for one input of an ONNX op, by op version. */
export interface KernelTypes {
  input: number;
  bySince: Record<string, DType[]>;
}

/** One quantization-parameter check of a kernel (OperatorConstraints.quantizationParams). */
export interface QuantizationParamRule {
  /** The check applies when input 0's element type is one of these (the kernels branch on it)... */
  inputTypes: DType[];
  /** ...and output 0's one of these (SOFTMAX: an int8 input's int16 output); absent: any. */
  outputTypes?: DType[];
  /** The tensors it holds for: "input N", "output N", or "inputs" (every input). */
  tensors: string[];
  /** The zero point each must have. */
  zeroPoint?: number;
  /** The scale each must have: equal as float32, or within `scaleTolerance`. */
  scale?: number;
  /** Largest difference from `scale` (or from `sameAs`'s scale) allowed; absent: equal. */
  scaleTolerance?: number;
  /** Each must have this tensor's scale and zero point ("output 0"). */
  sameAs?: string;
  /** Where the kernel checks it: repository@commit path:line. */
  source: string;
}

/** Two tensors whose element types the kernels take only together (OperatorConstraints.typePairs). */
export interface TypePairRule {
  /** The two tensors, "input N" or "output N": the data and the weights ("input 0", "input 1"; TRANSPOSE_CONV's data is input 2). */
  tensors: [string, string];
  /** The (first, second) element-type pairs the kernels take: a node with another pair has no kernel. */
  pairs: [DType, DType][];
  /** Where the kernel checks it: repository@commit path:line. */
  source: string;
  /**
   * The runtime does not check the pair: it runs the node and misreads the second tensor (TFLite
   * Micro's float LSTM reads int8 weights as float32). A node off the pairs is then a
   * `compat/misread-input` finding, which the runtime accepting the model does not withdraw.
   */
  unchecked?: boolean;
}

export interface OperatorConstraints {
  /** Allowed element types of the op's activations (non-constant inputs and outputs). */
  dtypes?: DType[];
  /** Allowed element types of constant inputs (weights, bias). */
  weightDtypes?: DType[];
  /**
   * Element types the runtime's kernel accepts without computing them right: TFLite Micro's GREATER
   * runs int16 with scaling parameters its Prepare never set. A node with one on input 0 is a
   * `compat/misread-input` finding, which the runtime accepting the model does not withdraw.
   */
  misreadDtypes?: { types: DType[]; source: string };
  /** Activations and weights must carry quantization parameters. */
  requiresQuantization?: boolean;
  /** Per-channel weight quantization (input 1): required, forbidden, or allowed (overrides a forbidding default). */
  perChannelWeights?: 'required' | 'forbidden' | 'allowed';
  /** The first input and the first output must have the same element type (Vela: "IFM and OFM data types must match"). */
  ioTypesMatch?: boolean;
  /**
   * Element types of single inputs (constant or not), by input index, where `dtypes` would also cover
   * the outputs and the index inputs: TFLite Micro's ARG_MAX takes float32, int8 or uint8 data and
   * writes int32; its GATHER takes float32 or int8 data and int32 or int64 indices.
   */
  inputDtypes?: Record<string, DType[]>;
  /** Element types of single outputs, by output index (TFLite Micro's CAST writes no bool; its DEQUANTIZE only float32). */
  outputDtypes?: Record<string, DType[]>;
  /**
   * The (input 0, output 0) element-type pairs the kernels convert, where each side's list alone
   * would allow pairs they refuse (TFLite Micro's QUANTIZE: float32 → int8 but not float32 → uint8).
   */
  ioTypePairs?: [DType, DType][];
  /**
   * Tensors whose element types the kernels take only in some pairs, where each one's list alone
   * would allow pairs they refuse: TFLite Micro's FULLY_CONNECTED takes float32 data with float32
   * weights and int8 data with int8 weights, never float32 data with int8 weights (a hybrid kernel);
   * its EMBEDDING_LOOKUP writes a float32 table's rows as float32 only.
   */
  typePairs?: TypePairRule[];
  /** Rank limits of single inputs, by input index ("0": the data input), where `minRank`/`maxRank` would also hit weights or bias. */
  inputRank?: Record<string, { min?: number; max?: number }>;
  /** Every element of a small constant input must satisfy the range (STRIDED_SLICE strides all 1, Q/DQ zero point 0), by input index. */
  constantValues?: Record<string, Range>;
  /** The constant permutation (input 1 of a transpose) must be one of these (Vela: constraint_transpose). */
  permutations?: number[][];
  /**
   * These inputs (constant or not) and output 0 must carry quantization parameters whatever their integer
   * type, int32 included (Vela checks IFM, IFM2, weights and OFM).
   */
  quantizedInputs?: number[];
  /**
   * Quantization parameters the kernels check before they run (TFLite Micro's Prepare): fixed
   * output parameters (an int8 SOFTMAX writes zero point -128 at scale 1/256), symmetric int16
   * (zero point 0), or tensors that must share their parameters (CONCATENATION's int8 inputs and its
   * output). Checked where the file holds the numbers (a .tflite model); a converter picks them for
   * an ONNX model.
   */
  quantizationParams?: QuantizationParamRule[];
  /** Largest op version (TFLite operator-code version) the runtime accepts. */
  maxOpVersion?: number;
  /**
   * ONNX ops: per input the runtime registers its kernels by (Pow: the base and the exponent), the
   * element types its kernels take, by op version (the ONNX schema version a node resolves to at its
   * model's opset, as a string key): a node whose input has another type has no kernel. Versions not
   * listed take every type ONNX allows.
   */
  kernelTypes?: KernelTypes[];
  /**
   * How a -1 in a TFLite tensor's shape_signature counts when `dynamicShapes` is false: 'checked' (default) makes
   * the dim dynamic; 'ignored' when the runtime plans from the stored shape (TFLite Micro, Vela).
   */
  shapeSignature?: 'checked' | 'ignored';
  /**
   * The runtime's own wording of a constraint, by constraint key (`dtypes`, `ioTypesMatch`, ...): a violated
   * constraint's message starts with it, followed by what DeployLens found (Vela's docstring style).
   */
  messages?: Record<string, string>;
  minRank?: number;
  maxRank?: number;
  /** Every dim of every activation must be ≤ this (Vela: 65535). */
  maxDim?: number;
  /** Only this many innermost dims may be larger than 1 (Edge TPU: 3). */
  innermostDims?: number;
  /** Largest batch: the first dim of each 4-D non-constant input (lower ranks count as batch 1, as Vela pads shapes to 4-D). */
  maxBatch?: number;
  /** Kernel limits; a list when different limits apply with different paddings. */
  kernel?: KernelLimits | KernelLimits[];
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
