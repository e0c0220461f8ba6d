// A CodeLens over each export call whose output file exists: how that exported model fares on the
// active target ("kws.onnx on TFLite Micro (Cortex-M7): 0 unsupported ops, peak 61 KB / 512 KB
// SRAM — open overview"); clicking opens the model overview. Refreshed when the model is
// re-analyzed (a re-export changes the file) and when the script is re-checked.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/units';
import type { Report } from '../../core/report/report';
import { ExportedModelProvider } from './exportedModelProvider';
import { resolveExports } from './exportLinks';
import { toRange } from './ranges';
import { scriptSettings } from './scriptSettings';

export function lensTitle(file: string, report: Report): string {
  const target = report.target;
  const unsupported = report.nodes.filter((n) => n.support === 'unsupported' || n.support === 'constraint-violated').length;
  const peak = report.summary.activationPeakBytes;
  const memory = peak === undefined ? '' : `, peak ${formatBytes(peak)}${target?.sramBytes ? ` / ${formatBytes(target.sramBytes)} SRAM` : ''}`;
  return `${file} on ${target?.name ?? 'no target'}: ${unsupported} unsupported op${unsupported === 1 ? '' : 's'}${memory} — open overview`;
}

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
