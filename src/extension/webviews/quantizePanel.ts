// DeployLens: Quantization Preview — one webview panel per model: per-layer weight SQNR (per tensor
// vs per channel), size FP32 → FP16 → INT8, and on request (Build & Compare) calibration, the QDQ
// INT8 model and FP32 vs INT8 in ONNX Runtime. The heavy work runs in a worker thread
// (src/quantize/quantizeWorker.ts) and ORT only in its child process, never in the extension host.
// Running models needs a trusted workspace.
// Page: webview/quantize/main.ts; messages: webview/quantize/protocol.ts.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { QuantizePreviewResult } from '../../core/quantize/result';
import { QuantizeError, QuantizeWorkerClient } from '../../quantize/quantizeWorkerClient';
import { isQuantizeWebviewMessage, type QuantizeHostMessage, type QuantizeOptionsMessage, type QuantizeWebviewMessage } from '../../../webview/quantize/protocol';
import { pickModelFile } from '../pickModel';
import { activeModelUri } from '../statusBar';
import { buildWebviewHtml, webviewResourceRoots } from './webviewHtml';

export const QUANTIZE_VIEW_TYPE = 'deploylens.quantize';
const TITLE = 'Quantization';

interface Log { info(m: string): void; warn(m: string): void; error(m: string): void }

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

class QuantizePanel {
  readonly posted: Record<string, unknown> = {};
  readonly received: Record<string, unknown> = {};
  private running: AbortController | null = null;
  private last: { result: QuantizePreviewResult; options: QuantizeOptionsMessage } | null = null;
  private calibrationDir: string | null = null;

