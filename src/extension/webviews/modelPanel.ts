// The host of every DeployLens model panel (Delegate Partitions, Memory Timeline, …): webview
// panels that open beside the editor and show one model's analysis.
//
// How a panel plugs in
// --------------------
// 1. Describe it with a ModelPanelKind: a viewType, a tab title, the bundle name (webview/<script>/main.ts
//    → dist/webview/<script>.js; add <script> to WEBVIEWS in scripts/build.mjs) and its stylesheets
//    under media/.
// 2. At activation: `registerModelPanel(context, kind, { analysis, targets, log }, commandId)` (the
//    panels and their command), or `ModelPanels.register(...)` and a command of your own that calls
//    `panels.show(uri)`.
//    Add `"onWebviewPanel:<viewType>"` to package.json `activationEvents`, so VS Code can restore the
//    panel after a reload.
// 3. The page speaks webview/shared/protocol.ts; webview/shared/modelPanelClient.ts does the common
//    part (ready, pin, target selectors, saving ModelPanelState for the serializer). The host sends:
//      panelState  — model, pin, target list and choices (first, and after each change)
//      loading     — an analysis started (keep the previous result visible)
//      analysis    — the model on the panel's target (AnalysisPayload)
//      comparison  — the model on the compare target, or null
//      response    — the answer to a revealNode / command request
//    and accepts ready, log, revealNode, command, pin, setTarget, setCompareTarget (validated by
//    isWebviewToHostMessage; anything else is dropped and logged).
//
// Behaviour every panel gets: it opens in ViewColumn.Beside; unpinned, it follows the model of the
// active editor (model file, overview, text view); pinned, it stays on its model. It updates live
// when the model is re-analyzed (file saved, workspace target changed) and when targets change.
// A panel's own target (setTarget) is analyzed with analysisService.compare([target]) so the
// workspace setting is left alone; null follows the workspace's target and its cached analysis.
// The last message of each type posted and received is recorded per panel for the integration tests
// (hidden commands deploylens.internal.panelState / deploylens.internal.panelMessage).
//
// The model overview is the same host in a custom editor (`editor: true`, overviewEditor.ts): VS Code
// creates its webview for a model file, so it stays on that file (no following, no serializer: the
// editor restores itself), keeps the tab title VS Code gives it, and re-analyzes when the file
// changes on disk even outside the workspace.
//
// Panels that run models (Profile Layers, Quantization Preview) add a session (panelSession.ts):
// their own messages and work, told when the page reloads or the model, target or trust changes;
// `accepts` limits which models such a panel follows (the quantization preview: ONNX and TFLite).

import * as vscode from 'vscode';
import type { Report, ReportDiagnostic } from '../../core/report/report';
import type { TargetProfile } from '../../core/targets/profile';
import type { HostToWebviewMessage, ModelPanelState, PanelTarget, WebviewCommand, WebviewRequest, WebviewToHostMessage } from '../../../webview/shared/protocol';
import { isWebviewToHostMessage, modelPanelStateOf } from '../../../webview/shared/protocol';
import { activeModelUri, fileNameOf, modelForCommand } from '../activeModel';
import { errorText } from '../../core/util/errorText';
import type { PanelChange, PanelSession, PanelSessionFactory } from './panelSession';
import { buildWebviewHtml, webviewOptions, webviewResourceRoots } from './webviewHtml';
import type { AnalysisProgress, AnalysisService, ModelAnalysisResult } from '../analysisService';
import { moduleSourcesOf, toPayload, type OutgoingPayload } from './analysisPayload';
import { siteOf } from '../python/moduleSources';
import { nodeCount, packedFormOf } from '../../core/report/packedReport';

export type { ModelAnalysisResult } from '../analysisService';

