// DeployLens: Compare Targets — every target's verdict and key figures for one model, as a sortable
// table in a model panel (modelPanel.ts: beside the editor, follows the active model or pinned,
// restored after reload). Clicking a row makes that target the panel's own (its findings show
// below, the workspace setting untouched); "Use for workspace" sets `deploylens.target`; the
// Markdown export writes a file the user picks — no untitled buffer that asks to be saved on close.
// Page: webview/compareTargets/main.ts; messages: webview/compareTargets/protocol.ts.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { compareTargetsMarkdown, type CompareRow } from '../../core/report/compareTargets';
import { COMPARE_COLUMNS, COMPARE_HEADERS, compareCell, isNumericColumn, sortCompareRows } from '../../../webview/compareTargets/viewModel';
import { errorText } from '../../core/util/errorText';
import type { TargetService } from '../targetService';
import { isCompareWebviewMessage, type CompareHostMessage, type CompareWebviewMessage } from '../../../webview/compareTargets/protocol';
import { ModelPanels, type ModelPanelKind, type ModelPanelServices } from './modelPanel';
import type { PanelChange, PanelSession, PanelSessionContext } from './panelSession';
import { modelForCommand } from '../activeModel';

export const COMPARE_TARGETS_VIEW_TYPE = 'deploylens.compareTargets';

export interface CompareServices extends ModelPanelServices {
  targets: ModelPanelServices['targets'] & Pick<TargetService, 'setTarget'>;
}

class CompareSession implements PanelSession {
  private rows: CompareRow[] | null = null;
  private generation = 0;

  constructor(private readonly ctx: PanelSessionContext, private readonly services: CompareServices, private readonly testPaths: boolean) {}

  receive(m: unknown): Promise<void> | null {
    return isCompareWebviewMessage(m) ? this.handle(m) : null;
  }

  update(change: PanelChange): void {
    if (change === 'model') this.rows = null;
    if (change === 'ready' && this.rows) this.post({ type: 'compareRows', rows: this.rows, millis: 0 });
    // The table is every target's: the panel's own target choice does not change it.
    else if (change === 'ready' || change === 'model') void this.compute();
  }

  dispose(): void {
    this.generation++;
  }

  private post(m: CompareHostMessage): void {
    this.ctx.post(m);
  }

  private async compute(): Promise<void> {
    const generation = ++this.generation;
    const uri = this.ctx.uri();
    const targets = this.services.targets.all();
    this.post({ type: 'compareLoading', targets: targets.length });
    const t0 = performance.now();
    try {
      const r = await this.services.analysis.compare(uri, targets);
      if (generation !== this.generation) return;
      if (!r.ok) {
        this.post({ type: 'compareFailed', error: r.error });
        return;
      }
      const byId = new Map(targets.map((t) => [t.id, t]));
      this.rows = (r.report.comparison ?? []).map((c): CompareRow => {
        const t = byId.get(c.target);
        return { ...c, name: t?.name ?? c.target, delegate: t?.delegate ?? '', partitioning: t?.partitioning.mode ?? 'none', sramBytes: t?.memory.sramBytes ?? null };
      });
      this.post({ type: 'compareRows', rows: this.rows, millis: performance.now() - t0 });
    } catch (e) {
      if (generation === this.generation) this.post({ type: 'compareFailed', error: errorText(e) });
    }
  }

  private async handle(m: CompareWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'refresh':
        this.rows = null;
        await this.compute();
        return;
      case 'useForWorkspace': {
        if (!this.services.targets.get(m.target)) {
          this.ctx.log.warn(`${COMPARE_TARGETS_VIEW_TYPE}: unknown target ${m.target}`);
          return;
        }
        await this.services.targets.setTarget(m.target, this.ctx.uri());
        return;
      }
      case 'exportMarkdown': {
        if (!this.rows) await this.compute();
        if (!this.rows) return;
        let file = m.path !== undefined && this.testPaths ? m.path : undefined;
        if (!file) {
          const model = this.ctx.uri();
          const dest = await vscode.window.showSaveDialog({ defaultUri: model.with({ path: `${model.path.replace(/\.[^./]+$/, '')}.targets.md` }), filters: { Markdown: ['md'] }, saveLabel: 'Export Markdown' });
          if (!dest) return;
          file = dest.fsPath;
        }
        const rows = sortCompareRows(this.rows, 'verdict', false);
        fs.writeFileSync(file, compareTargetsMarkdown(vscode.workspace.asRelativePath(this.ctx.uri()), COMPARE_COLUMNS.map((c) => COMPARE_HEADERS[c]), COMPARE_COLUMNS.map(isNumericColumn),
          rows.map((r) => ({ id: r.target, cells: COMPARE_COLUMNS.map((c) => compareCell(r, c)) }))));
        this.post({ type: 'compareExported', path: file });
        return;
      }
    }
  }
}

export const COMPARE_TARGETS_PANEL: ModelPanelKind = {
  viewType: COMPARE_TARGETS_VIEW_TYPE,
  title: 'Targets',
  script: 'compareTargets',
  styles: ['compareTargets.css'],
};

/** The panel and `deploylens.compareTargets(uri?)`. */
export function registerCompareTargetsPanel(context: vscode.ExtensionContext, services: CompareServices): vscode.Disposable[] {
  const testPaths = context.extensionMode === vscode.ExtensionMode.Test;
  const panels = ModelPanels.register(context, { ...COMPARE_TARGETS_PANEL, session: (ctx) => new CompareSession(ctx, services, testPaths) }, services);
  return [
    vscode.commands.registerCommand('deploylens.compareTargets', async (arg?: unknown) => {
      const uri = await modelForCommand(arg, () => panels.all()[0]?.uri);
      if (uri) panels.show(uri);
    }),
  ];
}
