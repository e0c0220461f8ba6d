// A CodeLens on the script's export entry point (the export call, or the declared function) that
// says where the exact figures stand: exporting (click to cancel), exported N s ago with the verdict
// on the target (click to open the exported model's overview), stale (save to re-export), failed
// (click for the log), no entry point (click for how to declare one), or "Export and Analyze".

import * as vscode from 'vscode';
import { formatBytes, formatMacs, knownSum } from '../../core/units';
import type { ExportService } from './exportService';
import { DECLARE_DOCS } from './exportService';
import { toRange } from './ranges';
import { scriptSettings } from './scriptSettings';
import type { ScriptService } from './scriptService';

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export class ExportStatusLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly exports: ExportService, private readonly scripts: ScriptService, private readonly docsRoot: vscode.Uri) {
    this.disposables.push(exports.onDidAnalyze(() => this.changed.fire()), scripts.onDidAnalyze(() => this.changed.fire()));
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!scriptSettings(doc.uri).codeLens || doc.uri.scheme !== 'file') return [];
    const status = this.exports.status(doc.uri, doc);
    const record = status.record;
    const plan = record?.plan;
    const at = plan?.range ? toRange(plan.range) : this.exportCall(doc);
    if (!at) return [];
    const lens = (title: string, command: string, args: unknown[] = [], tooltip?: string) => new vscode.CodeLens(at, { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) });
    if (status.running) return [lens('$(sync~spin) DeployLens: exporting… (cancel)', 'deploylens.cancelExport', [doc.uri], 'Stop the export running in Python')];
    const o = record?.outcome;
    if (!record || !o) return [lens('$(play) DeployLens: Export and Analyze', 'deploylens.exportAndAnalyze', [doc.uri], 'Run the export entry point in Python and show the exact figures on each line')];
    if (o.kind === 'skipped') return [lens('$(info) DeployLens: no export entry point — how to declare one', 'vscode.open', [vscode.Uri.joinPath(this.docsRoot, 'training-scripts.md').with({ fragment: DECLARE_DOCS.split('#')[1]! })], o.reason)];
    if (o.kind === 'failed') return [lens(`$(error) DeployLens: export failed ${ago(Date.now() - record.finishedAt)} — show log`, 'deploylens.showLog', [], o.diagnostic.message)];
    const s = o.report.summary;
    const peak = s.activationPeakBytes !== undefined ? ` · peak ${knownSum(s.activationPeakBytes, s.unknownSizeTensors ?? 0, formatBytes)}` : '';
    const title = status.fresh
      ? `$(check) DeployLens: exported ${ago(Date.now() - record.finishedAt)} (${(o.timings.totalMs / 1000).toFixed(1)} s) · ${s.verdict ?? '—'} on ${o.report.target?.name ?? record.targetId} · ${knownSum(s.macs ?? 0, s.unknownCostNodes, formatMacs)} MACs${peak}`
      : '$(history) DeployLens: figures are from the last save — save to re-export';
    return [lens(title, 'deploylens.showModelOverview', [vscode.Uri.file(o.modelPath)], `Open the overview of the exported model (${o.framework})`)];
  }

  /** Before any export: the first export call or entry comment the static check found. */
  private exportCall(doc: vscode.TextDocument): vscode.Range | undefined {
    const r = this.scripts.get(doc.uri);
    if (!r || r.version !== doc.version) return undefined;
    const call = r.analysis.exports[0];
    if (call) return toRange(call.range);
    for (let i = 0; i < Math.min(doc.lineCount, 5000); i++) {
      if (/^[ \t]*#[ \t]*deploylens:[ \t]*export\b/.test(doc.lineAt(i).text)) return doc.lineAt(i).range;
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