/** What panels need from the extension's services (AnalysisService, TargetService, the log). */
export interface ModelPanelServices {
  analysis: {
    analyze(uri: vscode.Uri, options?: { force?: boolean }): Promise<ModelAnalysisResult>;
    compare(uri: vscode.Uri, targets: TargetProfile[]): Promise<ModelAnalysisResult>;
    readonly onDidAnalyze: vscode.Event<ModelAnalysisResult>;
    /** Where a model's analysis is while it is queued or running (the pages' "analyzing…" state). */
    progress?(uri: vscode.Uri): AnalysisProgress | undefined;
    readonly onDidProgress?: vscode.Event<AnalysisProgress>;
    /** A tool's output read and parsed in the script worker (Profile Layers' benchmark_model output). */
    toolLog?: AnalysisService['toolLog'];
  };
  targets: {
    all(): TargetProfile[];
    get(id: string): TargetProfile | undefined;
    activeTarget(resource?: vscode.Uri): TargetProfile;
    readonly onDidChange: vscode.Event<void>;
  };
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
}

export interface ModelPanelKind {
  /** Webview panel type, e.g. deploylens.partitions (also the serializer's key). */
  viewType: string;
  /** Tab title: "<title>: model.onnx". */
  title: string;
  /** Bundle name: dist/webview/<script>.js. */
  script: string;
  /** Stylesheets under media/. */
  styles: string[];
  /** The panel's own messages and work (panels that run models). */
  session?: PanelSessionFactory;
  /** Models the panel can show (default: all); an unpinned panel does not follow others. */
  accepts?: (uri: vscode.Uri) => boolean;
  /** The webview of a custom editor (ModelPanels.registerEditor): fixed to its document. */
  editor?: boolean;
  /** Opened for one model and kept on it (pinned, never following the active editor): Compare Models. */
  fixed?: boolean;
  /**
   * The findings travel as a report part (bytes) rather than in the payload's head: for a page
   * that does not show them first (the partition graph reads a few to flag nodes). The head is
   * JSON through VS Code's message encoding; 6,000 findings of the 10k-node decoder made it 4 MB.
   */
  findingsAsPart?: boolean;
  /**
   * Report sections (part keys: 'order', 'partitions', 'memory', 'deployed.tensors', …) the page
   * never reads: they are not sent, and its assembled report lacks them.
   */
  unread?: readonly string[];
  /**
   * The findings the page reads (default: all); it is sent no others, and no finding groups (their
   * indices are into the whole list). The partition page flags nodes from one kind and lists none.
   */
  findings?: (d: ReportDiagnostic) => boolean;
  /** The page draws its first screen from the partition graph (core/report/partitionGraph.ts): sent first with each analysis. */
  partitionGraph?: boolean;
}

/** One panel's record for the tests: the last message of each type each way. */
export interface ModelPanelDebugState {
  viewType: string;
  uri: string;
  pinned: boolean;
  targetId: string | null;
  compareTargetId: string | null;
  visible: boolean;
  posted: Record<string, unknown>;
  received: Record<string, unknown>;
  /** Messages dropped by the validator. */
  dropped: number;
}

const live = new Set<ModelPanel>();

/** Every accepted page message, with its panel (the bench measures first paint from the pages' 'painted' log). */
export interface PanelMessageEvent { viewType: string; uri: string; message: unknown; at: number }
const panelMessages = new vscode.EventEmitter<PanelMessageEvent>();
export const onDidReceivePanelMessage = panelMessages.event;

/** All panels of one kind: creation, reuse, restore after reload. */
export class ModelPanels implements vscode.Disposable {
  private readonly panels = new Set<ModelPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  static register(context: vscode.ExtensionContext, kind: ModelPanelKind, services: ModelPanelServices): ModelPanels {
    const panels = new ModelPanels(context.extensionUri, kind, services);
    context.subscriptions.push(panels, vscode.window.registerWebviewPanelSerializer(kind.viewType, panels.serializer()));
    return panels;
  }

