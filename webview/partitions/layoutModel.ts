// The Delegate Partition Preview's view model: which partition each node is in, the data edges and
// the bytes crossing partition boundaries, linear chains collapsed into one box, and the DAG layout
// (dagre). Pure and DOM-free: the page (main.ts) only draws what this returns, and the unit tests
// (test/partitions-*.test.ts) and the benchmark (bench/panels.ts) run it in Node.

import type { Report, ReportNode } from '../shared/protocol';
import { isPartitionsFinding } from '../shared/protocol';

/** Colors come from the theme: accelerator partitions cycle through these charts.* slots, CPU has its own. */
export const ACCEL_SLOTS = 3;
export type ColorSlot = { kind: 'accel'; index: number } | { kind: 'cpu' } | { kind: 'none' };

export interface PartitionInfo {
  /** Index into report.partitions. */
  id: number;
  device: 'accelerator' | 'cpu';
  /** "P1", "P2", … for accelerator partitions (numbered in execution order), "CPU 1", … for fallback ones. */
  label: string;
  slot: ColorSlot;
  nodes: number;
  /** Ops of the deployed graph it runs (more than `nodes` when the conversion inserted some, as QUANTIZE at a float input). */
  ops: number;
  bytesIn: number | null;
  bytesOut: number | null;
}

export interface PartitionsModel {
  targetId: string;
  targetName: string;
  /** The delegate doing the work, absent when the target runs every node on one processor. */
  delegate?: string;
  /** False for targets without a delegate: nothing to partition, the page says so. */
  hasDelegate: boolean;
  partitions: PartitionInfo[];
  /** Partition index of each node (-1: none, e.g. a report without a target). */
  partitionOf: Int32Array;
  /** Nodes that fragment the graph: unsupported / constraint-violated, or a partition/fragmenting-op finding. */
  flagged: Map<number, string[]>;
  /** Executed nodes in execution order (the strip, the graph, search). */
  order: number[];
  /** Nodes in no partition (constants folded at conversion): not run, so not shown. */
  folded: number;
  accelNodes: number;
  cpuNodes: number;
}

function slotOf(device: 'accelerator' | 'cpu', accelIndex: number, hasDelegate: boolean): ColorSlot {
  if (!hasDelegate) return { kind: 'none' };
  return device === 'accelerator' ? { kind: 'accel', index: accelIndex % ACCEL_SLOTS } : { kind: 'cpu' };
}

export function partitionsModel(report: Report): PartitionsModel {
  const n = report.nodes.length;
  const target = report.target;
  const hasDelegate = !!target && target.partitioning !== 'none' && !!target.delegate;
  const partitionOf = new Int32Array(n).fill(-1);
  let accel = 0;
  let cpu = 0;
  const partitions: PartitionInfo[] = (report.partitions ?? []).map((p, i) => {
    for (const v of p.nodes) if (v >= 0 && v < n) partitionOf[v] = i;
    const label = !hasDelegate ? (target?.name ?? 'CPU') : p.device === 'accelerator' ? `P${++accel}` : `CPU ${++cpu}`;
    return { id: i, device: p.device, label, slot: slotOf(p.device, accel - 1, hasDelegate), nodes: p.nodes.length, ops: p.ops?.length ?? p.nodes.length, bytesIn: p.bytesIn, bytesOut: p.bytesOut };
  });
  // A single CPU group reads better as "CPU" than "CPU 1".
  if (cpu === 1) for (const p of partitions) if (p.device === 'cpu' && hasDelegate) p.label = 'CPU';
  const flagged = new Map<number, string[]>();
  const flag = (v: number, why: string) => {
    const list = flagged.get(v) ?? [];
    if (!list.includes(why)) list.push(why);
    flagged.set(v, list);
  };
  if (hasDelegate) {
    for (const node of report.nodes) {
      if (node.support === 'unsupported' || node.support === 'constraint-violated') {
        const reasons = (node.reasons ?? []).filter((r) => r.outcome === 'violated').map((r) => r.message);
        for (const r of reasons.length ? reasons : [`not supported on ${target?.name ?? 'the target'}`]) flag(node.index, r);
      }
    }
    for (const d of report.diagnostics) {
      if (isPartitionsFinding(d) && d.node !== undefined && (d.graph ?? 0) === 0 && d.node < n) flag(d.node, d.message);
    }
  }
  // With partitions, a node in none is folded away before the runtime sees the graph.
  const all = validOrder(report.order, n);
  const order = partitions.length > 0 ? all.filter((v) => partitionOf[v]! >= 0) : all;
  let accelNodes = 0;
  for (let v = 0; v < n; v++) if (partitionOf[v]! >= 0 && partitions[partitionOf[v]!]!.device === 'accelerator') accelNodes++;
  return {
    targetId: target?.id ?? '', targetName: target?.name ?? 'no target', ...(target?.delegate ? { delegate: target.delegate } : {}), hasDelegate,
    partitions, partitionOf, flagged, order, folded: n - order.length, accelNodes: hasDelegate ? accelNodes : 0, cpuNodes: hasDelegate ? order.length - accelNodes : order.length,
  };
}

