// A CodeLens over each export call whose output file exists: how that exported model fares on the
// active target, verdict first ("FAIL — model.onnx on TFLite Micro (Cortex-M7): peak 6.13 MiB over
// 512 KiB SRAM — open overview": core/python/modelLink.ts); clicking opens the model overview. Refreshed when the model is
// re-analyzed (a re-export changes the file) and when the script is re-checked.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportLensTitle as lensTitle } from '../../core/python/modelLink';
import { ExportedModelProvider } from './exportedModelProvider';
import { resolveExports } from './exportLinks';
import { toRange } from './ranges';
import { scriptSettings } from './scriptSettings';

export class ExportCodeLens extends ExportedModelProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses = this.changed.event;

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const result = this.scripts.get(doc.uri);
    if (!result || result.version !== doc.version || !scriptSettings(doc.uri).codeLens) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const link of await resolveExports(doc, result.analysis.exports)) {
      // Cached unless the file or the target changed since the background analysis.
      const r = await this.analysis.analyze(link.model);
      const file = path.basename(link.model.fsPath);
      const title = r.ok ? lensTitle(file, r.report) : `${file}: cannot be read — ${r.error.split('\n')[0]}`;
      lenses.push(new vscode.CodeLens(toRange(link.call.range), { title, command: 'deploylens.showModelOverview', arguments: [link.model], tooltip: `Open the DeployLens overview of ${vscode.workspace.asRelativePath(link.model)}` }));
    }
    return lenses;
  }
}