  /** A custom editor on this host: VS Code opens it for a model file and gives it its webview. */
  static registerEditor(context: vscode.ExtensionContext, kind: ModelPanelKind & { editor: true }, services: ModelPanelServices, options: { retainContextWhenHidden: boolean }): ModelPanels {
    const panels = new ModelPanels(context.extensionUri, kind, services);
    const provider: vscode.CustomReadonlyEditorProvider = {
      // The document is only its uri: the model's content lives in the analysis service.
      openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
      resolveCustomEditor: (document, panel) => {
        panel.webview.options = webviewOptions(context.extensionUri);
        panels.adopt(panel, { uri: document.uri.toString(), pinned: true, targetId: null, compareTargetId: null });
      },
    };
    context.subscriptions.push(panels, vscode.window.registerCustomEditorProvider(kind.viewType, provider,
      { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: options.retainContextWhenHidden } }));
    return panels;
  }

  constructor(private readonly extensionUri: vscode.Uri, readonly kind: ModelPanelKind, private readonly services: ModelPanelServices) {
    if (kind.editor || kind.fixed) return;
    // Unpinned panels follow the model the user looks at. Tab changes cover custom editors and
    // webviews too; the active group switching fires onDidChangeTabGroups. Only a change of the
    // active model counts: tab events that still report the old one (e.g. while show(uri) reveals
    // the panel for another model) must not pull the panel back.
    let lastActive = activeModelUri()?.toString();
    const follow = () => {
      const uri = activeModelUri();
      if (!uri || uri.toString() === lastActive) return;
      lastActive = uri.toString();
      if (!this.accepts(uri)) return;
      for (const p of this.panels) if (!p.pinned) p.setModel(uri);
    };
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs(follow),
      vscode.window.tabGroups.onDidChangeTabGroups(follow),
      vscode.window.onDidChangeActiveTextEditor(follow),
    );
  }

  /** Shows `uri` (or the active model): reveals a panel already on it, else reuses an unpinned one, else opens one. */
  show(uri: vscode.Uri, options: { preserveFocus?: boolean } = {}): ModelPanel {
    const key = uri.toString();
    const existing = [...this.panels].find((p) => p.uri.toString() === key) ?? [...this.panels].find((p) => !p.pinned && !this.kind.fixed);
    if (existing) {
      existing.setModel(uri);
      existing.panel.reveal(undefined, options.preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(this.kind.viewType, this.title(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      // Hidden panels keep their context: a laid-out graph is expensive to rebuild on every tab switch.
      { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: true, localResourceRoots: webviewResourceRoots(this.extensionUri) });
    return this.adopt(panel, { uri: key, pinned: this.kind.fixed === true, targetId: null, compareTargetId: null });
  }

  all(): readonly ModelPanel[] {
    return [...this.panels];
  }

  dispose(): void {
    for (const p of [...this.panels]) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  accepts(uri: vscode.Uri): boolean {
    return this.kind.accepts?.(uri) ?? true;
  }

  /** Tells every panel's session about a change (e.g. the workspace was trusted). */
  notify(change: PanelChange): void {
    for (const p of this.panels) p.session?.update(change);
  }

  title(uri: vscode.Uri): string {
    return `${this.kind.title}: ${fileNameOf(uri)}`;
  }

  private serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, saved: unknown) => {
        const state = modelPanelStateOf(saved) ?? this.fallbackState();
        if (!state) {
          // Nothing to show (no saved model, no active model): an empty panel would only confuse.
          panel.dispose();
          return Promise.resolve();
        }
        panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewResourceRoots(this.extensionUri) };
        this.adopt(panel, state);
        return Promise.resolve();
      },
    };
  }

  private fallbackState(): ModelPanelState | undefined {
    const uri = activeModelUri();
    return uri && this.accepts(uri) ? { uri: uri.toString(), pinned: false, targetId: null, compareTargetId: null } : undefined;
  }

  private adopt(panel: vscode.WebviewPanel, state: ModelPanelState): ModelPanel {
    const uri = vscode.Uri.parse(state.uri);
    const p = new ModelPanel(this, panel, uri, state, this.services);
    panel.webview.html = buildWebviewHtml(panel.webview, this.extensionUri, { script: this.kind.script, styles: this.kind.styles, title: this.title(uri) });
    this.panels.add(p);
    live.add(p);
    panel.onDidDispose(() => {
      this.panels.delete(p);
      live.delete(p);
      p.dispose();
    });
    return p;
  }
}

