// Script findings as VS Code diagnostics on the exact call range, source DeployLens, with the code
// linking to where the finding catalog documents it. Two sources: the static checks (every edit)
// and the last export (every save, exportService.ts). While the export is fresh — the document
// holds the text that was exported — its findings (the exported model's, on the calls that built
// each node) replace the static guesses; syntax errors stay. While the script has unsaved edits the
// static checks are shown (they follow the typing), and a failed or skipped export keeps its one
// diagnostic, carried along with the edits.

import * as vscode from 'vscode';
import type { ScriptDiagnostic } from '../../core/python/analyzeScript';
import { codeLink, SEVERITY, SOURCE } from '../diagnostics';
import type { ExportService, ExportStatus } from './exportService';
import { toRange } from './ranges';
import type { ScriptService } from './scriptService';

interface Finding { severity: 'error' | 'warning' | 'info'; code: string; message: string; range: ScriptDiagnostic['range'] }

export function toDiagnostic(d: Finding, docsRoot: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = codeLink(docsRoot, d.code);
  return diagnostic;
}

/** The findings to show for a script: the export's when fresh, else the static ones (plus an export failure). */
export function scriptFindings(statics: readonly ScriptDiagnostic[], exported: ExportStatus): Finding[] {
  const o = exported.record?.outcome;
  if (o?.kind === 'exported' && exported.fresh) return [...statics.filter((d) => d.code === 'script/parse-error'), ...o.view.diagnostics];
  if (o?.kind === 'failed') return [...statics, o.diagnostic];
  const plan = exported.record?.plan;
  if (o?.kind === 'skipped' && plan?.kind === 'none' && plan.range) return [...statics, { severity: 'info', code: 'export/no-entry-point', message: plan.reason, range: plan.range }];
  return [...statics];
}

export class ScriptDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('deploylens-scripts');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly scripts: ScriptService, private readonly exports: ExportService, private readonly docsRoot: vscode.Uri) {
    this.disposables.push(
      scripts.onDidAnalyze((r) => this.publish(r.uri)),
      scripts.onDidForget((uri) => this.collection.delete(uri)),
      exports.onDidAnalyze((uri) => this.publish(uri)),
    );
  }

  private publish(uri: vscode.Uri): void {
    const statics = this.scripts.get(uri)?.analysis.diagnostics;
    if (!statics) return;
    this.collection.set(uri, scriptFindings(statics, this.exports.status(uri)).map((d) => toDiagnostic(d, this.docsRoot)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
