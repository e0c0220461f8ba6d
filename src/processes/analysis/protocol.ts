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

export interface SupportRow {
  target: string;
  name: string;
  /** Indexed like the model's nodes. */
  support: SupportStatus[];
  /** The first reason a node is not supported there, or null. */
  reason: (string | null)[];
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
