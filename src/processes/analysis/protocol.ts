// Messages between the extension host and the analysis worker. One discriminated union each way;
// every request carries an id that its response echoes. Plain data only: target profiles travel
// as JSON, so workspace profiles need no loading inside the worker.

import type { Report } from '../../core/report/report';
import type { TargetProfile } from '../../core/targets/profile';
import type { SupportStatus } from '../../core/analysis/compatibility';
import type { ScriptAnalysis } from '../../core/python/analyzeScript';

export interface AnalyzeRequest {
  id: number;
  kind: 'analyze';
  file: string;
  /** How messages and the report name the file (the editor passes a workspace-relative path). */
  label?: string;
  dims: Record<string, number>;
  /** First target: the report's target; several: a side-by-side comparison. */
  targets: TargetProfile[];
}

/** Per-node support of one model on many targets (hovers, Compare Targets). */
export interface SupportMatrixRequest {
  id: number;
  kind: 'supportMatrix';
  file: string;
  label?: string;
  dims: Record<string, number>;
  targets: TargetProfile[];
}

/** A Python training script checked on one target: the document's text travels (unsaved and untitled documents too). */
export interface ScriptRequest {
  id: number;
  kind: 'script';
  /** How messages name the document (its path or untitled name); never read from disk. */
  file: string;
  label?: string;
  text: string;
  target: TargetProfile;
  opset?: number;
}

export type WorkerRequest = AnalyzeRequest | SupportMatrixRequest | ScriptRequest;

export interface SupportRow {
  target: string;
  name: string;
  verdict: 'pass' | 'warn' | 'fail';
  /** Indexed like the model's nodes. */
  support: SupportStatus[];
  /** The first reason a node is not supported there, or null. */
  reason: (string | null)[];
}

export type WorkerResponse =
  | { id: number; kind: 'report'; report: Report; bytesRead: number; millis: number }
  | { id: number; kind: 'supportMatrix'; rows: SupportRow[]; millis: number }
  | { id: number; kind: 'script'; analysis: ScriptAnalysis; millis: number }
  /** `readError`: the model file itself is bad (shown to the user as a diagnostic), not a bug. */
  | { id: number; kind: 'error'; message: string; readError: boolean };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (!isRecord(value)) return false;
  if (value.kind === 'script') return typeof value.id === 'number' && typeof value.file === 'string' && typeof value.text === 'string' && isRecord(value.target);
  return typeof value.id === 'number' && (value.kind === 'analyze' || value.kind === 'supportMatrix') &&
    typeof value.file === 'string' && isRecord(value.dims) && Array.isArray(value.targets);
}