const RETARGET_DEBOUNCE_MS = 300;
/**
 * Report parts sent ahead of the page's acknowledgements: at least two (one being handled, one
 * waiting), more while they hold under MAX_BYTES_IN_FLIGHT. The window handles its messages in
 * order: this bounds how long anything else waits behind a report (~0.1 s), while a round trip per
 * 250 KB node page made a 15 MB report latency-bound.
 */
const MIN_PARTS_IN_FLIGHT = 2;
const MAX_BYTES_IN_FLIGHT = 2_000_000;
/** How long the stream waits for an acknowledgement before it looks at why none came. */
const PART_WAIT_MS = 1500;
const FILE_CHANGE_DEBOUNCE_MS = 400;

/** One open panel: its model, its choices, its latest results and its message handling. */
export class ModelPanel {
  uri: vscode.Uri;
  pinned: boolean;
  targetId: string | null;
  compareTargetId: string | null;
  private latest: ModelAnalysisResult | undefined;
  private latestComparison: ModelAnalysisResult | null = null;
  /** Bumped by every model/target change and result; an answer that returns after a newer one is dropped. */
  private generation = 0;
  private comparisonGeneration = 0;
  private disposed = false;
  /** Seq of the payload whose parts are being sent, per kind (0: none). */
  private readonly streaming: Record<'analysis' | 'comparison', number> = { analysis: 0, comparison: 0 };
  /** Parts the page acknowledged before the stream asked (`seq:index`), and the stream's waits. */
  private readonly partsTaken = new Set<string>();
  private readonly partWaiters = new Map<string, () => void>();
  /** The last payload of each kind whose parts were all posted, and its report's packed bytes (a revision reuses them). */
  private readonly delivered: Record<'analysis' | 'comparison', { seq: number; bytes: Uint8Array } | undefined> = { analysis: undefined, comparison: undefined };
  private readonly disposables: vscode.Disposable[] = [];
  private retargetTimer: NodeJS.Timeout | undefined;
  /** True between 'loading' and the result: progress goes to the page only then. */
  private loading = false;
  private readonly posted: Record<string, unknown> = {};
  private readonly received: Record<string, unknown> = {};
  private dropped = 0;
  readonly session: PanelSession | undefined;

