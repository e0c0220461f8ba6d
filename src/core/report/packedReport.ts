// The report as it travels from the analysis worker to the editor: a small head (summary, target,
// findings, everything the editor needs at once) as plain data, and the bulky sections (the
// per-node table, tensors, the deployed graph, the memory plan) as UTF-8 JSON text in one byte
// array, split into parts — the per-node tables in pages of PAGE_NODES nodes. Structured clone
// copies a byte array in one memcpy, where a 10,000-node report as objects took the extension
// host seconds to deserialize; the editor parses a part only when something reads it
// (unpackReport), and forwards parts to webviews as text without parsing them (reportParts).
//
// Nothing here changes the report: unpackReport(packReport(r)) equals r, key order included, so
// an exported report is the CLI's byte for byte. Pure TypeScript (the webviews import it too).

import { nodeCodeSpan, renderModelText, type ModelTextLayout } from './modelText';
import { PARTITION_GRAPH_KEY, partitionGraphOf } from './partitionGraph';
import type { Report, ReportDeployed, ReportDiagnostic, ReportNode } from './report';
import { formatShape } from '../units';

/** Nodes per page of `nodes` and `deployed.nodes`: a page is parsed (or sent to a webview) in well under a frame. */
export const PAGE_NODES = 256;
/** Findings per page when a webview gets them as parts (reportForWebview findingsAsPart): about 400 KB of JSON. */
export const PAGE_FINDINGS = 512;

/** The sections that travel as text; the head carries every other key of the report. */
export const PACKED_SECTIONS = ['nodes', 'tensors', 'order', 'partitions', 'memory', 'deployed'] as const;
export type PackedSection = (typeof PACKED_SECTIONS)[number];

/** Where one part's JSON lies in `bytes`. `start`/`count`: the node range of a page of `nodes` or `deployed.nodes`. */
export interface PackedPart {
  key: PackedSection | 'deployed.nodes' | 'deployed.tensors';
  from: number;
  to: number;
  start?: number;
  count?: number;
}

/**
 * Per original node, what the editor needs for every analyzed model without reading the node table:
 * the related information of a diagnostic and its line in the model's text view.
 */
export interface ReportIndex {
  nodes: number;
  /** Deployed partition of the node (-1: none: folded, elided, no target). */
  partition: Int32Array;
  /** 0: none, 1: accelerator, 2: CPU. */
  device: Uint8Array;
  /** Where the node's code ends on its line of the model text view (modelText.ts nodeCodeSpan): a finding's squiggle. */
  codeEnd: Int32Array;
}

export interface PackedReport {
  packed: 1;
  /** Every key of the report in its order; the head holds the values of those not packed. */
  keys: string[];
  head: Partial<Report>;
  /** Keys of `deployed` in order (its nodes and tensors are parts of their own). */
  deployedKeys?: string[];
  bytes: Uint8Array;
  parts: PackedPart[];
  index: ReportIndex;
  /**
   * Where the model text view's text (modelText.ts renderModelText) lies in `bytes`, as UTF-8, when
   * the worker rendered it: opening the view then parses no node table on the extension host.
   */
  text?: { from: number; to: number };
  /**
   * Where the partition page's first-screen graph (partitionGraph.ts) lies in `bytes`, as UTF-8
   * JSON, when the worker built it: the host sends it to that page ahead of the node table.
   */
  graph?: { from: number; to: number };
  /**
   * With `text`: each original node's name, op and output shape (formatted, by node index) and the
   * text's partition blocks, as UTF-8 JSON `[names, ops, partitionLines, shapes]`: the text view's
   * outline and hovers are built without parsing the node table or the tensors on the extension host.
   */
  outline?: { from: number; to: number };
}

const PACKED = new Set<string>(PACKED_SECTIONS);

export function isPackedReport(x: unknown): x is PackedReport {
  return typeof x === 'object' && x !== null && (x as { packed?: unknown }).packed === 1;
}

/**
 * The worker's side: the report as head + parts (the report itself is not changed). `text`: also
 * render the model text view (for the editor; about 0.15 s of the worker's time on a 10k-node model).
 * `graph`: also the partition page's first-screen graph (partitionGraph.ts).
 */
