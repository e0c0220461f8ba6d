// Messages between the extension host and the quantization worker thread. Reading a whole model,
// computing weight SQNR and writing the QDQ model take hundreds of milliseconds on real models:
// they run on this thread, never on the extension host's.

import type { QuantizePreviewResult } from '../../core/quantize/result';
import type { WeightAnalysis } from '../../core/quantize/weights';
import type { CalibrationMethod } from '../../core/quantize/calibrate';
import type { TargetProfile } from '../../core/targets/profile';

/** The serializable part of QuantizePreviewOptions (no callbacks). */
export interface QuantizeJobOptions {
  perChannel: boolean;
  method: CalibrationMethod;
  samples?: number;
  calibrationDir?: string;
  /** Plain JSON, so it crosses to the thread; the worker derives the per-node verdicts from it. */
  target?: TargetProfile;
}

export type QuantizeWorkerRequest =
  | { id: number; kind: 'weights'; file: string }
  | { id: number; kind: 'preview'; file: string; options: QuantizeJobOptions }
  | { id: number; kind: 'cancel'; job: number }
  /** Write the INT8 model preview `job` built (the worker keeps the bytes of its latest builds). */
  | { id: number; kind: 'save'; job: number; out: string }
  /** The host no longer needs build `job`'s bytes. */
  | { id: number; kind: 'forget'; job: number };

export type QuantizeWorkerResponse =
  | { id: number; kind: 'weights'; weights: WeightAnalysis }
  | { id: number; kind: 'progress'; message: string; fraction: number }
  | { id: number; kind: 'result'; result: QuantizePreviewResult }
  | { id: number; kind: 'saved'; path: string }
  | { id: number; kind: 'error'; message: string; cancelled: boolean };

export function isQuantizeWorkerRequest(v: unknown): v is QuantizeWorkerRequest {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'number') return false;
  if (r.kind === 'cancel' || r.kind === 'forget') return typeof r.job === 'number';
  if (r.kind === 'save') return typeof r.job === 'number' && typeof r.out === 'string';
  return (r.kind === 'weights' || (r.kind === 'preview' && typeof r.options === 'object' && r.options !== null)) && typeof r.file === 'string';
}
