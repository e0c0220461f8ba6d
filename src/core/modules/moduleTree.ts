// The module roll-up: a model's layers as the tree of modules its author wrote (encoder →
// layers → encoder_layer_3 → self_attention), each module with the totals of everything under it —
// MACs, parameters, peak working set, estimated latency, measured time — and its worst verdict.
// One function for every surface that lists layers (the overview's table, the partition, memory and
// layer-timing panels, the text view's outline, Problems' related information), so a module reads
// the same everywhere. Pure: items in (a report's nodes, its deployed ops, or any list of layers
// with names and figures), a flat tree out — small enough to send to a webview whole when the
// layers themselves are paged (a 10,000-node decoder is a few hundred modules).

import type { Report, ReportNode } from '../report/report';
import { modulePathOf, segmentLabel, type ModuleStyle } from './modulePath';

/** One layer as the tree sees it. */
export interface ModuleItem {
  /** The layer's index in its list (report.nodes, deployed.nodes, a timing table). */
  index: number;
  name: string;
  /** Constant inputs' names: place a node whose own name has no scope. */
  weightNames?: readonly string[];
  macs: number | null;
  paramBytes: number | null;
  workingSetBytes?: number | null;
  /** Null: a kernel of unknown latency (a symbolic size); a layer that runs no kernel has `noKernel`. */
  latencyUs?: number | null;
  /** Folded, fused or elided: no kernel of its own, so no latency to know. */
  noKernel?: boolean;
  /** Measured time (Profile Layers). */
  measuredUs?: number | null;
  /** 'error': the target cannot run it; 'warn': it falls back to the CPU; 'ok': runs as intended. */
  level?: ModuleLevel;
  device?: 'accelerator' | 'cpu';
  partition?: number;
  /** Worst finding on the layer. */
  finding?: 'error' | 'warning' | 'info';
  /** Reads only constants (or nothing): such nodes come first in a topological order wherever their module is, so they do not decide where a module is listed. */
  constantOnly?: boolean;
}

export type ModuleLevel = 'error' | 'warn' | 'ok';
export type ModuleVerdict = 'fail' | 'warn' | 'pass' | 'unknown';

export interface ModuleTotals {
  /** Layers in the module and below. */
  items: number;
  /** Sum of the known MACs; `macsUnknown` layers of unknown cost are left out. */
  macs: number;
  macsUnknown: number;
  paramBytes: number;
  /** Largest working set of one layer under the module (layers run one at a time). */
  workingSetBytes: number | null;
  /** Sums; null when no layer under it has one; a lower bound when `latencyUnknown` > 0. */
  latencyUs: number | null;
  /** Kernels under it whose latency is unknown (left out of `latencyUs`). */
  latencyUnknown: number;
  measuredUs: number | null;
  /** Layers the target cannot run / that fall back to the CPU / on the accelerator. */
  errors: number;
  cpu: number;
  accelerator: number;
  /** Distinct partitions the module's layers run in. */
  partitions: number;
  findings: { error: number; warning: number; info: number };
  verdict: ModuleVerdict;
}

export interface ModuleEntry {
  /** Index in `ModuleTree.modules`; 0 is the model itself. */
  id: number;
  parent: number;
  depth: number;
  /** The label in a tree: 'features.12', 'self_attention', 'MobilenetV1/MobilenetV1' (single-child chains merged). */
  label: string;
  /** The full module path: PyTorch's qualified name ('features.12.block.0'), a TF scope ('model/conv2d'); '' for the model. */
  path: string;
  children: number[];
  /** Layers directly in this module (not in a child), in the order given. */
  items: number[];
  totals: ModuleTotals;
  /** The worst verdict of the module's layers from where they run alone, findings left out (applyFindings adds them). */
  levelVerdict: ModuleVerdict;
}

export interface ModuleTree {
  style: ModuleStyle;
  modules: ModuleEntry[];
  /** The module of each item, by item index. */
  moduleOf: Record<number, number>;
  /** The original node whose findings count for an item, when it is not the item's own index (deployed ops: the node they anchor on). */
  findingNode?: Record<number, number>;
}

function emptyTotals(): ModuleTotals {
  return { items: 0, macs: 0, macsUnknown: 0, paramBytes: 0, workingSetBytes: null, latencyUs: null, latencyUnknown: 0, measuredUs: null, errors: 0, cpu: 0, accelerator: 0, partitions: 0, findings: { error: 0, warning: 0, info: 0 }, verdict: 'unknown' };
}

const VERDICT_RANK: Record<ModuleVerdict, number> = { fail: 0, warn: 1, pass: 2, unknown: 3 };