export function packReport(report: Report, options: { text?: boolean; graph?: boolean } = {}): PackedReport {
  const keys = Object.keys(report);
  const head: Record<string, unknown> = {};
  // Each section is encoded as soon as it is serialized, so that at most one section's JSON text is
  // on the heap at a time (a 50,000-node report's texts together went over a 512 MB worker heap).
  const out = new ByteWriter();
  const parts: PackedPart[] = [];
  const add = (key: PackedPart['key'], text: string, start?: number, count?: number) => {
    const from = out.length;
    out.write(text);
    const part: PackedPart = { key, from, to: out.length };
    if (start !== undefined) {
      part.start = start;
      part.count = count!;
    }
    parts.push(part);
  };
  const span = (text: string) => {
    const from = out.length;
    out.write(text);
    return { from, to: out.length };
  };
  const pages = (key: 'nodes' | 'deployed.nodes', nodes: ReportNode[]) => {
    for (let start = 0; start < nodes.length; start += PAGE_NODES) {
      const end = Math.min(nodes.length, start + PAGE_NODES);
      const from = out.length;
      writeRows(out, nodes, start, end);
      parts.push({ key, from, to: out.length, start, count: end - start });
    }
  };
  let deployedKeys: string[] | undefined;
  for (const key of keys) {
    const value = (report as unknown as Record<string, unknown>)[key];
    if (!PACKED.has(key) || value === undefined) {
      head[key] = value;
      continue;
    }
    if (key === 'nodes') pages('nodes', value as ReportNode[]);
    else if (key === 'deployed') {
      const d = value as ReportDeployed;
      deployedKeys = Object.keys(d);
      const { nodes, tensors, ...rest } = d;
      add('deployed', JSON.stringify(rest));
      pages('deployed.nodes', nodes);
      add('deployed.tensors', JSON.stringify(tensors));
    } else add(key as PackedSection, JSON.stringify(value));
  }
  let text: PackedReport['text'];
  let outline: PackedReport['outline'];
  /** Each node's code end by its position in report.nodes, when the text view was rendered: the index takes them from there. */
  let codeEnds: Int32Array | undefined;
  if (options.text) {
    codeEnds = new Int32Array(report.nodes.length);
    // Every node has a line, and with it its output shape (outputShapes' for the outline).
    const shapes = new Array<string>(report.nodes.length);
    const layout = renderModelText({ report }, { refs: false, codeEnd: codeEnds, shapes });
    text = span(layout.text);
    const names = report.nodes.map((n) => n.name);
    const ops = report.nodes.map((n) => n.op);
    outline = span(JSON.stringify([names, ops, layout.partitionLines, shapes]));
  }
  let graph: PackedReport['graph'];
  const g = options.graph ? partitionGraphOf(report) : undefined;
  if (g) graph = span(JSON.stringify(g));
  const bytes = out.bytes();
  return { packed: 1, keys, head: head as Partial<Report>, ...(deployedKeys ? { deployedKeys } : {}), bytes, parts, index: reportIndex(report, codeEnds), ...(text ? { text, outline } : {}), ...(graph ? { graph } : {}) };
}

/** Rows a node page is stringified in at a time (writeRows). */
const ROW_BATCH = 32;

/**
 * JSON.stringify(nodes.slice(start, end)), written ROW_BATCH rows at a time: each batch's text is a
 * small string of the young generation, encoded and dropped at once, where a page's text (~500 KB
 * for the decoder, as one string V8 then flattens for the encoder) went to the large-object space:
 * ~15-20 ms less CPU on the decoder's 16,600 rows. The same bytes: an array's JSON is its elements'
 * JSON joined by commas inside brackets.
 */
function writeRows(out: ByteWriter, nodes: readonly ReportNode[], start: number, end: number): void {
  out.write('[');
  for (let b = start; b < end; b += ROW_BATCH) {
    if (b > start) out.write(',');
    const text = JSON.stringify(nodes.slice(b, Math.min(end, b + ROW_BATCH)));
    out.write(text.slice(1, -1));
  }
  out.write(']');
}

/** Blocks a ByteWriter fills; a text longer than what is left starts a block of its own size. */
const BLOCK_BYTES = 1 << 20;

/**
 * UTF-8 text written into blocks with TextEncoder.encodeInto, joined once at the end: on Node 20
 * encode() of a 4 MB JSON text takes ~70 ms where encodeInto takes ~18 ms, and no per-part byte
 * array is made and then copied again. The blocks together hold about what the texts' bytes are,
 * as the per-part arrays did.
 */
class ByteWriter {
  private readonly encoder = new TextEncoder();
  private readonly blocks: { bytes: Uint8Array; used: number }[] = [];
  private block: { bytes: Uint8Array; used: number } = { bytes: new Uint8Array(0), used: 0 };
  length = 0;

