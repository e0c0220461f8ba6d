// Findings in the Problems panel, once each. A model file is binary, so a finding there could only
// point at [Ln 1, Col 1]; each finding is therefore published on the node's line of the model's
// text view (`deploylens-model:` documents, which render on demand): clicking it in Problems opens
// the text view on the node, and the open text view shows the same diagnostics as its squiggles —
// nothing is published twice. The same problem on many nodes (72 Identity no-ops, GELU's Erf in
// every encoder layer) is one entry listing its nodes with a count (core/findings/group.ts); its
// other nodes are squiggled by the text view (modelTextProvider.ts) without entries of their own.
// The model file itself keeps a badge in the explorer (modelFileDecorations.ts); a file that cannot
// be read gets exactly one error on the file, naming the problem.

import * as vscode from 'vscode';
import { nodeCount, nodePlacement, nodeSpan } from '../core/report/packedReport';
import { listedFindings, MAX_DIAGNOSTICS_PER_FILE } from './problemsLimit';

export { listedFindings } from './problemsLimit';
import { findingDoc, type FindingCode } from '../core/findings/catalog';
import { groupFindings, type FindingGroup } from '../core/findings/group';
import { nodeLines } from '../core/report/modelText';
import type { Report, ReportDiagnostic } from '../core/report/report';
import type { ModelAnalysisResult } from './analysisService';
import { modelTextUri } from './modelText/modelTextUri';

export const SOURCE = 'DeployLens';
export const READ_ERROR_CODE: FindingCode = 'read/invalid-model';

export const SEVERITY: Record<ReportDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Nodes of a group listed as related information (each a link to its line); the message counts them all. */
const MAX_RELATED_NODES = 4;

/** A diagnostic's code, linking to where the catalog says it is documented (docs/findings.md#<slug>, or its own page). */
export function codeLink(docsRoot: vscode.Uri, code: string): { value: string; target: vscode.Uri } {
  const [file = 'findings.md', fragment = ''] = findingDoc(code).replace(/^docs\//, '').split('#');
  return { value: code, target: vscode.Uri.joinPath(docsRoot, file).with({ fragment }) };
}

/** Where the training script built a node's module (`self.encoder = ...`), when a script exported the model. */
export interface ModuleSourceLookup {
  sourceOf(model: vscode.Uri, nodeName: string): { location: vscode.Location; module: string } | undefined;
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

/** One published finding: the group, its line in the text view and the lines of its other nodes. */
export interface PublishedFinding {
  group: FindingGroup;
  range: vscode.Range;
  /** The other nodes' code ranges (squiggled in the text view, not listed in Problems). */
  memberRanges: vscode.Range[];
}

function rangeOf(report: Report, lines: Map<number, number>, d: ReportDiagnostic): vscode.Range {
  if (d.node === undefined || (d.graph ?? 0) !== 0) return new vscode.Range(0, 0, 0, 0);
  const line = lines.get(d.node);
  // From the report's index when it came packed: publishing parses no node table.
  const span = nodeSpan(report, d.node);
  if (line === undefined || !span) return new vscode.Range(0, 0, 0, 0);
  return new vscode.Range(line, span.start, line, span.end);
}

/** The findings of a report as they are published: grouped, each with its range in the text view. */
export function publishedFindings(report: Report): PublishedFinding[] {
  const lines = nodeLines(report, nodeCount(report));
  return groupFindings(report.diagnostics).map((group) => ({
    group,
    range: rangeOf(report, lines, group.first),
    memberRanges: group.members.slice(1).map((d) => rangeOf(report, lines, d)),
  }));
}

function nodeText(d: ReportDiagnostic): string {
  return `node ${d.node}${d.nodeName ? ` '${d.nodeName}'` : ''}`;
}

/** The last entry when findings were left out: how many, and where all of them are. */
export function omittedNote(omitted: number, total: number): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0),
    `${omitted.toLocaleString('en-US')} more of this model's ${total.toLocaleString('en-US')} findings are not listed (Problems shows at most ${MAX_DIAGNOSTICS_PER_FILE.toLocaleString('en-US')} per file, the most severe first); the overview and Export Report have all of them.`,
    vscode.DiagnosticSeverity.Information);
  d.source = SOURCE;
  return d;
}

