// DeployLens: Compare Models — two models side by side on one or more targets (src/core/diff):
// verdict and key figures per target, per module what changed, new and resolved findings. A model
// panel (modelPanel.ts, `fixed`: it stays on the model it was opened for) whose model is the
// *current* side; this session keeps the *baseline* (another model, the git HEAD version, a
// script's export before a fix) and the targets, analyzes both models on each target in the
// analysis worker (analysisService.compare: no diagnostics are published for either) and sends the
// page a display-ready view (src/core/diff/diffView.ts).
// Page: webview/compareModels/main.ts; messages: webview/compareModels/protocol.ts.
// Opened by the commands and offers in src/extension/compare/.

import * as vscode from 'vscode';
import { diffModels } from '../../core/diff/modelDiff';
import { compareView } from '../../core/diff/diffView';
import type { Report } from '../../core/report/report';
import { errorText } from '../../core/util/errorText';
import { fileNameOf } from '../activeModel';
import { isCompareWebviewMessage, MAX_COMPARE_TARGETS, type CompareHostMessage, type CompareSideInfo, type CompareWebviewMessage } from '../../../webview/compareModels/protocol';
import { isTempModel } from '../compare/tempModels';
import type { ModelPanel, ModelPanelKind, ModelPanelServices } from './modelPanel';
import { ModelPanels } from './modelPanel';
import type { PanelChange, PanelSession, PanelSessionContext } from './panelSession';

export const COMPARE_VIEW_TYPE = 'deploylens.compareModels';

/** One side of a comparison: a model file, how to call it, and what to clean up when the comparison ends. */
export interface ComparedModel {
  uri: vscode.Uri;
  /** "HEAD (a1b2c3d)", "FP32", "before the fix"; default: the file name. */
  label?: string;
  /** Removes a temporary copy (tempModels.ts). */
  dispose?(): void;
}

const RECOMPUTE_DEBOUNCE_MS = 150;

function describe(m: ComparedModel): CompareSideInfo {
  const inWorkspace = m.uri.scheme === 'file' && !isTempModel(m.uri.fsPath) && vscode.workspace.getWorkspaceFolder(m.uri);
  return { label: m.label ?? fileNameOf(m.uri), detail: inWorkspace ? vscode.workspace.asRelativePath(m.uri) : fileNameOf(m.uri) };
}

