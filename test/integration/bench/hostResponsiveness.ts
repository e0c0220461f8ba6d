// extensionTestsPath module of `npm run bench:host` (scripts/vscode/run-bench-host.ts), bundled to
// out/integration/bench.js: outside suite/, so the integration suite never loads it. It measures
// how long the extension host's event loop is blocked while DeployLens analyzes a workspace of
// ~200 models, in phases: the startup scan (until whenIdle()); a first write of an unrelated
// workspace setting, measured apart because VS Code then activates its own JSON, TypeScript,
// Emmet and configuration-editing extensions in this host (100–250 ms of module loading that
// would otherwise be charged to the next phase); a switch of deploylens.target that re-analyzes
// every model; and an idle baseline (the floor: timer jitter and the host's own work).
// A benchmark, not a test: run() rejects only when the measurement itself cannot be made.
//
// Two probes per phase: monitorEventLoopDelay (resolution 10 ms) samples the loop from libuv, and
// a 10 ms setInterval records the longest gap between two of its ticks as the JS side sees it,
// with the time each long gap ended (to match it against a CPU profile). Both report the whole
// interval between timer callbacks, so an idle loop reads about 10 ms, not 0.
// With DEPLOYLENS_BENCH_PROFILE=DIR a CPU profile of each phase (and of each big model's text view
// and hovers) goes to DIR (the profiler adds overhead: profile runs are for finding the cause, not
// for the numbers).
//
// Next to the partition panel's first paint, VS Code's floor for a webview panel: a page with the
// model panels' options and HTML shell whose script only posts 'ready' (and without the stylesheets,
// not retained when hidden, with no editor open), so that the report separates VS Code's cost from ours.
//
// Results go to the JSON file named by DEPLOYLENS_BENCH_RESULTS (the runner's server environment,
// inherited by the extension host), as index.ts does for the suite.

import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { buildWebviewHtml, webviewResourceRoots } from '../../../src/extension/webviews/webviewHtml';

const EXTENSION_ID = 'deploylens.deploylens';
const PROBE_MS = 10;
/** Gaps above this are listed individually (when they happened within the phase). */
const LONG_GAP_MS = 50;
const BASELINE_MS = 3000;
const SWITCH_TARGET = 'coral-edgetpu';
const WARMUP_PHASE = 'first settings write (VS Code only)';
const MODEL_PATH = /\.(onnx|tflite)$/i;

interface DeployLensApi {
  whenIdle(): Promise<void>;
  onDidAnalyze: vscode.Event<{ uri: vscode.Uri; ok: boolean }>;
  onDidReceivePanelMessage: vscode.Event<{ viewType: string; uri: string; message: unknown; at: number }>;
}

/** One editor-view measurement on a big model (issue 16): what, on which model, how long. */
export interface ViewTiming {
  model: string;
  what: string;
  ms: number;
  note?: string;
}

export interface PhaseResult {
  name: string;
  /** What the phase exercises: DeployLens's work, VS Code's own (the warm-up), or nothing (the floor). */
  kind: 'deploylens' | 'vscode' | 'baseline';
  wallMs: number;
  /** Distinct model files whose diagnostics changed during the phase (an empty set counts too). */
  modelsPublished: number;
  /** Model files carrying at least one DeployLens diagnostic at the end of the phase. */
  modelsWithDiagnostics: number;
  loopDelay: { maxMs: number; p99Ms: number; p50Ms: number; meanMs: number; samples: number };
  /** Heap of the extension host at the end of the phase (results and rendered text views are kept). */
  heapUsedMB: number;
  probe: { longestGapMs: number; longestGapAtMs: number; ticks: number; longGaps: { atMs: number; gapMs: number }[] };
  profile?: string;
}

export interface BenchResult {
  hostUptimeAtStartS: number;
  activeBeforeBench: boolean;
  modelFiles: number;
  phases: PhaseResult[];
  views: ViewTiming[];
}

