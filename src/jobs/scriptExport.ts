// Export and analyze a training script: the orchestration the editor (on save, on demand) and the
// CLI (`deploylens analyze train.py --export`) share. The plan (src/core/python/exportEntry.ts)
// says what to run; the export driver runs it in the user's Python (src/processes/pythonExport);
// the exported model is analyzed like any other model on the target — by the caller's `analyze`,
// so the editor uses its worker and the CLI the engine in-process — and the result is mapped onto
// the script's lines (src/core/python/exportLink.ts). A failure becomes one diagnostic on the line
// Python raised at (src/core/python/exportFailure.ts).

import * as fs from 'node:fs';
import type { Report } from '../core/report/report';
import type { ExportPlan } from '../core/python/exportEntry';
import { mapExportToScript, type ExportView } from '../core/python/exportLink';
import { failureDiagnostic, type FailureDiagnostic } from '../core/python/exportFailure';
import { runExport, type ExportOutcome } from '../processes/pythonExport/client';
import type { DriverEntry } from '../processes/pythonExport/protocol';

export type RunnablePlan = Exclude<ExportPlan, { kind: 'none' }>;

export interface ScriptExportRequest {
  /** The script's text as exported (the saved file). */
  source: string;
  /** Absolute path of the script. */
  scriptPath: string;
  plan: RunnablePlan;
  python: string;
  driver: string;
  cacheDir: string;
  cwd: string;
  /** Opset when the export call does not name one. */
  opset: number;
  timeoutMs: number;
  memoryLimitBytes?: number;
  signal?: AbortSignal;
  onStart?: (commandLine: string) => void;
  onStderrLine?: (line: string) => void;
  /** Analyzes the exported model on the target (the editor's worker, or the engine in-process). */
  analyze: (modelPath: string) => Promise<Report>;
}

export interface ExportTimings {
  /** Python: start, imports, build, torch.onnx.export, result. */
  exportMs: number;
  /** Read + shapes + lowering + target analyses of the exported model. */
  analyzeMs: number;
  /** Mapping figures and findings onto the script's lines. */
  mapMs: number;
  totalMs: number;
}

export type ScriptExportResult =
  | { ok: true; outcome: Extract<ExportOutcome, { ok: true }>; report: Report; view: ExportView; timings: ExportTimings }
  | { ok: false; outcome: Extract<ExportOutcome, { ok: false }> | null; diagnostic: FailureDiagnostic; timings: ExportTimings };

export function driverEntry(plan: RunnablePlan): DriverEntry {
  switch (plan.kind) {
    case 'declared': return { kind: 'declared', functionName: plan.functionName };
    case 'setting': return { kind: 'setting', module: plan.module, functionName: plan.functionName };
    case 'call': return { kind: 'call', callLine: plan.callLine, statements: plan.statements, model: plan.model, input: plan.input, opset: plan.opset };
  }
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export async function exportScript(r: ScriptExportRequest): Promise<ScriptExportResult> {
  const started = performance.now();
  const script = realpath(r.scriptPath);
  const isScript = (p: string) => p === r.scriptPath || realpath(p) === script;
  const outcome = await runExport({
    python: r.python, driver: r.driver, script: r.scriptPath, entry: driverEntry(r.plan), framework: r.plan.framework,
    opset: (r.plan.kind === 'call' ? r.plan.opset : null) ?? r.opset, cacheDir: r.cacheDir, cwd: r.cwd, timeoutMs: r.timeoutMs,
    ...(r.memoryLimitBytes !== undefined ? { memoryLimitBytes: r.memoryLimitBytes } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    ...(r.onStart ? { onStart: r.onStart } : {}),
    ...(r.onStderrLine ? { onStderrLine: r.onStderrLine } : {}),
  });
  const exportMs = performance.now() - started;
  const timings = (analyzeMs = 0, mapMs = 0): ExportTimings => ({ exportMs, analyzeMs, mapMs, totalMs: performance.now() - started });
  if (!outcome.ok) return { ok: false, outcome, diagnostic: failureDiagnostic(outcome.failure, isScript, r.source, r.plan.range), timings: timings() };
  const t = performance.now();
  let report: Report;
  try {
    report = await r.analyze(outcome.modelPath);
  } catch (e) {
    const message = `the exported model could not be analyzed: ${(e as Error).message}`;
    return { ok: false, outcome: null, diagnostic: failureDiagnostic({ kind: 'analysis', message }, isScript, r.source, r.plan.range), timings: timings(performance.now() - t) };
  }
  const analyzeMs = performance.now() - t;
  const m = performance.now();
  // Module sites refer to the file the driver imported; only this script's sites go on its lines.
  const modules = outcome.result.script && !isScript(outcome.result.script) ? [] : outcome.result.modules;
  const view = mapExportToScript(report, modules, r.source, r.plan.range);
  return { ok: true, outcome, report, view, timings: timings(analyzeMs, performance.now() - m) };
}
