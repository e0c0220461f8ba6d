// Working set and arena planning over an execution order.
//
// Lifetimes follow TFLite Micro's allocator: a tensor lives from the step that writes it (graph
// inputs: step 0) to the last step that reads it (graph outputs: the last step). The arena plan
// uses TFLite Micro's GreedyMemoryPlanner rule: buffers sorted by size, largest first, each placed
// at the lowest offset where it overlaps no already-placed buffer whose lifetime overlaps its own;
// sizes rounded up to the arena alignment (16 bytes in TFLite Micro).

import type { Graph, Tensor } from '../ir/model';
import { tensorBytes } from '../ir/tensorSize';
import { nodeDependencies } from '../ir/dependencies';
import { planArenaFast } from './arenaPlanner';
import { MinHeap } from '../util/heap';

const NONE: ReadonlySet<number> = new Set();

export type { ArenaPlan, Lifetime, PlacedBuffer } from './arenaPlanner';
import type { ArenaPlan, Lifetime } from './arenaPlanner';

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
  // Step of each node in `order` (-1: not in it), in a typed array rather than a Map: read for every tensor end.
  const position = new Int32Array(graph.nodes.length).fill(-1);
  order.forEach((v, i) => { if (v >= 0 && v < position.length) position[v] = i; });
  const stepOr = (v: number, fallback: number) => (v >= 0 && v < position.length && position[v]! >= 0 ? position[v]! : fallback);
  const lastStep = Math.max(0, order.length - 1);
  const out: Lifetime[] = [];
  const unknownSize: string[] = [];
  for (const t of graph.tensors.values()) {
    if (t.constant || t.variable) continue;
    // Results of folded nodes are stored in the converted model like weights.
    if (t.producer !== null && folded.has(t.producer)) continue;
    const used = t.producer !== null || t.consumers.length > 0 || t.isGraphInput;
    if (!used) continue;
    let first = t.producer === null ? 0 : stepOr(t.producer, 0);
    let last = first;
    for (const c of t.consumers) last = Math.max(last, stepOr(c, last));
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

/** The greedy plan (largest first, lowest free offset); arenaPlanner.ts does it without a quadratic scan. */
export function planArena(buffers: readonly Lifetime[], alignment = 16): ArenaPlan {
  return planArenaFast(buffers, alignment);
}

export function memoryTimeline(graph: Graph, order: readonly number[] = graph.order, folded: ReadonlySet<number> = NONE): MemoryTimeline {
  return timelineOf(lifetimes(graph, order, folded), order);
}

/** The timeline of lifetimes computed for `order` already (the arena plan is made from the same ones). */
export function timelineOf({ lifetimes: lts, unknownSize }: { lifetimes: Lifetime[]; unknownSize: string[] }, order: readonly number[]): MemoryTimeline {
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
 *
 * A node's score changes only when one of its inputs drops to one remaining reader (then running
 * it frees that input), so ready nodes sit in a heap keyed by (score, position) and are re-pushed
 * with the new score when that happens; stale entries are skipped. O((n + e) log n), the same
 * choices as scanning every ready node (test/arena-planner.test.ts compares both).
 */
export function lowPeakOrder(graph: Graph): number[] {
  const n = graph.nodes.length;
  const position = new Int32Array(n);
  graph.order.forEach((v, i) => { position[v] = i; });
  const { pending, dependents } = nodeDependencies(graph);
  // Tensors by number, so that the walk below counts readers in a typed array, not a Map by name.
  const tensors = [...graph.tensors.values()];
  const idOf = new Map<string, number>();
  tensors.forEach((t, id) => idOf.set(t.name, id));
  const remainingReaders = Int32Array.from(tensors, (t) => t.consumers.length);
  const sizeOf = (t: Tensor | undefined) => (t && !t.constant ? tensorBytes(t) ?? 0 : 0);
  // The bytes a tensor frees when its last reader runs (a graph output is never freed).
  const freedBytes = Float64Array.from(tensors, (t) => (t.isGraphOutput ? 0 : sizeOf(t)));
  // What a score needs, computed once per node rather than on every (re)score: the bytes its
  // outputs add and its distinct inputs (names the graph does not know never free anything).
  const outputBytes = new Float64Array(n);
  const inputsOf: number[][] = new Array<number[]>(n);
  for (const node of graph.nodes) {
    let bytes = 0;
    for (const o of node.outputs) if (o !== '') bytes += sizeOf(graph.tensors.get(o));
    outputBytes[node.index] = bytes;
    const inputs: number[] = [];
    for (const name of node.inputs) {
      const id = name === '' ? undefined : idOf.get(name);
      if (id !== undefined && !inputs.includes(id)) inputs.push(id);
    }
    inputsOf[node.index] = inputs;
  }
  const score = (v: number): number => {
    let s = outputBytes[v]!;
    for (const id of inputsOf[v]!) if (remainingReaders[id] === 1) s -= freedBytes[id]!;
    return s;
  };
  const ready = new Uint8Array(n);
  const done = new Uint8Array(n);
  const version = new Int32Array(n);
  type Entry = { score: number; pos: number; v: number; version: number };
  const heap = new MinHeap<Entry>((a, b) => a.score < b.score || (a.score === b.score && a.pos < b.pos));
  const enqueue = (v: number) => heap.push({ score: score(v), pos: position[v]!, v, version: ++version[v]! });
  for (const v of graph.order) {
    if (pending[v] === 0) {
      ready[v] = 1;
      enqueue(v);
    }
  }
  const order: number[] = [];
  for (;;) {
    const e = heap.pop();
    if (!e) break;
    if (done[e.v] || e.version !== version[e.v]) continue;
    const v = e.v;
    done[v] = 1;
    order.push(v);
    for (const id of inputsOf[v]!) {
      if (--remainingReaders[id]! !== 1) continue;
      // Its last reader now frees it: rescore that reader if it is waiting in the heap.
      for (const c of tensors[id]!.consumers) if (ready[c] && !done[c]) enqueue(c);
    }
    for (const d of dependents[v]!) {
      if (--pending[d]! === 0) {
        ready[d] = 1;
        enqueue(d);
      }
    }
  }
  return order.length === n ? order : [...graph.order];
}
