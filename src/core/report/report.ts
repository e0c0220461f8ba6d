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
  /** Over the activations of known size: a lower bound when `unknownSizeTensors` > 0. */
  activationPeakBytes: number;
  /** DeployLens's planner over the same tensors: a lower bound when `unknownSizeTensors` > 0. */
  arenaBytes: number;
  /** Activation tensors of the deployed graph whose size is unknown (a symbolic dim): left out of the peak and the arena. */
  unknownSizeTensors: number;
  /** Partitions of the deployed graph, and its ops on the accelerator / on the CPU (they add up to its op count). */
  partitions: number;
  delegatedNodes: number;
  fallbackNodes: number;
  /** Null when no node's cost is known (e.g. a model that is one compiled custom op); a lower bound when `unknownLatencyOps` > 0. */
  latencyMs: number | null;
  /** Deployed ops whose latency is unknown (their cost is): left out of `latencyMs`. */
  unknownLatencyOps: number;
  /** Bytes of the deployed graph's weights (int8 where it is int8). */
  weightBytes: number;
  /** What was judged: "judged as its TFLite full-int8 conversion". */
  conversion: string;
  errors: number;
  warnings: number;
}

/** Where an op runs, as Vela or DeployLens place it ('none': no kernel of its own — fused, folded or elided). */
export type OracleDevice = 'npu' | 'cpu' | 'none';

/** One operator of the model as Arm Vela compiled it, beside DeployLens's placement. */
export interface ReportVelaOp {
  /** Index into `nodes`. */
  node: number;
  vela: 'npu' | 'cpu';
  deployLens: OracleDevice;
  /** Vela's reason for the CPU ("IFM and OFM data types must match: Op has ifm_dtype=int8 and ofm_dtype=int16"). */
  velaReason?: string;
  /** Vela's per-layer estimate (--verbose-performance), summed over the NPU operations Vela made of it. */
  cycles?: number;
  sramBytes?: number;
  /** MAC utilization in percent (of the op's largest NPU operation). */
  utilization?: number;
}

/** One operator on which Vela and DeployLens disagree. */
export interface ReportOracleDisagreement {
  node: number;
  op: string;
  name: string;
  oracle: string;
  deployLens: string;
  /** The oracle's reason, when it gave one. */
  oracleReason?: string;
  /** DeployLens's reasons, when it placed the op on the CPU. */
  deployLensReason?: string;
}

/** Arm Vela's own answer for this model (`oracles.vela`): run when Vela is installed, the target is Ethos-U and the file is TFLite. */
export interface ReportVelaOracle {
  /** 'failed': Vela crashed, timed out or printed nothing usable — no answer, never a verdict. */
  status: 'answered' | 'failed';
  /** "3.10.0", as `vela --version` prints it (null when it did not say). */
  version: string | null;
  /** The command line as run (the model path as given). */
  command: string;
  acceleratorConfig: string;
  /** Vela's system config, memory mode and clock as it reported them. */
  systemConfig: string | null;
  memoryMode: string | null;
  velaClockHz: number | null;
  /** The clock `latencyMs` is computed at: the profile's NPU clock, else Vela's. */
  clockHz: number | null;
  /** Why there is no answer (status 'failed'). */
  error?: string;
  millis: number;
  npuOps: number;
  cpuOps: number;
  sramBytes: number | null;
  /** The profile's SRAM (what `sramBytes` is measured against). */
  profileSramBytes: number | null;
  /** Weights and other constants as Vela stored them (flash or DRAM, by memory mode). */
  constantBytes: number | null;
  profileFlashBytes: number | null;
  npuCycles: number | null;
  totalCycles: number | null;
  latencyMs: number | null;
  ops: ReportVelaOp[];
  disagreements: ReportOracleDisagreement[];
  /** Vela CPU lines that match no operator of the model (a comparison that could not be made). */
  unmatched: string[];
}

/** One row of an edgetpu_compiler operation table, beside DeployLens's count for that op. */
export interface ReportEdgeTpuRow {
  op: string;
  /** The compiler's count on the Edge TPU and on the CPU, and its status lines for the CPU part. */
  compilerTpu: number;
  compilerCpu: number;
  cpuStatus: string[];
  deployLensTpu: number;
  deployLensCpu: number;
}

/** An edgetpu_compiler `-s` log the user loaded (`oracles.edgetpu`), beside DeployLens's prediction. */
export interface ReportEdgeTpuOracle {
  /** Where the log came from (as given). */
  source: string;
  compilerVersion: string | null;
  tpuOps: number | null;
  cpuOps: number | null;
  totalOps: number | null;
  subgraphs: number | null;
  onChipBytes: number | null;
  onChipRemainingBytes: number | null;
  offChipBytes: number | null;
  /** Per op type: the compiler's counts beside DeployLens's. */
  rows: ReportEdgeTpuRow[];
  /** Op types whose counts differ (also as `oracle/edgetpu-disagrees` findings). */
  disagreements: string[];
  /** The log's operation count differs from the model's: it may describe another model or another conversion. */
  mismatch: string | null;
}