function levelVerdict(level: ModuleLevel | undefined): ModuleVerdict {
  return level === 'error' ? 'fail' : level === 'warn' ? 'warn' : level === 'ok' ? 'pass' : 'unknown';
}

function findingVerdict(finding: ModuleItem['finding']): ModuleVerdict {
  return finding === 'error' ? 'fail' : finding === 'warning' ? 'warn' : 'unknown';
}

/** A layer's verdict: the worse of where it runs and its worst finding. */
function itemVerdict(it: ModuleItem): ModuleVerdict {
  return worse(levelVerdict(it.level), findingVerdict(it.finding));
}

function worse(a: ModuleVerdict, b: ModuleVerdict): ModuleVerdict {
  return VERDICT_RANK[a] <= VERDICT_RANK[b] ? a : b;
}

/**
 * The module tree of `items` (in execution order: children are listed in the order their first
 * layer runs). Modules that hold nothing of their own and have one child are merged with it
 * ('MobilenetV1/MobilenetV1'), so the tree has no levels that say nothing.
 */
export function buildModuleTree(items: readonly ModuleItem[]): ModuleTree {
  interface Build { label: string; path: string; children: Map<string, Build>; order: Build[]; items: number[]; first: number }
  const root: Build = { label: '', path: '', children: new Map(), order: [], items: [], first: 0 };
  let torch = 0;
  for (const it of items) if (it.name.startsWith('/')) torch++;
  const style: ModuleStyle = torch * 2 >= items.length && torch > 0 ? 'torch' : 'tf';
  const byIndex = new Map<number, ModuleItem>();
  items.forEach((it, position) => {
    byIndex.set(it.index, it);
    // Where the module is listed: at its first layer that computes something.
    const first = it.constantOnly ? items.length + position : position;
    const p = modulePathOf(it.name, it.weightNames);
    const join = p.style === 'torch' ? '.' : '/';
    let at = root;
    p.segments.forEach((seg, i) => {
      let child = at.children.get(seg);
      if (!child) {
        const path = at.path ? `${at.path}${join}${seg}` : seg;
        child = { label: segmentLabel(p.segments, i, at.label), path, children: new Map(), order: [], items: [], first };
        at.children.set(seg, child);
        at.order.push(child);
      }
      child.first = Math.min(child.first, first);
      at = child;
    });
    at.items.push(it.index);
  });
  const sortChildren = (b: Build): void => {
    b.order.sort((x, y) => x.first - y.first);
    for (const c of b.order) sortChildren(c);
  };
  sortChildren(root);

  const modules: ModuleEntry[] = [];
  const moduleOf: Record<number, number> = {};
  const emit = (b: Build, parent: number, depth: number, label: string): number => {
    // Merge "a" with its only child "b" when "a" holds no layer itself.
    let node = b;
    let text = label;
    while (node !== root && node.items.length === 0 && node.order.length === 1) {
      node = node.order[0]!;
      text = `${text}${style === 'torch' ? '.' : '/'}${node.label.startsWith(`${text}.`) ? node.label.slice(text.length + 1) : node.label}`;
    }
    const id = modules.length;
    const entry: ModuleEntry = { id, parent, depth, label: text, path: node.path, children: [], items: node.items, totals: emptyTotals(), levelVerdict: 'unknown' };
    modules.push(entry);
    for (const i of node.items) moduleOf[i] = id;
    for (const c of node.order) entry.children.push(emit(c, id, depth + 1, c.label));
    return id;
  };
  emit(root, -1, 0, '');

  // Totals, children before parents (ids are in pre-order, so backwards works).
  const partitionSets = modules.map(() => new Set<number>());
  for (let id = modules.length - 1; id >= 0; id--) {
    const m = modules[id]!;
    const t = m.totals;
    const parts = partitionSets[id]!;
    for (const i of m.items) {
      const it = byIndex.get(i)!;
      t.items++;
      if (it.macs === null) t.macsUnknown++;
      else t.macs += it.macs;
      t.paramBytes += it.paramBytes ?? 0;
      if (it.workingSetBytes !== undefined && it.workingSetBytes !== null) t.workingSetBytes = Math.max(t.workingSetBytes ?? 0, it.workingSetBytes);
      if (it.latencyUs !== undefined && it.latencyUs !== null) t.latencyUs = (t.latencyUs ?? 0) + it.latencyUs;
      else if (it.latencyUs === null && it.noKernel !== true) t.latencyUnknown++;
      if (it.measuredUs !== undefined && it.measuredUs !== null) t.measuredUs = (t.measuredUs ?? 0) + it.measuredUs;
      if (it.level === 'error') t.errors++;
      if (it.device === 'cpu') t.cpu++;
      else if (it.device === 'accelerator') t.accelerator++;
      if (it.partition !== undefined) parts.add(it.partition);
      if (it.finding) t.findings[it.finding]++;
      t.verdict = worse(t.verdict, itemVerdict(it));
      m.levelVerdict = worse(m.levelVerdict, levelVerdict(it.level));
    }
    for (const c of m.children) {
      const ct = modules[c]!.totals;
      t.items += ct.items;
      t.macs += ct.macs;
      t.macsUnknown += ct.macsUnknown;
      t.paramBytes += ct.paramBytes;
      if (ct.workingSetBytes !== null) t.workingSetBytes = Math.max(t.workingSetBytes ?? 0, ct.workingSetBytes);
      if (ct.latencyUs !== null) t.latencyUs = (t.latencyUs ?? 0) + ct.latencyUs;
      t.latencyUnknown += ct.latencyUnknown;
      if (ct.measuredUs !== null) t.measuredUs = (t.measuredUs ?? 0) + ct.measuredUs;
      t.errors += ct.errors;
      t.cpu += ct.cpu;
      t.accelerator += ct.accelerator;
      for (const p of partitionSets[c]!) parts.add(p);
      t.findings.error += ct.findings.error;
      t.findings.warning += ct.findings.warning;
      t.findings.info += ct.findings.info;
      t.verdict = worse(t.verdict, ct.verdict);
      m.levelVerdict = worse(m.levelVerdict, modules[c]!.levelVerdict);
    }
    t.partitions = parts.size;
  }
  return { style, modules, moduleOf };
}

