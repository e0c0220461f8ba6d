// The Quantization Preview panel's TFLite comparison, without VS Code: the open .tflite and the
// partner the user picked, put in their roles (the int8 model against its float reference), run
// through compareWithReference in the TFLite Micro worker with progress, cancel and a time-out
// per request, and the answer the page gets — the comparison with file names (the page never gets
// a path), or an error that says what went wrong in the user's terms. The host
// (src/extension/webviews/quantizePanel.ts) adds the pick, workspace state and trust.

import * as path from 'node:path';
import type { TfliteQuantizeComparison } from '../core/quantize/tfliteAgreement';
import { comparisonPair, type TfliteRole } from '../core/quantize/tflitePreview';
import type { TflmKernelVariant } from '../core/targets/profile';
import { errorText } from '../core/util/errorText';
import { ProcessError } from '../processes/rpc/processError';
import type { TflmClient } from '../processes/tflm/client';
import { compareWithReference } from './tfliteQuantizePreview';

/** Inputs each model runs on in the panel (the CLI's default). */
export const PANEL_SAMPLES = 16;
/** Default time-out of one TFLM request (one Invoke of one model, or one AllocateTensors); the panel uses the setting deploylens.tflm.timeoutSeconds. */
export const PANEL_REQUEST_TIMEOUT_MS = 60_000;

export interface PanelComparisonRequest {
  /** The file the panel shows, and its role. */
  file: string;
  role: TfliteRole;
  /** The file the user picked for the other role. */
  partner: string;
  kernels: TflmKernelVariant;
  samples?: number;
  seed?: number;
}

export type PanelComparisonAnswer =
  | { ok: true; comparison: TfliteQuantizeComparison }
  | { ok: false; error: string; cancelled: boolean };

/** The comparison as the page shows it: file names, not paths. */
function forPage(c: TfliteQuantizeComparison): TfliteQuantizeComparison {
  return { ...c, model: path.basename(c.model), reference: path.basename(c.reference) };
}

/** What to tell the user when the comparison stopped. */
export function comparisonError(e: unknown, timeoutMs: number): { error: string; cancelled: boolean } {
  if (e instanceof ProcessError && e.kind === 'cancelled') return { error: 'Cancelled.', cancelled: true };
  if (e instanceof ProcessError && e.kind === 'timeout') {
    return { error: `TensorFlow Lite Micro did not finish one run within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}, so it was stopped (its worker restarts on the next run). For a model this slow in WebAssembly, raise the setting deploylens.tflm.timeoutSeconds.`, cancelled: false };
  }
  if (e instanceof ProcessError && e.kind === 'exited') return { error: `The TensorFlow Lite Micro worker stopped: ${e.message}`, cancelled: false };
  return { error: errorText(e), cancelled: false };
}

export async function runPanelComparison(
  client: TflmClient,
  request: PanelComparisonRequest,
  options: { signal?: AbortSignal; timeoutMs?: number; onProgress?: (message: string, fraction: number) => void } = {},
): Promise<PanelComparisonAnswer> {
  const timeoutMs = options.timeoutMs ?? PANEL_REQUEST_TIMEOUT_MS;
  const pair = comparisonPair(request.file, request.role, request.partner);
  const samples = request.samples ?? PANEL_SAMPLES;
  try {
    options.onProgress?.(`Loading ${path.basename(pair.model)} and ${path.basename(pair.reference)} in TensorFlow Lite Micro (${request.kernels} kernels, WebAssembly)…`, 0);
    const comparison = await compareWithReference(client, {
      ...pair, samples, kernels: request.kernels, ...(request.seed !== undefined ? { seed: request.seed } : {}),
      onSample: (done, total) => options.onProgress?.(`Input ${done} of ${total} through both models…`, done / total),
    }, { ...(options.signal ? { signal: options.signal } : {}), timeoutMs });
    return { ok: true, comparison: forPage(comparison) };
  } catch (e) {
    if (options.signal?.aborted) return { ok: false, error: 'Cancelled.', cancelled: true };
    return { ok: false, ...comparisonError(e, timeoutMs) };
  }
}
