// DeployLens: Profile Layers — runs an ONNX model in ONNX Runtime (in its child process, never in
// the extension host: src/runtime/ortClient.ts) and shows per-kernel times over the runs, the
// original nodes each fused kernel covers, the latency distribution and the static estimate of
// the workspace target beside them; for TFLite models, loads `benchmark_model
// --enable_op_profiling=true` output instead. Running models needs a trusted workspace.
// Page: webview/profile/main.ts; messages: webview/profile/protocol.ts.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LayerProfile } from '../../core/profile/layerProfile';
import { layerProfileCsv } from '../../core/profile/layerProfile';
import { benchmarkToLayerProfile, parseBenchmarkOpProfile } from '../../core/profile/tfliteBenchmark';
import type { Report } from '../../core/report/report';
import { OrtCancelledError, OrtClient } from '../../runtime/ortClient';
import { profileModel } from '../../runtime/profileModel';
import { isProfileWebviewMessage, type ProfileHostMessage, type ProfileSettings, type ProfileWebviewMessage } from '../../../webview/profile/protocol';
import { pickModelFile } from '../pickModel';
import { activeModelUri } from '../statusBar';
import type { ModelPanelServices } from './modelPanel';
import { buildWebviewHtml, webviewResourceRoots } from './webviewHtml';

export const PROFILE_VIEW_TYPE = 'deploylens.profile';
export const PROFILE_LAYERS_COMMAND = 'deploylens.profileLayers';
const TITLE = 'Profile';
const UNTRUSTED = 'Profiling runs the model in ONNX Runtime, which needs a trusted workspace. Trust this folder to use it (static analysis keeps working).';

const fileNameOf = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);
const isTflite = (uri: vscode.Uri): boolean => uri.path.toLowerCase().endsWith('.tflite');

class ProfilePanel {
  readonly posted: Record<string, unknown> = {};
  readonly received: Record<string, unknown> = {};
  private running: AbortController | null = null;
  private last: LayerProfile | null = null;