export class ModelDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('deploylens');
  /** What is published per model (by the model file's URI string). */
  private readonly published = new Map<string, { result: Extract<ModelAnalysisResult, { ok: true }>; findings: PublishedFinding[] }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** A model's published findings changed (the text view re-squiggles, the explorer badge updates). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];

  private sources: ModuleSourceLookup | undefined;

  constructor(private readonly docsRoot: vscode.Uri) {}

  /** Link each finding's module to the script line that builds it (set once the Python features are up). */
  setSources(sources: ModuleSourceLookup): void {
    this.sources = sources;
    this.disposables.push(sources.onDidChange((model) => {
      const p = this.published.get(model.toString());
      if (p) this.publish(p.result);
    }));
  }

  /** What is published for a model (undefined when it could not be read or is not analyzed). */
  findingsOf(model: vscode.Uri): PublishedFinding[] | undefined {
    return this.published.get(model.toString())?.findings;
  }

  publish(result: ModelAnalysisResult): void {
    const textUri = modelTextUri(result.uri);
    if (!result.ok) {
      this.published.delete(result.uri.toString());
      this.collection.delete(textUri);
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), result.error, vscode.DiagnosticSeverity.Error);
      d.source = SOURCE;
      d.code = codeLink(this.docsRoot, result.code ?? READ_ERROR_CODE);
      this.collection.set(result.uri, [d]);
      this.changed.fire(result.uri);
      return;
    }
    const findings = publishedFindings(result.report);
    this.published.set(result.uri.toString(), { result, findings });
    this.collection.delete(result.uri);
    // At most MAX_DIAGNOSTICS_PER_FILE entries, the most severe first (problemsLimit.ts), with one saying what is left out.
    const { listed, omitted } = listedFindings(findings.map((f) => ({ severity: f.group.first.severity, f })));
    const diagnostics = listed.map((x) => this.toDiagnostic(x.f, result));
    if (omitted > 0) {
      const shown = listed.reduce((sum, x) => sum + x.f.group.members.length, 0);
      diagnostics.push(omittedNote(result.report.diagnostics.length - shown, result.report.diagnostics.length));
    }
    this.collection.set(textUri, diagnostics);
    this.changed.fire(result.uri);
  }

  clear(uri: vscode.Uri): void {
    this.published.delete(uri.toString());
    this.collection.delete(uri);
    this.collection.delete(modelTextUri(uri));
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private toDiagnostic(f: PublishedFinding, result: Extract<ModelAnalysisResult, { ok: true }>): vscode.Diagnostic {
    const d = f.group.first;
    const report = result.report;
    const textUri = modelTextUri(result.uri);
    const diagnostic = new vscode.Diagnostic(f.range, d.fix ? `${f.group.message}\nFix: ${d.fix}` : f.group.message, SEVERITY[d.severity]);
    diagnostic.source = SOURCE;
    diagnostic.code = codeLink(this.docsRoot, d.code);
    const related: vscode.DiagnosticRelatedInformation[] = [];
    const members = f.group.members;
    if (members.length > 1) {
      members.slice(1, MAX_RELATED_NODES + 1).forEach((m, i) => {
        related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(textUri, f.memberRanges[i]!), `also ${nodeText(m)}`));
      });
      if (members.length > MAX_RELATED_NODES + 1) {
        related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(textUri, f.range), `… and ${members.length - 1 - MAX_RELATED_NODES} more nodes (squiggled in the text view; every one in the JSON and SARIF reports)`));
      }
    }
    if (d.node !== undefined && (d.graph ?? 0) === 0) {
      // From the report's index: the node table is not parsed for this (core/report/packedReport.ts).
      const n = nodePlacement(report, d.node);
      if (n.partition !== undefined && report.target?.partitioning !== 'none' && members.length === 1) {
        related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(textUri, f.range), `runs in partition ${n.partition} on ${n.device === 'cpu' ? 'the CPU' : report.target?.delegate ?? 'the accelerator'}`));
      }
      const source = d.nodeName ? this.sources?.sourceOf(result.uri, d.nodeName) : undefined;
      if (source) related.push(new vscode.DiagnosticRelatedInformation(source.location, `module ${source.module} is built here`));
    }
    if (related.length) diagnostic.relatedInformation = related;
    return diagnostic;
  }
}