/**
 * The legend's one-line summary. Partition counts are the panel's; the op counts are the deployed
 * graph's (report.summary: ops after fusion and folding), the same figures as the overview's
 * Partitions card and the CLI, with the exported nodes beside them (a Conv with its fused Relu is
 * two nodes and one op).
 */
/**
 * A partition's legend chip: its label and how many of the model's nodes it runs — or, for one that
 * runs only ops the conversion inserted (the QUANTIZE before an int8 graph's float input), those ops:
 * "CPU 1 · 0" read as an empty partition.
 */
export function partitionChipText(p: PartitionInfo): string {
  if (p.nodes === 0 && p.ops > 0) return `${p.label} · ${p.ops} inserted op${p.ops === 1 ? '' : 's'}`;
  return `${p.label} · ${p.nodes}`;
}

export function partitionSummaryText(m: PartitionsModel, report: Report): string {
  const accel = m.partitions.filter((p) => p.device === 'accelerator').length;
  const cpu = m.partitions.filter((p) => p.device === 'cpu').length;
  const s = report.summary;
  const ops = s.delegatedNodes !== undefined && s.fallbackNodes !== undefined ? `${s.delegatedNodes} of ${s.delegatedNodes + s.fallbackNodes} ops delegated` : `${m.accelNodes}/${report.nodes.length} nodes delegated`;
  return `${m.targetName}: ${accel} delegated partition${accel === 1 ? '' : 's'}, ${cpu} CPU partition${cpu === 1 ? '' : 's'}; ${ops} (${report.nodes.length} exported nodes${m.folded > 0 ? `, ${m.folded} folded` : ''})`;
}

/** The report's execution order when it is a permutation of the nodes, else index order. */
function validOrder(order: number[] | undefined, n: number): number[] {
  if (order && order.length === n) {
    const seen = new Uint8Array(n);
    if (order.every((v) => Number.isInteger(v) && v >= 0 && v < n && !seen[v] && (seen[v] = 1))) return order.slice();
  }
  return Array.from({ length: n }, (_, i) => i);
}

// ---------------------------------------------------------------------------------------------
// data edges

export interface DataEdge {
  from: number;
  to: number;
  tensors: string[];
  /** Bytes of the tensors (null when one size is unknown). */
  bytes: number | null;
}

export interface DataGraph {
  edges: DataEdge[];
  preds: number[][];
  succs: number[][];
}

/** Producer → consumer edges of the main graph, one per node pair (several tensors merge). */
export function dataGraph(report: Report): DataGraph {
  const n = report.nodes.length;
  const producer = new Map<string, number>();
  for (const node of report.nodes) for (const t of node.outputs) if (t) producer.set(t, node.index);
  const byPair = new Map<number, DataEdge>();
  const edges: DataEdge[] = [];
  for (const node of report.nodes) {
    for (const t of node.inputs) {
      const p = t ? producer.get(t) : undefined;
      if (p === undefined || p === node.index) continue;
      const key = p * n + node.index;
      let e = byPair.get(key);
      if (!e) {
        e = { from: p, to: node.index, tensors: [], bytes: 0 };
        byPair.set(key, e);
        edges.push(e);
      }
      if (e.tensors.includes(t)) continue;
      e.tensors.push(t);
      const b = report.tensors[t]?.bytes;
      e.bytes = e.bytes === null || b === null || b === undefined ? null : e.bytes + b;
    }
  }
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    succs[e.from]!.push(e.to);
    preds[e.to]!.push(e.from);
  }
  return { edges, preds, succs };
}

