// The page side of a model panel (host: src/extension/webviews/modelPanel.ts). It sends `ready`,
// dispatches the host's messages to the panel's handlers, keeps the saved state in the shape the
// host's serializer reads back after a reload ({ panel: ModelPanelState, ui: <the panel's own> }),
// and numbers requests so a `response` finds its caller. Panels with a session of their own (Profile
// Layers, Quantization Preview) also get the host's other messages (`own`) and `send` theirs.

import type { AnalysisPayload, ModelPanelState, PanelStateMessage, WebviewCommand } from './protocol';
import { isHostToWebviewMessage } from './protocol';
import { reportErrorsToHost, reportPainted, vscodeApi } from './vscodeApi';
import { ReportAssembly } from './reportAssembly';

export interface ModelPanelHandlers {
  /** Model, pin and target choices: first, and after every change. */
  state(s: PanelStateMessage): void;
  /** An analysis started: keep showing the previous result, if any, with a progress hint. */
  loading(fileName: string): void;
  /** `whole`: false when the report holds only the sections in `needs` (`rest` brings the others). */
  analysis(p: AnalysisPayload, whole: boolean): void;
  /**
   * The head of an analysis whose report's bulky sections are still arriving (verdict, key numbers,
   * findings are there; nodes, tensors, deployed graph, memory are not): `fraction` of them is in.
   * `analysis` follows with the whole report. Panels that cannot draw without the graph leave it out.
   */
  partial?(p: Extract<AnalysisPayload, { ok: true }>, fraction: number): void;
  /**
   * The report keys the panel draws from (e.g. nodes, tensors, order, partitions): with them, the
   * panel gets `analysis` as soon as those sections are in, the other packed sections absent from
   * the report, and `rest` with the whole report once the last part is in. Without it, `analysis`
   * waits for the whole report. A function chooses them from the keys of the payload's parts (a
   * page that draws from a part the host may not send).
   */
  readonly needs?: readonly string[] | ((keys: readonly string[]) => readonly string[]);
  rest?(p: Extract<AnalysisPayload, { ok: true }>): void;
  /** The model on the compare target, or null when comparison is off. */
  comparison(p: AnalysisPayload | null): void;
  /** A host message outside the model-panel protocol: the panel's own (check it before use). */
  own?(m: unknown): void;
}

interface Saved<U> {
  panel?: ModelPanelState;
  ui?: U;
}

/** `Out`: the panel's own page → host messages (never for the model-panel ones). */
export class ModelPanelClient<U, Out extends { type: string } = never> {
  readonly ui: U;
  state: PanelStateMessage | undefined;
  private readonly api = vscodeApi<Saved<U>>();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private readonly assembly = new ReportAssembly();
  private partialHead: Extract<AnalysisPayload, { ok: true }> | null = null;
  /** Bytes of report parts taken in since the latest analysis payload (the paint log says how many it waited for). */
  private partBytes = 0;

  /** `restoreUi` must accept anything (state saved by another version, or garbage) and return usable UI state. */
  constructor(private readonly handlers: ModelPanelHandlers, restoreUi: (raw: unknown) => U) {
    reportErrorsToHost();
    const saved = this.api.getState();
    this.ui = restoreUi(typeof saved === 'object' && saved !== null ? (saved as Saved<unknown>).ui : undefined);
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
    this.api.postMessage({ type: 'ready' });
  }

  /** Persist the UI state (call after changing `ui`). */
  save(): void {
    const panel: ModelPanelState | undefined = this.state
      ? { uri: this.state.uri, pinned: this.state.pinned, targetId: this.state.targetId, compareTargetId: this.state.compareTargetId }
      : (this.api.getState() as Saved<U> | undefined)?.panel;
    this.api.setState({ ...(panel ? { panel } : {}), ui: this.ui });
  }

  /** Post one of the panel's own messages (its host session validates it). */
  send(m: Out): void {
    this.api.postMessage(m);
  }

  pin(pinned: boolean): void {
    this.api.postMessage({ type: 'pin', pinned });
  }

  setTarget(target: string | null): void {
    this.api.postMessage({ type: 'setTarget', target });
  }

  setCompareTarget(target: string | null): void {
    this.api.postMessage({ type: 'setCompareTarget', target });
  }

  revealNode(node: number): Promise<void> {
    return this.request((id) => this.api.postMessage({ type: 'revealNode', id, node }));
  }

  command(command: WebviewCommand): Promise<void> {
    return this.request((id) => this.api.postMessage({ type: 'command', id, command }));
  }

  private request(send: (id: number) => void): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      send(id);
    });
  }

  private onMessage(m: unknown): void {
    if (!isHostToWebviewMessage(m)) {
      this.handlers.own?.(m);
      return;
    }
    switch (m.type) {
      case 'panelState':
        this.state = m;
        this.save();
        this.handlers.state(m);
        return;
      case 'loading':
        this.handlers.loading(m.fileName);
        return;
      case 'analysis': {
        const arrived = performance.now();
        this.partBytes = 0;
        let early = false;
        const n = this.handlers.needs;
        const needs = typeof n === 'function' ? n(m.payload.ok ? m.payload.parts?.keys ?? [] : []) : n;
        const waiting = this.assembly.begin('analysis', m.payload, (p) => {
          this.partialHead = null;
          if (early && p.ok && this.handlers.rest) return this.handlers.rest(p);
          this.handlers.analysis(p, true);
          reportPainted(p.fileName, arrived, this.partBytes);
        }, needs && this.handlers.rest ? {
          keys: needs,
          ready: (p) => {
            early = true;
            this.partialHead = null;
            this.handlers.analysis(p, false);
            reportPainted(p.fileName, arrived, this.partBytes);
          },
        } : undefined);
        if (waiting && m.payload.ok) {
          this.partialHead = m.payload;
          this.handlers.partial?.(m.payload, 0);
        }
        return;
      }
      case 'comparison':
        if (m.payload === null) {
          this.assembly.begin('comparison', { ok: false, fileName: '', targetId: '', error: '' }, () => undefined);
          this.handlers.comparison(null);
        } else this.assembly.begin('comparison', m.payload, (p) => this.handlers.comparison(p));
        return;
      case 'reportPart': {
        this.api.postMessage({ type: 'partReceived', seq: m.seq, index: m.index });
        this.partBytes += m.bytes?.byteLength ?? m.json?.length ?? 0;
        const r = this.assembly.part(m);
        if (r && r.kind === 'analysis' && r.fraction < 1 && this.partialHead) this.handlers.partial?.(this.partialHead, r.fraction);
        return;
      }
      case 'response': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve();
        else p?.reject(new Error(m.error ?? 'failed'));
        return;
      }
    }
  }
}
