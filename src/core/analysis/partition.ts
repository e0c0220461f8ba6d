// Delegate partitioning: which nodes a delegate / execution provider takes, and how the rest falls
// back to the CPU, with each runtime's own code as the rule:
//
// - `greedy`, algorithm 'tflite' (TFLite delegates, Vela): TFLite's PartitionGraphIntoIndependentNodeSubsets
//   (tensorflow/tensorflow@08df8c40 tensorflow/lite/graph_info.cc): epochs over the execution plan,
//   each taking every ready node of the type of the first ready node; then the delegate keeps the
//   first N largest delegated subsets with at least `minPartitionNodes` nodes
//   (GraphPartitionHelper::GetFirstNLargestPartitions, tensorflow/tensorflow@0f563557
//   tensorflow/lite/delegates/utils.cc; `maxPartitions` is the delegate's max_delegated_partitions).
// - `greedy`, algorithm 'ort' (ONNX Runtime EPs, TensorRT EP): CreateSupportedPartitionNodeGroups
//   (microsoft/onnxruntime@24963bf2 onnxruntime/core/providers/partitioning_utils.cc): a Kahn walk in
//   topological order; an unsupported node on the current group's border is deferred to the next group.
// - `single-segment` (Coral Edge TPU compiler): ops are mapped in execution order until the first
//   unsupported one; everything from there on runs on the CPU, supported or not. A QUANTIZE of a
//   float graph input stays on the CPU without ending the segment, as the compiler's logs show
//   ("QUANTIZE … not mapped", the next 70 ops mapped: f0cal/google-coral#20, google-coral/edgetpu#13).
// - `none`: the target has no delegate; every node runs on the one processor.
// Partition counts, delegated and CPU node counts and bytes crossing are all computed here, on the
// graph the analyses run on (the deployed graph), so every view reports the same figures.

import type { Graph } from '../ir/model';
import { nodeDependencies, type Dependencies } from '../ir/dependencies';
import { tensorBytes } from '../ir/tensorSize';
import { MAX_FRAGMENTING_WORK } from '../limits';
import { MinHeap } from '../util/heap';

export type PartitionSemantics =
  | { kind: 'greedy'; algorithm?: 'tflite' | 'ort'; maxPartitions?: number; minPartitionNodes?: number }
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
  /** Device changes along the sequence of partitions (execution order). */
  transitions: number;
  /**
   * Bytes that move between devices per inference: each tensor written on one device and read on
   * the other, once per reading partition (graph inputs and outputs not counted). Null when a size is unknown.
   */
  bytesCrossing: number | null;
  /** Why supported nodes stayed on the CPU, by node index. */
  demoted: Map<number, string>;
}

/**
 * TFLite's node subsets as flat arrays: the nodes in the order the epochs take them, where each
 * subset starts among them, and whether it is delegated. fragmentingOps' trials walk a large graph
 * dozens of times and need only counts: an array and an object per subset made each trial's
 * garbage (4 MB on a 20k-node graph whose types alternate) and most of its time (GC).
 */
interface SubsetWalk {
  /** Nodes in the order taken; fewer than the graph's nodes when a cycle left some never ready. */
  taken: Int32Array;
  takenCount: number;
  /** Subset k is taken[starts[k], starts[k + 1]) (the last one ends at takenCount). */
  starts: number[];
  delegated: boolean[];
}

/** Position of each node in the execution order (-1: not in it). */
function executionPositions(graph: Graph): Int32Array {
  const position = new Int32Array(graph.nodes.length).fill(-1);
  const order = graph.order;
  for (let i = 0; i < order.length; i++) position[order[i]!] = i;
  return position;
}

/**
 * TFLite's node subsets (graph_info.cc, greedy mode): each epoch takes, repeatedly in execution-plan
 * order, every node whose inputs are ready and whose type (delegated or not) is the epoch's type;
 * the epoch's type is that of the first ready node.
 */