/** One phase's probes: started together, stopped together. */
class Monitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: PROBE_MS });
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();
  private last = this.started;
  private ticks = 0;
  private longest = 0;
  private longestAt = 0;
  private readonly longGaps: { atMs: number; gapMs: number }[] = [];

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => {
      const now = performance.now();
      const gap = now - this.last;
      this.last = now;
      this.ticks++;
      if (gap > this.longest) {
        this.longest = gap;
        this.longestAt = now - this.started;
      }
      if (gap > LONG_GAP_MS) this.longGaps.push({ atMs: round(now - this.started), gapMs: round(gap) });
    }, PROBE_MS);
  }

  stop(): Pick<PhaseResult, 'wallMs' | 'loopDelay' | 'probe' | 'heapUsedMB'> {
    // the stretch since the last tick counts too: a block right before stop() would be missed
    const tail = performance.now() - this.last;
    if (tail > this.longest) {
      this.longest = tail;
      this.longestAt = performance.now() - this.started;
    }
    clearInterval(this.timer);
    this.histogram.disable();
    const h = this.histogram;
    const ms = (ns: number) => round(ns / 1e6);
    return {
      wallMs: round(performance.now() - this.started),
      heapUsedMB: round(process.memoryUsage().heapUsed / 1e6),
      loopDelay: { maxMs: ms(h.max), p99Ms: ms(h.percentile(99)), p50Ms: ms(h.percentile(50)), meanMs: ms(h.mean), samples: h.count },
      probe: {
        longestGapMs: round(this.longest), longestGapAtMs: round(this.longestAt), ticks: this.ticks,
        longGaps: [...this.longGaps].sort((a, b) => b.gapMs - a.gapMs).slice(0, 15),
      },
    };
  }
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** Optional CPU profile of one phase (DEPLOYLENS_BENCH_PROFILE=DIR). */
class Profile {
  private readonly session = new inspector.Session();

  private constructor(private readonly file: string) {}

  static async start(name: string): Promise<Profile | undefined> {
    const dir = process.env.DEPLOYLENS_BENCH_PROFILE;
    if (!dir) return undefined;
    fs.mkdirSync(dir, { recursive: true });
    const p = new Profile(path.join(dir, `${name}.cpuprofile`));
    p.session.connect();
    await p.post('Profiler.enable', {});
    await p.post('Profiler.setSamplingInterval', { interval: 500 });
    await p.post('Profiler.start', {});
    return p;
  }

  async stop(): Promise<string> {
    const r = await this.post('Profiler.stop', {}) as { profile: unknown };
    this.session.disconnect();
    fs.writeFileSync(this.file, JSON.stringify(r.profile));
    return this.file;
  }

  private post(method: string, params: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  }
}

/** Model URIs whose diagnostics change while it listens (VS Code batches the events). */
class PublishCounter {
  readonly uris = new Set<string>();
  private readonly sub = vscode.languages.onDidChangeDiagnostics((e) => {
    for (const uri of e.uris) if (MODEL_PATH.test(uri.path)) this.uris.add(uri.toString());
  });

  dispose(): number {
    this.sub.dispose();
    return this.uris.size;
  }
}

function modelsWithDiagnostics(): number {
  return vscode.languages.getDiagnostics()
    .filter(([uri, ds]) => MODEL_PATH.test(uri.path) && ds.some((d) => d.source === 'DeployLens')).length;
}

async function phase(name: string, kind: PhaseResult['kind'], work: () => Promise<void>): Promise<PhaseResult> {
  const counter = new PublishCounter();
  const profile = await Profile.start(name);
  const monitor = new Monitor();
  await work();
  const measured = monitor.stop();
  const profileFile = await profile?.stop();
  // diagnostics reach listeners in debounced batches: give the last batch time to arrive
  await new Promise((r) => setTimeout(r, 300));
  const result: PhaseResult = { name, kind, ...measured, modelsPublished: counter.dispose(), modelsWithDiagnostics: modelsWithDiagnostics() };
  if (profileFile) result.profile = profileFile;
  console.log(`bench-host: ${name}: ${result.wallMs} ms, ${result.modelsPublished} models published, ` +
    `loop delay max ${result.loopDelay.maxMs} ms, longest probe gap ${result.probe.longestGapMs} ms`);
  return result;
}

