// A page's side of the report parts (webview/shared/protocol.ts ReportPartMessage): the payload of an
// analysis or a comparison arrives with the report's head, its parts follow one message each; once
// the last one is in, the page gets the payload with the whole report. One assembly per kind: a
// newer payload of the same kind drops the parts of the older one.

import type { AnalysisPayload, Report, ReportDiagnostic, ReportNode, ReportPartMessage } from './protocol';

/** Records keyed by names from the model keep no prototype (a tensor named `constructor`), as in the report. */
function withoutPrototype<T>(x: T): T {
  if (typeof x === 'object' && x !== null) Object.setPrototypeOf(x, null);
  return x;
}

/** A part as a webview receives it: its key, first node for a page, and the parsed JSON. */
export interface ReceivedPart {
  key: string;
  start?: number;
  value: unknown;
}

/**
 * The report from its head (the payload's `report`) and all its parts, in any order: what a
 * webview builds once the last ReportPartMessage is in. The parts' layout is the packer's
 * (src/core/report/packedReport.ts; test/packed-report.test.ts checks that the two agree): `nodes`
 * and `deployed.nodes` come in pages from node `start` (and `diagnostics`, when sent as parts, from finding `start`), `deployed` without its nodes and tensors,
 * every other key whole. Parts of a key it does not know are kept under that key (a later section
 * travels without changing this).
 */
export function assembleReport(head: Partial<Report>, parts: readonly ReceivedPart[], base?: Report): Report {
  const report = { ...head } as Record<string, unknown>;
  // A revision: the sections it does not bring are the earlier report's (its head has every other key).
  const received = new Set(parts.map((p) => (p.key.startsWith('deployed.') ? 'deployed' : p.key)));
  if (base) for (const [k, v] of Object.entries(base)) if (!(k in report) && !received.has(k)) report[k] = v;
  const pages = new Map<string, ReceivedPart[]>();
  let deployed: Record<string, unknown> | undefined;
  let deployedTensors: unknown;
  for (const p of parts) {
    if (p.key === 'nodes' || p.key === 'deployed.nodes' || p.key === 'diagnostics') {
      const list = pages.get(p.key) ?? [];
      list.push(p);
      pages.set(p.key, list);
    } else if (p.key === 'deployed') deployed = p.value as Record<string, unknown>;
    else if (p.key === 'deployed.tensors') deployedTensors = withoutPrototype(p.value);
    else report[p.key] = p.key === 'tensors' ? withoutPrototype(p.value) : p.value;
  }
  const joined = <T = ReportNode>(key: string): T[] => {
    const out: T[] = [];
    for (const p of (pages.get(key) ?? []).sort((a, b) => (a.start ?? 0) - (b.start ?? 0))) for (const n of p.value as T[]) out.push(n);
    return out;
  };
  if (pages.has('nodes')) report['nodes'] = joined('nodes');
  if (pages.has('diagnostics')) report['diagnostics'] = joined<ReportDiagnostic>('diagnostics');
  if (deployed) report['deployed'] = { ...deployed, nodes: joined('deployed.nodes'), tensors: deployedTensors ?? {} };
  return report as unknown as Report;
}

type Kind = 'analysis' | 'comparison';

const decoder = new TextDecoder();

interface Assembly {
  kind: Kind;
  payload: Extract<AnalysisPayload, { ok: true }>;
  count: number;
  received: ReceivedPart[];
  done(p: AnalysisPayload): void;
  /** The earlier report a revision builds on (PayloadParts.reuse). */
  base?: Report;
  /** The early deliveries still to make, each with the parts (by index) it waits for. */
  early: { missing: Set<number>; ready(p: Extract<AnalysisPayload, { ok: true }>): void }[];
}

/** What a page can draw from before the whole report is in: the report keys it reads, and what to call with them. */
export interface EarlyDelivery {
  keys: readonly string[];
  ready(p: Extract<AnalysisPayload, { ok: true }>): void;
}

export class ReportAssembly {
  private readonly open = new Map<number, Assembly>();
  /** The last whole report of each kind, by its payload's seq: what a revision (PayloadParts.reuse) builds on. */
  private readonly whole: Record<Kind, { seq: number; report: Report } | undefined> = { analysis: undefined, comparison: undefined };
  private readonly latest: Record<Kind, number> = { analysis: 0, comparison: 0 };

