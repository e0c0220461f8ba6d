// Messages between the extension host and the analysis worker. One discriminated union each way;
// every request carries an id that its response echoes.

import type { AnalyzeOptions } from '../core/analyze';
import type { Report } from '../core/report/report';

export type WorkerRequest = { id: number; kind: 'analyze'; file: string; options: AnalyzeOptions };

export type WorkerResponse =
  | { id: number; kind: 'report'; report: Report; bytesRead: number; millis: number }
  /** `readError`: the model file itself is bad (shown to the user as a diagnostic), not a bug. */
  | { id: number; kind: 'error'; message: string; readError: boolean };

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && v.kind === 'analyze' && typeof v.file === 'string' && typeof v.options === 'object' && v.options !== null;
}