/** Writes a workspace setting and returns once this host has seen the change. */
async function updateSetting(section: string, key: string, value: unknown): Promise<void> {
  // The change event can reach the host after update() resolves; the extension registered its
  // listener at activation, so once ours fires a re-analysis is queued and whenIdle() covers it.
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${section}.${key}`)) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
  await changed;
}

export async function run(): Promise<void> {
  // VS Code activates workspaceContains extensions before it loads this module: record how long the
  // host has been up and whether the extension was already active, since the startup phase below
  // starts measuring here and not at activation.
  const hostUptimeAtStartS = round(process.uptime());
  const ext = vscode.extensions.getExtension<DeployLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const activeBeforeBench = ext.isActive;
  let api: DeployLensApi | undefined;
  const phases: PhaseResult[] = [];

  phases.push(await phase('startup scan', 'deploylens', async () => {
    api = await ext.activate();
    await api.whenIdle();
  }));
  if (!api) throw new Error('activate() returned no API');
  const idleApi = api;
  // DeployLens ignores this setting; the phase shows what VS Code's first settings write costs
  phases.push(await phase(WARMUP_PHASE, 'vscode', async () => {
    await updateSetting('files', 'insertFinalNewline', true);
    await new Promise((r) => setTimeout(r, 1000)); // the extensions it activates settle
    await idleApi.whenIdle();
  }));
  phases.push(await phase(`target switch to ${SWITCH_TARGET}`, 'deploylens', async () => {
    await updateSetting('deploylens', 'target', SWITCH_TARGET);
    await idleApi.whenIdle();
  }));
  phases.push(await phase('idle baseline', 'baseline', () => new Promise((r) => setTimeout(r, BASELINE_MS))));

  const views = await editorViews(idleApi, ext);

  const modelFiles = (await vscode.workspace.findFiles('**/*.{onnx,tflite}', '**/node_modules/**')).length;
  const result: BenchResult = { hostUptimeAtStartS, activeBeforeBench, modelFiles, phases, views };
  const out = process.env.DEPLOYLENS_BENCH_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 1));
  else console.log(JSON.stringify(result, null, 1));
}

// ---------------------------------------------------------------------------------------------
// Editor views on big models (issue 16): the workspace's big/ folder holds vit_b_16.onnx and the
// generated 10,000-node decoder when the runner found them (out/bench-models). Times are taken in
// this host: from the analysis result (onDidAnalyze) or the command to the page's 'painted' log,
// which the page posts after the frame that shows the result (webview/shared/vscodeApi.ts).

const OVERVIEW = 'deploylens.modelOverview';
const PARTITIONS = 'deploylens.partitions';

/** Resolves with the host time of the next 'painted' log from a page of `viewType` on `uri` (and the log's text in `log`). */
function nextPaint(api: DeployLensApi, viewType: string, uri: vscode.Uri, timeoutMs = 120_000, log?: { text?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no paint of ${viewType} for ${uri.path} within ${timeoutMs} ms`)); }, timeoutMs);
    const sub = api.onDidReceivePanelMessage((e) => {
      const m = e.message as { type?: string; message?: string };
      if (e.viewType === viewType && e.uri === uri.toString() && m.type === 'log' && m.message?.startsWith('painted ')) {
        clearTimeout(timer);
        sub.dispose();
        if (log) log.text = m.message;
        resolve(e.at);
      }
    });
  });
}

function nextAnalysis(api: DeployLensApi, uri: vscode.Uri): Promise<number> {
  return new Promise((resolve) => {
    const sub = api.onDidAnalyze((r) => {
      if (r.uri.toString() === uri.toString()) {
        sub.dispose();
        resolve(performance.now());
      }
    });
  });
}

/** With DEPLOYLENS_BENCH_SHOTS the runner screenshots the window now (run-bench-host.ts): hold still for it. */
async function shot(name: string): Promise<void> {
  if (!process.env.DEPLOYLENS_BENCH_SHOTS) return;
  await new Promise((r) => setTimeout(r, 1500));
  console.log(`bench-host: shoot ${name}`);
  await new Promise((r) => setTimeout(r, 2500));
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await new Promise((r) => setTimeout(r, 300));
}

/** The last message of `type` the host posted to the overview on `uri` (debug record of the panel host). */
async function lastPosted(uri: vscode.Uri, type: string): Promise<unknown> {
  const states = await vscode.commands.executeCommand<{ viewType: string; uri: string; posted: Record<string, unknown> }[]>('deploylens.internal.panelState', OVERVIEW);
  return states.find((s) => s.uri === uri.toString())?.posted[type];
}

async function hoverMs(doc: vscode.TextDocument, line: number): Promise<{ ms: number; table: boolean }> {
  const t0 = performance.now();
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2));
  const ms = performance.now() - t0;
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  return { ms, table: text.includes('| target | support |') };
}

/**
 * VS Code's own part of a first hover: the same text as a plain untitled document with a hover
 * provider that answers at once, hovered at once after it shows, as the text view's first hover is.
 */
