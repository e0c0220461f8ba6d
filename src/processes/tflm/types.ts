// Plain-data results of the TFLite Micro engine (engine.ts). No functions, no class instances
// (apart from Uint8Array): they cross a process boundary as they are.

import type { TflmKernels } from './wasmModule';

export type TflmResult<T> = { ok: true; value: T } | { ok: false; error: TflmError };

export type TflmErrorKind =
  /** The wasm files are missing or do not load. */
  | 'load-failed'
  /** The bytes are not a TFLite flatbuffer (TFLite schema verifier). */
  | 'invalid-model'
  /** The interpreter's constructor failed (e.g. schema version). */
  | 'init-failed'
  /** AllocateTensors() returned an error: missing kernel, Prepare rejected a node, arena too small. */
  | 'allocate-failed'
  /** Invoke() returned an error. */
  | 'invoke-failed'
  /** TFLM called abort() (or trapped) inside the call; the module instance was replaced. */
  | 'aborted'
  /** This process could not provide the memory (not a TFLM verdict). */
  | 'out-of-memory'
  /** The caller's inputs do not fit the model's input tensors. */
  | 'bad-input';

/** Which node a failure belongs to, and how that is known. */
export interface TflmNodeRef {
  subgraph: number;
  /** Operator index within the subgraph (TFLM's "number N"). */
  index: number;
  /** TFLM's op name when it printed one (e.g. "DEPTHWISE_CONV_2D"). */
  opName?: string;
  /** Builtin operator code of the node, when the engine looked it up. */
  builtinCode?: number;
  /** The custom code of a CUSTOM operator TFLM has no kernel for (e.g. "ethos-u"). */
  customCode?: string;
  /**
   * `unresolved-op`: TFLM's own op lookup (GetRegistrationFromOpCode) finds no kernel for it;
   * `tflm-message`: TFLM named the node ("Node X (number N) failed to prepare …");
   * `last-log-position`: TFLM was at this node when it last printed (after an abort).
   */
  how: 'unresolved-op' | 'tflm-message' | 'last-log-position';
}

export interface TflmError {
  kind: TflmErrorKind;
  /** One or two lines for users, in TFLM's own words where it had any. */
  message: string;
  /** Everything TFLM printed during the call. */
  log: string;
  node?: TflmNodeRef;
  /** TFLM's text says an allocation did not fit: a larger arena may help. */
  arenaTooSmall?: boolean;
  kernels?: TflmKernels;
}

/** RecordingMicroAllocator's categories (tflite::RecordedAllocationType). */
export const TFLM_ALLOCATION_CATEGORIES = [
  'tfLiteEvalTensorData',
  'persistentTfLiteTensorData',
  'persistentTfLiteTensorQuantizationData',
  'persistentBufferData',
  'tfLiteTensorVariableBufferData',
  'nodeAndRegistrationArray',
  'opData',
] as const;
export type TflmAllocationCategory = (typeof TFLM_ALLOCATION_CATEGORIES)[number];
export interface TflmRecordedAllocation { usedBytes: number; requestedBytes: number; count: number }

export interface TflmArenaFigures {
  arenaBytes: number;
  /** MicroInterpreter::arena_used_bytes() after AllocateTensors. */
  usedBytes: number;
  recording: boolean;
  /** Resource-variable slots created in the arena (only for models with VAR_HANDLE). */
  resourceVariableSlots: number;
  /** Non-persistent section: planned tensors and scratch buffers (recording only). */
  headBytes?: number;
  /** Persistent section, including the recorder's own bytes (recording only). */
  tailBytes?: number;
  /** RecordingMicroAllocator::GetDefaultTailUsage(): the recorder's own share of the tail. */
  recordingOverheadBytes?: number;
  categories?: Record<TflmAllocationCategory, TflmRecordedAllocation>;
}

export type TflmTensorType =
  | 'float32' | 'int32' | 'uint8' | 'int64' | 'string' | 'bool' | 'int16' | 'complex64' | 'int8'
  | 'float16' | 'float64' | 'complex128' | 'uint64' | 'resource' | 'variant' | 'uint32' | 'uint16'
  | 'int4' | 'bfloat16' | 'unknown';

export interface TflmTensorInfo {
  type: TflmTensorType;
  typeCode: number;
  shape: number[];
  bytes: number;
  scale: number;
  zeroPoint: number;
}

export interface TflmAllocation {
  kernels: TflmKernels;
  figures: TflmArenaFigures;
  inputs: TflmTensorInfo[];
  outputs: TflmTensorInfo[];
  /** TFLM's text during AllocateTensors (usually empty on success). */
  log: string;
}

/** What the arena must be, by TFLM itself: see TflmEngine.measureArena. */
export interface TflmArenaMeasurement {
  kernels: TflmKernels;
  /** Non-persistent section (planned tensors + scratch), from RecordingMicroInterpreter. */
  headBytes: number;
  /**
   * Persistent section contributed by the model: the recording tail minus the recorder's own
   * bookkeeping (RecordingMicroAllocator::GetDefaultTailUsage), as memory_arena_threshold_test.cc
   * counts it ("tail size contributed by the model").
   */
  tailBytes: number;
  /**
   * arena_used_bytes() of a plain MicroInterpreter given a generous arena: head + the model's
   * tail + the plain allocator's own bookkeeping (its MicroAllocator and planner objects, which
   * live in the arena too; about 120–140 B on 32-bit).
   */
  usedBytes: number;
  /**
   * The smallest arena (16-byte aligned buffer) for which a plain MicroInterpreter's
   * AllocateTensors() succeeds: the size to set on the device. Can exceed usedBytes, because
   * AllocateTensors needs temporary room (the memory planner's bookkeeping, temporary tensors in
   * Prepare) beyond what stays allocated.
   */
  minimumArenaBytes: number;
  recordingOverheadBytes: number;
  resourceVariableSlots: number;
  categories: Record<TflmAllocationCategory, TflmRecordedAllocation>;
  /** AllocateTensors calls the measurement took (including aborted ones). */
  allocations: number;
  abortsDuringSearch: number;
}

export interface TflmOpEvent {
  /** TFLM's op name (OpNameFromRegistration), e.g. "CONV_2D". */
  op: string;
  subgraph: number;
  node: number;
  /** Wall-clock time of this op in the wasm host, not device cycles. */
  ms: number;
}

export interface TflmInvocation { ms: number; ops: TflmOpEvent[] }

export interface TflmOutput extends TflmTensorInfo { data: Uint8Array }

export interface TflmRun {
  kernels: TflmKernels;
  arenaBytes: number;
  inputs: TflmTensorInfo[];
  /** Outputs of the last invocation. */
  outputs: TflmOutput[];
  invocations: TflmInvocation[];
}
