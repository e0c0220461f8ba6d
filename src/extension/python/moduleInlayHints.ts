// Per-module cost at each `self.X = ...` line of a script whose exported model exists: MACs,
// working set and spills of the nodes that module became (summarizeModules maps the exported
// model's node names back to the attributes). Refreshed when that model is re-analyzed.

import * as vscode from 'vscode';
import { summarizeModules, type ModuleSummary } from '../../core/python/modelLink';
import { formatBytes, formatMacs } from '../../core/units';
import { ExportedModelProvider } from './exportedModelProvider';
import { resolveExports } from './exportLinks';
import { scriptSettings } from './scriptSettings';
import type { AnalysisService } from '../analysisService';
import type { ExportRecord, ExportService } from './exportService';
import type { ScriptService } from './scriptService';

/** VS Code cuts inlay hints at 43 characters by default: the essentials here, the rest in the tooltip. */
export function shortLabel(m: ModuleSummary): string {
  const parts = [`${formatMacs(m.macs)} MACs`];
  if (m.peakWorkingSetBytes > 0) parts.push(`${formatBytes(m.peakWorkingSetBytes)} peak`);
  if (m.spills > 0) parts.push(`${m.spills} layer${m.spills === 1 ? '' : 's'} > SRAM`);
  if (m.unsupported > 0) parts.push(`${m.unsupported} unsupported`);
  return parts.join(' · ');
}

/** The hint of one constructor call from the script's own export (exportService.ts); stale ones say so. */
export function exportHintLabel(label: string, fresh: boolean): string {
  return fresh ? label : `stale · ${label}`;
}

export class ModuleInlayHints extends ExportedModelProvider implements vscode.InlayHintsProvider {
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(scripts: ScriptService, analysis: AnalysisService, private readonly exports: ExportService) {
    super(scripts, analysis);
    this.track(exports.onDidAnalyze(() => this.changed.fire()));
  }

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    if (!scriptSettings(doc.uri).inlayHints) return [];
    // The script's own export, fresh or carried along with the edits since: it replaces the guesses below.
    const status = this.exports.status(doc.uri, doc);
    const o = status.record?.outcome;
    if (o?.kind === 'exported') return this.exportHints(doc, range, o, status.fresh, status.record!.targetId);
    const result = this.scripts.get(doc.uri);
    if (!result || result.version !== doc.version || result.analysis.modules.length === 0) return [];
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

  private exportHints(doc: vscode.TextDocument, range: vscode.Range, o: Extract<ExportRecord['outcome'], { kind: 'exported' }>, fresh: boolean, targetId: string): vscode.InlayHint[] {
    const hints: vscode.InlayHint[] = [];
    for (const s of o.view.sites) {
      if (s.range.end.line < range.start.line || s.range.start.line > range.end.line || s.range.end.line >= doc.lineCount) continue;
      const at = doc.validatePosition(new vscode.Position(s.range.end.line, s.range.end.character));
      const hint = new vscode.InlayHint(at, exportHintLabel(s.label, fresh), undefined);
      hint.paddingLeft = true;
      const md = new vscode.MarkdownString(`**DeployLens** — exported with ${o.framework}, on \`${targetId}\`${fresh ? '' : ' — **stale**: from the last saved version; save to re-export'}\n\n${s.detail}`);
      hint.tooltip = md;
      hints.push(hint);
    }
    return hints;
  }
}
