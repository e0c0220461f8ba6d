// The TFLite Micro worker thread's methods (carried by the shared RPC, src/processes/rpc). Each
// request runs TFLM in WebAssembly (engine.ts) with its own interpreter; TFLM's verdicts — a model
// that does not allocate, an op without a kernel, a Prepare that rejects a parameter — are answers
// (`ok: false` with TFLM's text and node), not errors. An error is reserved for what is not a
// verdict: the request was malformed, the file cannot be read, or TFLM abort()ed, which answers as
// a *fatal* remote error (code TFLM_ABORTED, the TFLM error as JSON in the message) so that the
// client replaces the worker before the next request.

import type { TflmAllocation, TflmArenaMeasurement, TflmError, TflmResult, TflmRun } from './types';
import type { TflmKernels } from './wasmModule';
import { TFLM_KERNELS } from './wasmModule';

/** The model: a file the worker reads, or bytes the caller already has (a written conversion). */
export type TflmModelSource = { file: string } | { bytes: Uint8Array; label: string };

/** Where a run's input values come from. */
export type TflmInputs =
  /** Deterministic for a seed: int8/uint8/int16/int32 uniform over their range, float32 in [-1, 1). */
  | { kind: 'random'; seed: number }
  /** One byte array per input tensor, in order, each exactly the tensor's size. */
  | { kind: 'given'; data: Uint8Array[] };

export interface TflmMeasureParams { model: TflmModelSource; kernels: TflmKernels; maxArenaBytes?: number }
export interface TflmAllocateParams { model: TflmModelSource; kernels: TflmKernels; arenaBytes: number; recording?: boolean }
export interface TflmRunParams { model: TflmModelSource; kernels: TflmKernels; invokes: number; inputs?: TflmInputs; arenaBytes?: number }

/** Every answer says how long it took in the worker (TFLM's work, not the RPC). */
export type Timed<T> = TflmResult<T> & { millis: number };

export interface TflmMethods {
  /** TFLM's own arena figures and the smallest arena that allocates (TflmEngine.measureArena), or TFLM's reason it does not allocate. */
  measure: { params: TflmMeasureParams; result: Timed<TflmArenaMeasurement> };
  /** One AllocateTensors in `arenaBytes`: the tensors' types, shapes and quantization, and the arena figures. */
  allocate: { params: TflmAllocateParams; result: Timed<TflmAllocation> };
  /** Allocate and Invoke `invokes` times with the same inputs: outputs of the last, per-op times of each. */
  run: { params: TflmRunParams; result: Timed<TflmRun> };
}

/** The remote error code of an abort() inside TFLM: fatal, the worker is replaced. */
export const TFLM_ABORTED = 'tflm-aborted';
/** The model file could not be read (not a TFLM verdict). */
export const TFLM_READ_ERROR = 'read';

/** An aborted TFLM call as the text of a fatal remote error (the RPC carries a message and a code). */
export function encodeAborted(error: TflmError): string {
  return JSON.stringify(error);
}

/** The TFLM error of a TFLM_ABORTED remote error; a plain one when the text is not what encodeAborted wrote. */
export function decodeAborted(message: string): TflmError {
  try {
    const v = JSON.parse(message) as Partial<TflmError>;
    if (v && typeof v === 'object' && v.kind === 'aborted' && typeof v.message === 'string') {
      return { kind: 'aborted', message: v.message, log: typeof v.log === 'string' ? v.log : '', ...(v.node ? { node: v.node } : {}), ...(v.arenaTooSmall ? { arenaTooSmall: true } : {}), ...(v.kernels ? { kernels: v.kernels } : {}) };
    }
  } catch {
    // not JSON: fall through
  }
  return { kind: 'aborted', message, log: '' };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isModelSource(v: unknown): v is TflmModelSource {
  if (!isRecord(v)) return false;
  if (typeof v.file === 'string') return v.file.length > 0;
  return v.bytes instanceof Uint8Array && typeof v.label === 'string';
}

const isKernels = (v: unknown): v is TflmKernels => typeof v === 'string' && (TFLM_KERNELS as readonly string[]).includes(v);
const isPositiveInt = (v: unknown, max = 0x7fffffff): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max;

function isInputs(v: unknown): v is TflmInputs {
  if (!isRecord(v)) return false;
  if (v.kind === 'random') return typeof v.seed === 'number' && Number.isFinite(v.seed);
  return v.kind === 'given' && Array.isArray(v.data) && v.data.every((d) => d instanceof Uint8Array);
}

export function isTflmParams(method: string, v: unknown): boolean {
  if (!isRecord(v) || !isModelSource(v.model) || !isKernels(v.kernels)) return false;
  switch (method) {
    case 'measure': return v.maxArenaBytes === undefined || isPositiveInt(v.maxArenaBytes);
    case 'allocate': return isPositiveInt(v.arenaBytes) && (v.recording === undefined || typeof v.recording === 'boolean');
    case 'run': return isPositiveInt(v.invokes, 10_000) && (v.inputs === undefined || isInputs(v.inputs)) && (v.arenaBytes === undefined || isPositiveInt(v.arenaBytes));
    default: return false;
  }
}