  constructor(readonly panel: vscode.WebviewPanel, public uri: vscode.Uri, private readonly ort: () => OrtClient, private readonly services: ModelPanelServices) {
    panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m));
  }

  post(m: ProfileHostMessage): void {
    this.posted[m.type] = m;
    void this.panel.webview.postMessage(m);
  }

  async receive(m: unknown): Promise<void> {
    if (!isProfileWebviewMessage(m)) {
      this.services.log.warn(`${PROFILE_VIEW_TYPE}: dropped a malformed webview message`);
      return;
    }
    this.received[m.type] = m;
    await this.handle(m);
  }

  setModel(uri: vscode.Uri): void {
    this.running?.abort();
    this.uri = uri;
    this.last = null;
    this.panel.title = `${TITLE}: ${fileNameOf(uri)}`;
    this.sendModel();
  }

  dispose(): void { this.running?.abort(); }

  private sendModel(): void {
    this.post({ type: 'model', fileName: fileNameOf(this.uri), format: isTflite(this.uri) ? 'tflite' : 'onnx', trusted: vscode.workspace.isTrusted, targetId: this.services.targets.activeTarget(this.uri).id });
    if (this.last) this.post({ type: 'profile', profile: this.last, source: isTflite(this.uri) ? 'benchmark_model' : 'onnxruntime' });
  }

  private async report(): Promise<Report> {
    const r = await this.services.analysis.analyze(this.uri);
    if (!r.ok) throw new Error(r.error);
    return r.report;
  }

  private async handle(m: ProfileWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready': this.sendModel(); return;
      case 'cancel': this.running?.abort(); return;
      case 'run': await this.run(m.settings); return;
      case 'exportCsv': await this.exportCsv(m.path); return;
      case 'loadBenchmark': await this.loadBenchmark(m.text); return;
      case 'revealNode': await vscode.commands.executeCommand('deploylens.openModelAsText', this.uri, m.node); return;
    }
  }

  private async run(settings: ProfileSettings): Promise<void> {
    if (!vscode.workspace.isTrusted) { this.post({ type: 'failed', error: UNTRUSTED, cancelled: false }); return; }
    if (isTflite(this.uri)) { this.post({ type: 'failed', error: 'TFLite models are not run here: load the output of benchmark_model --enable_op_profiling=true.', cancelled: false }); return; }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const uri = this.uri;
    try {
      this.post({ type: 'progress', message: 'Analyzing the model…' });
      const report = await this.report();
      this.post({ type: 'progress', message: `Running ${settings.warmup} warm-up + ${settings.runs} runs in ONNX Runtime…` });
      const profile = await profileModel(this.ort(), { model: uri.fsPath, runs: settings.runs, warmup: settings.warmup, threads: settings.threads, optimization: settings.optimization, report },
        { signal: controller.signal, timeoutMs: 10 * 60_000 });
      if (this.running !== controller || uri.toString() !== this.uri.toString()) return;
      profile.model = fileNameOf(uri);
      this.last = profile;
      this.post({ type: 'profile', profile, source: 'onnxruntime' });
    } catch (e) {
      const cancelled = e instanceof OrtCancelledError || controller.signal.aborted;
      if (!cancelled) this.services.log.error(`profiling ${uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'failed', error: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e), cancelled });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  private async loadBenchmark(text: string | undefined): Promise<void> {
    try {
      if (text === undefined) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Load benchmark_model output', filters: { 'Text': ['txt', 'log'], 'All files': ['*'] } });
        if (!picked?.[0]) return;
        text = fs.readFileSync(picked[0].fsPath, 'utf8');
      }
      const profile = benchmarkToLayerProfile(fileNameOf(this.uri), parseBenchmarkOpProfile(text), await this.report());
      this.last = profile;
      this.post({ type: 'profile', profile, source: 'benchmark_model' });
    } catch (e) {
      this.post({ type: 'failed', error: e instanceof Error ? e.message : String(e), cancelled: false });
    }
  }

  private async exportCsv(path: string | undefined): Promise<void> {
    if (!this.last) { this.post({ type: 'failed', error: 'Run a profile first.', cancelled: false }); return; }
    let file = path;
    if (!file) {
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(this.uri.fsPath.replace(/\.(onnx|tflite)$/i, '') + '.profile.csv'), filters: { CSV: ['csv'] }, saveLabel: 'Export CSV' });
      if (!uri) return;
      file = uri.fsPath;
    }
    fs.writeFileSync(file, layerProfileCsv(this.last));
    this.post({ type: 'exported', path: file });
  }
}

export function registerProfilePanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  const panels = new Set<ProfilePanel>();
  let client: OrtClient | null = null;
  const ort = (): OrtClient => (client ??= new OrtClient({ hostScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'ortHost.js').fsPath, log: (m) => services.log.info(m) }));

  const show = (uri: vscode.Uri): void => {
    const existing = [...panels].find((p) => p.uri.toString() === uri.toString()) ?? [...panels][0];
    if (existing) {
      existing.setModel(uri);
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PROFILE_VIEW_TYPE, `${TITLE}: ${fileNameOf(uri)}`, vscode.ViewColumn.Beside,
      { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: true, localResourceRoots: webviewResourceRoots(context.extensionUri) });
    panel.webview.html = buildWebviewHtml(panel.webview, context.extensionUri, { script: 'profile', styles: ['profile.css'], title: TITLE });
    const p = new ProfilePanel(panel, uri, ort, services);
    panels.add(p);
    panel.onDidDispose(() => { panels.delete(p); p.dispose(); });
  };

  return [
    { dispose: () => { for (const p of [...panels]) p.panel.dispose(); client?.dispose(); } },
    vscode.commands.registerCommand(PROFILE_LAYERS_COMMAND, async (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(`DeployLens: ${UNTRUSTED}`, 'Manage Workspace Trust')
          .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
        return;
      }
      const uri = (arg instanceof vscode.Uri ? arg : undefined) ?? activeModelUri() ?? [...panels][0]?.uri ?? (await pickModelFile());
      if (uri) show(uri);
    }),
    // Tests: the panels' message records, and a message injected as if the page had posted it.
    vscode.commands.registerCommand('deploylens.internal.profileState', () =>
      [...panels].map((p) => ({ uri: p.uri.toString(), visible: p.panel.visible, posted: { ...p.posted }, received: { ...p.received } }))),
    vscode.commands.registerCommand('deploylens.internal.profileMessage', async (message: unknown, uri?: unknown) => {
      const p = [...panels].find((x) => typeof uri !== 'string' || x.uri.toString() === uri);
      if (!p) throw new Error('no open profile panel');
      await p.receive(message);
    }),
  ];
}
