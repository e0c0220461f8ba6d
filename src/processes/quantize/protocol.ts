// The quantization worker thread's methods (carried by the shared RPC, src/processes/rpc). Reading
// a whole model, computing weight SQNR and writing the QDQ model take hundreds of milliseconds on
// real models: they run on this thread, never on the extension host's.

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

export interface QuantizeMethods {
  weights: { params: { file: string }; result: WeightAnalysis };
  /** Builds and measures the INT8 model; `job` names the build whose bytes the worker keeps for save. */
  preview: { params: { file: string; options: QuantizeJobOptions }; result: { result: QuantizePreviewResult; job: number }; progress: { message: string; fraction: number } };
  /** Write the INT8 model preview `job` built (the worker keeps the bytes of its latest builds). */
  save: { params: { job: number; out: string }; result: { path: string } };
  /** The host no longer needs build `job`'s bytes. */
  forget: { params: { job: number }; result: null };
}

export function isQuantizeParams(method: string, v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  switch (method) {
    case 'weights': return typeof r.file === 'string';
    case 'preview': return typeof r.file === 'string' && typeof r.options === 'object' && r.options !== null;
    case 'save': return typeof r.job === 'number' && typeof r.out === 'string';
    case 'forget': return typeof r.job === 'number';
    default: return false;
  }
}
