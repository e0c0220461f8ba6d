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

export function formatScriptText(raw: ScriptReport): string {
  const r = mapStrings(raw, terminalSafe);
  const lines = [`${r.script.path} — training script on ${r.target.name} (ONNX opset ${r.opset})`,
    `${r.summary.constructs} constructs · ${r.summary.errors} errors · ${r.summary.warnings} warnings`, ''];
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
  if (r.diagnostics.length) lines.push('| Where | Severity | Finding | Fixes |', '|---|---|---|---|');
  const cell = (s: string) => markdownText(s);
  for (const d of r.diagnostics) lines.push(`| ${cell(`${r.script.path}:${d.range.start.line}:${d.range.start.column}`)} | ${d.severity} | ${cell(d.message)} | ${cell(d.fixes.map((f) => f.title).join('; ')) || '—'} |`);
  if (r.omitted) lines.push('', markdownText(`… ${r.omitted.diagnostics} more findings and ${r.omitted.constructs} more constructs omitted (the summary counts them all)`));
  return lines.join('\n') + '\n';
}