// ---------------------------------------------------------------------------------------------
// chain collapsing

/** Chains shorter than this stay expanded: a box for 2 nodes saves nothing. */
export const MIN_CHAIN = 3;
/**
 * At most about this many boxes are laid out: beyond it, consecutive boxes of one partition (in
 * execution order) merge into expandable groups, so that the layout's cost is bounded whatever the
 * model's size (a 10,000-node decoder leaves thousands of boxes after chain collapsing). dagre's
 * time grows with the edges a box's group gathers (a decoder's mask and KV inputs reach every
 * layer): 150 boxes of the decoder lay out in about 0.2 s, 300 took 0.7–0.9 s (bench/panels.ts).
 */
export const MAX_BOXES = 150;

export interface Item {
  /** Stable id: `n<index>` for a node, `c<first node>` for a chain, `g<first node>` for a group of boxes. */
  id: string;
  /** A group (id `g…`) is drawn and expanded like a chain; its nodes need not form a line. */
  kind: 'node' | 'chain';
  /** The node, or the chain's (group's) nodes in order. */
  nodes: number[];
  /** Partition (index into PartitionsModel.partitions), -1 for none. */
  partition: number;
  /** The compare target's partition, when comparing (-1 otherwise). */
  comparePartition: number;
  flagged: boolean;
  /** For a node of an expanded chain: the chain's id (to collapse it again). */
  chain?: string;
  /** For a group: the number of flagged nodes inside. */
  flaggedInside?: number;
}

/**
 * Linear runs (each node the only consumer of the previous one's outputs and vice versa) inside one
 * partition — and, when comparing, one partition of the second target too — become one item unless
 * expanded. Flagged nodes are never hidden in a chain: they are what the panel is for.
 */
export function collapseChains(report: Report, graph: DataGraph, model: PartitionsModel, compare: PartitionsModel | null, expanded: ReadonlySet<string>, minChain = MIN_CHAIN, maxBoxes = MAX_BOXES): Item[] {
  const items = chainItems(report, graph, model, compare, expanded, minChain);
  // Groups are cut from the boxes with every chain collapsed, so expanding a chain never moves them.
  const base = expanded.size === 0 ? items : chainItems(report, graph, model, compare, new Set(), minChain);
  return base.length <= maxBoxes ? items : boundItems(items, base, model, compare, expanded, maxBoxes);
}

/**
 * Keeps the layout bounded: runs of consecutive boxes (execution order) in one partition merge into
 * groups of about base.length / maxBoxes boxes each, flagged nodes included (the group says how
 * many). An expanded group shows its boxes, each of which remembers the group (Alt+click collapses
 * it again). `base`: the boxes with every chain collapsed, which the groups are cut from.
 */
export function boundItems(items: readonly Item[], base: readonly Item[], model: PartitionsModel, compare: PartitionsModel | null, expanded: ReadonlySet<string>, maxBoxes = MAX_BOXES): Item[] {
  const size = Math.ceil(base.length / maxBoxes);
  const groupOf = new Map<number, string>();
  const members = new Map<string, number>();
  let run: Item[] = [];
  const cut = () => {
    if (run.length === 0) return;
    const id = `g${run[0]!.nodes[0]}`;
    members.set(id, run.length);
    for (const it of run) for (const v of it.nodes) groupOf.set(v, id);
    run = [];
  };
  for (const it of base) {
    const head = run[0];
    if (head && (head.partition !== it.partition || head.comparePartition !== it.comparePartition || run.length >= size)) cut();
    run.push(it);
  }
  cut();
  const out: Item[] = [];
  let group: string | undefined;
  let inGroup: Item[] = [];
  const flush = () => {
    if (inGroup.length === 0) return;
    const id = group!;
    if ((members.get(id) ?? 1) <= 1 || expanded.has(id)) for (const it of inGroup) out.push((members.get(id) ?? 1) > 1 && !it.chain ? { ...it, chain: id } : it);
    else {
      const nodes = inGroup.flatMap((it) => it.nodes);
      const flaggedInside = nodes.filter((v) => model.flagged.has(v) || (compare?.flagged.has(v) ?? false)).length;
      out.push({ id, kind: 'chain', nodes, partition: inGroup[0]!.partition, comparePartition: inGroup[0]!.comparePartition, flagged: false, ...(flaggedInside ? { flaggedInside } : {}) });
    }
    inGroup = [];
  };
  for (const it of items) {
    const g = groupOf.get(it.nodes[0]!) ?? `g${it.nodes[0]}`;
    if (g !== group) {
      flush();
      group = g;
    }
    inGroup.push(it);
  }
  flush();
  return out;
}

