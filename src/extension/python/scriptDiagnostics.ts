// Script findings as VS Code diagnostics on the exact call range, source DeployLens, with the code
// linking to the findings table of docs/training-scripts.md. The message names the target; the hover adds the per-target table.

import * as vscode from 'vscode';
import type { ScriptDiagnostic } from '../../core/python/analyzeScript';
import { SOURCE } from '../diagnostics';
import { toRange } from './ranges';
import type { ScriptService } from './scriptService';

const SEVERITY: Record<ScriptDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(d: ScriptDiagnostic, docsRoot: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  // script/… codes are documented in one table of docs/training-scripts.md, not in findings.md
  diagnostic.code = { value: d.code, target: vscode.Uri.joinPath(docsRoot, 'training-scripts.md').with({ fragment: 'findings' }) };
  return diagnostic;
}

export class ScriptDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('deploylens-scripts');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(scripts: ScriptService, docsRoot: vscode.Uri) {
    this.disposables.push(
      scripts.onDidAnalyze((r) => this.collection.set(r.uri, r.analysis.diagnostics.map((d) => toDiagnostic(d, docsRoot)))),
      scripts.onDidForget((uri) => this.collection.delete(uri)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