  write(text: string): void {
    let rest = text;
    for (;;) {
      const { read, written } = this.encoder.encodeInto(rest, this.block.bytes.subarray(this.block.used));
      this.block.used += written;
      this.length += written;
      if (read === rest.length) return;
      // Out of room (encodeInto never splits a character): the rest goes to a new block, sized for
      // one byte a UTF-16 unit plus slack; text with more non-ASCII spills over again, each time less.
      rest = rest.slice(read);
      this.block = { bytes: new Uint8Array(Math.max(BLOCK_BYTES, rest.length + (rest.length >> 3) + 16)), used: 0 };
      this.blocks.push(this.block);
    }
  }

  /** Everything written, in one array of its exact length (it is cloned whole to the editor). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b.bytes.subarray(0, b.used), at);
      at += b.used;
    }
    return out;
  }
}

/** `codeEnds`: nodeCodeSpan's end of each node by its position in report.nodes, already computed. */
function reportIndex(report: Report, codeEnds?: Int32Array): ReportIndex {
  const n = report.nodes.length;
  const partition = new Int32Array(n).fill(-1);
  const device = new Uint8Array(n);
  const codeEnd = new Int32Array(n);
  for (const [i, node] of report.nodes.entries()) {
    if (node.partition !== undefined) partition[node.index] = node.partition;
    if (node.device !== undefined) device[node.index] = node.device === 'accelerator' ? 1 : 2;
    codeEnd[node.index] = codeEnds ? codeEnds[i]! : nodeCodeSpan(node).end;
  }
  return { nodes: n, partition, device, codeEnd };
}

const decoder = new TextDecoder();

/** One part's JSON text (for a webview, which parses it itself). */
export function partText(packed: PackedReport, part: PackedPart): string {
  return decoder.decode(packed.bytes.subarray(part.from, part.to));
}

function parsePart(packed: PackedReport, part: PackedPart): unknown {
  return JSON.parse(partText(packed, part));
}

/** Records keyed by names from the model keep no prototype (a tensor named `constructor`), as the report builder made them. */
function dictionaryOf<T>(x: T): T {
  if (typeof x === 'object' && x !== null) Object.setPrototypeOf(x, null);
  return x;
}

function pagesOf(packed: PackedReport, key: 'nodes' | 'deployed.nodes'): ReportNode[] {
  const out: ReportNode[] = [];
  for (const p of packed.parts) {
    if (p.key !== key) continue;
    for (const node of parsePart(packed, p) as ReportNode[]) out.push(node);
  }
  return out;
}

function sectionOf(packed: PackedReport, key: PackedSection): unknown {
  if (key === 'nodes') return pagesOf(packed, 'nodes');
  const part = packed.parts.find((p) => p.key === key);
  if (!part) return undefined;
  const value = parsePart(packed, part);
  if (key === 'tensors') return dictionaryOf(value);
  if (key !== 'deployed') return value;
  // The deployed section, its keys in their order, nodes and tensors from their own parts.
  const rest = value as Record<string, unknown>;
  const d: Record<string, unknown> = {};
  for (const k of packed.deployedKeys ?? Object.keys(rest)) {
    if (k === 'nodes') d[k] = pagesOf(packed, 'deployed.nodes');
    else if (k === 'tensors') {
      const t = packed.parts.find((p) => p.key === 'deployed.tensors');
      d[k] = t ? dictionaryOf(parsePart(packed, t)) : {};
    } else d[k] = rest[k];
  }
  return d;
}

export const PACKED_FORM: unique symbol = Symbol('packed report');

/** A report unpacked by the editor: its packed form stays with it (index, pages for webviews). */
export interface UnpackedReport extends Report {
  readonly [PACKED_FORM]?: PackedReport;
}

/**
 * The report, with each packed section parsed on first read and kept. Keys keep the report's
 * order (JSON.stringify of it is the CLI's JSON), and a spread or a JSON.stringify reads them all.
 */
export function unpackReport(packed: PackedReport): Report {
  const report = {} as Record<string, unknown>;
  const head = packed.head as Record<string, unknown>;
  for (const key of packed.keys) {
    if (Object.prototype.hasOwnProperty.call(head, key) || !PACKED.has(key) || !packed.parts.some((p) => p.key === key)) {
      report[key] = head[key];
      continue;
    }
    // Parsed on first read, then an ordinary property (so a revised report can share it).
    const settle = (value: unknown) => Object.defineProperty(report, key, { value, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(report, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value = sectionOf(packed, key as PackedSection);
        settle(value);
        return value;
      },
      set: settle,
    });
  }
  Object.defineProperty(report, PACKED_FORM, { value: packed, enumerable: false });
  return report as unknown as Report;
}

/** The packed form behind a report the editor unpacked (undefined for a report built in-process). */
export function packedFormOf(report: Report): PackedReport | undefined {
  return (report as UnpackedReport)[PACKED_FORM];
}

/** True when a section of an unpacked report has been parsed (or was never packed). */
export function isParsed(report: Report, key: PackedSection): boolean {
  return !Object.getOwnPropertyDescriptor(report, key)?.get;
}

const parsedPages = new WeakMap<PackedReport, Map<number, ReportNode[]>>();

/**
 * One original node, parsing only the page that holds it while the node table is not parsed: a
 * hover on a 10k-node model's text view parsed all 10k nodes first (~130 ms on the extension host).
 */
export function reportNodeAt(report: Report, index: number): ReportNode | undefined {
  const packed = packedFormOf(report);
  if (!packed || isParsed(report, 'nodes')) return report.nodes[index];
  const part = packed.parts.find((p) => p.key === 'nodes' && p.start !== undefined && index >= p.start && index < p.start + (p.count ?? 0));
  if (!part) return report.nodes[index];
  let pages = parsedPages.get(packed);
  if (!pages) parsedPages.set(packed, (pages = new Map()));
  let page = pages.get(part.start!);
  if (!page) pages.set(part.start!, (page = parsePart(packed, part) as ReportNode[]));
  return page[index - part.start!];
}

/**
 * The same report with some head values replaced (findings added by the weight phase, the real
 * compilers' answers), without parsing any packed section.
 */
export function reviseReport(report: Report, changes: Partial<Report>): Report {
  const packed = packedFormOf(report);
  if (!packed) return { ...report, ...changes };
  const keys = [...packed.keys];
  for (const k of Object.keys(changes)) if (!keys.includes(k)) keys.push(k);
  // The rendered text shows no findings: new findings keep it, any other change (a compiler's answer, a verdict) does not.
  const { text, graph, outline, ...rest } = packed;
  const keepText = text && Object.keys(changes).every((k) => k === 'diagnostics');
  // Names, ops and partition blocks: the same while the nodes, their order and the partitions are.
  const keepOutline = outline && !['nodes', 'order', 'partitions', 'deployed'].some((k) => k in changes);
  // The partition graph is made of the nodes and tensors alone.
  const keepGraph = graph && !('nodes' in changes) && !('tensors' in changes);
  const revised = unpackReport({ ...rest, ...(keepText ? { text } : {}), ...(keepOutline ? { outline } : {}), ...(keepGraph ? { graph } : {}), keys, head: { ...packed.head, ...changes } });
  // Sections already parsed are shared, not parsed again.
  for (const key of PACKED_SECTIONS) {
    if (key in changes) continue;
    const d = Object.getOwnPropertyDescriptor(report, key);
    if (d && !d.get && Object.getOwnPropertyDescriptor(revised, key)?.get) Object.defineProperty(revised, key, d);
  }
  return revised;
}

/** Partition and device of an original node, from the index when the report has one (no node table parsed). */
export function nodePlacement(report: Report, node: number): { partition?: number; device?: 'accelerator' | 'cpu' } {
  const index = packedFormOf(report)?.index;
  if (!index) {
    const n = report.nodes[node];
    return n ? { ...(n.partition !== undefined ? { partition: n.partition } : {}), ...(n.device !== undefined ? { device: n.device } : {}) } : {};
  }
  if (node < 0 || node >= index.nodes) return {};
  const p = index.partition[node]!;
  const d = index.device[node]!;
  return { ...(p >= 0 ? { partition: p } : {}), ...(d === 1 ? { device: 'accelerator' as const } : d === 2 ? { device: 'cpu' as const } : {}) };
}

/** A node's code span on its line of the model text view, from the index when the report has one (no node table parsed). */
export function nodeSpan(report: Report, node: number): { start: number; end: number } | undefined {
  const index = packedFormOf(report)?.index;
  if (!index) {
    const n = report.nodes[node];
    return n ? nodeCodeSpan(n) : undefined;
  }
  return node >= 0 && node < index.nodes ? { start: 2, end: index.codeEnd[node]! } : undefined;
}

/** The model text view's text the worker rendered for this report (undefined: none, or the report changed since). */
export function packedModelText(report: Report): string | undefined {
  const packed = packedFormOf(report);
  return packed?.text ? decoder.decode(packed.bytes.subarray(packed.text.from, packed.text.to)) : undefined;
}

/** What the text view's outline and hovers need (PackedReport.outline). */
export interface ModelTextOutline {
  /** Name and op of each original node, by node index. */
  names: string[];
  ops: string[];
  partitionLines: ModelTextLayout['partitionLines'];
  /**
   * Each original node's first output shape as the text shows it (formatShape), by node index: a
   * hover on the decoder parsed its whole tensor table for it (60-75 ms on the extension host).
   */
  shapes: string[];
}

/** The formatted shape of each node's first output, by node index (what the text and its hovers show). */
export function outputShapes(report: Report): string[] {
  return report.nodes.map((n) => formatShape(report.tensors[n.outputs[0] ?? '']?.shape ?? null));
}

/** The outline the worker packed with the model text, if it did (no node table parsed). */
export function packedOutline(report: Report): ModelTextOutline | undefined {
  const packed = packedFormOf(report);
  if (!packed?.outline) return undefined;
  const [names, ops, partitionLines, shapes] = JSON.parse(decoder.decode(packed.bytes.subarray(packed.outline.from, packed.outline.to))) as [string[], string[], ModelTextLayout['partitionLines'], string[]];
  return { names, ops, partitionLines, shapes };
}

/** Number of original nodes, without parsing the node table. */
export function nodeCount(report: Report): number {
  return packedFormOf(report)?.index.nodes ?? report.nodes.length;
}

/**
 * Which parts a page needs first: the partition page's first screen (the small order and partitions,
 * then its graph: the stream waits for a part's acknowledgement once 2 MB are in flight, and the
 * graph, ~2 MB for the 10k-node decoder, must not hold the small ones behind its round trip), the
 * layer table's (tensors, then the nodes page by page), then the deployed graph and the rest.
 */
const SEND_ORDER: readonly string[] = ['order', 'partitions', PARTITION_GRAPH_KEY, 'tensors', 'nodes', 'deployed', 'deployed.nodes', 'deployed.tensors', 'memory'];

/**
 * The head of an unpacked report (every key but the packed sections) and its parts as JSON texts, in
 * sending order: for webviews. `bytes` is a part's UTF-8 text in a buffer of its own (what the host
 * posts: VS Code sends a byte array's whole underlying buffer), `json` the same as a string.
 * `partitionGraph`: also the partition graph (PARTITION_GRAPH_KEY), first, when the worker built one.
 * `findings`: the findings the page reads (the others are not sent: the page's report lacks them).
 */
export function reportForWebview(report: Report, options: { findingsAsPart?: boolean; partitionGraph?: boolean; findings?: (d: ReportDiagnostic) => boolean } = {}): { head: Partial<Report>; parts: { key: string; start?: number; json: () => string; bytes: () => Uint8Array }[] } | undefined {
  const packed = packedFormOf(report);
  if (!packed) return undefined;
  const head: Record<string, unknown> = {};
  for (const key of Object.keys(report)) {
    // Sections the report carries as parts are left out of the head (a revised head value is sent as it is).
    if (PACKED.has(key) && !Object.prototype.hasOwnProperty.call(packed.head, key) && packed.parts.some((p) => p.key === key)) continue;
    if (key === 'diagnostics' && options.findingsAsPart) continue;
    head[key] = (report as unknown as Record<string, unknown>)[key];
  }
  const findings = options.findings ? report.diagnostics.filter(options.findings) : report.diagnostics;
  if (options.findings && !options.findingsAsPart) head['diagnostics'] = findings;
  const sections: (Omit<PackedPart, 'key'> & { key: string })[] = [...packed.parts];
  if (options.partitionGraph && packed.graph) sections.push({ key: PARTITION_GRAPH_KEY, ...packed.graph });
  const parts = sections.sort((a, b) => SEND_ORDER.indexOf(a.key) - SEND_ORDER.indexOf(b.key) || (a.start ?? 0) - (b.start ?? 0));
  const out: { key: string; start?: number; json: () => string; bytes: () => Uint8Array }[] = parts.map((p) => ({ key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), json: () => decoder.decode(packed.bytes.subarray(p.from, p.to)), bytes: () => packed.bytes.slice(p.from, p.to) }));
  if (options.findingsAsPart) {
    // First: small next to the node pages, and a page lists (overview) or flags (partition graph)
    // from them. In pages, as the node table: 6,000 findings are 4.7 MB of JSON, which as one
    // message would hold the window's message queue (and the text view opening behind it) in one go.
    const all = findings;
    const pages: typeof out = [];
    // At least one page, empty when there are none: the page learns that there are no findings.
    for (let start = 0; start === 0 || start < all.length; start += PAGE_FINDINGS) {
      const json = () => JSON.stringify(all.slice(start, start + PAGE_FINDINGS));
      pages.push({ key: 'diagnostics', start, json, bytes: () => new TextEncoder().encode(json()) });
    }
    out.unshift(...pages);
  }
  return { head: head as Partial<Report>, parts: out };
}
