// DeployLens: Quantization Preview — per-layer weight SQNR (per tensor vs per channel), size FP32 →
// FP16 → INT8, and on request (Build & Compare) calibration, the QDQ INT8 model judged on the
// panel's target (ops it has no kernel for stay float and are listed; on INT8-only targets their
// float islands are errors) and FP32 vs INT8 in ONNX Runtime. A model panel (modelPanel.ts: follow
// or pin, target choice, restore after reload) of ONNX models; this file is its session and its
// command (runnerPanel.ts: trust gate, the shared worker). The heavy work runs in a worker thread
// (src/processes/quantize/main.ts), ORT only in its child process, never in the extension host.
// Page: webview/quantize/main.ts; messages: webview/quantize/protocol.ts.
//
// A .tflite model has been through its converter: the panel does not quantize it but compares an
// int8 model with the float model it came from (src/jobs/tfliteQuantizePanel.ts), both run in
// TensorFlow Lite Micro in its worker thread (as Profile Layers runs TFLite models). The open file's
// role (int8 or float) comes from its analysis (src/core/quantize/tflitePreview.ts); the user picks
// the other side once per model, remembered in workspace state.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QuantizePreviewResult } from '../../core/quantize/result';
import type { TfliteQuantizeComparison } from '../../core/quantize/tfliteAgreement';
import { partnerCandidates, partnerRole, tfliteRole, type TfliteRole } from '../../core/quantize/tflitePreview';
import { timingKernels } from '../../jobs/tflmLayerTiming';
import { runPanelComparison } from '../../jobs/tfliteQuantizePanel';
import { tflmSettings } from '../tflmService';
import { QuantizeClient } from '../../processes/quantize/client';
import { TflmClient } from '../../processes/tflm/client';
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
const isTflite = (uri: vscode.Uri): boolean => modelFormatOfUri(uri) === 'tflite';
/** Workspace state: the partner picked for each .tflite model (model URI → partner URI). */
const PARTNER_KEY = 'deploylens.quantize.tflitePartners';
const UNTRUSTED_TFLM = 'Comparing TFLite models runs both in TensorFlow Lite Micro, which needs a trusted workspace. Trust this folder to use it (static analysis keeps working).';

/** The runtimes the panel runs models in, each started on first use and stopped with the extension. */
class QuantizeRuntimes implements vscode.Disposable {
  private quantizeClient: QuantizeClient | null = null;
  private tflmClient: TflmClient | null = null;

  constructor(private readonly dist: vscode.Uri, private readonly log: (m: string) => void) {}

  quantizer(): QuantizeClient {
    return this.quantizeClient ??= new QuantizeClient(vscode.Uri.joinPath(this.dist, 'quantizeWorker.js').fsPath, vscode.Uri.joinPath(this.dist, 'ortHost.js').fsPath);
  }

  tflm(): TflmClient {
    return this.tflmClient ??= new TflmClient({ workerScript: vscode.Uri.joinPath(this.dist, 'tflmWorker.js').fsPath, log: { info: this.log, error: this.log } });
  }

  dispose(): void {
    this.quantizeClient?.dispose();
    this.tflmClient?.dispose();
  }
}

class QuantizeSession implements PanelSession {
  private running: AbortController | null = null;
  /** The last build: its result, and its job id in the worker, which keeps the INT8 bytes for Save. */
  private last: { result: QuantizePreviewResult; options: QuantizeOptionsMessage; job: number } | null = null;
  private calibrationDir: string | null = null;
  /** Bumped on each model change, so weights of a model the panel left are not shown. */
  private generation = 0;

  /** The open .tflite model's role, once its analysis said it (null: not read yet, or not a .tflite). */
  private role: TfliteRole | null = null;

  /** `testPaths`: pickTflitePartner may name its file (integration tests only; a page never picks what the host opens). */
  constructor(
    private readonly ctx: PanelSessionContext,
    private readonly runtimes: () => QuantizeRuntimes,
    private readonly workspaceState: vscode.Memento,
    private readonly testPaths: boolean,
  ) {}