/** One of TFLM's RecordingMicroAllocator categories (tflite::RecordedAllocationType). */
export interface ReportTflmCategory {
  /** 'tfLiteEvalTensorData', 'persistentTfLiteTensorData', 'persistentTfLiteTensorQuantizationData', 'persistentBufferData', 'tfLiteTensorVariableBufferData', 'nodeAndRegistrationArray', 'opData'. */
  name: string;
  usedBytes: number;
  requestedBytes: number;
  count: number;
}

/**
 * TensorFlow Lite Micro's own answer (`tflm`): run for a .tflite model on a TFLite Micro target
 * (docs/report-format.md#tensorflow-lite-micro). 'answered': TFLM allocated the model and these
 * are its arena figures; 'rejected': TFLM's AllocateTensors() fails (its text, the node);
 * 'failed': no answer (time-out, the wasm did not load) — never a verdict.
 */
export interface ReportTflm {
  status: 'answered' | 'rejected' | 'failed';
  /** The TFLM build that answered: "TensorFlow Lite Micro tflite-micro@90b983c2b3 (WebAssembly)". */
  runtime: string;
  kernels: 'cmsis-nn' | 'reference';
  millis: number;
  arena?: {
    /** The smallest arena (16-byte aligned buffer) in which AllocateTensors() succeeds: kTensorArenaSize. */
    minimumBytes: number;
    /** Non-persistent section: planned tensors and scratch buffers. */
    headBytes: number;
    /** Persistent section contributed by the model. */
    tailBytes: number;
    /** arena_used_bytes() after AllocateTensors (head + tail + the allocator's own objects). */
    usedBytes: number;
    resourceVariableSlots: number;
    categories: ReportTflmCategory[];
  };
  /** Why there is no arena: TFLM's own text ('rejected') or why TFLM gave no answer ('failed'). */
  error?: {
    /** 'allocate-failed', 'invalid-model', 'init-failed', 'aborted', … ('no-answer' for 'failed'). */
    kind: string;
    message: string;
    /** What TFLM printed (capped). */
    log: string;
    /** The node TFLM failed on: index into `model.graphs` and into that graph's nodes (`nodes` for graph 0). */
    graph?: number;
    node?: number;
    opName?: string;
    how?: 'unresolved-op' | 'tflm-message' | 'last-log-position';
    arenaTooSmall?: boolean;
  };
  /** DeployLens's planner figure for the same graph (`memory.arena.bytes`): the explanation, compared with `arena.headBytes`. */
  plannerArenaBytes: number | null;
  profileSramBytes: number | null;
  arenaBudgetBytes: number | null;
  /** Static-check findings withdrawn because TFLM prepared the node ('answered' only). */
  overruled: { node: number; code: ReportDiagnostic['code']; severity: ReportDiagnostic['severity']; message: string }[];
}

export interface ReportOracles {
  vela?: ReportVelaOracle;
  edgetpu?: ReportEdgeTpuOracle;
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
    /** Activation tensors of unknown size, left out of activationPeakBytes and DeployLens's arenaBytes (see TargetSummary). */
    unknownSizeTensors?: number;
    partitions?: number;
    delegatedNodes?: number;
    fallbackNodes?: number;
    latencyMs?: number | null;
    /** Deployed ops of unknown latency, left out of latencyMs. */
    unknownLatencyOps?: number;
    /** Weight bytes as deployed on the target (int8 where the deployed graph is). */
    deployedWeightBytes?: number;
    /** The conversion the target figures assume ("judged as its TFLite full-int8 conversion"). */
    conversion?: string;
    verdict?: 'pass' | 'warn' | 'fail';
    /** Where `arenaBytes` comes from: TFLite Micro's own minimum arena (`tflm`), or DeployLens's planner (`memory.arena`). */
    arenaSource?: 'tflm' | 'planner';
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
  /** TensorFlow Lite Micro's own arena and verdict, for a .tflite model on a TFLite Micro target: docs/report-format.md#tensorflow-lite-micro. */
  tflm?: ReportTflm;
  /** The real compilers' answers beside the prediction (Vela run for the user, an edgetpu_compiler log): docs/report-format.md#oracles. */
  oracles?: ReportOracles;
  nodes: ReportNode[];
  tensors: Record<string, ReportTensor>;
  diagnostics: ReportDiagnostic[];
}
