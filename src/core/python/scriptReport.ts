// The CLI's renderings of a script analysis: the JSON contract (schemas/script-report.schema.json,
// docs/training-scripts.md) and text / Markdown (SARIF: src/core/findings/sarif.ts). Ranges become
// 1-based lines and columns here, as every CI tool and terminal expects; the API stays 0-based like VS Code.

import { MAX_EMITTED_ITEMS } from '../limits';
import { mapStrings, markdownCode, markdownText, terminalSafe } from '../report/escape';
import type { TargetProfile } from '../targets/profile';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import type { ScriptAnalysis, ScriptRange } from './analyzeScript';

export const SCRIPT_REPORT_SCHEMA_VERSION = 1;

export interface ReportRange { start: { line: number; column: number }; end: { line: number; column: number } }

export interface ScriptReport {
  schemaVersion: number;
  kind: 'script';
  tool: { name: string; version: string };
  script: { path: string };
  target: { id: string; name: string };
  opset: number;
  summary: { constructs: number; errors: number; warnings: number; infos: number };
  constructs: { name: string; framework: 'pytorch' | 'keras'; range: ReportRange; args: Record<string, string | number | boolean | null>; ops: { onnx: string[]; tflite: string[] }; assignedTo?: string }[];
  diagnostics: { severity: 'error' | 'warning' | 'info'; code: string; message: string; range: ReportRange; construct?: number; target: string; fixes: { title: string; description: string; edits: { range: ReportRange; newText: string }[] }[] }[];
  exports: { kind: string; range: ReportRange; outputPath: string | null }[];
  modules: { attribute: string; range: ReportRange }[];
  /** Constructs and findings past MAX_EMITTED_ITEMS each are counted here, not listed (summary has the totals). */
  omitted?: { constructs: number; diagnostics: number };
  /** `--export`: the model the script's own Python exported, analyzed and mapped onto the script's lines. */
  export?: ScriptExportSection;
}

export interface ScriptExportSection {
  /** exported: the figures and findings below come from the real export; failed: one finding says why; skipped: no entry point. */
  status: 'exported' | 'failed' | 'skipped';
  /** How the model was obtained: a declared entry function, the setting, an export call, or none. */
  entry: 'declared' | 'setting' | 'call' | 'none';
  /** Why it was skipped or failed. */
  reason?: string;
  /** The command that ran (re-runnable). */
  command?: string;
  python?: string;
  framework?: string;
  frameworkVersion?: string;
  model?: { format: 'onnx' | 'tflite'; nodes: number; macs: number | null; verdict?: 'pass' | 'warn' | 'fail'; latencyMs?: number | null; activationPeakBytes?: number };
  timings?: { exportMs: number; analyzeMs: number; mapMs: number; totalMs: number };
  /** Every constructor call that built modules, with the totals of what it built on the target. */
  sites: { range: ReportRange; classes: string[]; instances: number; ops: number; macs: number; peakWorkingSetBytes: number; latencyMs: number | null; unsupported: number; overSram: number; absorbed: string | null; label: string }[];
  /** The exported model's findings on the calls that built their nodes (or the export's own failure). */
  diagnostics: { severity: 'error' | 'warning' | 'info'; code: string; message: string; range: ReportRange; target?: string; nodes?: string[] }[];
}

export function oneBased(r: ScriptRange): ReportRange {
  return { start: { line: r.start.line + 1, column: r.start.character + 1 }, end: { line: r.end.line + 1, column: r.end.character + 1 } };
}

export function toScriptReport(a: ScriptAnalysis, target: TargetProfile, opset: number): ScriptReport {
  const count = (s: string) => a.diagnostics.filter((d) => d.severity === s).length;
  // A 5.6 MB script with 130k constructs must not become gigabytes of JSON: lists are bounded.
  const constructs = a.constructs.slice(0, MAX_EMITTED_ITEMS);
  const diagnostics = a.diagnostics.slice(0, MAX_EMITTED_ITEMS);
  const omitted = { constructs: a.constructs.length - constructs.length, diagnostics: a.diagnostics.length - diagnostics.length };
  return {
    schemaVersion: SCRIPT_REPORT_SCHEMA_VERSION,
    kind: 'script',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    script: { path: a.file },
    target: { id: target.id, name: target.name },
    opset,
    summary: { constructs: a.constructs.length, errors: count('error'), warnings: count('warning'), infos: count('info') },
    constructs: constructs.map((c) => ({ name: c.name, framework: c.framework, range: oneBased(c.range), args: c.args, ops: c.ops, ...(c.assignedTo !== undefined ? { assignedTo: c.assignedTo } : {}) })),
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity, code: d.code, message: d.message, range: oneBased(d.range), ...(d.construct !== undefined ? { construct: d.construct } : {}), target: d.target,
      fixes: d.fixes.map((f) => ({ title: f.title, description: f.description, edits: f.edits.map((e) => ({ range: oneBased(e.range), newText: e.newText })) })),
    })),
    exports: a.exports.map((e) => ({ kind: e.kind, range: oneBased(e.range), outputPath: e.outputPath })),
    modules: a.modules.slice(0, MAX_EMITTED_ITEMS).map((m) => ({ attribute: m.attribute, range: oneBased(m.range) })),
    ...(omitted.constructs > 0 || omitted.diagnostics > 0 ? { omitted } : {}),
  };
}

