// Per-module cost at each `self.X = ...` line of a script whose exported model exists: MACs,
// working set and spills of the nodes that module became (summarizeModules maps the exported
// model's node names back to the attributes). Refreshed when that model is re-analyzed.

import * as vscode from 'vscode';
import { summarizeModules, type ModuleSummary } from '../../core/python/modelLink';
import { formatBytes, formatMacs } from '../../core/units';
import { ExportedModelProvider } from './exportedModelProvider';
import { resolveExports } from './exportLinks';
import { scriptSettings } from './scriptSettings';

/** VS Code cuts inlay hints at 43 characters by default: the essentials here, the rest in the tooltip. */
export function shortLabel(m: ModuleSummary): string {
  const parts = [`${formatMacs(m.macs)} MACs`];
  if (m.peakWorkingSetBytes > 0) parts.push(`${formatBytes(m.peakWorkingSetBytes)} peak`);
  if (m.spills > 0) parts.push(`${m.spills} over SRAM`);
  if (m.unsupported > 0) parts.push(`${m.unsupported} unsupported`);
  return parts.join(' · ');
}

export class ModuleInlayHints extends ExportedModelProvider implements vscode.InlayHintsProvider {
  readonly onDidChangeInlayHints = this.changed.event;

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const result = this.scripts.get(doc.uri);
    if (!result || result.version !== doc.version || !scriptSettings(doc.uri).inlayHints || result.analysis.modules.length === 0) return [];
    // The first export that resolves is the model this script produces.
    const [link] = await resolveExports(doc, result.analysis.exports);
    if (!link) return [];
    const r = await this.analysis.analyze(link.model);
    if (!r.ok || doc.version !== result.version) return [];
    const hints: vscode.InlayHint[] = [];
    for (const m of summarizeModules(r.report, result.analysis)) {
      if (m.nodes === 0 || m.range.end.line < range.start.line || m.range.start.line > range.end.line) continue;
      const end = doc.lineAt(m.range.end.line).range.end;
      const hint = new vscode.InlayHint(end, shortLabel(m), undefined);
      hint.paddingLeft = true;
      hint.tooltip = new vscode.MarkdownString(`**self.${m.attribute}** in \`${vscode.workspace.asRelativePath(link.model)}\` on ${r.report.target?.name ?? 'no target'}: ${m.message}`);
      hints.push(hint);
    }
    return hints;
  }
}