/** A node's level on the report's target: what the overview's "Runs on" column says, as a level. */
export function nodeLevel(report: Report, n: ReportNode): ModuleLevel | undefined {
  if (!report.target || n.support === undefined) return undefined;
  if (n.fate && n.fate.kind !== 'kernel') return 'ok';
  const bad = n.support === 'unsupported' || n.support === 'constraint-violated';
  if (report.target.partitioning === 'none') return bad ? 'error' : n.support === 'unknown' ? undefined : 'ok';
  return n.device === 'cpu' ? 'warn' : 'ok';
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The worst finding per main-graph node. */
export function worstFindingByNode(report: Report): Map<number, 'error' | 'warning' | 'info'> {
  return worstFindingOf(report.diagnostics);
}

function worstFindingOf(diagnostics: Report['diagnostics']): Map<number, 'error' | 'warning' | 'info'> {
  const out = new Map<number, 'error' | 'warning' | 'info'>();
  for (const d of diagnostics) {
    if (d.node === undefined || (d.graph ?? 0) !== 0) continue;
    const was = out.get(d.node);
    if (was === undefined || SEVERITY_RANK[d.severity] < SEVERITY_RANK[was]) out.set(d.node, d.severity);
  }
  return out;
}

/**
 * The report's layers as tree items: the original graph's nodes (the overview, the text view), or
 * the deployed ops (the partition panel's deployed view, the memory timeline), each placed by the
 * name of the original node it anchors on. `measuredUs` adds measured times by item index.
 */
export function reportModuleItems(report: Report, graph: 'original' | 'deployed' = 'original', measuredUs?: ReadonlyMap<number, number>): ModuleItem[] {
  return moduleItems(report, graph, measuredUs, worstFindingByNode(report));
}

/** reportModuleItems with the worst finding per node at hand (reportModuleTrees computes it once for both trees). */
function moduleItems(report: Report, graph: 'original' | 'deployed', measuredUs: ReadonlyMap<number, number> | undefined, findings: ReadonlyMap<number, 'error' | 'warning' | 'info'>): ModuleItem[] {
  const item = (n: ReportNode, name: string, anchor: ReportNode | undefined, tensors: Report['tensors']): ModuleItem => {
    // A constant input: one in `tensors`, or (deployed ops) in the original graph's tensors. One
    // pass over the inputs gives both the weight names and whether the node reads only constants.
    const weightNames: string[] = [];
    let constantOnly = true;
    for (const t of n.inputs) {
      if (t === '') continue;
      if (tensors[t]?.constant === true || (tensors !== report.tensors && report.tensors[t]?.constant === true)) weightNames.push(t);
      else constantOnly = false;
    }
    // Folded, fused and elided nodes run no kernel: their cost is their kernel's, counted there (no
    // latency, no device: left out here rather than deleted after, which turned thousands of items
    // into slow dictionary objects).
    const noKernel = graph === 'original' && !!n.fate && n.fate.kind !== 'kernel';
    const it: ModuleItem = {
      index: n.index,
      name,
      weightNames,
      macs: n.macs,
      paramBytes: n.paramBytes,
      workingSetBytes: n.workingSetBytes ?? null,
      latencyUs: noKernel ? null : n.latencyUs ?? null,
      noKernel,
    };
    if (constantOnly) it.constantOnly = true;
    const level = nodeLevel(report, n);
    if (level) it.level = level;
    if (n.device && !noKernel) it.device = n.device;
    if (n.partition !== undefined) it.partition = n.partition;
    const f = anchor ? findings.get(anchor.index) : undefined;
    if (f) it.finding = f;
    const m = measuredUs?.get(n.index);
    if (m !== undefined) it.measuredUs = m;
    return it;
  };
  if (graph === 'deployed' && report.deployed) {
    const d = report.deployed;
    const order = d.order.length === d.nodes.length ? d.order : d.nodes.map((n) => n.index);
    return order.map((v) => {
      const op = d.nodes[v]!;
      const anchor = report.nodes[op.covers?.[0] ?? -1];
      return item(op, anchor?.name ?? op.name, anchor, d.tensors);
    });
  }
  const order = report.order.length === report.nodes.length ? report.order : report.nodes.map((n) => n.index);
  return order.map((v) => {
    const n = report.nodes[v]!;
    return item(n, n.name, n, report.tensors);
  });
}

/** The module tree of a report's original graph (or its deployed ops). */
export function reportModuleTree(report: Report, graph: 'original' | 'deployed' = 'original', measuredUs?: ReadonlyMap<number, number>): ModuleTree {
  return moduleTreeOf(report, graph, measuredUs, worstFindingByNode(report));
}

function moduleTreeOf(report: Report, graph: 'original' | 'deployed', measuredUs: ReadonlyMap<number, number> | undefined, findings: ReadonlyMap<number, 'error' | 'warning' | 'info'>): ModuleTree {
  const tree = buildModuleTree(moduleItems(report, graph, measuredUs, findings));
  if (graph === 'deployed' && report.deployed) {
    const findingNode: Record<number, number> = {};
    for (const op of report.deployed.nodes) {
      // As reportModuleItems places findings: on the original node the op anchors on (none: -1).
      const anchor = op.covers?.[0] ?? -1;
      if (anchor !== op.index) findingNode[op.index] = anchor;
    }
    tree.findingNode = findingNode;
  }
  return tree;
}

export interface ReportModuleTrees {
  modules: ModuleTree;
  /** The deployed ops' tree, when the report has a deployed graph that differs from the original. */
  deployed?: ModuleTree;
}

/** The trees every surface shows for a report: the original graph's, and the deployed ops' when they differ. */
export function reportModuleTrees(report: Report): ReportModuleTrees {
  const deployedOnly = report.nodes.length > 0 && report.nodes.every((n) => n.covers !== undefined);
  const findings = worstFindingByNode(report);
  const t: ReportModuleTrees = { modules: moduleTreeOf(report, 'original', undefined, findings) };
  if (report.deployed && !deployedOnly) t.deployed = moduleTreeOf(report, 'deployed', undefined, findings);
  return t;
}

/**
 * The tree with its findings and verdicts from `diagnostics` (a new tree; the input is kept): the
 * analysis worker builds the trees with the report, and findings added later (the weight phase,
 * Vela, TensorFlow Lite Micro) are applied in the editor without reading the node table again.
 * Equal to building the tree from a report with these diagnostics.
 */
export function applyFindings(tree: ModuleTree, diagnostics: Report['diagnostics']): ModuleTree {
  const worst = worstFindingOf(diagnostics);
  const modules = tree.modules.map((m) => ({ ...m, totals: { ...m.totals, findings: { error: 0, warning: 0, info: 0 }, verdict: m.levelVerdict } }));
  for (let id = modules.length - 1; id >= 0; id--) {
    const m = modules[id]!;
    const t = m.totals;
    for (const i of m.items) {
      const f = worst.get(tree.findingNode?.[i] ?? i);
      if (!f) continue;
      t.findings[f]++;
      t.verdict = worse(t.verdict, findingVerdict(f));
    }
    for (const c of m.children) {
      const ct = modules[c]!.totals;
      t.findings.error += ct.findings.error;
      t.findings.warning += ct.findings.warning;
      t.findings.info += ct.findings.info;
      t.verdict = worse(t.verdict, ct.verdict);
    }
  }
  return { ...tree, modules };
}

/** The module ids from the root down to `id` (inclusive). */
export function moduleAncestry(tree: ModuleTree, id: number): number[] {
  const out: number[] = [];
  for (let m = id; m >= 0; m = tree.modules[m]?.parent ?? -1) out.unshift(m);
  return out;
}
