// DeployLens: Profile Layers — runs an ONNX model in ONNX Runtime (in its child process, never in
// the extension host: src/processes/ort/client.ts) and shows per-kernel times over the runs, the
// original nodes each fused kernel covers, the latency distribution and the static estimate on the
// panel's target beside them; runs a TFLite model in TensorFlow Lite Micro itself (WebAssembly in
// its worker thread: src/processes/tflm) with the same table, labelled as wall-clock shares on this
// machine, not device cycles — or loads `benchmark_model --enable_op_profiling=true` output from the
// device. A model panel (modelPanel.ts: follow or pin, target choice, restore after reload);
// this file is its session — the profile runs — and its command (runnerPanel.ts: trust gate,
// the shared ORT client). Page: webview/layerTiming/main.ts; messages: webview/layerTiming/protocol.ts.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { layerTimingModules } from '../../core/layerTiming/layerTimingModules';
import type { ModuleTree } from '../../core/modules/moduleTree';
import type { LayerTiming } from '../../core/layerTiming/layerTiming';
import { layerTimingCsv } from '../../core/layerTiming/layerTiming';
import { benchmarkToLayerTiming } from '../../core/layerTiming/tfliteBenchmark';
import { OrtClient } from '../../processes/ort/client';
import type { OrtProgress } from '../../processes/ort/protocol';
import { TflmClient } from '../../processes/tflm/client';
import { timeLayersInTflm, timingKernels } from '../../jobs/tflmLayerTiming';
import { isCancelled } from '../../processes/rpc/processError';
import { errorText } from '../../core/util/errorText';
import { fileNameOf, modelFormatOfUri } from '../activeModel';
import { timeLayers } from '../../jobs/layerTiming';
import { ortCpuTarget, ortMemoryEstimate, type OrtMemoryEstimate } from '../../jobs/ortBudget';
import { isLayerTimingWebviewMessage, type LayerTimingHostMessage, type LayerTimingSettings, type LayerTimingWebviewMessage } from '../../../webview/layerTiming/protocol';
import type { ModelPanelServices } from './modelPanel';
import type { PanelChange, PanelSession, PanelSessionContext } from './panelSession';
import { registerRunnerPanel, untrustedReason } from './runnerPanel';

export const LAYER_TIMING_VIEW_TYPE = 'deploylens.profile';
export const PROFILE_LAYERS_COMMAND = 'deploylens.profileLayers';
const UNTRUSTED = untrustedReason('Profiling');
const UNTRUSTED_TFLM = 'Profiling runs the model in TensorFlow Lite Micro, which needs a trusted workspace. Trust this folder to use it (static analysis keeps working).';

/** The runtimes the panel runs models in, each started on first use and stopped with the extension. */
class Runtimes implements vscode.Disposable {
  private ortClient: OrtClient | null = null;
  private tflmClient: TflmClient | null = null;

  constructor(private readonly dist: vscode.Uri, private readonly log: (m: string) => void) {}

  ort(): OrtClient {
    return this.ortClient ??= new OrtClient({ hostScript: vscode.Uri.joinPath(this.dist, 'ortHost.js').fsPath, log: this.log });
  }

  tflm(): TflmClient {
    return this.tflmClient ??= new TflmClient({ workerScript: vscode.Uri.joinPath(this.dist, 'tflmWorker.js').fsPath, log: { info: this.log, error: this.log } });
  }

  dispose(): void {
    this.ortClient?.dispose();
    this.tflmClient?.dispose();
  }
}

const isTflite = (uri: vscode.Uri): boolean => modelFormatOfUri(uri) === 'tflite';

class LayerTimingSession implements PanelSession {
  private running: AbortController | null = null;
  private last: { profile: LayerTiming; source: 'onnxruntime' | 'benchmark_model' | 'tflm'; modules: ModuleTree } | null = null;

  /** `testPaths`: exportCsv may name its file (integration tests only; a page never picks where the host writes). */
  constructor(
    private readonly ctx: PanelSessionContext,
    private readonly runtimes: () => Runtimes,
    private readonly testPaths: boolean,
    /** The model's memory estimate on ONNX Runtime, from the analysis workers (never computed on this thread). */
    private readonly estimate: (uri: vscode.Uri) => Promise<OrtMemoryEstimate | null>,
    private readonly toolLog: NonNullable<ModelPanelServices['analysis']['toolLog']>,
  ) {}

  receive(m: unknown): Promise<void> | null {
    return isLayerTimingWebviewMessage(m) ? this.handle(m) : null;
  }

  update(change: PanelChange): void {
    if (change === 'model') {
      this.running?.abort();
      this.last = null;
      this.post({ type: 'cleared' });
    }
    // The measured times do not depend on the target; only the static column does, and the
    // profile names the target it was computed for, so a target change keeps it.
    this.post({ type: 'runner', format: isTflite(this.ctx.uri()) ? 'tflite' : 'onnx', trusted: vscode.workspace.isTrusted });
    if (change === 'ready' && this.last) this.post({ type: 'profile', ...this.last });
  }

  dispose(): void {
    this.running?.abort();
  }

  private post(m: LayerTimingHostMessage): void {
    this.ctx.post(m);
  }

