// Working set and arena planning over an execution order.
//
// Lifetimes follow TFLite Micro's allocator: a tensor lives from the step that writes it (graph
// inputs: step 0) to the last step that reads it (graph outputs: the last step). The arena plan
// uses TFLite Micro's GreedyMemoryPlanner rule: buffers sorted by size, largest first, each placed
// at the lowest offset where it overlaps no already-placed buffer whose lifetime overlaps its own;
// sizes rounded up to the arena alignment (16 bytes in TFLite Micro).

import type { Graph } from '../ir/model';
import { tensorBytes } from '../ir/tensorSize';
import { nodeDependencies } from '../ir/dependencies';

const NONE: ReadonlySet<number> = new Set();

export interface Lifetime {
  tensor: string;
  bytes: number;
  /** First and last execution step (positions in the order, inclusive). */
  first: number;
  last: number;
}

export interface PlacedBuffer extends Lifetime {
  offset: number;
  /** Size as planned (aligned). */
  alignedBytes: number;
}

export interface ArenaPlan {
  buffers: PlacedBuffer[];
  /** Bytes of the non-persistent arena: the end of the highest placed buffer. */
  arenaBytes: number;
  alignment: number;
}

export interface MemoryTimeline {
  order: number[];
  /** Live activation bytes at each step (indexed by position in `order`). */
  liveBytes: number[];
  peakBytes: number;
  /** Position in `order` of the (first) peak step. */
  peakStep: number;
  /** Tensors alive at the peak, largest first. */
  peakTensors: string[];
  /** Tensors whose size is unknown; the timeline excludes them. */
  unknownSize: string[];
}

/** Tensors that need arena space: activations, graph inputs and outputs; not constants or variables. */
export function lifetimes(graph: Graph, order: readonly number[] = graph.order, folded: ReadonlySet<number> = NONE): { lifetimes: Lifetime[]; unknownSize: string[] } {
  const position = new Map<number, number>();
  order.forEach((v, i) => position.set(v, i));
  const lastStep = Math.max(0, order.length - 1);
  const out: Lifetime[] = [];
  const unknownSize: string[] = [];
  for (const t of graph.tensors.values()) {
    if (t.constant || t.variable) continue;
    // Results of folded nodes are stored in the converted model like weights.
    if (t.producer !== null && folded.has(t.producer)) continue;
    const used = t.producer !== null || t.consumers.length > 0 || t.isGraphInput;
    if (!used) continue;
    let first = t.producer === null ? 0 : position.get(t.producer) ?? 0;
    let last = first;
    for (const c of t.consumers) last = Math.max(last, position.get(c) ?? last);
    if (t.isGraphOutput) last = lastStep;
    if (t.isGraphInput) first = 0;
    const bytes = tensorBytes(t);
    if (bytes === null) {
      unknownSize.push(t.name);
      continue;
    }
    out.push({ tensor: t.name, bytes, first, last });
  }
  return { lifetimes: out, unknownSize };
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

export function planArena(buffers: readonly Lifetime[], alignment = 16): ArenaPlan {
  // Largest first; ties by first use, then name, so plans are deterministic.
  const sorted = [...buffers].sort((a, b) => b.bytes - a.bytes || a.first - b.first || (a.tensor < b.tensor ? -1 : a.tensor > b.tensor ? 1 : 0));
  const placed: PlacedBuffer[] = [];
  let arenaBytes = 0;
  for (const b of sorted) {
    const size = alignUp(b.bytes, alignment);
    const overlapping = placed
      .filter((p) => p.first <= b.last && b.first <= p.last)
      .sort((x, y) => x.offset - y.offset);
    let offset = 0;
    for (const p of overlapping) {
      if (p.offset >= offset + size) break;
      offset = Math.max(offset, p.offset + p.alignedBytes);
    }
    placed.push({ ...b, offset, alignedBytes: size });
    arenaBytes = Math.max(arenaBytes, offset + size);
  }
  return { buffers: placed, arenaBytes, alignment };
}

export function memoryTimeline(graph: Graph, order: readonly number[] = graph.order, folded: ReadonlySet<number> = NONE): MemoryTimeline {
  const { lifetimes: lts, unknownSize } = lifetimes(graph, order, folded);
  const steps = Math.max(1, order.length);
  const delta = new Float64Array(steps + 1);
  for (const lt of lts) {
    delta[lt.first] = delta[lt.first]! + lt.bytes;
    delta[lt.last + 1] = delta[lt.last + 1]! - lt.bytes;
  }
  const liveBytes: number[] = [];
  let live = 0;
  let peakBytes = 0;
  let peakStep = 0;
  for (let i = 0; i < steps; i++) {
    live += delta[i]!;
    liveBytes.push(live);
    if (live > peakBytes) {
      peakBytes = live;
      peakStep = i;
    }
  }
  const peakTensors = lts.filter((lt) => lt.first <= peakStep && peakStep <= lt.last).sort((a, b) => b.bytes - a.bytes).map((lt) => lt.tensor);
  return { order: [...order], liveBytes, peakBytes, peakStep, peakTensors, unknownSize };
}

/**
 * A topological order that tries to keep the live set small: among ready nodes, run the one whose
 * execution leaves the fewest live bytes (frees the most), ties by original position. Only worth
 * proposing when it actually lowers the peak of the original order.
 */
export function lowPeakOrder(graph: Graph): number[] {
  const n = graph.nodes.length;
  const position = new Int32Array(n);
  graph.order.forEach((v, i) => { position[v] = i; });
  const { pending, dependents } = nodeDependencies(graph);
  const remainingReaders = new Map<string, number>();
  for (const t of graph.tensors.values()) remainingReaders.set(t.name, t.consumers.length);
  const sizeOf = (name: string) => {
    const t = graph.tensors.get(name);
    return t && !t.constant ? tensorBytes(t) ?? 0 : 0;
  };
  const ready: number[] = [];
  for (const v of graph.order) if (pending[v] === 0) ready.push(v);
  const order: number[] = [];
  while (ready.length > 0) {
    let best = 0;
    let bestScore = Infinity;
    for (let i = 0; i < ready.length; i++) {
      const node = graph.nodes[ready[i]!]!;
      let score = 0;
      for (const o of node.outputs) if (o !== '') score += sizeOf(o);
      for (const name of new Set(node.inputs)) {
        if (name !== '' && remainingReaders.get(name) === 1 && !graph.tensors.get(name)?.isGraphOutput) score -= sizeOf(name);
      }
      if (score < bestScore || (score === bestScore && position[ready[i]!]! < position[ready[best]!]!)) {
        best = i;
        bestScore = score;
      }
    }
    const v = ready.splice(best, 1)[0]!;
    order.push(v);
    for (const name of new Set(graph.nodes[v]!.inputs)) if (name !== '') remainingReaders.set(name, (remainingReaders.get(name) ?? 1) - 1);
    for (const d of dependents[v]!) if (--pending[d]! === 0) ready.push(d);
  }
  return order.length === n ? order : [...graph.order];
}