function chainItems(report: Report, graph: DataGraph, model: PartitionsModel, compare: PartitionsModel | null, expanded: ReadonlySet<string>, minChain: number): Item[] {
  const n = report.nodes.length;
  const key = (v: number) => `${model.partitionOf[v]}|${compare ? compare.partitionOf[v] : -1}`;
  const flagged = (v: number) => model.flagged.has(v) || (compare?.flagged.has(v) ?? false);
  const linksNext = (v: number): number | undefined => {
    const s = graph.succs[v]!;
    if (s.length !== 1) return undefined;
    const w = s[0]!;
    return graph.preds[w]!.length === 1 && key(w) === key(v) && !flagged(w) ? w : undefined;
  };
  const inChain = new Uint8Array(n);
  const items: Item[] = [];
  const item = (nodes: number[], kind: Item['kind']): Item => ({
    id: kind === 'node' ? `n${nodes[0]}` : `c${nodes[0]}`, kind, nodes,
    partition: model.partitionOf[nodes[0]!]!, comparePartition: compare ? compare.partitionOf[nodes[0]!]! : -1,
    flagged: kind === 'node' && flagged(nodes[0]!),
  });
  // In execution order a run's head comes before its members, so every unvisited node starts one.
  for (const v of model.order) {
    if (inChain[v]) continue;
    inChain[v] = 1;
    if (flagged(v)) {
      items.push(item([v], 'node'));
      continue;
    }
    const run = [v];
    for (let w = linksNext(v); w !== undefined && !inChain[w]; w = linksNext(w)) {
      inChain[w] = 1;
      run.push(w);
    }
    if (run.length >= minChain && !expanded.has(`c${v}`)) items.push(item(run, 'chain'));
    else for (const w of run) items.push(run.length >= minChain ? { ...item([w], 'node'), chain: `c${v}` } : item([w], 'node'));
  }
  // Nodes a broken graph leaves unreached (cycles) still get a box; folded ones do not.
  const folded = (v: number) => model.partitions.length > 0 && model.partitionOf[v]! < 0;
  for (let v = 0; v < n; v++) if (!inChain[v] && !folded(v)) items.push(item([v], 'node'));
  return items;
}