  /**
   * A payload: `done` gets it at once when its report is whole, or with the whole report once its
   * parts are in. Returns true when parts are awaited. `early`: one delivery, or several (e.g. the
   * overview's findings, then its layer table), each made once its keys are in and before the whole
   * report, in the order the parts complete them.
   */
  begin(kind: Kind, payload: AnalysisPayload, done: (p: AnalysisPayload) => void, early?: EarlyDelivery | readonly EarlyDelivery[]): boolean {
    const old = this.latest[kind];
    if (old) this.open.delete(old);
    this.latest[kind] = 0;
    const base = payload.ok && payload.parts?.reuse !== undefined ? this.whole[kind] : undefined;
    this.whole[kind] = undefined;
    if (payload.ok && payload.parts?.reuse !== undefined && base?.seq !== payload.parts.reuse) {
      // The host keeps track of what the page has: this does not happen; showing half a report would be worse than nothing.
      return false;
    }
    if (!payload.ok || !payload.parts || payload.parts.count === 0) {
      if (payload.ok && payload.parts) {
        const { parts, ...rest } = payload;
        const report = assembleReport(payload.report, [], base?.report);
        this.whole[kind] = { seq: parts.seq, report };
        done({ ...rest, report });
      } else done(payload);
      return false;
    }
    this.latest[kind] = payload.parts.seq;
    const a: Assembly = { kind, payload, count: payload.parts.count, received: [], done, early: [], ...(base ? { base: base.report } : {}) };
    // Only with the key of every part: without it, nothing says when the keys it needs are complete.
    const keys = payload.parts.keys;
    if (early && Array.isArray(keys) && keys.length === a.count) {
      for (const e of Array.isArray(early) ? early as readonly EarlyDelivery[] : [early as EarlyDelivery]) {
        const missing = new Set<number>();
        keys.forEach((k, i) => { if (e.keys.includes(k)) missing.add(i); });
        // Some part the page does not need must come later, or the early delivery is the whole one.
        if (missing.size < a.count) a.early.push({ missing, ready: e.ready });
      }
    }
    this.open.set(payload.parts.seq, a);
    this.deliverEarly(a);
    return true;
  }

  /** Makes the early deliveries whose parts are all in (in the order they were asked for). */
  private deliverEarly(a: Assembly): void {
    while (a.early.length > 0 && this.open.get(a.payload.parts!.seq) === a) {
      const due = a.early.findIndex((e) => e.missing.size === 0);
      if (due < 0) return;
      const [e] = a.early.splice(due, 1);
      const { parts: _parts, ...rest } = a.payload;
      e!.ready({ ...rest, report: assembleReport(a.payload.report, a.received, a.base) });
    }
  }

  /** A part; parts of a payload no longer awaited are ignored. Returns its kind and the fraction received (null: not awaited). */
  part(m: ReportPartMessage): { kind: Kind; fraction: number } | null {
    const a = this.open.get(m.seq);
    if (!a) return null;
    let value: unknown;
    try {
      value = JSON.parse(m.bytes ? decoder.decode(m.bytes) : m.json);
    } catch {
      return null; // a broken part: the payload stays incomplete rather than showing a wrong report
    }
    a.received.push({ key: m.key, ...(m.start !== undefined ? { start: m.start } : {}), value });
    if (a.received.length < a.count) {
      let due = false;
      for (const e of a.early) if (e.missing.delete(m.index) && e.missing.size === 0) due = true;
      if (due) this.deliverEarly(a);
      return this.open.has(m.seq) ? { kind: a.kind, fraction: a.received.length / a.count } : null;
    }
    this.open.delete(m.seq);
    this.latest[a.kind] = 0;
    const { parts, ...rest } = a.payload;
    const report = assembleReport(a.payload.report, a.received, a.base);
    this.whole[a.kind] = { seq: parts!.seq, report };
    a.done({ ...rest, report });
    return { kind: a.kind, fraction: 1 };
  }

  /** Whether parts of the latest payload of this kind are still awaited. */
  awaiting(kind: Kind): boolean {
    return this.latest[kind] !== 0;
  }
}