export class CompareSession implements PanelSession {
  private baseline: ComparedModel | null = null;
  private currentLabel: string | undefined;
  private currentDispose: (() => void) | undefined;
  private targets: string[] = [];
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private last: CompareHostMessage | null = null;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: PanelSessionContext, private readonly services: ModelPanelServices, private readonly pickBaseline: (current: vscode.Uri) => Promise<ComparedModel | undefined>) {
    // Either model re-analyzed (saved, re-exported, a profile edited): compare again.
    this.subscription = services.analysis.onDidAnalyze((r) => {
      const k = r.uri.toString();
      if (k === ctx.uri().toString() || k === this.baseline?.uri.toString()) this.schedule();
    });
  }

  /** Compare `baseline` with the panel's model (labelled `currentLabel`). */
  setBaseline(baseline: ComparedModel, current?: { label?: string; dispose?(): void }): void {
    if (this.baseline !== baseline) this.baseline?.dispose?.();
    this.baseline = baseline;
    if (current) {
      if (this.currentDispose !== current.dispose) this.currentDispose?.();
      this.currentLabel = current.label;
      this.currentDispose = current.dispose;
    }
    if (this.targets.length === 0) this.targets = [this.services.targets.activeTarget(this.ctx.uri()).id];
    this.postState();
    this.schedule(0);
  }

  setTargets(ids: string[]): void {
    const known = ids.filter((id) => this.services.targets.get(id)).slice(0, MAX_COMPARE_TARGETS);
    if (known.length === 0) return;
    this.targets = known;
    this.postState();
    this.schedule(0);
  }

  receive(m: unknown): Promise<void> | null {
    return isCompareWebviewMessage(m) ? this.handle(m) : null;
  }

  update(change: PanelChange): void {
    if (change === 'ready') {
      this.postState();
      if (this.last) this.post(this.last);
      else this.schedule(0);
    } else if (change === 'target') this.schedule();
    else if (change === 'model') {
      // A fixed panel keeps its model; should it ever change, the baseline no longer belongs to it.
      this.baseline?.dispose?.();
      this.baseline = null;
      this.last = null;
      this.postState();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.baseline?.dispose?.();
    this.currentDispose?.();
  }

  private async handle(m: CompareWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'setCompareTargets':
        this.setTargets(m.targets);
        return;
      case 'pickBaseline': {
        const picked = await this.pickBaseline(this.ctx.uri());
        if (picked) this.setBaseline(picked);
        return;
      }
      case 'openSide': {
        const uri = m.side === 'current' ? this.ctx.uri() : this.baseline?.uri;
        if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, 'deploylens.modelOverview', vscode.ViewColumn.One);
        return;
      }
    }
  }

  private post(m: CompareHostMessage): void {
    this.ctx.post(m);
  }

  private postState(): void {
    this.post({
      type: 'compareState', baseline: this.baseline ? describe(this.baseline) : null,
      current: describe({ uri: this.ctx.uri(), ...(this.currentLabel ? { label: this.currentLabel } : {}) }), targets: this.targets,
    });
  }

  private schedule(delay = RECOMPUTE_DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.recompute(), delay);
  }

  private async report(uri: vscode.Uri, targetId: string, side: string): Promise<Report> {
    const profile = this.services.targets.get(targetId);
    if (!profile) throw new Error(`unknown target ${targetId}`);
    const r = await this.services.analysis.compare(uri, [profile]);
    if (!r.ok) throw new Error(`the ${side} model (${fileNameOf(uri)}) cannot be analyzed: ${r.error}`);
    return r.report;
  }

  private async recompute(): Promise<void> {
    const baseline = this.baseline;
    if (!baseline) return;
    const generation = ++this.generation;
    const current = this.ctx.uri();
    this.post({ type: 'compareLoading' });
    let message: CompareHostMessage;
    try {
      const a: Report[] = [];
      const b: Report[] = [];
      // One target at a time: both models of a target share the worker's prepared-model cache.
      for (const t of this.targets) {
        a.push(await this.report(baseline.uri, t, 'baseline'));
        b.push(await this.report(current, t, 'current'));
        if (generation !== this.generation) return;
      }
      const info = (m: ComparedModel) => describe(m);
      const diff = diffModels(
        { path: baseline.uri.fsPath, label: info(baseline).label, reports: a },
        { path: current.fsPath, label: info({ uri: current, ...(this.currentLabel ? { label: this.currentLabel } : {}) }).label, reports: b },
      );
      message = { type: 'compareResult', view: compareView(diff) };
      this.ctx.log.info(`compared ${fileNameOf(baseline.uri)} with ${fileNameOf(current)} on ${this.targets.join(', ')}`);
    } catch (e) {
      message = { type: 'compareFailed', error: errorText(e) };
    }
    if (generation !== this.generation) return;
    this.last = message;
    this.post(message);
  }
}

/**
 * The panel host's own analysis of the current model: a model in the workspace through the
 * service (cached, as every panel), a temporary or outside file through compare(), which publishes
 * no diagnostics (a HEAD copy or an export in the cache must not appear in Problems).
 */
function hostServices(services: ModelPanelServices): ModelPanelServices {
  const a = services.analysis;
  const ours = (uri: vscode.Uri) => uri.scheme === 'file' && !isTempModel(uri.fsPath) && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  return {
    ...services,
    analysis: {
      analyze: (uri, options) => (ours(uri) ? a.analyze(uri, options) : a.compare(uri, [services.targets.activeTarget(uri)])),
      compare: (uri, targets) => a.compare(uri, targets),
      onDidAnalyze: a.onDidAnalyze,
      ...(a.progress ? { progress: (uri: vscode.Uri) => a.progress!(uri) } : {}),
      ...(a.onDidProgress ? { onDidProgress: a.onDidProgress } : {}),
    },
  };
}

export interface CompareModelsPanels {
  /** Opens (or reuses the panel of `current`) and compares it with `baseline`. */
  open(baseline: ComparedModel, current: ComparedModel): ModelPanel;
  all(): readonly ModelPanel[];
}

export function registerCompareModelsPanel(context: vscode.ExtensionContext, services: ModelPanelServices, pickBaseline: (current: vscode.Uri) => Promise<ComparedModel | undefined>): CompareModelsPanels {
  const kind: ModelPanelKind = {
    viewType: COMPARE_VIEW_TYPE, title: 'Compare', script: 'compareModels', styles: ['compareModels.css'], fixed: true,
    session: (ctx) => new CompareSession(ctx, services, pickBaseline),
  };
  const panels = ModelPanels.register(context, kind, hostServices(services));
  return {
    open(baseline, current) {
      const panel = panels.show(current.uri);
      (panel.session as CompareSession).setBaseline(baseline, { ...(current.label ? { label: current.label } : {}), ...(current.dispose ? { dispose: current.dispose } : {}) });
      return panel;
    },
    all: () => panels.all(),
  };
}
