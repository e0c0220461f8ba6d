// Background analysis of model files: debounced per file, bounded in concurrency, cached by file
// identity (mtime, size) + target + pinned dims, and run in the worker thread so the extension
// host never blocks. A newer request for a file supersedes an older one that has not finished.
// The real tools' answers are added after the report is out: a loaded edgetpu_compiler log at once
// (oracleService.ts), Vela when it finishes, TensorFlow Lite Micro's own arena and verdict when it
// has allocated the model (tflmService.ts) — each result is announced again, without `pending`;
// none holds the prediction back.
//
// Two phases per model: the verdict (everything but weight values) is announced as soon as it is
// there; the weight phase (sampled sparsity) runs afterwards, only when no verdict is waiting, is
// cancelled when the file or target changes, and re-announces the model only if it found something.
// While a model is analyzed, onDidProgress says which stage it is in (the overview shows it), and
// the model the user is looking at jumps the queue (prioritize).
//
// A third, for the model the user is looking at only (its editor, overview or text view): the
// per-node support table on every built-in target that its hovers show. It is computed in the
// worker right after the verdict, when no verdict waits, so that the first hover finds it ready
// instead of waiting for sixteen lowerings; a change of the file or target cancels it.

import { stat as fsStat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { BackgroundService } from './backgroundService';
import type { Report } from '../core/report/report';
import { reviseReport, unpackReport } from '../core/report/packedReport';
import type { ReportModuleTrees } from '../core/modules/moduleTree';
import type { TargetProfile } from '../core/targets/profile';
import type { AnalysisMethods, AnalyzeProgress, SupportRow } from '../processes/analysis/protocol';
import { READ_ERROR } from '../processes/analysis/protocol';
import { analysisStopped } from '../processes/analysis/client';
import type { FindingCode } from '../core/findings/catalog';
import type { Rpc } from '../processes/rpc/client';
import { isRemoteError } from '../processes/rpc/processError';
import { errorText } from '../core/util/errorText';
import { settings } from './config';
import { listBuiltinTargets } from '../core/targets/builtins';
import { activeModelUri } from './activeModel';
import { modelUriOf } from './modelText/modelTextUri';
import type { TargetService } from './targetService';
import type { OracleService } from './oracleService';
import type { TflmService } from './tflmService';
import { expectedSupportMs, type SupportProgress } from './supportProgress';

export type ModelAnalysisResult =
  /** `pending`: Vela is compiling the model, or TFLite Micro allocating it; the result is announced again with its answer. */
  /** `modules`: the worker's module trees of the verdict's report (findings as they were then: webviews/analysisPayload.ts applies the current ones). */
  | { uri: vscode.Uri; ok: true; report: Report; targetId: string; millis: number; pending?: 'vela' | 'tflm'; modules?: ReportModuleTrees }
  /** `code`: the finding the error is shown as (default read/invalid-model; limits/analysis-stopped when a budget stopped it). */
  | { uri: vscode.Uri; ok: false; error: string; targetId: string; code?: FindingCode };

const DEBOUNCE_MS = 250;

/** Where a model's analysis is, for the "analyzing…" state. */
export interface AnalysisProgress {
  uri: vscode.Uri;
  /** Models waiting ahead of this one in the queue (0: running or next). */
  queued: number;
  stage: AnalyzeProgress['stage'] | 'queued';
  fraction: number;
}

interface Entry {
  key: string;
  result: ModelAnalysisResult;
}

export class AnalysisService extends BackgroundService<ModelAnalysisResult> {
  private readonly results = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiting: vscode.Uri[] = [];
  private readonly queued = new Set<string>();
  private readonly generation = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<ModelAnalysisResult>>();
  private readonly matrices = new Map<string, Promise<SupportRow[] | null>>();
  /** How far each table of `matrices` being computed is (by the same key). */
  private readonly matrixProgress = new Map<string, SupportProgress>();
  /** Vela and TFLM runs in flight (they do not hold an analysis slot, but the service is not idle). */
  private oracleRuns = 0;
  /** Verdicts whose weight phase is still to run (low priority: after every waiting verdict). */
  private readonly weightQueue: vscode.Uri[] = [];
  private readonly weightAborts = new Map<string, AbortController>();
  /** Viewed models whose hover support table is to be computed (before any weight phase: a hover is near). */
  private readonly supportQueue: vscode.Uri[] = [];
  private readonly supportAborts = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly progressOf = new Map<string, AnalysisProgress>();
  private readonly progressed = new vscode.EventEmitter<AnalysisProgress>();
  readonly onDidProgress = this.progressed.event;

  constructor(
    private readonly worker: Rpc<AnalysisMethods>,
    private readonly targets: TargetService,
    private readonly log: vscode.LogOutputChannel,
    private readonly oracles?: OracleService,
    /** The workers' heap budget, for the message when a model goes over it. */
    private readonly memoryMb = settings().analysisMemoryMb,
    private readonly tflm?: TflmService,
  ) {
    super();
    // A model the user turns to (its overview or text view becomes the active tab) gets its hover table.
    this.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(() => {
      const uri = activeModelUri();
      if (uri) this.prefetchSupport(uri);
    }));
  }

  /** The latest result, if any. */
  get(uri: vscode.Uri): ModelAnalysisResult | undefined {
    return this.results.get(uri.toString())?.result;
  }

  all(): ModelAnalysisResult[] {
    return [...this.results.values()].map((e) => e.result);
  }

  /** Where the model's analysis is, while it is queued or running. */
  progress(uri: vscode.Uri): AnalysisProgress | undefined {
    const k = uri.toString();
    const p = this.progressOf.get(k);
    if (p) return p;
    const at = this.waiting.findIndex((u) => u.toString() === k);
    return at >= 0 ? { uri, queued: at, stage: 'queued', fraction: 0 } : undefined;
  }

  /** The model the user looks at goes first: a debounced or queued analysis of it starts now. */
  prioritize(uri: vscode.Uri): void {
    const k = uri.toString();
    const at = this.waiting.findIndex((u) => u.toString() === k);
    if (at > 0) this.waiting.unshift(...this.waiting.splice(at, 1));
    if (this.timers.has(k)) {
      clearTimeout(this.timers.get(k));
      this.timers.delete(k);
      if (!this.queued.has(k)) {
        this.queued.add(k);
        this.waiting.unshift(uri);
      }
    }
    this.pump();
  }

  /** Queue (debounced) a background analysis: watchers, startup scan, target change. */
  schedule(uri: vscode.Uri): void {
    const k = uri.toString();
    clearTimeout(this.timers.get(k));
    this.bump(k);
    this.timers.set(k, setTimeout(() => {
      this.timers.delete(k);
      this.enqueue(uri);
    }, DEBOUNCE_MS));
  }

  /** Analyze now (commands, editors): the cached result when the file and target are unchanged, unless forced. */
  async analyze(uri: vscode.Uri, options: { force?: boolean } = {}): Promise<ModelAnalysisResult> {
    const k = uri.toString();
    const key = await this.cacheKey(uri);
    const cached = this.results.get(k);
    if (!options.force && key && cached && cached.key === key) return cached.result;
    const running = this.inflight.get(k);
    if (running) return running;
    // Asked for now (an editor, a command): it leaves the scan queue and runs at once.
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    if (this.queued.delete(k)) this.waiting.splice(this.waiting.findIndex((u) => u.toString() === k), 1);
    this.bump(k);
    return this.run(uri);
  }

  /** Drop a deleted file: its result, pending work and (through onDidForget) its diagnostics. */
  forget(uri: vscode.Uri): void {
    const k = uri.toString();
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    this.bump(k);
    this.results.delete(k);
    this.forgotten.fire(uri);
    this.settle();
  }

  /** Re-analyze every known model (target or settings changed). */
  reanalyzeAll(): void {
    for (const e of this.results.values()) this.schedule(e.result.uri);
  }


  /**
   * Per-node support of a model on every given target, cached per model, analysis and targets. The
   * key is the cached analysis's (no stat, no await: a hover finds a ready table at once; a changed
   * file is re-analyzed, which makes a new key). A cancelled computation (signal: the file or target
   * changed) is not cached: the next ask starts one.
   */
  supportMatrix(uri: vscode.Uri, targets: TargetProfile[], signal?: AbortSignal): Promise<SupportRow[] | null> {
    const key = this.supportKey(uri, targets);
    // One request per target: each has the worker's time budget (sixteen lowerings of a 10,000-node
    // model in one request went over it under load, and the worker was stopped and restarted).
    const request = async (): Promise<SupportRow[]> => {
      const rows: SupportRow[] = [];
      const progress: SupportProgress = { started: performance.now(), done: 0, total: targets.length };
      if (key !== undefined) this.matrixProgress.set(key, progress);
      try {
        for (const target of targets) {
          const r = await this.worker.request('supportMatrix', { file: uri.fsPath, label: vscode.workspace.asRelativePath(uri), dims: settings(uri).dims, targets: [target] }, signal ? { signal } : {});
          rows.push(...r.rows);
          progress.done++;
        }
      } finally {
        if (key !== undefined && this.matrixProgress.get(key) === progress) this.matrixProgress.delete(key);
      }
      return rows;
    };
    if (key === undefined) return request().catch(() => null);
    let p = this.matrices.get(key);
    if (!p) {
      const rows: Promise<SupportRow[] | null> = request().catch((e: unknown) => {
        if (signal?.aborted) {
          if (this.matrices.get(key) === rows) this.matrices.delete(key);
        } else this.log.warn(`support table of ${vscode.workspace.asRelativePath(uri)} failed: ${errorText(e)}`);
        return null;
      });
      p = rows;
      this.matrices.set(key, p);
      if (this.matrices.size > 16) this.matrices.delete(this.matrices.keys().next().value!);
    }
    return p;
  }

  /**
   * Expected milliseconds until supportMatrix(uri, targets) has its table: 0 when it has (or is
   * about to), undefined when none is cached or being computed. A hover waits only for a table
   * that is about to be ready: on the decoder the table takes seconds, and every hover meanwhile
   * waited the whole HOVER_WAIT_MS for nothing.
   */
  supportMatrixExpectedMs(uri: vscode.Uri, targets: TargetProfile[]): number | undefined {
    const key = this.supportKey(uri, targets);
    if (key === undefined || !this.matrices.has(key)) return undefined;
    const progress = this.matrixProgress.get(key);
    return progress ? expectedSupportMs(progress, performance.now()) : 0;
  }

  private supportKey(uri: vscode.Uri, targets: TargetProfile[]): string | undefined {
    const analysis = this.results.get(uri.toString())?.key;
    return analysis === undefined ? undefined : `${uri.toString()}|${analysis}|${targets.map((t) => t.id).join(',')}`;
  }

  /**
   * Computes the hover support table of a model the user looks at, in the background after any
   * waiting verdict (until it is ready, the service is not idle: whenIdle() then means "hovers have it").
   */
  prefetchSupport(uri: vscode.Uri): void {
    const k = uri.toString();
    if (!this.get(uri)?.ok || this.supportAborts.has(k) || this.supportQueue.some((u) => u.toString() === k)) return;
    this.supportQueue.push(uri);
    this.pump();
  }

  /** A report judged on several targets at once (Compare Targets). */
  async compare(uri: vscode.Uri, targets: TargetProfile[]): Promise<ModelAnalysisResult> {
    const targetId = targets[0]?.id ?? '';
    try {
      const r = await this.worker.request('analyze', { file: uri.fsPath, label: vscode.workspace.asRelativePath(uri), dims: settings(uri).dims, targets });
      return { uri, ok: true, report: unpackReport(r.report), modules: r.modules, targetId, millis: r.millis };
    } catch (e) {
      const stopped = analysisStopped(e, { timeoutMs: settings(uri).analysisTimeoutMs, memoryMb: this.memoryMb });
      return { uri, ok: false, error: stopped ? `${vscode.workspace.asRelativePath(uri)}: ${stopped}` : errorText(e), targetId, ...(stopped ? { code: 'limits/analysis-stopped' as const } : {}) };
    }
  }

  /** A tool's output the user loads (benchmark_model), read and parsed by the script worker, never on this thread. */
  toolLog(request: AnalysisMethods['toolLog']['params']): Promise<AnalysisMethods['toolLog']['result']> {
    return this.worker.request('toolLog', request);
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const a of this.weightAborts.values()) a.abort();
    for (const a of this.supportAborts.values()) a.abort();
    for (const d of this.subscriptions) d.dispose();
    this.progressed.dispose();
    super.dispose();
  }

  private bump(k: string): number {
    const g = (this.generation.get(k) ?? 0) + 1;
    this.generation.set(k, g);
    // A newer analysis makes the running weight phase's findings and support table stale.
    this.weightAborts.get(k)?.abort();
    this.supportAborts.get(k)?.abort();
    return g;
  }

  private setProgress(p: AnalysisProgress | null, uri: vscode.Uri): void {
    if (p) {
      this.progressOf.set(uri.toString(), p);
      this.progressed.fire(p);
    } else this.progressOf.delete(uri.toString());
  }

  private enqueue(uri: vscode.Uri): void {
    const k = uri.toString();
    if (!this.queued.has(k)) {
      this.queued.add(k);
      this.waiting.push(uri);
    }
    this.pump();
  }

  private pump(): void {
    const max = settings().maxConcurrentAnalyses;
    while (this.running < max && this.waiting.length > 0) {
      const uri = this.waiting.shift()!;
      this.queued.delete(uri.toString());
      void this.run(uri);
    }
    // Support tables, then weight phases, only when no verdict waits, one at a time.
    if (this.running === 0 && this.waiting.length === 0 && this.supportQueue.length > 0) void this.runSupport(this.supportQueue.shift()!);
    else if (this.running === 0 && this.waiting.length === 0 && this.weightQueue.length > 0) void this.runWeights(this.weightQueue.shift()!);
    this.settle();
  }

  /** The hover support table of an analyzed model, into the cache supportMatrix() answers from. */
  private async runSupport(uri: vscode.Uri): Promise<void> {
    const k = uri.toString();
    if (!this.results.get(k)?.result.ok) return this.pump();
    const abort = new AbortController();
    this.supportAborts.set(k, abort);
    this.running++;
    try {
      const started = performance.now();
      const targets = listBuiltinTargets();
      const computed = !this.matrices.has(this.supportKey(uri, targets) ?? '');
      const rows = await this.supportMatrix(uri, targets, abort.signal);
      if (computed && rows && !abort.signal.aborted) this.log.info(`support table of ${vscode.workspace.asRelativePath(uri)} on ${rows.length} targets ready in ${(performance.now() - started).toFixed(1)} ms`);
    } finally {
      if (this.supportAborts.get(k) === abort) this.supportAborts.delete(k);
      this.running--;
      this.pump();
    }
  }

  /** Whether the user looks at this model: the active tab, or a visible text view of it. */
  private viewed(uri: vscode.Uri): boolean {
    const k = uri.toString();
    return activeModelUri()?.toString() === k || vscode.window.visibleTextEditors.some((e) => modelUriOf(e.document.uri)?.toString() === k);
  }

  /** The weight phase of an analyzed model: its findings are added to the cached report. */
  private async runWeights(uri: vscode.Uri): Promise<void> {
    const k = uri.toString();
    const entry = this.results.get(k);
    if (!entry?.result.ok) return this.pump();
    const generation = this.generation.get(k) ?? 0;
    const abort = new AbortController();
    this.weightAborts.set(k, abort);
    this.running++;
    try {
      const target = this.targets.activeTarget(uri);
      if (target.id !== entry.result.targetId) return;
      const r = await this.worker.request('weights', { file: uri.fsPath, label: vscode.workspace.asRelativePath(uri), dims: settings(uri).dims, targets: [target] }, { signal: abort.signal });
      // Added to the result as it is now (Vela's answer may have replaced the entry meanwhile).
      const now = this.results.get(k);
      if ((this.generation.get(k) ?? 0) !== generation || !now?.result.ok) return;
      this.log.info(`weight phase of ${vscode.workspace.asRelativePath(uri)}: ${r.diagnostics.length} finding(s), ${r.bytesRead} bytes sampled, ${r.millis.toFixed(1)} ms`);
      if (r.diagnostics.length > 0) {
        const report = reviseReport(now.result.report, { diagnostics: [...now.result.report.diagnostics, ...r.diagnostics] });
        const result: ModelAnalysisResult = { ...now.result, report };
        this.results.set(k, { key: now.key, result });
        this.analyzed.fire(result);
      }
    } catch (e) {
      if (!abort.signal.aborted) this.log.warn(`weight phase of ${vscode.workspace.asRelativePath(uri)} failed: ${errorText(e)}`);
    } finally {
      if (this.weightAborts.get(k) === abort) this.weightAborts.delete(k);
      this.running--;
      this.pump();
    }
  }

  private async cacheKey(uri: vscode.Uri): Promise<string | null> {
    try {
      // A file on this machine is stat-ed here: workspace.fs.stat asks the window (in a remote
      // window, over its connection), where it waited seconds behind a webview's report parts.
      const stat = uri.scheme === 'file' ? await fsStat(uri.fsPath).then((s) => ({ mtime: s.mtimeMs, size: s.size })) : await vscode.workspace.fs.stat(uri);
      return `${stat.mtime}:${stat.size}:${this.targets.activeTarget(uri).id}:${JSON.stringify(settings(uri).dims)}`;
    } catch {
      return null;
    }
  }

  private run(uri: vscode.Uri): Promise<ModelAnalysisResult> {
    const k = uri.toString();
    const generation = this.generation.get(k) ?? 0;
    this.running++;
    const task = (async (): Promise<ModelAnalysisResult> => {
      const target = this.targets.activeTarget(uri);
      const key = await this.cacheKey(uri);
      let result: ModelAnalysisResult;
      let later: 'vela' | 'tflm' | null = null;
      try {
        this.setProgress({ uri, queued: 0, stage: 'reading', fraction: 0 }, uri);
        const response = await this.worker.request('analyze', { file: uri.fsPath, label: vscode.workspace.asRelativePath(uri), dims: settings(uri).dims, targets: [target], weightPhase: false },
          { onProgress: (p) => { if ((this.generation.get(k) ?? 0) === generation) this.setProgress({ uri, queued: 0, ...p }, uri); } });
        let report = unpackReport(response.report);
        if (this.oracles) {
          report = await this.oracles.withEdgeTpuLog(uri, target, report);
          const plan = this.oracles.velaPlanned(uri, target);
          // An answer already cached is added now; a run is announced as pending and added when it ends.
          if (plan && target.vela && this.oracles.vela.peek(uri.fsPath, plan.command, target.vela)) report = await this.oracles.withVela(uri, target, report) ?? report;
          else if (plan !== null) later = 'vela';
        }
        if (this.tflm?.planned(uri, target)) {
          // The same for TFLite Micro: a cached answer now, a run announced as pending.
          if (this.tflm.cached(uri, target)) report = await this.tflm.withTflm(uri, target, report) ?? report;
          else later = 'tflm';
        }
        result = { uri, ok: true, report, modules: response.modules, targetId: target.id, millis: response.millis, ...(later ? { pending: later } : {}) };
        this.log.info(`analyzed ${vscode.workspace.asRelativePath(uri)} on ${target.id} in ${response.millis.toFixed(1)} ms${later === 'vela' ? '; Vela is compiling it' : later === 'tflm' ? '; TensorFlow Lite Micro is allocating it' : ''}`);
      } catch (e) {
        // Over the worker's time or memory budget: one clear error for this file; the others go on.
        const stopped = analysisStopped(e, { timeoutMs: settings(uri).analysisTimeoutMs, memoryMb: this.memoryMb });
        const message = stopped ? `${vscode.workspace.asRelativePath(uri)}: ${stopped}` : errorText(e);
        result = { uri, ok: false, error: message, targetId: target.id, ...(stopped ? { code: 'limits/analysis-stopped' as const } : {}) };
        if (isRemoteError(e, READ_ERROR) || stopped) this.log.warn(message);
        else this.log.error(message);
      }
      // A newer request for this file (edit, delete, target change) makes this result stale.
      const current = () => (this.generation.get(k) ?? 0) === generation;
      if (current()) {
        this.setProgress(null, uri);
        if (key !== null) this.results.set(k, { key, result });
        this.analyzed.fire(result);
        if (result.ok && !this.weightQueue.some((u) => u.toString() === k)) this.weightQueue.push(uri);
        if (result.ok && this.viewed(uri)) this.prefetchSupport(uri);
      }
      if (later && result.ok && current()) {
        const attach = later === 'vela' ? (r: Report) => this.oracles!.withVela(uri, target, r) : (r: Report) => this.tflm!.withTflm(uri, target, r);
        this.addLater(uri, result, key, current, attach);
      }
      return result;
    })();
    this.inflight.set(k, task);
    return task.finally(() => {
      if (this.inflight.get(k) === task) this.inflight.delete(k);
      this.running--;
      this.pump();
    });
  }

  /**
   * Vela's (or TFLM's) answer, when it arrives, replaces the pending result (unless a newer request
   * superseded it). It is added to the result as it is then — the weight phase may have added its
   * findings meanwhile — from the answer cache, so nothing runs twice.
   */
  private addLater(uri: vscode.Uri, result: Extract<ModelAnalysisResult, { ok: true }>, key: string | null, current: () => boolean, attach: (report: Report) => Promise<Report | null>): void {
    this.oracleRuns++;
    void attach(result.report).then(async (first) => {
      if (!current()) return;
      const now = this.results.get(uri.toString())?.result;
      const base = now?.ok ? now : result;
      const report = base === result ? first : await attach(base.report);
      if (!current()) return;
      const { pending: _pending, ...rest } = base;
      const done: ModelAnalysisResult = { ...rest, report: report ?? base.report };
      if (key !== null) this.results.set(uri.toString(), { key, result: done });
      this.analyzed.fire(done);
    }).finally(() => {
      this.oracleRuns--;
      this.settle();
    });
  }

  /** Idle once no verdict is debounced, queued or running and no Vela or TFLM runs (a weight phase may still be sampling). */
  protected isIdle(): boolean {
    return this.timers.size === 0 && this.waiting.length === 0 && this.running === this.weightAborts.size && this.oracleRuns === 0;
  }
}
