// Delegate partitioning: which nodes a delegate / execution provider takes, and how the rest falls
// back to the CPU, with each runtime's real grouping rules.
//
// - `greedy` (TFLite delegates, ONNX Runtime execution providers): supported nodes are grouped in
//   topological order into maximal groups; a group is closed when no more supported node is ready,
//   so a supported node that waits on an unsupported one starts a new group. Then the runtime's
//   limits apply: at most `maxPartitions` groups are delegated (largest first — TFLite's GPU delegate
//   takes one by default), and groups smaller than `minPartitionNodes` stay on the CPU.
// - `single-segment` (Coral Edge TPU compiler): nodes are mapped in execution order until the first
//   unsupported one; everything from there on runs on the CPU, supported or not.
// - `none`: the target has no delegate; every node runs on the one processor.

import type { Graph } from '../ir/model';
import { tensorBytes } from '../report/buildReport';
import { nodeDependencies } from '../ir/dependencies';
import { MinHeap } from '../util/heap';
import { MAX_FRAGMENTING_WORK } from '../limits';

export type PartitionSemantics =
  | { kind: 'greedy'; maxPartitions?: number; minPartitionNodes?: number }
  | { kind: 'single-segment' }
  | { kind: 'none' };

export type Device = 'accelerator' | 'cpu';

export interface Partition {
  /** 0-based, in execution order of the partition's first node. */
  id: number;
  device: Device;
  /** Node indices, in execution order. */
  nodes: number[];
  /** Activation tensors read from outside the partition (graph inputs included). */
  inputs: string[];
  /** Tensors written here and read outside (or graph outputs). */
  outputs: string[];
  /** Bytes crossing into / out of the partition (null where a size is unknown). */
  bytesIn: number | null;
  bytesOut: number | null;
}

export interface PartitionResult {
  semantics: PartitionSemantics;
  partitions: Partition[];
  /** Device of each node (indexed like graph.nodes). */
  deviceOf: Device[];
  delegatedNodes: number;
  fallbackNodes: number;
  /** Number of device changes along the execution order. */
  transitions: number;
  /** Why supported nodes stayed on the CPU, by node index. */
  demoted: Map<number, string>;
}

/** Groups supported nodes the way ONNX Runtime and TFLite's partition helper do (see the file comment). */
export function supportedGroups(graph: Graph, supported: readonly boolean[]): number[][] {
  const n = graph.nodes.length;
  const { pending, dependents } = nodeDependencies(graph);
  // Ready nodes are taken in execution order (graph.order), so ties resolve like the runtime's walk;
  // heaps keyed by that position give the earliest in O(log n) (graph size stays n log n).
  const position = new Int32Array(n);
  graph.order.forEach((v, i) => { position[v] = i; });
  const earlier = (a: number, b: number) => position[a]! < position[b]!;
  const readySupported = new MinHeap<number>(earlier);
  const readyOther = new MinHeap<number>(earlier);
  const enqueue = (v: number) => (supported[v] ? readySupported : readyOther).push(v);
  for (const v of graph.order) if (pending[v] === 0) enqueue(v);
  const release = (v: number) => {
    for (const d of dependents[v]!) if (--pending[d]! === 0) enqueue(d);
  };
  const groups: number[][] = [];
  let visited = 0;
  while (visited < n) {
    const group: number[] = [];
    while (readySupported.size > 0) {
      const v = readySupported.pop()!;
      group.push(v);
      release(v);
      visited++;
    }
    if (group.length > 0) groups.push(group);
    if (readyOther.size === 0) {
      if (readySupported.size === 0) break; // a cycle: the reader reported it already
      continue;
    }
    while (readyOther.size > 0) {
      const v = readyOther.pop()!;
      release(v);
      visited++;
    }
  }
  return groups;
}

export function partitionGraph(graph: Graph, supported: readonly boolean[], semantics: PartitionSemantics): PartitionResult {
  const n = graph.nodes.length;
  const deviceOf: Device[] = new Array<Device>(n).fill('cpu');
  const demoted = new Map<number, string>();

  if (semantics.kind === 'none') {
    // One processor runs everything; "unsupported" nodes are errors reported by compatibility, not a fallback.
    deviceOf.fill('accelerator');
  } else if (semantics.kind === 'single-segment') {
    let cut = false;
    for (const v of graph.order) {
      if (!cut && supported[v]) deviceOf[v] = 'accelerator';
      else {
        if (!cut) cut = true;
        if (supported[v]) demoted.set(v, `runs on the CPU: it comes after the first unmapped operator, and the compiler maps only one segment`);
      }
    }
  } else {
    const groups = supportedGroups(graph, supported);
    const minNodes = semantics.minPartitionNodes ?? 1;
    const bySize = groups.map((g, i) => ({ g, i })).sort((a, b) => b.g.length - a.g.length || a.i - b.i);
    let kept = 0;
    for (const { g } of bySize) {
      if (g.length < minNodes) {
        for (const v of g) demoted.set(v, `runs on the CPU: its partition has ${g.length} node(s), fewer than the delegate's minimum of ${minNodes}`);
        continue;
      }
      if (semantics.maxPartitions !== undefined && kept >= semantics.maxPartitions) {
        for (const v of g) demoted.set(v, `runs on the CPU: the delegate takes at most ${semantics.maxPartitions} partition(s) and larger ones were chosen`);
        continue;
      }
      kept++;
      for (const v of g) deviceOf[v] = 'accelerator';
    }
  }

  const partitions = buildPartitions(graph, deviceOf, semantics.kind === 'greedy' ? supportedGroups(graph, graph.nodes.map((_, v) => deviceOf[v] === 'accelerator')) : null);
  let transitions = 0;
  for (let i = 1; i < graph.order.length; i++) if (deviceOf[graph.order[i]!] !== deviceOf[graph.order[i - 1]!]) transitions++;
  const delegatedNodes = deviceOf.filter((d) => d === 'accelerator').length;
  return { semantics, partitions, deviceOf, delegatedNodes, fallbackNodes: n - delegatedNodes, transitions, demoted };
}

