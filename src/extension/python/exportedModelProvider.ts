// What the providers that show an exported model's analysis inside its training script (CodeLens,
// inlay hints) share: they refresh when the script is re-checked or any model is re-analyzed (a
// re-export changes the file).

import * as vscode from 'vscode';
import type { AnalysisService } from '../analysisService';
import type { ScriptService } from './scriptService';

export abstract class ExportedModelProvider implements vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(protected readonly scripts: ScriptService, protected readonly analysis: AnalysisService) {
    this.disposables.push(scripts.onDidAnalyze(() => this.changed.fire()), analysis.onDidAnalyze(() => this.changed.fire()));
  }

  protected track(d: vscode.Disposable): void {
    this.disposables.push(d);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