  constructor(
    private readonly owner: ModelPanels,
    readonly panel: vscode.WebviewPanel,
    uri: vscode.Uri,
    state: ModelPanelState,
    private readonly services: ModelPanelServices,
  ) {
    this.uri = uri;
    this.pinned = state.pinned;
    this.targetId = state.targetId;
    this.compareTargetId = state.compareTargetId;
    if (!owner.kind.editor) panel.title = owner.title(uri);
    this.session = owner.kind.session?.({
      uri: () => this.uri,
      target: () => this.ownTarget() ?? services.targets.activeTarget(this.uri),
      report: () => this.report(),
      post: (m) => this.post(m),
      log: services.log,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      services.analysis.onDidAnalyze((r) => {
        if (r.uri.toString() !== this.uri.toString()) return;
        // Following the workspace target: this is our result. With an own target the file changed
        // (or the workspace target did): run our analysis again.
        if (!this.ownTarget()) this.deliver(r);
        else this.scheduleRefresh();
        if (this.compareTargetId) void this.refreshComparison();
      }),
      ...(services.analysis.onDidProgress ? [services.analysis.onDidProgress((p) => {
        if (this.loading && p.uri.toString() === this.uri.toString()) this.post({ type: 'loading', fileName: fileNameOf(this.uri), progress: { stage: p.stage, fraction: p.fraction, queued: p.queued } });
      })] : []),
      services.targets.onDidChange(() => {
        this.postState();
        this.session?.update('target');
        // Profiles may have been edited; panels following the workspace target get onDidAnalyze.
        if (this.ownTarget() || this.compareTargetId) this.scheduleRefresh();
      }),
    );
    if (owner.kind.editor) this.watchFile();
  }

  /**
   * An editor's model changed on disk (re-exported from training): analyze again. The workspace
   * watcher may schedule the same analysis (it debounces 250 ms); waiting a little longer lets
   * analyze() join that run or hit its cache instead of starting a second one. A model outside the
   * workspace or excluded by settings has only this watcher.
   */
  private watchFile(): void {
    const uri = this.uri;
    if (uri.scheme !== 'file') return;
    const slash = uri.path.lastIndexOf('/');
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(uri.with({ path: uri.path.slice(0, slash) || '/' }), uri.path.slice(slash + 1)),
      true, false, true,
    );
    let timer: NodeJS.Timeout | undefined;
    this.disposables.push(watcher, watcher.onDidChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void this.refresh(), FILE_CHANGE_DEBOUNCE_MS);
    }), { dispose: () => clearTimeout(timer) });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retargetTimer);
    for (const d of this.disposables) d.dispose();
    this.session?.dispose();
  }

  /** Switch to another model (following the active editor, or show()). */
  setModel(uri: vscode.Uri): void {
    if (uri.toString() === this.uri.toString()) return;
    this.uri = uri;
    this.latest = undefined;
    this.latestComparison = null;
    this.panel.title = this.owner.title(uri);
    this.postState();
    this.session?.update('model');
    void this.refresh();
  }

  /** Handle a message as if the page had posted it (tests); resolves with the response, if any. */
  async inject(m: unknown): Promise<HostToWebviewMessage | undefined> {
    return this.receive(m);
  }

  debugState(): ModelPanelDebugState {
    return {
      viewType: this.owner.kind.viewType, uri: this.uri.toString(), pinned: this.pinned, targetId: this.targetId,
      compareTargetId: this.compareTargetId, visible: this.panel.visible, posted: { ...this.posted }, received: { ...this.received }, dropped: this.dropped,
    };
  }

  private post(message: HostToWebviewMessage | { type: string }): void {
    if (this.disposed) return;
    this.posted[message.type] = message;
    void this.panel.webview.postMessage(message);
  }

  private targetList(): PanelTarget[] {
    return this.services.targets.all().map((t) => ({ id: t.id, name: t.name, ...(t.delegate ? { delegate: t.delegate } : {}) }));
  }

  private postState(): void {
    this.post({
      type: 'panelState', uri: this.uri.toString(), fileName: fileNameOf(this.uri), pinned: this.pinned, targets: this.targetList(),
      workspaceTargetId: this.services.targets.activeTarget(this.uri).id, targetId: this.targetId, compareTargetId: this.compareTargetId,
    });
  }

  /** The panel's own target profile, when it differs from the workspace's (else the cached analysis serves). */
  private ownTarget(): TargetProfile | undefined {
    if (!this.targetId || this.targetId === this.services.targets.activeTarget(this.uri).id) return undefined;
    return this.services.targets.get(this.targetId);
  }

  /** The model's report on the panel's target, for sessions: the latest result when it is that one. */
  private async report(): Promise<Report> {
    const uri = this.uri;
    const own = this.ownTarget();
    const targetId = own?.id ?? this.services.targets.activeTarget(uri).id;
    const l = this.latest;
    const r = l && l.uri.toString() === uri.toString() && l.targetId === targetId ? l
      : own ? await this.services.analysis.compare(uri, [own]) : await this.services.analysis.analyze(uri);
    if (!r.ok) throw new Error(r.error);
    return r.report;
  }

  private deliver(r: ModelAnalysisResult): void {
    this.generation++;
    this.latest = r;
    this.loading = false;
    this.send('analysis', r);
  }

  /**
   * An analysis (or comparison) result: the payload, then its report's parts one per macrotask, so
   * that the host stays responsive and the page can paint the head first. A newer result of the
   * same kind stops the parts of the older one.
   */
  private send(type: 'analysis' | 'comparison', r: ModelAnalysisResult | null): void {
    const bytes = r?.ok ? packedFormOf(r.report)?.bytes : undefined;
    const last = this.delivered[type];
    const reuse = bytes && last?.bytes === bytes ? last.seq : undefined;
    const kind = this.owner.kind;
    const out = r ? toPayload(r, {
      findingsAsPart: kind.findingsAsPart === true, ...(kind.unread ? { unread: kind.unread } : {}), ...(kind.findings ? { findings: kind.findings } : {}),
      // The comparison is drawn once it is whole (it only colors the boxes' second band).
      partitionGraph: kind.partitionGraph === true && type === 'analysis', ...(reuse !== undefined ? { reuse } : {}),
    }) : null;
    const seq = out?.payload.ok ? out.payload.parts?.seq ?? 0 : 0;
    this.streaming[type] = seq;
    this.delivered[type] = undefined;
    if (type === 'analysis') this.post({ type, payload: out!.payload });
    else this.post({ type, payload: out?.payload ?? null });
    // The debug record (integration tests) holds the payload as the page has it once its parts are in.
    if (r?.ok && out?.payload.ok && out.payload.parts) {
      const { parts: _parts, ...whole } = out.payload;
      this.posted[type] = { type, payload: { ...whole, report: r.report } };
    }
    if (out && out.parts.length > 0) void this.stream(type, seq, out.parts, bytes);
    else if (bytes && seq) this.delivered[type] = { seq, bytes };
  }

  private async stream(type: 'analysis' | 'comparison', seq: number, parts: OutgoingPayload['parts'], bytes: Uint8Array | undefined): Promise<void> {
    try {
      // Parts posted and not yet acknowledged by the page (PartReceivedMessage), and their bytes.
      const unacknowledged: { index: number; size: number }[] = [];
      let inFlight = 0;
      for (const [index, part] of parts.entries()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.disposed || this.streaming[type] !== seq) return;
        const message = part();
        const size = message.bytes?.byteLength ?? message.json?.length ?? 0;
        while (unacknowledged.length >= MIN_PARTS_IN_FLIGHT && inFlight + size > MAX_BYTES_IN_FLIGHT) {
          const oldest = unacknowledged.shift()!;
          inFlight -= oldest.size;
          // No answer: a page hidden without its context (it asks again with `ready` when shown) stops
          // here; a visible one goes on without acknowledgements.
          if (!(await this.partTaken(seq, oldest.index)) && !this.panel.visible) return;
          if (this.disposed || this.streaming[type] !== seq) return;
        }
        this.post(message);
        unacknowledged.push({ index, size });
        inFlight += size;
      }
      // Every part posted: a revision of this report can send its head alone (messages arrive in order).
      if (bytes) this.delivered[type] = { seq, bytes };
    } finally {
      // Acknowledgements of a finished stream are not kept (the last parts' are never waited for).
      if (this.streaming[type] === seq) this.streaming[type] = 0;
      for (const k of this.partsTaken) if (k.startsWith(`${seq}:`)) this.partsTaken.delete(k);
    }
  }

  /** Resolves true once the page has taken in part `index` of payload `seq`, false after PART_WAIT_MS without. */
  private partTaken(seq: number, index: number): Promise<boolean> {
    const k = `${seq}:${index}`;
    if (this.partsTaken.delete(k)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.partWaiters.delete(k);
        resolve(false);
      }, PART_WAIT_MS);
      this.partWaiters.set(k, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private scheduleRefresh(): void {
    clearTimeout(this.retargetTimer);
    this.retargetTimer = setTimeout(() => void this.refresh(), RETARGET_DEBOUNCE_MS);
  }

  private async refresh(force = false): Promise<void> {
    const generation = ++this.generation;
    const uri = this.uri;
    this.loading = true;
    const p = this.services.analysis.progress?.(uri);
    this.post({ type: 'loading', fileName: fileNameOf(uri), ...(p ? { progress: { stage: p.stage, fraction: p.fraction, queued: p.queued } } : {}) });
    const own = this.ownTarget();
    let r: ModelAnalysisResult;
    try {
      r = own ? await this.services.analysis.compare(uri, [own]) : await this.services.analysis.analyze(uri, { force });
    } catch (e) {
      // The service reports read errors as ok:false; anything thrown is a bug, but the page must still say so.
      r = { uri, ok: false, error: errorText(e), targetId: own?.id ?? this.services.targets.activeTarget(uri).id };
    }
    if (generation === this.generation && !this.disposed) this.deliver(r);
    await this.refreshComparison();
  }

  private async refreshComparison(): Promise<void> {
    const generation = ++this.comparisonGeneration;
    const uri = this.uri;
    const profile = this.compareTargetId ? this.services.targets.get(this.compareTargetId) : undefined;
    let r: ModelAnalysisResult | null = null;
    if (profile) {
      try {
        r = await this.services.analysis.compare(uri, [profile]);
      } catch (e) {
        r = { uri, ok: false, error: errorText(e), targetId: profile.id };
      }
    }
    if (generation !== this.comparisonGeneration || this.disposed || uri.toString() !== this.uri.toString()) return;
    this.latestComparison = r;
    this.send('comparison', r);
  }

  private async receive(m: unknown): Promise<HostToWebviewMessage | undefined> {
    if (!isWebviewToHostMessage(m)) {
      const own = this.session?.receive(m);
      if (own) {
        // Accepted by the session's validator, so it is an object with a string type.
        this.received[(m as { type: string }).type] = m;
        await own;
        return undefined;
      }
      this.dropped++;
      this.services.log.warn(`${this.owner.kind.viewType} ${this.uri.fsPath}: dropped a malformed webview message`);
      return undefined;
    }
    this.received[m.type] = m;
    panelMessages.fire({ viewType: this.owner.kind.viewType, uri: this.uri.toString(), message: m, at: performance.now() });
    return this.handle(m);
  }

  private async handle(m: WebviewToHostMessage): Promise<HostToWebviewMessage | undefined> {
    switch (m.type) {
      case 'ready':
        // A (re)loaded page: send what we have, analyze only the first time. It has no report to reuse.
        this.delivered.analysis = undefined;
        this.delivered.comparison = undefined;
        this.postState();
        this.session?.update('ready');
        if (this.latest) {
          this.send('analysis', this.latest);
          if (this.latestComparison) this.send('comparison', this.latestComparison);
        } else void this.refresh();
        return undefined;
      case 'log':
        this.services.log[m.level](`${this.owner.kind.viewType} webview: ${m.message}`);
        return undefined;
      case 'partReceived': {
        const k = `${m.seq}:${m.index}`;
        const waiter = this.partWaiters.get(k);
        this.partWaiters.delete(k);
        if (waiter) waiter();
        // Only parts of a payload being streamed are kept (the stream consumes them).
        else if (m.seq === this.streaming.analysis || m.seq === this.streaming.comparison) this.partsTaken.add(k);
        return undefined;
      }
      case 'pin':
        this.pinned = m.pinned;
        this.postState();
        return undefined;
      case 'setTarget':
        if (m.target !== null && !this.services.targets.get(m.target)) {
          this.services.log.warn(`${this.owner.kind.viewType}: unknown target ${m.target}`);
        } else if (m.target !== this.targetId) {
          this.targetId = m.target;
          this.session?.update('target');
          void this.refresh();
        }
        this.postState();
        return undefined;
      case 'setCompareTarget':
        if (m.target !== null && !this.services.targets.get(m.target)) {
          this.services.log.warn(`${this.owner.kind.viewType}: unknown compare target ${m.target}`);
        } else if (m.target !== this.compareTargetId) {
          this.compareTargetId = m.target;
          void this.refreshComparison();
        }
        this.postState();
        return undefined;
      case 'revealNode':
      case 'command':
      case 'openModuleSource':
        return this.answer(m);
    }
  }

  private async answer(m: WebviewRequest): Promise<HostToWebviewMessage> {
    let response: HostToWebviewMessage;
    try {
      await this.run(m);
      response = { type: 'response', id: m.id, ok: true };
    } catch (e) {
      const error = errorText(e);
      this.services.log.error(`${this.owner.kind.viewType} ${this.uri.fsPath}: ${m.type === 'command' ? m.command : m.type} failed: ${error}`);
      response = { type: 'response', id: m.id, ok: false, error };
    }
    this.post(response);
    return response;
  }

  private async run(m: WebviewRequest): Promise<void> {
    if (m.type === 'revealNode') {
      const nodes = this.latest?.ok ? nodeCount(this.latest.report) : 0;
      if (m.node >= nodes) throw new Error(`node ${m.node} does not exist (the model has ${nodes} nodes)`);
      await this.focusEditorSide();
      await vscode.commands.executeCommand('deploylens.openModelAsText', this.uri, m.node);
      return;
    }
    if (m.type === 'openModuleSource') {
      const sources = moduleSourcesOf(this.uri);
      const hit = sources && siteOf(sources, m.module);
      if (!sources || !hit) throw new Error(`no training script builds module ${m.module} (open the script that exports this model)`);
      await this.focusEditorSide();
      await vscode.window.showTextDocument(sources.script, { selection: new vscode.Range(hit.position, hit.position), preview: false });
      return;
    }
    const commands: Record<WebviewCommand, () => Thenable<unknown>> = {
      openAsText: async () => {
        await this.focusEditorSide();
        await vscode.commands.executeCommand('deploylens.openModelAsText', this.uri);
      },
      selectTarget: () => vscode.commands.executeCommand('deploylens.selectTarget', this.uri),
      compareTargets: () => vscode.commands.executeCommand('deploylens.compareTargets', this.uri),
      exportReport: () => vscode.commands.executeCommand('deploylens.exportReport', this.uri),
      reanalyze: () => this.refresh(true),
    };
    await commands[m.command]();
  }

  /**
   * The text view opens in the active group. The panel sits beside the editors, so when it is the
   * active one, move focus to the group on its left first: the text view then opens next to the
   * panel instead of covering it.
   */
  private async focusEditorSide(): Promise<void> {
    if (this.owner.kind.editor) return; // an editor is in the editor area already
    if (this.panel.active && (this.panel.viewColumn ?? 1) > 1) await vscode.commands.executeCommand('workbench.action.focusPreviousGroup');
  }
}