  private async handle(m: LayerTimingWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'cancel': this.running?.abort(); return;
      case 'run': await this.run(m.settings); return;
      case 'exportCsv': await this.exportCsv(m.path); return;
      case 'loadBenchmark': await this.loadBenchmark(m.text); return;
    }
  }

  private async run(settings: LayerTimingSettings): Promise<void> {
    const uri = this.ctx.uri();
    if (!vscode.workspace.isTrusted) { this.post({ type: 'failed', error: isTflite(uri) ? UNTRUSTED_TFLM : UNTRUSTED, cancelled: false }); return; }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    try {
      this.post({ type: 'progress', message: 'Analyzing the model…' });
      const report = await this.ctx.report();
      const tflite = isTflite(uri);
      const kernels = timingKernels(this.ctx.target());
      const memoryEstimate = tflite ? null : await this.estimate(uri);
      this.post({ type: 'progress', message: `Running ${settings.warmup} warm-up + ${settings.runs} runs in ${tflite ? `TensorFlow Lite Micro (${kernels} kernels, WebAssembly)` : 'ONNX Runtime'}…` });
      // Where the run is, as the ORT child reports it (a ViT profile takes half a minute): at most 4 updates a second.
      const started = performance.now();
      let lastPost = 0;
      const onProgress = (p: OrtProgress): void => {
        const now = performance.now();
        if (now - lastPost < 250 && p.done !== p.total) return;
        lastPost = now;
        const elapsed = `${((now - started) / 1000).toFixed(1)} s`;
        this.post({ type: 'progress', message: p.phase === 'session' ? `Creating the ONNX Runtime session (optimizing the graph)… ${elapsed}`
          : p.phase === 'warmup' ? `Warm-up run ${p.done + 1} of ${p.total}… ${elapsed}`
            : p.done < p.total ? `Measured run ${p.done + 1} of ${p.total}… ${elapsed}` : `Mapping the kernels onto the model… ${elapsed}`, fraction: p.phase === 'session' ? 0 : p.phase === 'warmup' ? 0.05 : 0.1 + 0.9 * (p.done / p.total) });
      };
      const profile = tflite
        ? await timeLayersInTflm(this.runtimes().tflm(), { model: uri.fsPath, runs: settings.runs, warmup: settings.warmup, kernels, report }, { signal: controller.signal, timeoutMs: 10 * 60_000 })
        : await timeLayers(this.runtimes().ort(), { model: uri.fsPath, runs: settings.runs, warmup: settings.warmup, threads: settings.threads, optimization: settings.optimization, report, memoryEstimate },
          { signal: controller.signal, timeoutMs: 10 * 60_000, onProgress });
      if (this.running !== controller || uri.toString() !== this.ctx.uri().toString()) return;
      profile.model = fileNameOf(uri);
      this.last = { profile, source: tflite ? 'tflm' : 'onnxruntime', modules: layerTimingModules(profile) };
      this.post({ type: 'profile', ...this.last });
    } catch (e) {
      const cancelled = isCancelled(e) || controller.signal.aborted;
      if (!cancelled) this.ctx.log.error(`profiling ${uri.fsPath} failed: ${errorText(e)}`);
      // A run aborted because the panel moved to another model has nothing to say there.
      if (uri.toString() === this.ctx.uri().toString()) this.post({ type: 'failed', error: cancelled ? 'Cancelled.' : errorText(e), cancelled });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  private async loadBenchmark(text: string | undefined): Promise<void> {
    const uri = this.ctx.uri();
    try {
      let file = '';
      if (text === undefined) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Load benchmark_model output', filters: { 'Text': ['txt', 'log'], 'All files': ['*'] } });
        if (!picked?.[0]) return;
        file = picked[0].fsPath;
      }
      // Read (a regular file, bounded) and parsed by the script worker, not on this thread.
      const { benchmark } = await this.toolLog({ kind: 'benchmark', file, ...(text !== undefined ? { text } : {}) });
      const profile = benchmarkToLayerTiming(fileNameOf(uri), benchmark!, await this.ctx.report());
      this.last = { profile, source: 'benchmark_model', modules: layerTimingModules(profile) };
      this.post({ type: 'profile', ...this.last });
    } catch (e) {
      this.post({ type: 'failed', error: errorText(e), cancelled: false });
    }
  }

  private async exportCsv(path: string | undefined): Promise<void> {
    if (!this.last) { this.post({ type: 'failed', error: 'Run a profile first.', cancelled: false }); return; }
    if (path !== undefined && !this.testPaths) { this.ctx.log.warn(`${LAYER_TIMING_VIEW_TYPE}: ignored a CSV path named by the page`); path = undefined; }
    let file = path;
    if (!file) {
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(this.ctx.uri().fsPath.replace(/\.(onnx|tflite)$/i, '') + '.profile.csv'), filters: { CSV: ['csv'] }, saveLabel: 'Export CSV' });
      if (!uri) return;
      file = uri.fsPath;
    }
    fs.writeFileSync(file, layerTimingCsv(this.last.profile));
    this.post({ type: 'exported', path: file });
  }
}

export function registerLayerTimingPanel(context: vscode.ExtensionContext, services: ModelPanelServices): vscode.Disposable[] {
  return registerRunnerPanel(context, services, {
    kind: { viewType: LAYER_TIMING_VIEW_TYPE, title: 'Profile', script: 'layerTiming', styles: ['layerTiming.css', 'moduleTree.css'] },
    command: PROFILE_LAYERS_COMMAND,
    what: 'Profiling',
    client: () => new Runtimes(vscode.Uri.joinPath(context.extensionUri, 'dist'), (m) => services.log.info(m)),
    session: (ctx, runtimes) => new LayerTimingSession(ctx, runtimes, context.extensionMode === vscode.ExtensionMode.Test, async (uri) => {
      const r = await services.analysis.compare(uri, [ortCpuTarget()]);
      return r.ok ? ortMemoryEstimate(r.report) : null;
    }, (request) => services.analysis.toolLog?.(request) ?? Promise.reject(new Error('benchmark_model output cannot be read here'))),
  });
}
