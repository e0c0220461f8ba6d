// The explorer's mark on a model file with findings: its findings are published on the model's
// text view (diagnostics.ts), so VS Code's own problem decoration would not reach the file. This
// gives the file the same colour and a count of its errors (else warnings), like a source file's.

import * as vscode from 'vscode';
import type { ModelDiagnostics } from './diagnostics';

export class ModelFileDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly diagnostics: ModelDiagnostics) {
    this.disposables = [this.changed, diagnostics.onDidChange((uri) => this.changed.fire(uri)), vscode.window.registerFileDecorationProvider(this)];
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const findings = this.diagnostics.findingsOf(uri);
    if (!findings) return undefined;
    let errors = 0;
    let warnings = 0;
    for (const f of findings) {
      if (f.group.first.severity === 'error') errors++;
      else if (f.group.first.severity === 'warning') warnings++;
    }
    if (errors + warnings === 0) return undefined;
    const count = errors || warnings;
    const d = new vscode.FileDecoration(count > 9 ? '9+' : String(count), `DeployLens: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} on the target`, new vscode.ThemeColor(errors ? 'list.errorForeground' : 'list.warningForeground'));
    d.propagate = true;
    return d;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