function walkSubsets(graph: Graph, supported: readonly boolean[], deps: Dependencies, position: Int32Array): SubsetWalk {
  const n = graph.nodes.length;
  // The walk counts down its own copy: `deps` may be shared by many walks (fragmentingOps' trials).
  const pending = deps.pending.slice();
  const dependents = deps.dependents;
  // One ready queue per type, each giving its earliest node in execution-plan order in O(log n):
  // an epoch takes the type of the earliest ready node, then every node of that type that is or
  // becomes ready (the same set the plan-order rescans of graph_info.cc reach), so the whole walk
  // is n log n however the types alternate.
  const earlier = (a: number, b: number) => position[a]! < position[b]!;
  const ready = [new MinHeap(earlier), new MinHeap(earlier)] as const;
  const kindOf = (v: number) => (supported[v] === true ? 1 : 0);
  const enqueue = (v: number) => { if (position[v]! >= 0) ready[kindOf(v)].push(v); };
  const order = graph.order;
  for (let i = 0; i < order.length; i++) if (pending[order[i]!] === 0) enqueue(order[i]!);
  const taken = new Int32Array(n);
  let takenCount = 0;
  const starts: number[] = [];
  const delegated: boolean[] = [];
  for (;;) {
    const top0 = ready[0].peek();
    const top1 = ready[1].peek();
    if (top0 === undefined && top1 === undefined) break; // done, or a cycle the reader reported already
    const type = top1 !== undefined && (top0 === undefined || earlier(top1, top0)) ? 1 : 0;
    const queue = ready[type];
    starts.push(takenCount);
    delegated.push(type === 1);
    while (queue.size > 0) {
      const v = queue.pop()!;
      taken[takenCount++] = v;
      const ds = dependents[v]!;
      for (let k = 0; k < ds.length; k++) if (--pending[ds[k]!]! === 0) enqueue(ds[k]!);
    }
  }
  return { taken, takenCount, starts, delegated };
}

/** The end of subset k of a walk in `taken`. */
function subsetEnd(w: SubsetWalk, k: number): number {
  return k + 1 < w.starts.length ? w.starts[k + 1]! : w.takenCount;
}

/** TFLite's node subsets in order with their type (walkSubsets, as lists). */
export function tfliteNodeSubsets(graph: Graph, supported: readonly boolean[], deps: Dependencies = nodeDependencies(graph)): { supported: boolean; nodes: number[] }[] {
  const w = walkSubsets(graph, supported, deps, executionPositions(graph));
  const subsets: { supported: boolean; nodes: number[] }[] = new Array(w.starts.length);
  for (let k = 0; k < w.starts.length; k++) subsets[k] = { supported: w.delegated[k]!, nodes: Array.from(w.taken.subarray(w.starts[k]!, subsetEnd(w, k))) };
  return subsets;
}

/** Delegated subsets only: how TFLite's helper (and this file's tests) see the supported groups. */
export function supportedGroups(graph: Graph, supported: readonly boolean[], deps?: Dependencies): number[][] {
  return tfliteNodeSubsets(graph, supported, deps).filter((s) => s.supported).map((s) => s.nodes);
}

/** ONNX Runtime's CreateSupportedPartitionNodeGroups: supported groups in the order they close. */
export function ortSupportedGroups(graph: Graph, supported: readonly boolean[]): number[][] {
  const n = graph.nodes.length;
  const inDegree = new Int32Array(n);
  const readers: number[][] = graph.nodes.map(() => []);
  for (const node of graph.nodes) {
    for (const name of node.inputs) {
      const p = name ? graph.tensors.get(name)?.producer ?? null : null;
      if (p === null || p === node.index) continue;
      inDegree[node.index] = inDegree[node.index]! + 1;
      readers[p]!.push(node.index);
    }
  }
  // FIFO queues read through an index (Array.shift would make the walk quadratic).
  let toProcess: number[] = graph.order.filter((v) => inDegree[v] === 0);
  let head = 0;
  let next: number[] = [];
  const groups: number[][] = [];
  let group: number[] = [];
  let border = new Set<number>();
  const close = () => {
    if (group.length) groups.push(group);
    group = [];
    border = new Set();
  };
  while (head < toProcess.length || next.length > 0) {
    if (head === toProcess.length) {
      close();
      toProcess = next;
      head = 0;
      next = [];
      continue;
    }
    const v = toProcess[head++]!;
    const ok = supported[v] === true;
    if (!ok && border.has(v)) {
      next.push(v);
      continue;
    }
    if (ok) {
      group.push(v);
      border.delete(v);
    }
    for (const r of readers[v]!) {
      if (ok) border.add(r);
      if (--inDegree[r]! === 0) toProcess.push(r);
    }
  }
  close();
  return groups;
}

