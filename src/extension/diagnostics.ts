// Findings as VS Code diagnostics on the model file: one per finding, with its code linking to the
// docs, the target in the message, and related information pointing at the node's line in the
// model text view. A model that cannot be read gets exactly one error naming the file and problem.

import * as vscode from 'vscode';
import { nodePlacement } from '../core/report/packedReport';
import { listedFindings, MAX_DIAGNOSTICS_PER_FILE } from './problemsLimit';

export { listedFindings } from './problemsLimit';
import { findingDoc, type FindingCode } from '../core/findings/catalog';
import type { ReportDiagnostic } from '../core/report/report';
import type { ModelAnalysisResult } from './analysisService';
import { modelTextUri } from './modelText/modelTextUri';

export const SOURCE = 'DeployLens';
export const READ_ERROR_CODE: FindingCode = 'read/invalid-model';

export const SEVERITY: Record<ReportDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A diagnostic's code, linking to where the catalog says it is documented (docs/findings.md#<slug>, or its own page). */
export function codeLink(docsRoot: vscode.Uri, code: string): { value: string; target: vscode.Uri } {
  const [file = 'findings.md', fragment = ''] = findingDoc(code).replace(/^docs\//, '').split('#');
  return { value: code, target: vscode.Uri.joinPath(docsRoot, file).with({ fragment }) };
}

/** Shared per publish: one link per finding code, one text-view URI. */
interface PublishContext {
  result: Extract<ModelAnalysisResult, { ok: true }>;
  docsRoot: vscode.Uri;
  nodeLine: (node: number) => number | undefined;
  links: Map<string, { value: string; target: vscode.Uri }>;
  textUri: vscode.Uri;
}

function toDiagnostic(d: ReportDiagnostic, ctx: PublishContext): vscode.Diagnostic {
  const { result, nodeLine } = ctx;
  const start = new vscode.Position(0, 0);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, start), d.fix ? `${d.message}\nFix: ${d.fix}` : d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  let link = ctx.links.get(d.code);
  if (!link) {
    link = codeLink(ctx.docsRoot, d.code);
    ctx.links.set(d.code, link);
  }
  diagnostic.code = link;
  const related: vscode.DiagnosticRelatedInformation[] = [];
  if (d.node !== undefined && (d.graph ?? 0) === 0) {
    const line = nodeLine(d.node);
    if (line !== undefined) {
      related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(ctx.textUri, new vscode.Position(line, 0)), `node ${d.node} '${d.nodeName ?? ''}' in the model text view`));
    }
    // From the report's index: the node table is not parsed for Problems (core/report/packedReport.ts).
    const n = nodePlacement(result.report, d.node);
    if (n.partition !== undefined && result.report.target?.partitioning !== 'none') {
      related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(result.uri, start), `runs in partition ${n.partition} on ${n.device === 'cpu' ? 'the CPU' : result.report.target?.delegate ?? 'the accelerator'}`));
    }
  }
  if (d.target && result.report.target) {
    related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(result.uri, start), `target: ${result.report.target.name} (${d.target})`));
  }
  if (related.length) diagnostic.relatedInformation = related;
  return diagnostic;
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

  constructor(private readonly docsRoot: vscode.Uri, private readonly nodeLine: (uri: vscode.Uri, node: number) => number | undefined) {}

  publish(result: ModelAnalysisResult): void {
    if (!result.ok) {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), result.error, vscode.DiagnosticSeverity.Error);
      d.source = SOURCE;
      d.code = codeLink(this.docsRoot, READ_ERROR_CODE);
      this.collection.set(result.uri, [d]);
      return;
    }
    const ctx: PublishContext = { result, docsRoot: this.docsRoot, nodeLine: (n) => this.nodeLine(result.uri, n), links: new Map(), textUri: modelTextUri(result.uri) };
    const { listed, omitted } = listedFindings(result.report.diagnostics);
    const diagnostics = listed.map((d) => toDiagnostic(d, ctx));
    if (omitted > 0) diagnostics.push(omittedNote(omitted, result.report.diagnostics.length));
    this.collection.set(result.uri, diagnostics);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