  private quantizer(): QuantizeClient {
    return this.runtimes().quantizer();
  }

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
    this.lastTflite = null;
  }

  private lastTflite: { uri: string; comparison: TfliteQuantizeComparison } | null = null;

  private sendModel(): void {
    const uri = this.ctx.uri();
    const generation = ++this.generation;
    if (isTflite(uri)) { this.sendTflite(uri, generation); return; }
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
        if (isTflite(this.ctx.uri())) return; // a .tflite is not quantized here: its page never sends build
        await this.build(m.options);
        return;
      case 'pickTflitePartner':
        await this.pickPartner(m.path);
        return;
      case 'compareTflite':
        await this.compareTflite();
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

  // ---- .tflite models: the int8 model against its float reference, both in TFLite Micro ----

  private partners(): Record<string, string> {
    const v = this.workspaceState.get<unknown>(PARTNER_KEY);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, string> : {};
  }

  private partnerOf(uri: vscode.Uri): vscode.Uri | null {
    const p = this.partners()[uri.toString()];
    return typeof p === 'string' ? vscode.Uri.parse(p) : null;
  }

  private postTflite(uri: vscode.Uri, error?: string): void {
    const partner = this.partnerOf(uri);
    this.post({ type: 'tflite', fileName: fileNameOf(uri), role: this.role, partner: partner ? fileNameOf(partner) : null, trusted: vscode.workspace.isTrusted, ...(error ? { error } : {}) });
  }

  /** The role comes from the model's analysis (the analysis worker read the file, not this thread). */
  private sendTflite(uri: vscode.Uri, generation: number): void {
    this.role = null;
    this.postTflite(uri);
    this.ctx.report().then(
      (report) => {
        if (generation !== this.generation) return;
        this.role = tfliteRole(report);
        this.postTflite(uri);
        if (this.lastTflite?.uri === uri.toString()) this.post({ type: 'tfliteResult', comparison: this.lastTflite.comparison });
      },
      (e: unknown) => { if (generation === this.generation) this.postTflite(uri, `DeployLens could not read ${fileNameOf(uri)}: ${errorText(e)}`); },
    );
  }

  /** A quick pick of the workspace's other .tflite files, those named as the partner's precision first; a file chooser last. */
  private async pickPartner(testPath: string | undefined): Promise<void> {
    const uri = this.ctx.uri();
    const role = this.role;
    if (!isTflite(uri) || !role) return;
    if (testPath !== undefined && !this.testPaths) { this.ctx.log.warn(`${QUANTIZE_VIEW_TYPE}: ignored a partner path named by the page`); testPath = undefined; }
    const want = partnerRole(role);
    let picked: vscode.Uri | undefined = testPath !== undefined ? vscode.Uri.file(testPath) : undefined;
    if (!picked) {
      const files = await vscode.workspace.findFiles('**/*.tflite', '**/node_modules/**', 2000);
      const byPath = new Map(files.map((f) => [f.fsPath, f]));
      const candidates = partnerCandidates(uri.fsPath, role, files.map((f) => f.fsPath));
      type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
      const items: Item[] = candidates.map((c) => ({
        label: path.basename(c.file),
        description: vscode.workspace.asRelativePath(c.file),
        ...(c.namedAsPartner ? { detail: `named as ${want === 'float' ? 'a float' : 'an int8'} model` } : {}),
        uri: byPath.get(c.file)!,
      }));
      items.push({ label: '$(folder-opened) Choose a file…', alwaysShow: true });
      const choice = await vscode.window.showQuickPick(items, {
        title: want === 'float' ? `The float reference of ${fileNameOf(uri)}` : `The int8 conversion of ${fileNameOf(uri)}`,
        placeHolder: want === 'float' ? 'The float .tflite this int8 model was converted from' : 'The int8 .tflite the TFLite converter made from this float model',
        matchOnDescription: true,
      });
      if (!choice) return;
      picked = choice.uri;
      if (!picked) {
        const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'TFLite models': ['tflite'] }, defaultUri: vscode.Uri.joinPath(uri, '..'), openLabel: want === 'float' ? 'Use as float reference' : 'Use as int8 model' });
        picked = chosen?.[0];
        if (!picked) return;
      }
    }
    if (picked.toString() === uri.toString()) { this.postTflite(uri, 'A model cannot be its own reference: pick the other file.'); return; }
    await this.workspaceState.update(PARTNER_KEY, { ...this.partners(), [uri.toString()]: picked.toString() });
    this.lastTflite = null;
    if (uri.toString() === this.ctx.uri().toString()) this.postTflite(uri);
  }

  private async compareTflite(): Promise<void> {
    const uri = this.ctx.uri();
    if (!isTflite(uri)) return;
    if (!vscode.workspace.isTrusted) { this.post({ type: 'failed', error: UNTRUSTED_TFLM, cancelled: false }); return; }
    const role = this.role;
    const partner = this.partnerOf(uri);
    if (!role || !partner) { this.post({ type: 'failed', error: role ? `Pick the ${partnerRole(role)} model first.` : 'The model has not been read yet.', cancelled: false }); return; }
    try {
      await vscode.workspace.fs.stat(partner);
    } catch {
      this.post({ type: 'failed', error: `${fileNameOf(partner)} is gone (moved or deleted): pick the ${partnerRole(role)} model again.`, cancelled: false });
      return;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    try {
      const answer = await runPanelComparison(this.runtimes().tflm(), { file: uri.fsPath, role, partner: partner.fsPath, kernels: timingKernels(this.ctx.target()) }, {
        signal: controller.signal, timeoutMs: tflmSettings(uri).timeoutSeconds * 1000,
        onProgress: (message, fraction) => { if (this.running === controller) this.post({ type: 'progress', message, fraction }); },
      });
      if (this.running !== controller || uri.toString() !== this.ctx.uri().toString()) return;
      if (answer.ok) {
        this.lastTflite = { uri: uri.toString(), comparison: answer.comparison };
        this.post({ type: 'tfliteResult', comparison: answer.comparison });
      } else {
        if (!answer.cancelled) this.ctx.log.error(`TFLite comparison of ${uri.fsPath} with ${partner.fsPath} failed: ${answer.error}`);
        this.post({ type: 'failed', error: answer.error, cancelled: answer.cancelled });
      }
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
    kind: { viewType: QUANTIZE_VIEW_TYPE, title: 'Quantization', script: 'quantize', styles: ['quantize.css'], accepts: (uri) => isOnnx(uri) || isTflite(uri) },
    command: QUANTIZATION_PREVIEW_COMMAND,
    what: 'The quantization preview',
    refused: 'the quantization preview works on ONNX and TFLite models.',
    client: () => new QuantizeRuntimes(vscode.Uri.joinPath(context.extensionUri, 'dist'), (m) => services.log.info(m)),
    session: (ctx, runtimes) => new QuantizeSession(ctx, runtimes, context.workspaceState, context.extensionMode === vscode.ExtensionMode.Test),
  });
}
