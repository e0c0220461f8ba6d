// `deploylens analyze train.py --export`: runs the script's export entry point in Python (never its
// training: see docs/training-scripts.md#export-on-save), analyzes the exported model on the target
// and reports its figures and findings on the script's lines — for CI. The export is asynchronous
// (a child process), so it runs before the synchronous `analyze` and hands it one export section
// per script; the cache is a temporary folder removed afterwards.

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareModel, reportFor } from '../core/analyze';
import { findExportPlan } from '../core/python/exportEntry';
import { oneBased, type ScriptExportSection } from '../core/python/scriptReport';
import { readRegularTextFile } from '../core/io/regularFile';
import { MAX_SCRIPT_BYTES } from '../core/limits';
import { readModelFile } from '../core/readModel';
import { withTempDir } from '../processes/external/runTool';
import { exportScript, type ScriptExportResult } from '../jobs/scriptExport';
import { ANALYZE_OPTIONS, loadTargets, main, normalizeArgv, parseDims, resolveTargets, EXIT_USAGE_OR_READ_ERROR, type Io } from './cli';
import { isScript } from './cli';

export const DEFAULT_EXPORT_TIMEOUT_S = 300;
/** Address-space limit of the export's Python: torch alone maps a few GiB of virtual memory. */
export const DEFAULT_EXPORT_MEMORY_MB = 16_384;

/** `module:function` (the module dotted, relative to the working directory). */
export function parseEntryPoint(value: string): { module: string; functionName: string } | null {
  const m = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*):([A-Za-z_]\w*)$/.exec(value.trim());
  return m ? { module: m[1]!, functionName: m[2]! } : null;
}

function section(result: ScriptExportResult, plan: ScriptExportSection['entry']): ScriptExportSection {
  const t = result.timings;
  const timings = { exportMs: Math.round(t.exportMs), analyzeMs: Math.round(t.analyzeMs), mapMs: Math.round(t.mapMs * 10) / 10, totalMs: Math.round(t.totalMs) };
  if (!result.ok) {
    const d = result.diagnostic;
    return {
      status: 'failed', entry: plan, reason: d.message, ...(result.outcome ? { command: result.outcome.commandLine } : {}), timings, sites: [],
      diagnostics: [{ severity: d.severity, code: d.code, message: d.message, range: oneBased(d.range) }],
    };
  }
  const { outcome, report, view } = result;
  return {
    status: 'exported', entry: plan, command: outcome.commandLine, python: outcome.result.python, framework: outcome.result.framework, frameworkVersion: outcome.result.frameworkVersion,
    model: {
      format: outcome.result.format, nodes: report.summary.nodes, macs: report.summary.macs,
      ...(report.summary.verdict ? { verdict: report.summary.verdict } : {}),
      ...(report.summary.latencyMs !== undefined ? { latencyMs: report.summary.latencyMs } : {}),
      ...(report.summary.activationPeakBytes !== undefined ? { activationPeakBytes: report.summary.activationPeakBytes } : {}),
    },
    timings,
    sites: view.sites.map((s) => ({ range: oneBased(s.range), classes: s.classes, instances: s.instances, ops: s.ops, macs: s.macs, peakWorkingSetBytes: s.peakWorkingSetBytes, latencyMs: s.latencyMs, unsupported: s.unsupported, overSram: s.overSram, absorbed: s.absorbed, label: s.label })),
    diagnostics: view.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, range: oneBased(d.range), ...(d.target !== undefined ? { target: d.target } : {}), ...(d.nodes.length ? { nodes: d.nodes } : {}) })),
  };
}

export interface ExportCliOptions {
  /** The driver (default: pythonExport.py beside dist/cli.js). */
  driver?: string;
}

/** Exports every script among the positionals; the sections go to `main`. A usage error returns its exit code. */
export async function scriptExports(argv: string[], io: Io, options: ExportCliOptions = {}): Promise<Map<string, ScriptExportSection> | number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: normalizeArgv(argv), allowPositionals: true, options: ANALYZE_OPTIONS }));
  } catch {
    return main(argv, io); // main prints the usage error
  }
  const scripts = positionals.slice(1).filter(isScript);
  const timeoutS = Number(values['export-timeout'] ?? DEFAULT_EXPORT_TIMEOUT_S);
  const entry = values['entry-point'] ? parseEntryPoint(values['entry-point']) : null;
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || (values['entry-point'] && !entry)) {
    io.stderr(`deploylens: ${entry === null && values['entry-point'] ? `--entry-point expects module:function, got '${values['entry-point']}'` : `--export-timeout expects seconds, got '${values['export-timeout']}'`}\n`);
    return EXIT_USAGE_OR_READ_ERROR;
  }
  let targets;
  let dims;
  try {
    targets = resolveTargets(loadTargets(values['target-file'] ?? []), values.target ?? []);
    dims = parseDims(values.dim ?? []);
  } catch {
    return main(argv, io);
  }
  const python = values.python ?? process.env.DEPLOYLENS_PYTHON ?? 'python3';
  const driver = options.driver ?? path.join(__dirname, 'pythonExport.py');
  const sections = new Map<string, ScriptExportSection>();
  for (const file of scripts) {
    let source: string;
    try {
      source = readRegularTextFile(file, MAX_SCRIPT_BYTES, 'a training script');
    } catch {
      continue; // analyze reports the unreadable file
    }
    const plan = findExportPlan(source, file, { settingEntry: entry });
    if (plan.kind === 'none') {
      sections.set(file, {
        status: 'skipped', entry: 'none', reason: plan.reason, sites: [],
        diagnostics: plan.range ? [{ severity: 'info', code: 'export/no-entry-point', message: plan.reason, range: oneBased(plan.range) }] : [],
      });
      continue;
    }
    io.stderr(`deploylens: exporting ${file} with ${python} (${plan.kind === 'call' ? `the export call on line ${plan.callLine}` : `${plan.functionName}()`})\n`);
    const result = await withTempDir('deploylens-export-', (cacheDir) => exportScript({
      source, scriptPath: path.resolve(file), plan, python, driver, cacheDir, cwd: process.cwd(), opset: 17,
      timeoutMs: timeoutS * 1000, memoryLimitBytes: DEFAULT_EXPORT_MEMORY_MB * 2 ** 20,
      onStart: (command) => io.stderr(`deploylens: ${command}\n`),
      analyze: async (modelPath) => reportFor(prepareModel(readModelFile(modelPath, `${file} → ${path.basename(modelPath)}`).model, { dims }), targets).report,
    }));
    sections.set(file, section(result, plan.kind));
  }
  return sections;
}

/** `deploylens analyze ... --export`: the exports first, then the usual analysis with them. */
export async function analyzeWithExport(argv: string[], io: Io, options: ExportCliOptions = {}): Promise<number> {
  const sections = await scriptExports(argv, io, options);
  if (typeof sections === 'number') return sections;
  // --vela may run too: the asynchronous entry of main (a number or a promise of one).
  return main(argv, io, { scriptExports: sections, async: true });
}
