// Script findings as VS Code diagnostics on the exact call range, source DeployLens, with the code
// linking to where the finding catalog documents it (the findings table of docs/training-scripts.md). The message names the target; the hover adds the per-target table.

import * as vscode from 'vscode';
import type { ScriptDiagnostic } from '../../core/python/analyzeScript';
import { codeLink, SEVERITY, SOURCE } from '../diagnostics';
import { toRange } from './ranges';
import type { ScriptService } from './scriptService';


export function toDiagnostic(d: ScriptDiagnostic, docsRoot: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = codeLink(docsRoot, d.code);
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
