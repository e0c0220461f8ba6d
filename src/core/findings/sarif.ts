// SARIF 2.1.0 for code scanning in CI: the one builder for models and training scripts. One run per
// call, one rule per finding code that occurs (its text, level and documentation link from the
// catalog), one result per finding, located at the file — with the node as a logical location for
// models, and the exact region for scripts.

import type { Report, ReportDiagnostic } from '../report/report';
import type { ScriptReport } from '../python/scriptReport';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { findingDoc, findingRule, type FindingSeverity } from './catalog';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<FindingSeverity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifRegion { startLine: number; startColumn: number; endLine: number; endColumn: number }

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: SarifRegion }; logicalLocations?: { name: string; kind: string }[] }[];
  properties?: Record<string, string>;
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; rules: SarifRule[] } };
  results: SarifResult[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

/** One finding, whatever produced it. */
export interface SarifFinding {
  code: string;
  severity: FindingSeverity;
  message: string;
  /** Appended to the message as "Fix: …". */
  fix?: string;
  /** The file, as the report names it (relative paths stay relative). */
  file: string;
  region?: SarifRegion;
  /** The node a model finding is about. */
  node?: string;
  properties?: Record<string, string>;
}

function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function sarifLog(runs: SarifRun[]): SarifLog {
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}

export function sarifRun(findings: readonly SarifFinding[], tool: { name: string; version: string } = { name: TOOL_NAME, version: TOOL_VERSION }): SarifRun {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results = findings.map((f): SarifResult => {
    let index = ruleIndex.get(f.code);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.code, index);
      const rule = findingRule(f.code);
      rules.push({ id: f.code, shortDescription: { text: rule.title }, helpUri: findingDoc(f.code), defaultConfiguration: { level: LEVEL[rule.severity] } });
    }
    const location: SarifResult['locations'][number] = { physicalLocation: { artifactLocation: { uri: toUri(f.file) }, ...(f.region ? { region: f.region } : {}) } };
    if (f.node !== undefined) location.logicalLocations = [{ name: f.node, kind: 'function' }];
    const properties = f.properties ?? {};
    return {
      ruleId: f.code, ruleIndex: index, level: LEVEL[f.severity],
      message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
      locations: [location],
      ...(Object.keys(properties).length ? { properties } : {}),
    };
  });
  return { tool: { driver: { name: tool.name, version: tool.version, rules } }, results };
}

/** What SARIF reads of a model's report: the CLI keeps only this of each report until the log is written. */
export type SarifSource = Pick<Report, 'tool' | 'diagnostics'> & { model: Pick<Report['model'], 'path'> };

function modelFinding(report: SarifSource, d: ReportDiagnostic): SarifFinding {
  const properties: Record<string, string> = {};
  if (d.target) properties.target = d.target;
  if (d.fix) properties.fix = d.fix;
  return {
    code: d.code, severity: d.severity, message: d.message, file: report.model.path, properties,
    ...(d.fix ? { fix: d.fix } : {}), ...(d.nodeName !== undefined ? { node: d.nodeName } : {}),
  };
}

/** Model reports: one run. */
export function toSarif(reports: readonly SarifSource[]): SarifLog {
  const tool = reports[0]?.tool ?? { name: 'DeployLens', version: '0.0.0' };
  return sarifLog([sarifRun(reports.flatMap((r) => r.diagnostics.map((d) => modelFinding(r, d))), tool)]);
}

/** Training-script reports: one run, with regions (1-based) on every result. */
export function scriptSarifRun(reports: readonly ScriptReport[]): SarifRun {
  return sarifRun(reports.flatMap((r) => {
    // With a real export (--export), its findings replace the static checks (syntax errors stay).
    const exported = r.export?.status === 'exported';
    const statics = r.diagnostics.filter((d) => !exported || d.code === 'script/parse-error').map((d): SarifFinding => ({
      code: d.code, severity: d.severity, message: d.message, file: r.script.path,
      ...(d.fixes.length ? { fix: d.fixes.map((f) => f.title).join(' / ') } : {}),
      region: { startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line, endColumn: d.range.end.column },
      properties: { target: d.target },
    }));
    const fromExport = (r.export?.diagnostics ?? []).map((d): SarifFinding => ({
      code: d.code, severity: d.severity, message: d.message, file: r.script.path,
      region: { startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line, endColumn: d.range.end.column },
      properties: { target: d.target ?? r.target.id },
    }));
    return [...statics, ...fromExport];
  }));
}
