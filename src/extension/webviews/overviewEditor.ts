// The model overview: the read-only custom editor that opens for .onnx and .tflite files
// (package.json `customEditors`, viewType deploylens.modelOverview). The webview
// (webview/overview/) renders; this side feeds it analysis results and runs the commands it asks
// for, after validating every message (webview/shared/protocol.ts).

import * as vscode from 'vscode';
import type { HostToWebviewMessage, WebviewCommand, WebviewRequest } from '../../../webview/shared/protocol';
import { isWebviewToHostMessage } from '../../../webview/shared/protocol';
import { buildWebviewHtml, webviewOptions } from './webviewHtml';
import type { ModelAnalysisResult } from '../analysisService';
import { toPayload } from './analysisPayload';
import { fileNameOf } from '../activeModel';

/** What the overview needs from the extension's analysis service (src/extension/analysisService.ts). */
export interface ModelAnalysisSource {
  /** Latest result for the model, analyzing it first if needed. */
  analyze(uri: vscode.Uri, options?: { force?: boolean }): Promise<ModelAnalysisResult>;
  /** Fires after every analysis of any model (filter by uri.toString()). */
  readonly onDidAnalyze: vscode.Event<ModelAnalysisResult>;
}

export type { ModelAnalysisResult } from '../analysisService';

/** Where webview log lines and dropped messages go (the DeployLens output channel). */
export interface OverviewLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The custom editor's document: only the uri; the model's content lives in the analysis service. */
class ModelDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class OverviewEditorProvider implements vscode.CustomReadonlyEditorProvider<ModelDocument> {
  static readonly viewType = 'deploylens.modelOverview';

  static register(context: vscode.ExtensionContext, source: ModelAnalysisSource, log?: OverviewLog): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(
      OverviewEditorProvider.viewType,
      new OverviewEditorProvider(context.extensionUri, source, log),
      // Not retained when hidden: a hidden overview costs no renderer memory; the page restores
      // sort, filter and scroll from its saved state and asks for the result again ('ready').
      { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } },
    );
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: ModelAnalysisSource,
    private readonly log?: OverviewLog,
  ) {}

  openCustomDocument(uri: vscode.Uri): ModelDocument {
    return new ModelDocument(uri);
  }

  resolveCustomEditor(document: ModelDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = buildWebviewHtml(panel.webview, this.extensionUri, {
      script: 'overview',
      styles: ['overview.css'],
      title: `DeployLens: ${fileNameOf(document.uri)}`,
    });
    const session = new OverviewSession(document.uri, panel, this.source, this.log);
    panel.onDidDispose(() => session.dispose());
  }
}


const CHANGE_DEBOUNCE_MS = 400;

/** One open overview panel: its model, its latest result and its message handling. */
class OverviewSession {
  private readonly disposables: vscode.Disposable[] = [];
  private latest: ModelAnalysisResult | undefined;
  /** Bumped by every result; an analyze() call that returns after a newer result is dropped. */
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    private readonly source: ModelAnalysisSource,
    private readonly log: OverviewLog | undefined,
  ) {
    const key = uri.toString();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      source.onDidAnalyze((r) => {
        if (r.uri.toString() === key) this.deliver(r);
      }),
    );
    // The model changed on disk (re-exported from training): analyze again. The workspace watcher
    // may schedule the same analysis (it debounces 250 ms); waiting a little longer lets analyze()
    // join that run or hit its cache instead of starting a second one. A model outside the
    // workspace or excluded by settings has only this watcher.
    if (uri.scheme === 'file') {
      const slash = uri.path.lastIndexOf('/');
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(uri.with({ path: uri.path.slice(0, slash) || '/' }), uri.path.slice(slash + 1)),
        true, false, true,
      );
      let timer: NodeJS.Timeout | undefined;
      this.disposables.push(watcher, watcher.onDidChange(() => {
        clearTimeout(timer);
        timer = setTimeout(() => void this.refresh(), CHANGE_DEBOUNCE_MS);
      }), { dispose: () => clearTimeout(timer) });
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private deliver(r: ModelAnalysisResult): void {
    this.generation++;
    this.latest = r;
    this.post({ type: 'analysis', payload: toPayload(r) });
  }

  private async refresh(force = false): Promise<void> {
    const generation = ++this.generation;
    this.post({ type: 'loading', fileName: fileNameOf(this.uri) });
    let r: ModelAnalysisResult;
    try {
      r = await this.source.analyze(this.uri, { force });
    } catch (e) {
      // The service reports read errors as ok:false; anything thrown is a bug, but the page must still say so.
      r = { uri: this.uri, ok: false, error: e instanceof Error ? e.message : String(e), targetId: this.latest?.targetId ?? '' };
    }
    if (generation === this.generation && !this.disposed) this.deliver(r);
  }

  private onMessage(m: unknown): void {
    if (!isWebviewToHostMessage(m)) {
      this.log?.warn(`overview ${this.uri.fsPath}: dropped a malformed webview message`);
      return;
    }
    switch (m.type) {
      case 'ready':
        // A (re)loaded page: send what we have, analyze only the first time.
        if (this.latest) this.post({ type: 'analysis', payload: toPayload(this.latest) });
        else void this.refresh();
        return;
      case 'log':
        this.log?.[m.level](`overview webview: ${m.message}`);
        return;
      case 'revealNode':
      case 'command':
        void this.answer(m);
        return;
    }
  }

  private async answer(m: WebviewRequest): Promise<void> {
    try {
      await this.run(m);
      this.post({ type: 'response', id: m.id, ok: true });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.log?.error(`overview ${this.uri.fsPath}: ${m.type === 'command' ? m.command : 'revealNode'} failed: ${error}`);
      this.post({ type: 'response', id: m.id, ok: false, error });
    }
  }

  private async run(m: WebviewRequest): Promise<void> {
    if (m.type === 'revealNode') {
      const nodes = this.latest?.ok ? this.latest.report.nodes.length : 0;
      if (m.node >= nodes) throw new Error(`node ${m.node} does not exist (the model has ${nodes} nodes)`);
      await vscode.commands.executeCommand('deploylens.openModelAsText', this.uri, m.node);
      return;
    }
    const commands: Record<WebviewCommand, () => Thenable<unknown>> = {
      openAsText: () => vscode.commands.executeCommand('deploylens.openModelAsText', this.uri),
      selectTarget: () => vscode.commands.executeCommand('deploylens.selectTarget'),
      compareTargets: () => vscode.commands.executeCommand('deploylens.compareTargets', this.uri),
      exportReport: () => vscode.commands.executeCommand('deploylens.exportReport', this.uri),
      reanalyze: () => this.refresh(true),
    };
    await commands[m.command]();
  }
}