/**
 * `deps`: the graph's node dependencies when the caller has them (they depend on the graph only, not
 * on `supported`): fragmentingOps re-partitions the graph once per candidate and computes them once.
 */
export function partitionGraph(graph: Graph, supported: readonly boolean[], semantics: PartitionSemantics, deps?: Dependencies): PartitionResult {
  const n = graph.nodes.length;
  const { deviceOf, demoted, groups } = placeAndGroup(graph, supported, semantics, deps);
  const position = new Int32Array(n);
  graph.order.forEach((v, i) => { position[v] = i; });
  for (const g of groups) g.nodes.sort((a, b) => position[a]! - position[b]!);
  groups.sort((a, b) => position[a.nodes[0]!]! - position[b.nodes[0]!]!);
  // Partition of each node (groups are disjoint): the membership test of every tensor end below.
  const partitionOf = new Int32Array(n).fill(-1);
  groups.forEach((g, id) => {
    const nodes = g.nodes;
    for (let i = 0; i < nodes.length; i++) partitionOf[nodes[i]!] = id;
  });
  const partitions = groups.map((g, id) => describePartition(graph, id, g.device, g.nodes, partitionOf));
  let transitions = 0;
  for (let i = 1; i < partitions.length; i++) if (partitions[i]!.device !== partitions[i - 1]!.device) transitions++;
  const delegatedNodes = deviceOf.filter((d) => d === 'accelerator').length;
  return { semantics, partitions, deviceOf, delegatedNodes, fallbackNodes: n - delegatedNodes, transitions, bytesCrossing: crossingBytes(graph, partitions, partitionOf), demoted };
}

/**
 * Where each node runs and the partitions as groups of nodes (unsorted): all that fragmentingOps'
 * trials need (node and partition counts), without describing each partition.
 */