/**
 * Partitions are maximal runs of one device along the execution order; for greedy delegates the
 * accelerator groups come from the grouping itself (a group need not be contiguous in file order).
 */
function buildPartitions(graph: Graph, deviceOf: Device[], acceleratorGroups: number[][] | null): Partition[] {
  const position = new Int32Array(graph.nodes.length);
  graph.order.forEach((v, i) => { position[v] = i; });
  const groups: { device: Device; nodes: number[] }[] = [];
  if (acceleratorGroups) {
    for (const g of acceleratorGroups) groups.push({ device: 'accelerator', nodes: [...g].sort((a, b) => position[a]! - position[b]!) });
    // CPU nodes: contiguous runs in execution order.
    let run: number[] = [];
    for (const v of graph.order) {
      if (deviceOf[v] === 'cpu') run.push(v);
      else if (run.length) {
        groups.push({ device: 'cpu', nodes: run });
        run = [];
      }
    }
    if (run.length) groups.push({ device: 'cpu', nodes: run });
  } else {
    for (const v of graph.order) {
      const last = groups[groups.length - 1];
      if (last && last.device === deviceOf[v]) last.nodes.push(v);
      else groups.push({ device: deviceOf[v]!, nodes: [v] });
    }
  }
  groups.sort((a, b) => position[a.nodes[0]!]! - position[b.nodes[0]!]!);
  return groups.map((g, id) => describePartition(graph, id, g.device, g.nodes));
}

function describePartition(graph: Graph, id: number, device: Device, nodes: number[]): Partition {
  const inside = new Set(nodes);
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const v of nodes) {
    const node = graph.nodes[v]!;
    for (const name of node.inputs) {
      const t = name === '' ? undefined : graph.tensors.get(name);
      if (!t || t.constant) continue;
      if (t.producer === null || !inside.has(t.producer)) inputs.add(name);
    }
    for (const name of node.outputs) {
      const t = name === '' ? undefined : graph.tensors.get(name);
      if (!t) continue;
      if (t.isGraphOutput || t.consumers.some((c) => !inside.has(c))) outputs.add(name);
    }
  }
  const sum = (names: Set<string>): number | null => {
    let total = 0;
    for (const name of names) {
      const b = tensorBytes(graph.tensors.get(name)!);
      if (b === null) return null;
      total += b;
    }
    return total;
  };
  return { id, device, nodes, inputs: [...inputs], outputs: [...outputs], bytesIn: sum(inputs), bytesOut: sum(outputs) };
}

export interface FragmentingOp {
  node: number;
  /** Delegated nodes gained if this node were supported (itself included). */
  nodesBroughtBack: number;
  /** Partitions (of either device) fewer if this node were supported. */
  partitionsSaved: number;
}

/** Unsupported nodes that can be tried within MAX_FRAGMENTING_WORK (each trial re-partitions the graph). */
export function fragmentingTrialBudget(graph: Graph): number {
  return Math.max(1, Math.floor(MAX_FRAGMENTING_WORK / Math.max(1, graph.nodes.length)));
}

/**
 * Unsupported nodes ranked by what supporting them would bring back: the question users of the ORT
 * usability checker ask ("66 partitions — which op do I change?"). One re-partition per unsupported
 * node, so the candidates are bounded (fragmentingTrialBudget): beyond the budget, those next to a
 * supported node come first (only they can join a delegated group directly), in execution order.
 */
export function fragmentingOps(graph: Graph, supported: readonly boolean[], semantics: PartitionSemantics, base?: PartitionResult): FragmentingOp[] {
  if (semantics.kind === 'none') return [];
  const before = base ?? partitionGraph(graph, supported, semantics);
  const out: FragmentingOp[] = [];
  const trial = [...supported];
  let candidates = graph.nodes.filter((node) => !supported[node.index]).map((node) => node.index);
  const budget = fragmentingTrialBudget(graph);
  if (candidates.length > budget) {
    const position = new Int32Array(graph.nodes.length);
    graph.order.forEach((v, i) => { position[v] = i; });
    const nearSupported = (v: number): boolean => {
      const node = graph.nodes[v]!;
      for (const name of node.inputs) {
        const p = name === '' ? null : graph.tensors.get(name)?.producer ?? null;
        if (p !== null && supported[p]) return true;
      }
      for (const name of node.outputs) for (const c of graph.tensors.get(name)?.consumers ?? []) if (supported[c]) return true;
      return false;
    };
    candidates = candidates
      .map((v) => ({ v, near: nearSupported(v) ? 0 : 1 }))
      .sort((a, b) => a.near - b.near || position[a.v]! - position[b.v]!)
      .slice(0, budget)
      .map((c) => c.v)
      .sort((a, b) => a - b);
  }
  for (const index of candidates) {
    trial[index] = true;
    const after = partitionGraph(graph, trial, semantics);
    trial[index] = false;
    const gained = after.delegatedNodes - before.delegatedNodes;
    const saved = before.partitions.length - after.partitions.length;
    if (gained > 1 || saved > 0) out.push({ node: index, nodesBroughtBack: gained, partitionsSaved: saved });
  }
  return out.sort((a, b) => b.nodesBroughtBack - a.nodesBroughtBack || b.partitionsSaved - a.partitionsSaved || a.node - b.node);
}