/** "12 nodes: Conv → Relu → …" */
export function chainLabel(report: Report, nodes: readonly number[], shown = 2): string {
  const ops = nodes.slice(0, shown).map((v) => report.nodes[v]?.op ?? '?');
  return `${nodes.length} nodes: ${ops.join(' → ')}${nodes.length > shown ? ' → …' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// layout

export const NODE_WIDTH = 184;
export const NODE_HEIGHT = 40;
export const CHAIN_HEIGHT = 52;

export interface Point {
  x: number;
  y: number;
}

export interface LaidItem extends Item {
  /** Center, as dagre places it. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  from: string;
  to: string;
  points: Point[];
  /** Crosses from one partition to another (on the primary target). */
  boundary: boolean;
  bytes: number | null;
  tensors: string[];
}

export interface GraphLayout {
  items: LaidItem[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** The part of a dagre graph the layout uses. */
export interface DagreGraph {
  setGraph(label: Record<string, unknown>): unknown;
  setDefaultEdgeLabel(make: () => Record<string, unknown>): unknown;
  setNode(id: string, label: { width: number; height: number }): unknown;
  setEdge(from: string, to: string): unknown;
  node(id: string): unknown;
  edge(from: string, to: string): unknown;
  graph(): unknown;
}

/**
 * The part of @dagrejs/dagre the layout uses, passed in rather than imported: dagre ships ESM-only
 * types, which the CommonJS (Node16) type-check of the tests and the benchmark cannot import. The
 * page passes the bundled module; Node code passes a require()d one (test/support/dagre.ts).
 */
export interface Dagre {
  graphlib: { Graph: new (options?: { multigraph?: boolean; compound?: boolean }) => DagreGraph };
  layout(graph: DagreGraph): void;
}

/** Lays the items out top to bottom with dagre; edges between items merge the data edges they stand for. */
export function layoutItems(dagre: Dagre, items: readonly Item[], graph: DataGraph): GraphLayout {
  const itemOf = new Map<number, Item>();
  for (const it of items) for (const v of it.nodes) itemOf.set(v, it);
  const merged = new Map<string, LaidEdge>();
  for (const e of graph.edges) {
    const a = itemOf.get(e.from);
    const b = itemOf.get(e.to);
    if (!a || !b || a === b) continue;
    const k = `${a.id}>${b.id}`;
    let m = merged.get(k);
    if (!m) {
      m = { from: a.id, to: b.id, points: [], boundary: a.partition !== b.partition, bytes: 0, tensors: [] };
      merged.set(k, m);
    }
    for (const t of e.tensors) if (!m.tensors.includes(t)) m.tensors.push(t);
    m.bytes = m.bytes === null || e.bytes === null ? null : m.bytes + e.bytes;
  }
  const g = new dagre.graphlib.Graph({ multigraph: false });
  // Tight ranks; network-simplex ranking is the costly part on big graphs, longest-path is linear and looks the same on DAGs from exporters.
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, edgesep: 10, marginx: 16, marginy: 16, ranker: items.length > 400 ? 'longest-path' : 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const it of items) g.setNode(it.id, { width: NODE_WIDTH, height: it.kind === 'chain' ? CHAIN_HEIGHT : NODE_HEIGHT });
  for (const e of merged.values()) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const laid: LaidItem[] = items.map((it) => {
    const p = g.node(it.id) as { x: number; y: number; width: number; height: number };
    return { ...it, x: p.x, y: p.y, width: p.width, height: p.height };
  });
  const edges = [...merged.values()].map((e) => ({ ...e, points: ((g.edge(e.from, e.to) as { points?: Point[] } | undefined)?.points ?? []).map((p) => ({ x: p.x, y: p.y })) }));
  const size = g.graph() as { width?: number; height?: number };
  return { items: laid, edges, width: size.width ?? 0, height: size.height ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// search and details

/** Nodes whose name or op contains the query (case-insensitive), in execution order. */
export function searchNodes(report: Report, order: readonly number[], query: string, limit = 200): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: number[] = [];
  for (const v of order) {
    const node = report.nodes[v];
    if (node && (node.name.toLowerCase().includes(q) || node.op.toLowerCase().includes(q))) {
      out.push(v);
      if (out.length >= limit) break;
    }
  }
  return out;
}

export interface NodeDetails {
  index: number;
  name: string;
  op: string;
  inputs: { name: string; shape: string }[];
  outputs: { name: string; shape: string }[];
  partition: string;
  support: string;
  reasons: string[];
  workingSetBytes: number | null;
  macs: number | null;
  latencyUs: number | null;
}

function shapeText(report: Report, t: string): string {
  const s = report.tensors[t]?.shape;
  return s === undefined || s === null ? '?' : `[${s.join(', ')}]`;
}

export function nodeDetails(report: Report, model: PartitionsModel, v: number): NodeDetails | undefined {
  const node: ReportNode | undefined = report.nodes[v];
  if (!node) return undefined;
  const p = model.partitions[model.partitionOf[v]!];
  const reasons = [...(node.reasons ?? []).map((r) => `${r.outcome === 'violated' ? '✖' : r.outcome === 'unknown' ? '?' : 'ℹ'} ${r.message}`)];
  for (const why of model.flagged.get(v) ?? []) if (!reasons.some((r) => r.endsWith(why))) reasons.push(`⚑ ${why}`);
  return {
    index: v, name: node.name || `#${v}`, op: node.op,
    inputs: node.inputs.filter((t) => t).map((t) => ({ name: t, shape: shapeText(report, t) })),
    outputs: node.outputs.filter((t) => t).map((t) => ({ name: t, shape: shapeText(report, t) })),
    partition: p ? `${p.label} (${p.device === 'accelerator' ? model.delegate ?? 'accelerator' : 'CPU fallback'})` : '—',
    support: node.support ?? 'unknown', reasons,
    workingSetBytes: node.workingSetBytes ?? null, macs: node.macs, latencyUs: node.latencyUs ?? null,
  };
}
