// DeployLens: Quantization Preview — per-layer weight SQNR (per tensor vs per channel), size FP32 →
// FP16 → INT8, and on request (Build & Compare) calibration, the QDQ INT8 model judged on the
// panel's target (ops it has no kernel for stay float and are listed; on INT8-only targets their
// float islands are errors) and FP32 vs INT8 in ONNX Runtime. A model panel (modelPanel.ts: follow
// or pin, target choice, restore after reload) of ONNX models; this file is its session and its
// command (runnerPanel.ts: trust gate, the shared worker). The heavy work runs in a worker thread
// (src/processes/quantize/main.ts), ORT only in its child process, never in the extension host.
// Page: webview/quantize/main.ts; messages: webview/quantize/protocol.ts.

import * as vscode from 'vscode';
import type { QuantizePreviewResult } from '../../core/quantize/result';
import { QuantizeClient } from '../../processes/quantize/client';
import { isCancelled } from '../../processes/rpc/processError';
import { errorText } from '../../core/util/errorText';
import { fileNameOf, modelFormatOfUri } from '../activeModel';
import { isQuantizeWebviewMessage, type QuantizeHostMessage, type QuantizeOptionsMessage, type QuantizeWebviewMessage } from '../../../webview/quantize/protocol';
import type { ModelPanelServices } from './modelPanel';
import type { PanelChange, PanelSession, PanelSessionContext } from './panelSession';
import { registerRunnerPanel, untrustedReason } from './runnerPanel';
import { offerInt8Comparison } from '../compare/compareOffers';

export const QUANTIZE_VIEW_TYPE = 'deploylens.quantize';
export const QUANTIZATION_PREVIEW_COMMAND = 'deploylens.quantizationPreview';

const isOnnx = (uri: vscode.Uri): boolean => modelFormatOfUri(uri) === 'onnx';

class QuantizeSession implements PanelSession {
  private running: AbortController | null = null;
  /** The last build: its result, and its job id in the worker, which keeps the INT8 bytes for Save. */
  private last: { result: QuantizePreviewResult; options: QuantizeOptionsMessage; job: number } | null = null;
  private calibrationDir: string | null = null;
  /** Bumped on each model change, so weights of a model the panel left are not shown. */
  private generation = 0;

  constructor(private readonly ctx: PanelSessionContext, private readonly quantizer: () => QuantizeClient) {}

  receive(m: unknown): Promise<void> | null {
    return isQuantizeWebviewMessage(m) ? this.handle(m) : null;
  }

  update(change: PanelChange): void {
    if (change === 'model') {
      this.running?.abort();
      this.forgetBuild();
    }
    // A target change keeps the last build on screen: the page says which target it was judged on.
    if (change === 'ready' || change === 'model' || change === 'trust') this.sendModel();
  }

  dispose(): void {
    this.running?.abort();
    this.forgetBuild();
  }

  private post(m: QuantizeHostMessage): void {
    this.ctx.post(m);
  }

  private forgetBuild(): void {
    if (this.last) this.quantizer().forget(this.last.job);
    this.last = null;
  }

  private sendModel(): void {
    const uri = this.ctx.uri();
    const generation = ++this.generation;
    const fileName = fileNameOf(uri);
    const trusted = vscode.workspace.isTrusted;
    // Weight SQNR is static (no model runs), so a restored panel shows it even before trust; Build needs trust.
    this.quantizer().weights(uri.fsPath).then(
      (weights) => { if (generation === this.generation) this.post({ type: 'weights', fileName, weights, trusted }); },
      (e: unknown) => { if (generation === this.generation) this.post({ type: 'weights', fileName, weights: null, trusted, error: errorText(e) }); },
    );
    this.post({ type: 'calibration', dir: this.calibrationDir });
    if (this.last) this.post({ type: 'result', result: this.last.result, perChannel: this.last.options.perChannel });
  }

  private async handle(m: QuantizeWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'cancel':
        this.running?.abort();
        return;
      case 'pickCalibration': {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use for calibration', defaultUri: vscode.Uri.joinPath(this.ctx.uri(), '..') });
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
          this.post({ type: 'failed', error: `Saving failed: ${errorText(e)}`, cancelled: false });
        }
        return;
    }
  }

  private async build(options: QuantizeOptionsMessage): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'failed', error: untrustedReason('The quantization preview'), cancelled: false });
      return;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const uri = this.ctx.uri();
    const target = this.ctx.target();
    try {
      const { result, job } = await this.quantizer().preview(uri.fsPath, {
        perChannel: options.perChannel, method: options.method, samples: options.samples, target,
        ...(this.calibrationDir ? { calibrationDir: this.calibrationDir } : {}),
      }, (message, fraction) => { if (this.running === controller) this.post({ type: 'progress', message, fraction }); }, controller.signal);
      if (this.running !== controller || uri.toString() !== this.ctx.uri().toString()) {
        this.quantizer().forget(job);
        return;
      }
      this.forgetBuild();
      this.last = { result, options, job };
      this.post({ type: 'result', result, perChannel: options.perChannel });
    } catch (e) {
      const cancelled = isCancelled(e) || controller.signal.aborted;
      if (!cancelled) this.ctx.log.error(`quantization preview of ${uri.fsPath} failed: ${errorText(e)}`);
      if (uri.toString() === this.ctx.uri().toString()) this.post({ type: 'failed', error: cancelled ? 'Cancelled.' : errorText(e), cancelled });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** Writes the last build's INT8 model: the worker kept its bytes, so nothing is calibrated or run again. */
  private async save(): Promise<void> {
    const last = this.last;
    if (!last) throw new Error('build the INT8 model first');
    const suggested = vscode.Uri.file(this.ctx.uri().fsPath.replace(/\.onnx$/i, '') + '.int8.onnx');
    const out = await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { ONNX: ['onnx'] }, saveLabel: 'Save INT8 model' });
    if (!out) return;
    const saved = await this.quantizer().save(last.job, out.fsPath);
    this.post({ type: 'saved', path: saved });
    offerInt8Comparison(this.ctx.uri(), vscode.Uri.file(saved), this.ctx.target().name);
  }
}

export function registerQuantizePanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  return registerRunnerPanel(context, services, {
    kind: { viewType: QUANTIZE_VIEW_TYPE, title: 'Quantization', script: 'quantize', styles: ['quantize.css'], accepts: isOnnx },
    command: QUANTIZATION_PREVIEW_COMMAND,
    what: 'The quantization preview',
    refused: 'the quantization preview works on ONNX models.',
    client: () => new QuantizeClient(
      vscode.Uri.joinPath(context.extensionUri, 'dist', 'quantizeWorker.js').fsPath,
      vscode.Uri.joinPath(context.extensionUri, 'dist', 'ortHost.js').fsPath,
    ),
    session: (ctx, quantizer) => new QuantizeSession(ctx, quantizer),
  });
}