/**
 * A panel kind with its command (`deploylens.showPartitions(uri?)`, …): the model it is given, else
 * the active model, else the model an open panel of this kind shows (the panel itself is the active
 * tab then), else a pick.
 */
export function registerModelPanel(context: vscode.ExtensionContext, kind: ModelPanelKind, services: ModelPanelServices, command: string): vscode.Disposable[] {
  const panels = ModelPanels.register(context, kind, services);
  return [
    vscode.commands.registerCommand(command, async (arg?: unknown) => {
      const uri = await modelForCommand(arg, () => panels.all()[0]?.uri);
      if (uri) panels.show(uri);
    }),
  ];
}

/** Hidden commands for the integration tests: the panels' message records, and injecting a message as if a page posted it. */
export function registerModelPanelTestCommands(): vscode.Disposable[] {
  const find = (viewType: unknown, uri: unknown): ModelPanel | undefined =>
    [...live].find((p) => p.debugState().viewType === viewType && (typeof uri !== 'string' || p.uri.toString() === uri));
  return [
    vscode.commands.registerCommand('deploylens.internal.panelState', (viewType?: unknown): ModelPanelDebugState[] =>
      [...live].map((p) => p.debugState()).filter((s) => typeof viewType !== 'string' || s.viewType === viewType)),
    vscode.commands.registerCommand('deploylens.internal.panelMessage', async (viewType: unknown, message: unknown, uri?: unknown) => {
      const p = find(viewType, uri);
      if (!p) throw new Error(`no open panel of type ${String(viewType)}`);
      return p.inject(message);
    }),
  ];
}