function placeAndGroup(graph: Graph, supported: readonly boolean[], semantics: PartitionSemantics, deps: Dependencies | undefined): {
  deviceOf: Device[]; demoted: Map<number, string>; groups: { device: Device; nodes: number[] }[];
} {
  const n = graph.nodes.length;
  // TFLite's node subsets walk the dependencies twice (supported groups, then the final subsets): one computation.
  const tfliteDeps = semantics.kind === 'greedy' && semantics.algorithm !== 'ort' ? deps ?? nodeDependencies(graph) : undefined;
  const deviceOf: Device[] = new Array<Device>(n).fill('cpu');
  const demoted = new Map<number, string>();

  if (semantics.kind === 'none') {
    // One processor runs everything; "unsupported" nodes are errors reported by compatibility, not a fallback.
    deviceOf.fill('accelerator');
  } else if (semantics.kind === 'single-segment') {
    let cut = false;
    for (const v of graph.order) {
      if (!cut && isInputQuantize(graph, v)) continue; // stays on the CPU, the segment starts after it
      if (!cut && supported[v]) deviceOf[v] = 'accelerator';
      else {
        if (!cut) cut = true;
        if (supported[v]) demoted.set(v, `runs on the CPU: it comes after the first unmapped operator, and the compiler maps only one segment`);
      }
    }
  } else {
    const groups = semantics.algorithm === 'ort' ? ortSupportedGroups(graph, supported) : supportedGroups(graph, supported, tfliteDeps);
    const minNodes = semantics.minPartitionNodes ?? 1;
    // GetFirstNLargestPartitions: largest first (ties: earlier first), stop at the first one below the minimum.
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

  const accelerated = graph.nodes.map((_, v) => deviceOf[v] === 'accelerator');
  let groups: { device: Device; nodes: number[] }[];
  if (semantics.kind === 'greedy' && semantics.algorithm !== 'ort') {
    groups = tfliteNodeSubsets(graph, accelerated, tfliteDeps).map((s) => ({ device: s.supported ? 'accelerator' : 'cpu', nodes: s.nodes }));
  } else if (semantics.kind === 'greedy') {
    groups = ortSupportedGroups(graph, accelerated).map((nodes) => ({ device: 'accelerator' as Device, nodes }));
    groups.push(...cpuRuns(graph, deviceOf));
  } else {
    groups = runs(graph, deviceOf);
  }
  return { deviceOf, demoted, groups };
}

/** A QUANTIZE (QuantizeLinear) that converts a float graph input: the host does it before the accelerator's segment. */
function isInputQuantize(graph: Graph, v: number): boolean {
  const node = graph.nodes[v]!;
  if (node.canonicalOp !== 'QuantizeLinear' && node.op !== 'QUANTIZE') return false;
  const input = graph.tensors.get(node.inputs[0] ?? '');
  return input !== undefined && input.isGraphInput;
}

/**
 * The float ↔ int8 conversions at a model's boundary (float inputs and outputs around an int8
 * graph): they run on the host by design, so they are neither a fallback worth a warning nor an op
 * to replace.
 */
export function isBoundaryConversion(graph: Graph, v: number): boolean {
  if (isInputQuantize(graph, v)) return true;
  const node = graph.nodes[v]!;
  if (node.canonicalOp !== 'DequantizeLinear' && node.op !== 'DEQUANTIZE') return false;
  return node.outputs.every((o) => o === '' || graph.tensors.get(o)?.isGraphOutput === true);
}

/** Maximal runs of one device along the execution order. */
function runs(graph: Graph, deviceOf: Device[]): { device: Device; nodes: number[] }[] {
  const out: { device: Device; nodes: number[] }[] = [];
  for (let i = 0; i < graph.order.length; i++) {
    const v = graph.order[i]!;
    const last = out[out.length - 1];
    if (last && last.device === deviceOf[v]) last.nodes.push(v);
    else out.push({ device: deviceOf[v]!, nodes: [v] });
  }
  return out;
}

function cpuRuns(graph: Graph, deviceOf: Device[]): { device: Device; nodes: number[] }[] {
  return runs(graph, deviceOf).filter((r) => r.device === 'cpu');
}

function crossingBytes(graph: Graph, partitions: Partition[], partitionOf: Int32Array): number | null {
  let total = 0;
  let unknown = false;
  // forEach and indexed loops: this runs once per partitioning, mostly unoptimized, where for…of
  // makes an iterator result per tensor and per reader.
  graph.tensors.forEach((t) => {
    if (unknown || t.producer === null || t.constant) return;
    const from = partitions[partitionOf[t.producer]!];
    if (!from) return;
    // Most tensors never leave their partition: no set of readers for them.
    let readers: Set<number> | null = null;
    const consumers = t.consumers;
    for (let k = 0; k < consumers.length; k++) {
      const to = partitions[partitionOf[consumers[k]!]!];
      if (to && to.device !== from.device) (readers ??= new Set()).add(to.id);
    }
    if (readers === null) return;
    const b = tensorBytes(t);
    if (b === null) unknown = true;
    else total += b * readers.size;
  });
  return unknown ? null : total;
}

function describePartition(graph: Graph, id: number, device: Device, nodes: number[], partitionOf: Int32Array): Partition {
  const inside = (v: number) => partitionOf[v] === id;
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  // Indexed loops: one partition can hold every node (a target without a delegate), and this runs
  // once per partitioning, mostly unoptimized, where for…of makes an iterator result per element.
  for (let i = 0; i < nodes.length; i++) {
    const node = graph.nodes[nodes[i]!]!;
    const ins = node.inputs;
    for (let k = 0; k < ins.length; k++) {
      const name = ins[k]!;
      const t = name === '' ? undefined : graph.tensors.get(name);
      if (!t || t.constant) continue;
      if (t.producer === null || !inside(t.producer)) inputs.add(name);
    }
    const outs = node.outputs;
    for (let k = 0; k < outs.length; k++) {
      const name = outs[k]!;
      const t = name === '' ? undefined : graph.tensors.get(name);
      if (!t) continue;
      if (t.isGraphOutput || t.consumers.some((c) => !inside(c))) outputs.add(name);
    }
  }
  const sum = (names: readonly string[]): number | null => {
    let total = 0;
    for (let i = 0; i < names.length; i++) {
      const b = tensorBytes(graph.tensors.get(names[i]!)!);
      if (b === null) return null;
      total += b;
    }
    return total;
  };
  const inputList = [...inputs];
  const outputList = [...outputs];
  return { id, device, nodes, inputs: inputList, outputs: outputList, bytesIn: sum(inputList), bytesOut: sum(outputList) };
}

export interface FragmentingOp {
  node: number;
  /** Delegated nodes gained if this node were supported (itself included). */
  nodesBroughtBack: number;
  /** Partitions (of either device) fewer if this node were supported. */
  partitionsSaved: number;
}

/** Delegated nodes and partitions of a trial placement (placeAndGroup's counts). */
interface TrialCounts {
  delegated: number;
  partitions: number;
}

function trialCounts(graph: Graph, supported: readonly boolean[], semantics: PartitionSemantics): TrialCounts {
  const after = placeAndGroup(graph, supported, semantics, undefined);
  let delegated = 0;
  for (let v = 0; v < after.deviceOf.length; v++) if (after.deviceOf[v] === 'accelerator') delegated++;
  return { delegated, partitions: after.groups.length };
}

/**
 * placeAndGroup's counts for a TFLite delegate, off two flat walks: the delegated subsets, the ones
 * the delegate keeps (GetFirstNLargestPartitions, as placeAndGroup), then the subsets of what it
 * keeps. No list per subset and no Map of demotion reasons: a trial only counts.
 */
function tfliteTrialCounts(
  graph: Graph, supported: readonly boolean[], semantics: Extract<PartitionSemantics, { kind: 'greedy' }>, deps: Dependencies, position: Int32Array,
): TrialCounts {
  const first = walkSubsets(graph, supported, deps, position);
  const groups: number[] = [];
  for (let k = 0; k < first.starts.length; k++) if (first.delegated[k]) groups.push(k);
  const size = (k: number) => subsetEnd(first, k) - first.starts[k]!;
  // Largest first, ties earlier first (subset indices grow with the walk, as the groups' indices do).
  groups.sort((a, b) => size(b) - size(a) || a - b);
  const minNodes = semantics.minPartitionNodes ?? 1;
  const accelerated = new Array<boolean>(graph.nodes.length).fill(false);
  let kept = 0;
  let delegated = 0;
  for (let g = 0; g < groups.length; g++) {
    const k = groups[g]!;
    if (size(k) < minNodes) continue;
    if (semantics.maxPartitions !== undefined && kept >= semantics.maxPartitions) continue;
    kept++;
    delegated += size(k);
    for (let i = first.starts[k]!; i < subsetEnd(first, k); i++) accelerated[first.taken[i]!] = true;
  }
  return { delegated, partitions: walkSubsets(graph, accelerated, deps, position).starts.length };
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
  let candidates = graph.nodes.filter((node) => !supported[node.index] && !isBoundaryConversion(graph, node.index)).map((node) => node.index);
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
  const tflite = semantics.kind === 'greedy' && semantics.algorithm !== 'ort';
  const deps = tflite && candidates.length > 0 ? nodeDependencies(graph) : undefined;
  const position = tflite && candidates.length > 0 ? executionPositions(graph) : undefined;
  for (const index of candidates) {
    trial[index] = true;
    // Counts only (partitionGraph's partitions are these groups, described): no description per trial.
    const after = deps && position && semantics.kind === 'greedy' ? tfliteTrialCounts(graph, trial, semantics, deps, position) : trialCounts(graph, trial, semantics);
    trial[index] = false;
    const gained = after.delegated - before.delegatedNodes;
    const saved = before.partitions.length - after.partitions;
    if (gained > 1 || saved > 0) out.push({ node: index, nodesBroughtBack: gained, partitionsSaved: saved });
  }
  return out.sort((a, b) => b.nodesBroughtBack - a.nodesBroughtBack || b.partitionsSaved - a.partitionsSaved || a.node - b.node);
}
