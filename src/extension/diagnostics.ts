// Findings as VS Code diagnostics on the model file: one per finding, with its code linking to the
// docs, the target in the message, and related information pointing at the node's line in the
// model text view. A model that cannot be read gets exactly one error naming the file and problem.

import { nodePlacement } from '../core/report/packedReport';
import * as vscode from 'vscode';
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

function toDiagnostic(d: ReportDiagnostic, result: Extract<ModelAnalysisResult, { ok: true }>, docsRoot: vscode.Uri, nodeLine: (node: number) => number | undefined): vscode.Diagnostic {
  const start = new vscode.Position(0, 0);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, start), d.fix ? `${d.message}\nFix: ${d.fix}` : d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = codeLink(docsRoot, d.code);
  const related: vscode.DiagnosticRelatedInformation[] = [];
  if (d.node !== undefined && (d.graph ?? 0) === 0) {
    const line = nodeLine(d.node);
    if (line !== undefined) {
      related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(modelTextUri(result.uri), new vscode.Position(line, 0)), `node ${d.node} '${d.nodeName ?? ''}' in the model text view`));
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
    this.collection.set(result.uri, result.report.diagnostics.map((d) => toDiagnostic(d, result, this.docsRoot, (n) => this.nodeLine(result.uri, n))));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