async function hoverFloor(text: string, line: number): Promise<Omit<ViewTiming, 'model'>> {
  const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
  const provider = vscode.languages.registerHoverProvider({ scheme: 'untitled', language: 'plaintext' }, {
    provideHover: (d) => (d === doc ? new vscode.Hover('| target | support |') : undefined),
  });
  try {
    await vscode.window.showTextDocument(doc, { preview: false });
    const floor = await hoverMs(doc, line);
    return { what: "hover: VS Code's floor (same text, plain document, instant provider, at once after it shows)", ms: floor.ms };
  } finally {
    provider.dispose();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

async function editorViews(api: DeployLensApi, ext: vscode.Extension<DeployLensApi>): Promise<ViewTiming[]> {
  const out: ViewTiming[] = [];
  const add = (t: ViewTiming) => {
    out.push({ ...t, ms: round(t.ms) });
    console.log(`bench-host: ${t.model}: ${t.what}: ${round(t.ms)} ms${t.note ? ` (${t.note})` : ''}`);
  };
  const big = await vscode.workspace.findFiles('big/**/*.onnx');
  const vit = big.find((u) => u.path.endsWith('vit_b_16.onnx'));
  const decoder = big.find((u) => u.path.includes('decoder'));
  if (!vit && !decoder) console.log('bench-host: no big models in the workspace (out/bench-models: run npm run bench first); editor views not measured');
  for (const uri of [vit, decoder].filter((u): u is vscode.Uri => u !== undefined)) {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    await closeAll();
    // Cold open of the overview on the analysis the startup scan cached.
    let t0 = performance.now();
    let painted = nextPaint(api, OVERVIEW, uri);
    await vscode.commands.executeCommand('vscode.openWith', uri, OVERVIEW);
    add({ model: name, what: 'overview: open → painted (cached analysis, new webview)', ms: (await painted) - t0 });
    // Before the re-analysis below, so that its timings (and the text view's after it) are not the shot's.
    await shot(`${name}-overview`);
    // Re-analysis with the overview open (the file is re-exported): from the result to the paint.
    painted = nextPaint(api, OVERVIEW, uri);
    const analyzed = nextAnalysis(api, uri);
    const now = new Date();
    fs.utimesSync(uri.fsPath, now, now);
    const tDone = await analyzed;
    const tPaint = await painted;
    const loading = await lastPosted(uri, 'loading') as { progress?: { stage: string } } | undefined;
    add({ model: name, what: 'overview: analysis finished → painted', ms: tPaint - tDone, note: loading?.progress ? `progress shown before (last stage '${loading.progress.stage}')` : 'no progress message before' });
    // The model as text and its hovers.
    let profile = await Profile.start(`${name}-text-view`);
    t0 = performance.now();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('deploylens.openModelAsText', uri);
    add({ model: name, what: 'text view: command → shown', ms: performance.now() - t0 });
    await shot(`${name}-text-view`);
    await profile?.stop();
    const doc = editor?.document ?? vscode.window.activeTextEditor?.document;
    profile = await Profile.start(`${name}-hovers`);
    if (doc) {
      const line = Array.from({ length: doc.lineCount }, (_, i) => i).find((i) => /^\s*\S.* = \w+\(/.test(doc.lineAt(i).text)) ?? 0;
      // At once after the view shows: VS Code is still taking in the new document then (its outline,
      // tokens, layout), which delays the request's arrival here; the floor below shows how much.
      const first = await hoverMs(doc, line);
      add({ model: name, what: 'hover: first (at once after the text view shows)', ms: first.ms, note: first.table ? 'with the 16-target table' : 'active target only; the table was still being computed' });
      const deadline = performance.now() + 60_000;
      let later = await hoverMs(doc, line + 1);
      while (!later.table && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        later = await hoverMs(doc, line + 1);
      }
      add({ model: name, what: 'hover: from the cached analysis', ms: later.ms, note: later.table ? 'with the 16-target table' : 'table not ready after 60 s' });
      // The outline as VS Code asks for it on every open of the view: its symbols are converted and
      // sent across, so their number is part of what a big model's text view costs.
      t0 = performance.now();
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      const outlineMs = performance.now() - t0;
      let count = 0;
      const walk = (xs: readonly vscode.DocumentSymbol[]) => xs.forEach((x) => { count++; walk(x.children ?? []); });
      walk(symbols ?? []);
      add({ model: name, what: 'outline: request → symbols (cached analysis)', ms: outlineMs, note: `${count} symbols` });
      add({ model: name, ...await hoverFloor(doc.getText(), line) });
      // A user's first hover comes no sooner than editor.hover.delay (300 ms by default) after the
      // view shows: the same hover on a re-opened text view, that long after it shows.
      await closeAll();
      await vscode.commands.executeCommand('deploylens.openModelAsText', uri);
      await new Promise((r) => setTimeout(r, 300));
      const delayed = await hoverMs(doc, line + 2);
      add({ model: name, what: 'hover: first on a re-opened text view, 300 ms after it shows', ms: delayed.ms, note: delayed.table ? 'with the 16-target table' : 'active target only; the table was still being computed' });
    }
    if (profile) console.log(`bench-host: profile ${await profile.stop()}`);
    // VS Code's floor for a webview panel, in the state the partition panel opens in (this text view
    // open and active): what no page of ours can beat, and what each of the panel's options costs.
    const floorRoot = webviewFloorRoot(ext.extensionUri);
    const floorWith = (what: string, o: FloorOptions) => webviewFloor(floorRoot, o).then((ms) => add({ model: name, what: `webview panel floor: command → page script ready${what}`, ms }));
    await floorWith('', { retain: true, styles: PARTITION_STYLES });
    await floorWith(' (no stylesheets)', { retain: true, styles: [] });
    await floorWith(' (not retained when hidden)', { retain: false, styles: PARTITION_STYLES });
    // The partition panel's first paint (chains collapsed).
    profile = await Profile.start(`${name}-partitions`);
    t0 = performance.now();
    const paintLog: { text?: string } = {};
    painted = nextPaint(api, PARTITIONS, uri, 120_000, paintLog);
    // When the page's script ran (its `ready`): the rest of the first paint is the report and the drawing.
    let readyAt = NaN;
    const readySub = api.onDidReceivePanelMessage((e) => {
      if (e.viewType === PARTITIONS && (e.message as { type?: string }).type === 'ready' && Number.isNaN(readyAt)) readyAt = e.at;
    });
    await vscode.commands.executeCommand('deploylens.showPartitions', uri);
    try {
      const at = await painted;
      readySub.dispose();
      const waited = / \((\d+ kB) of report parts in\)/.exec(paintLog.text ?? '')?.[1];
      add({ model: name, what: 'partition panel: command → first paint', ms: at - t0, note: `page script ready after ${round(readyAt - t0)} ms${waited ? `; ${waited} of report parts in` : ''}` });
      await shot(`${name}-partitions`);
    } catch (e) {
      add({ model: name, what: 'partition panel: command → first paint', ms: NaN, note: (e as Error).message });
    }
    await profile?.stop();
    // The floor with no editor open (nothing to split: the panel gets the whole editor area).
    await closeAll();
    await floorWith(' (no editor open)', { retain: true, styles: PARTITION_STYLES });
  }
  await closeAll();
  return out;
}

// ---------------------------------------------------------------------------------------------
// VS Code's floor for a webview panel: the model panels' options and HTML shell (modelPanel.ts,
// webviewHtml.ts: CSP with a nonce, the stylesheets, the "Loading…" body) with a script that only
// posts 'ready', served from a folder laid out like the extension's (dist/webview, media).

const PARTITION_STYLES = ['partitions.css', 'moduleTree.css'];

interface FloorOptions {
  retain: boolean;
  styles: string[];
}

function webviewFloorRoot(extensionUri: vscode.Uri): vscode.Uri {
  const root = path.join(extensionUri.fsPath, 'out', 'bench-floor');
  fs.mkdirSync(path.join(root, 'dist', 'webview'), { recursive: true });
  fs.mkdirSync(path.join(root, 'media'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', 'webview', 'floor.js'), "acquireVsCodeApi().postMessage({ type: 'ready' });\n");
  for (const s of PARTITION_STYLES) fs.copyFileSync(path.join(extensionUri.fsPath, 'media', s), path.join(root, 'media', s));
  return vscode.Uri.file(root);
}

/** Milliseconds from createWebviewPanel to the page's 'ready' message in this host; the panel is closed after. */
async function webviewFloor(root: vscode.Uri, o: FloorOptions): Promise<number> {
  const t0 = performance.now();
  const panel = vscode.window.createWebviewPanel('deploylens.benchFloor', 'Floor',
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: o.retain, localResourceRoots: webviewResourceRoots(root) });
  try {
    const ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the floor page sent no ready within 60 s')), 60_000);
      panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m?.type !== 'ready') return;
        clearTimeout(timer);
        resolve(performance.now());
      });
    });
    panel.webview.html = buildWebviewHtml(panel.webview, root, { script: 'floor', styles: o.styles, title: 'Floor' });
    return (await ready) - t0;
  } finally {
    panel.dispose();
    await new Promise((r) => setTimeout(r, 500));
  }
}