  constructor(readonly panel: vscode.WebviewPanel, public uri: vscode.Uri, private readonly quantizer: () => QuantizeWorkerClient, private readonly log: Log) {
    panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m));
  }

  post(m: QuantizeHostMessage): void {
    this.posted[m.type] = m;
    void this.panel.webview.postMessage(m);
  }

  async receive(m: unknown): Promise<void> {
    if (!isQuantizeWebviewMessage(m)) {
      this.log.warn(`${QUANTIZE_VIEW_TYPE}: dropped a malformed webview message`);
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
    this.sendWeights();
  }

  dispose(): void {
    this.running?.abort();
  }

  private sendWeights(): void {
    const uri = this.uri;
    const fileName = fileNameOf(uri);
    this.quantizer().weights(uri.fsPath).then(
      (weights) => { if (uri.toString() === this.uri.toString()) this.post({ type: 'weights', fileName, weights }); },
      (e: unknown) => { if (uri.toString() === this.uri.toString()) this.post({ type: 'weights', fileName, weights: null, error: e instanceof Error ? e.message : String(e) }); },
    );
    this.post({ type: 'calibration', dir: this.calibrationDir });
    if (this.last) this.post({ type: 'result', result: this.last.result, perChannel: this.last.options.perChannel });
  }

  private async handle(m: QuantizeWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.sendWeights();
        return;
      case 'cancel':
        this.running?.abort();
        return;
      case 'pickCalibration': {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use for calibration', defaultUri: vscode.Uri.joinPath(this.uri, '..') });
        this.calibrationDir = picked?.[0]?.fsPath ?? null;
        this.post({ type: 'calibration', dir: this.calibrationDir });
        return;
      }
      case 'build':
        await this.build(m.options);
        return;
      case 'save':
        try {
          await this.save();
        } catch (e) {
          this.post({ type: 'failed', error: `Saving failed: ${e instanceof Error ? e.message : String(e)}`, cancelled: false });
        }
        return;
    }
  }

  private async build(options: QuantizeOptionsMessage): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'failed', error: 'Running models in ONNX Runtime needs a trusted workspace.', cancelled: false });
      return;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const uri = this.uri;
    try {
      const result = await this.quantizer().preview(uri.fsPath, {
        perChannel: options.perChannel, method: options.method, samples: options.samples,
        ...(options.calibrationDir ? { calibrationDir: options.calibrationDir } : {}),
      }, (message, fraction) => { if (this.running === controller) this.post({ type: 'progress', message, fraction }); }, controller.signal);
      if (this.running !== controller || uri.toString() !== this.uri.toString()) return;
      this.last = { result, options };
      this.post({ type: 'result', result, perChannel: options.perChannel });
    } catch (e) {
      const cancelled = (e instanceof QuantizeError && e.cancelled) || controller.signal.aborted;
      if (!cancelled) this.log.error(`quantization preview of ${uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'failed', error: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e), cancelled });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  private async save(): Promise<void> {
    if (!this.last) throw new Error('build the INT8 model first');
    const target = vscode.Uri.file(this.uri.fsPath.replace(/\.onnx$/i, '') + '.int8.onnx');
    const uri = await vscode.window.showSaveDialog({ defaultUri: target, filters: { ONNX: ['onnx'] }, saveLabel: 'Save INT8 model' });
    if (!uri) return;
    const o = this.last.options;
    // Re-run with `out`: the same deterministic calibration writes the same model.
    const result = await this.quantizer().preview(this.uri.fsPath, {
      perChannel: o.perChannel, method: o.method, samples: o.samples, ...(o.calibrationDir ? { calibrationDir: o.calibrationDir } : {}), out: uri.fsPath,
    }, () => undefined);
    if (result.saved && fs.existsSync(result.saved)) this.post({ type: 'saved', path: result.saved });
  }
}

export function registerQuantizePanel(context: vscode.ExtensionContext, log: Log): vscode.Disposable[] {
  const panels = new Set<QuantizePanel>();
  let client: QuantizeWorkerClient | null = null;
  const quantizer = (): QuantizeWorkerClient => (client ??= new QuantizeWorkerClient(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'quantizeWorker.js').fsPath,
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'ortHost.js').fsPath,
  ));

  const show = (uri: vscode.Uri): void => {
    const existing = [...panels].find((p) => p.uri.toString() === uri.toString()) ?? [...panels][0];
    if (existing) {
      existing.setModel(uri);
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(QUANTIZE_VIEW_TYPE, `${TITLE}: ${fileNameOf(uri)}`, vscode.ViewColumn.Beside,
      { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: true, localResourceRoots: webviewResourceRoots(context.extensionUri) });
    panel.webview.html = buildWebviewHtml(panel.webview, context.extensionUri, { script: 'quantize', styles: ['quantize.css'], title: TITLE });
    const p = new QuantizePanel(panel, uri, quantizer, log);
    panels.add(p);
    panel.onDidDispose(() => { panels.delete(p); p.dispose(); });
  };

  return [
    { dispose: () => { for (const p of [...panels]) p.panel.dispose(); client?.dispose(); } },
    vscode.commands.registerCommand('deploylens.quantizationPreview', async (arg?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('DeployLens: Quantization Preview runs the model in ONNX Runtime, which needs a trusted workspace. Trust this folder to use it (static analysis keeps working).', 'Manage Workspace Trust')
          .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
        return;
      }
      const uri = (arg instanceof vscode.Uri ? arg : undefined) ?? activeModelUri() ?? (await pickModelFile());
      if (!uri) return;
      if (!uri.path.toLowerCase().endsWith('.onnx')) {
        void vscode.window.showWarningMessage('DeployLens: the quantization preview works on ONNX models.');
        return;
      }
      show(uri);
    }),
    // Tests: the panels' message records, and a message injected as if the page had posted it.
    vscode.commands.registerCommand('deploylens.internal.quantizeState', () =>
      [...panels].map((p) => ({ uri: p.uri.toString(), visible: p.panel.visible, posted: { ...p.posted }, received: { ...p.received } }))),
    vscode.commands.registerCommand('deploylens.internal.quantizeMessage', async (message: unknown, uri?: unknown) => {
      const p = [...panels].find((x) => typeof uri !== 'string' || x.uri.toString() === uri);
      if (!p) throw new Error('no open quantization panel');
      await p.receive(message);
    }),
  ];
}
