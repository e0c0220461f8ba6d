// The analysis worker's methods (the RPC of src/processes/rpc carries them). Plain data only:
// target profiles travel as JSON, so workspace profiles need no loading inside the worker.

import type { ReportDiagnostic } from '../../core/report/report';
import type { PackedReport } from '../../core/report/packedReport';
import type { ReportModuleTrees } from '../../core/modules/moduleTree';
import type { TargetProfile } from '../../core/targets/profile';
import type { SupportStatus } from '../../core/analysis/compatibility';
import type { ScriptAnalysis } from '../../core/python/analyzeScript';
import type { ExportPlan } from '../../core/python/exportEntry';
import type { ProfileFile, ProfileLoad } from '../../core/targets/profileFiles';
import type { EdgeTpuLog } from '../../core/oracles/edgetpuLog';
import type { BenchmarkOpProfile } from '../../core/layerTiming/tfliteBenchmark';

export interface AnalyzeRequest {
  file: string;
  /** How messages and the report name the file (the editor passes a workspace-relative path). */
  label?: string;
  dims: Record<string, number>;
  /** First target: the report's target; several: a side-by-side comparison. */
  targets: TargetProfile[];
  /**
   * Run the weight phase (sampled sparsity) too and include its findings (default true, as the
   * CLI does). The editor passes false and asks for `weights` after showing the verdict.
   */
  weightPhase?: boolean;
}

/** Where an analysis is (the editor's "analyzing…" state). */
export interface AnalyzeProgress {
  stage: 'reading' | 'shapes' | 'targets' | 'report';
  /** 0..1 of the whole analysis, by stage. */
  fraction: number;
}

/** Per-node support of one model on many targets (hovers, Compare Targets). */
export interface SupportMatrixRequest {
  file: string;
  label?: string;
  dims: Record<string, number>;
  targets: TargetProfile[];
}

/** A Python training script checked on one target: the document's text travels (unsaved and untitled documents too). */
export interface ScriptRequest {
  /** How messages name the document (its path or untitled name); never read from disk. */
  file: string;
  label?: string;
  text: string;
  target: TargetProfile;
  opset?: number;
}

/** Where a script's model comes from for an export (src/core/python/exportEntry.ts): parsed here, not on the extension host. */
export interface ExportPlanRequest {
  file: string;
  text: string;
  /** `deploylens.export.entryPoint` when it names this script's module. */
  settingEntry?: { module: string; functionName: string } | null;
}

/** The workspace's target profiles, read and validated here (never on the extension host), in load order. */
export interface ProfilesRequest {
  files: ProfileFile[];
}

/**
 * A tool's output the user loads (an `edgetpu_compiler -s` log, `benchmark_model` op profiling),
 * read (a file: regular, at most MAX_TOOL_LOG_BYTES) and parsed here; a pasted text travels as `text`.
 */
export type ToolLogRequest =
  | { kind: 'edgetpu'; file: string }
  | { kind: 'benchmark'; file: string; text?: string };

/**
 * A node's support on one target, for every node. Typed arrays of indices into small tables: on a
 * 10,000-node model sixteen rows of strings made a 12 MB message that took the extension host
 * ~120 ms to take in (structured clone copies each string); read it with supportOf / reasonOf.
 */
export interface SupportRow {
  target: string;
  name: string;
  /** Indexed like the model's nodes: an index into SUPPORT_STATUSES. */
  support: Uint8Array;
  /** Indexed like the model's nodes: the first reason the node is not supported there (an index into `reasons`), or -1. */
  reason: Int32Array;
  reasons: string[];
}

export const SUPPORT_STATUSES: readonly SupportStatus[] = ['supported', 'unsupported', 'constraint-violated', 'unknown'];

/** A row as SupportRow carries it, from each node's status and first violated reason. */
export function supportRow(target: { id: string; name: string }, nodes: readonly { status: SupportStatus; reason: string | null }[]): SupportRow {
  const support = new Uint8Array(nodes.length);
  const reason = new Int32Array(nodes.length).fill(-1);
  const reasons: string[] = [];
  const reasonIndex = new Map<string, number>();
  nodes.forEach((n, i) => {
    support[i] = SUPPORT_STATUSES.indexOf(n.status);
    if (n.reason === null) return;
    let at = reasonIndex.get(n.reason);
    if (at === undefined) {
      at = reasons.push(n.reason) - 1;
      reasonIndex.set(n.reason, at);
    }
    reason[i] = at;
  });
  return { target: target.id, name: target.name, support, reason, reasons };
}

/** A node's support in a row ('unknown' past its end). */
export function supportOf(row: SupportRow, node: number): SupportStatus {
  return SUPPORT_STATUSES[row.support[node] ?? 3] ?? 'unknown';
}

/** Why a node is not supported in a row, or null. */
export function reasonOf(row: SupportRow, node: number): string | null {
  const at = row.reason[node] ?? -1;
  return at < 0 ? null : row.reasons[at] ?? null;
}

export interface AnalysisMethods {
  /**
   * The report packed (core/report/packedReport.ts): the extension host unpacks it and parses a
   * section only when something reads it. `packMillis`: the part of `millis` spent packing it.
   */
  /** `modules`: the report's module trees, built here so that the editor never reads the node table for them (findings added later are applied with applyFindings). */
  analyze: { params: AnalyzeRequest; result: { report: PackedReport; modules: ReportModuleTrees; bytesRead: number; millis: number; packMillis: number }; progress: AnalyzeProgress };
  /**
   * The weight phase of a model already analyzed (or analyzed now): findings that need weight
   * values, for the first target, as the report would carry them. Cancellable between tensors.
   */
  weights: { params: AnalyzeRequest; result: { diagnostics: ReportDiagnostic[]; bytesRead: number; millis: number } };
  supportMatrix: { params: SupportMatrixRequest; result: { rows: SupportRow[]; millis: number } };
  script: { params: ScriptRequest; result: { analysis: ScriptAnalysis; millis: number } };
  exportPlan: { params: ExportPlanRequest; result: { plan: ExportPlan } };
  profiles: { params: ProfilesRequest; result: ProfileLoad };
  toolLog: { params: ToolLogRequest; result: { edgetpu?: EdgeTpuLog; benchmark?: BenchmarkOpProfile } };
}

/** The code of a remote error when the model file itself is bad (shown to the user as a diagnostic), not a bug. */
export const READ_ERROR = 'read';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isAnalysisParams(method: string, value: unknown): boolean {
  if (method === 'profiles') return isRecord(value) && Array.isArray(value.files) && value.files.every((f) => isRecord(f) && typeof f.path === 'string' && typeof f.label === 'string');
  if (!isRecord(value) || typeof value.file !== 'string') return false;
  if (method === 'toolLog') return (value.kind === 'edgetpu' || value.kind === 'benchmark') && (value.text === undefined || typeof value.text === 'string');
  if (method === 'script') return typeof value.text === 'string' && isRecord(value.target);
  if (method === 'exportPlan') return typeof value.text === 'string' && (value.settingEntry === undefined || value.settingEntry === null || (isRecord(value.settingEntry) && typeof value.settingEntry.module === 'string' && typeof value.settingEntry.functionName === 'string'));
  return (method === 'analyze' || method === 'supportMatrix' || method === 'weights') && isRecord(value.dims) && Array.isArray(value.targets);
}
