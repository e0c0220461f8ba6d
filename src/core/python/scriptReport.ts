// The CLI's renderings of a script analysis: the JSON contract (schemas/script-report.schema.json,
// docs/training-scripts.md) and text / Markdown (SARIF: src/core/findings/sarif.ts). Ranges become
// 1-based lines and columns here, as every CI tool and terminal expects; the API stays 0-based like VS Code.

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
}

export function oneBased(r: ScriptRange): ReportRange {
  return { start: { line: r.start.line + 1, column: r.start.character + 1 }, end: { line: r.end.line + 1, column: r.end.character + 1 } };
}

export function toScriptReport(a: ScriptAnalysis, target: TargetProfile, opset: number): ScriptReport {
  const count = (s: string) => a.diagnostics.filter((d) => d.severity === s).length;
  return {
    schemaVersion: SCRIPT_REPORT_SCHEMA_VERSION,
    kind: 'script',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    script: { path: a.file },
    target: { id: target.id, name: target.name },
    opset,
    summary: { constructs: a.constructs.length, errors: count('error'), warnings: count('warning'), infos: count('info') },
    constructs: a.constructs.map((c) => ({ name: c.name, framework: c.framework, range: oneBased(c.range), args: c.args, ops: c.ops, ...(c.assignedTo !== undefined ? { assignedTo: c.assignedTo } : {}) })),
    diagnostics: a.diagnostics.map((d) => ({
      severity: d.severity, code: d.code, message: d.message, range: oneBased(d.range), ...(d.construct !== undefined ? { construct: d.construct } : {}), target: d.target,
      fixes: d.fixes.map((f) => ({ title: f.title, description: f.description, edits: f.edits.map((e) => ({ range: oneBased(e.range), newText: e.newText })) })),
    })),
    exports: a.exports.map((e) => ({ kind: e.kind, range: oneBased(e.range), outputPath: e.outputPath })),
    modules: a.modules.map((m) => ({ attribute: m.attribute, range: oneBased(m.range) })),
  };
}

const at = (r: ScriptReport, range: ReportRange) => `${r.script.path}:${range.start.line}:${range.start.column}`;

export function formatScriptText(r: ScriptReport): string {
  const lines = [`${r.script.path} — training script on ${r.target.name} (ONNX opset ${r.opset})`,
    `${r.summary.constructs} constructs · ${r.summary.errors} errors · ${r.summary.warnings} warnings`, ''];
  for (const d of r.diagnostics) {
    lines.push(`${at(r, d.range)}: ${d.severity} ${d.code}: ${d.message}`);
    for (const f of d.fixes) lines.push(`    fix: ${f.title} — ${f.description}`);
  }
  if (r.diagnostics.length === 0) lines.push('No findings: every recognized construct exports to operators the target runs.');
  return lines.join('\n') + '\n';
}

export function formatScriptMarkdown(r: ScriptReport): string {
  const lines = [`## ${r.script.path} on ${r.target.name}`, '', `${r.summary.constructs} constructs recognized · ${r.summary.errors} errors · ${r.summary.warnings} warnings (ONNX opset ${r.opset})`, ''];
  if (r.diagnostics.length) lines.push('| Where | Severity | Finding | Fixes |', '|---|---|---|---|');
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const d of r.diagnostics) lines.push(`| ${r.script.path}:${d.range.start.line}:${d.range.start.column} | ${d.severity} | ${cell(d.message)} | ${cell(d.fixes.map((f) => f.title).join('; ')) || '—'} |`);
  return lines.join('\n') + '\n';
}