const at = (r: ScriptReport, range: ReportRange) => `${r.script.path}:${range.start.line}:${range.start.column}`;

/** The findings CI should judge: the export's when it ran (plus syntax errors), else the static checks' and the export's failure. */
export function effectiveScriptDiagnostics(r: ScriptReport): { severity: string; code: string }[] {
  if (r.export?.status === 'exported') return [...r.diagnostics.filter((d) => d.code === 'script/parse-error'), ...r.export.diagnostics];
  return [...r.diagnostics, ...(r.export?.diagnostics ?? [])];
}

function formatExportText(r: ScriptReport, e: ScriptExportSection): string[] {
  const lines: string[] = [];
  if (e.status === 'skipped') return [`Export: skipped — ${e.reason ?? 'no entry point'}`, ''];
  if (e.command) lines.push(`Export: ${e.command}`);
  if (e.status === 'failed') {
    for (const d of e.diagnostics) lines.push(`${at(r, d.range)}: ${d.severity} ${d.code}: ${d.message}`);
    return [...lines, 'The static checks below stay in effect.', ''];
  }
  const m = e.model;
  if (m) lines.push(`Exported with ${e.framework ?? '?'} ${e.frameworkVersion ?? ''} (Python ${e.python ?? '?'}): ${m.nodes} nodes, ${m.macs === null ? '?' : m.macs.toLocaleString('en-US')} MACs${m.verdict ? `, verdict ${m.verdict}` : ''}${e.timings ? ` — export ${(e.timings.exportMs / 1000).toFixed(1)} s, analysis ${e.timings.analyzeMs.toFixed(0)} ms` : ''}`);
  lines.push('', 'Per constructor call (everything it built, on the target):');
  for (const s of e.sites) lines.push(`  ${at(r, s.range)}  ${s.classes.join(', ')}: ${s.label}`);
  lines.push('');
  for (const d of e.diagnostics) lines.push(`${at(r, d.range)}: ${d.severity} ${d.code}: ${d.message}`);
  if (e.diagnostics.length === 0) lines.push('No findings on the exported model.');
  return [...lines, ''];
}

export function formatScriptText(raw: ScriptReport): string {
  const r = mapStrings(raw, terminalSafe);
  const lines = [`${r.script.path} — training script on ${r.target.name} (ONNX opset ${r.opset})`,
    `${r.summary.constructs} constructs · ${r.summary.errors} errors · ${r.summary.warnings} warnings`, ''];
  if (r.export) {
    lines.push(...formatExportText(r, r.export));
    if (r.export.status === 'exported') lines.push('Static checks (the export above replaces them):');
  }
  for (const d of r.diagnostics) {
    lines.push(`${at(r, d.range)}: ${d.severity} ${d.code}: ${d.message}`);
    for (const f of d.fixes) lines.push(`    fix: ${f.title} — ${f.description}`);
  }
  if (r.diagnostics.length === 0) lines.push('No findings: every recognized construct exports to operators the target runs.');
  if (r.omitted) lines.push(`… ${r.omitted.diagnostics.toLocaleString('en-US')} more findings and ${r.omitted.constructs.toLocaleString('en-US')} more constructs omitted (the summary counts them all)`);
  return lines.join('\n') + '\n';
}

export function formatScriptMarkdown(r: ScriptReport): string {
  const lines = [`## ${markdownCode(r.script.path)} on ${markdownText(r.target.name)}`, '', `${r.summary.constructs} constructs recognized · ${r.summary.errors} errors · ${r.summary.warnings} warnings (ONNX opset ${r.opset})`, ''];
  const cell = (s: string) => markdownText(s);
  const e = r.export;
  if (e) {
    if (e.status !== 'exported') lines.push(`**Export ${e.status}:** ${cell(e.reason ?? e.diagnostics[0]?.message ?? '')}`, '');
    else {
      lines.push(`**Exported model** (${cell(`${e.framework ?? '?'} ${e.frameworkVersion ?? ''}`)}): ${e.model?.nodes ?? '?'} nodes, verdict ${e.model?.verdict ?? '—'}`, '', '| Where | Built | On the target |', '|---|---|---|');
      for (const s of e.sites) lines.push(`| ${cell(`${r.script.path}:${s.range.start.line}`)} | ${cell(s.classes.join(', '))} | ${cell(s.label)} |`);
      lines.push('');
      if (e.diagnostics.length) lines.push('| Where | Severity | Finding |', '|---|---|---|');
      for (const d of e.diagnostics) lines.push(`| ${cell(`${r.script.path}:${d.range.start.line}:${d.range.start.column}`)} | ${d.severity} | ${cell(d.code + ': ' + d.message)} |`);
      lines.push('', 'Static checks (replaced by the export):', '');
    }
  }
  if (r.diagnostics.length) lines.push('| Where | Severity | Finding | Fixes |', '|---|---|---|---|');
  for (const d of r.diagnostics) lines.push(`| ${cell(`${r.script.path}:${d.range.start.line}:${d.range.start.column}`)} | ${d.severity} | ${cell(d.message)} | ${cell(d.fixes.map((f) => f.title).join('; ')) || '—'} |`);
  if (r.omitted) lines.push('', markdownText(`… ${r.omitted.diagnostics} more findings and ${r.omitted.constructs} more constructs omitted (the summary counts them all)`));
  return lines.join('\n') + '\n';
}
