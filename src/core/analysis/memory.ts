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
  // forEach and an indexed loop: run a few times per analysis, largely unoptimized, where for…of
  // allocates an iterator result per tensor and per consumer.
  graph.tensors.forEach((t) => {
    if (t.constant || t.variable) return;
    // Results of folded nodes are stored in the converted model like weights.
    if (t.producer !== null && folded.has(t.producer)) return;
    const consumers = t.consumers;
    const used = t.producer !== null || consumers.length > 0 || t.isGraphInput;
    if (!used) return;
    let first = t.producer === null ? 0 : stepOr(t.producer, 0);
    let last = first;
    for (let k = 0; k < consumers.length; k++) last = Math.max(last, stepOr(consumers[k]!, last));
    if (t.isGraphOutput) last = lastStep;
    if (t.isGraphInput) first = 0;
    const bytes = tensorBytes(t);
    if (bytes === null) {
      unknownSize.push(t.name);
      return;
    }
    out.push({ tensor: t.name, bytes, first, last });
  });
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
  for (let i = 0; i < lts.length; i++) {
    const lt = lts[i]!;
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
  // Tensors by number, so that the walk below counts readers in a typed array, not a Map by name.
  const tensors = tensorList(graph);
  const walk = linkedWalkInputs(graph, tensors) ?? namedWalkInputs(graph, tensors);
  const { outputBytes, inputStart, inputIds, pending, dependents } = walk;
  const remainingReaders = new Int32Array(tensors.length);
  // The bytes a tensor frees when its last reader runs (a graph output is never freed).
  const freedBytes = new Float64Array(tensors.length);
  let readers = 0;
  for (let id = 0; id < tensors.length; id++) {
    const t = tensors[id]!;
    remainingReaders[id] = t.consumers.length;
    readers += t.consumers.length;
    freedBytes[id] = t.isGraphOutput ? 0 : sizeOf(t);
  }
  const score = (v: number): number => {
    let s = outputBytes[v]!;
    for (let k = inputStart[v]!; k < inputStart[v + 1]!; k++) {
      const id = inputIds[k]!;
      if (remainingReaders[id] === 1) s -= freedBytes[id]!;
    }
    return s;
  };
  const ready = new Uint8Array(n);
  const done = new Uint8Array(n);
  const version = new Int32Array(n);
  // A node enters the heap once when it becomes ready and at most once per reader of each tensor
  // when that tensor drops to one remaining reader: the heap never holds more entries than that.
  const heap = new ScoreHeap(n + readers + 1, position);
  const enqueue = (v: number) => heap.push(score(v), v, ++version[v]!);
  // Indexed loops in this walk and the one that feeds it: they run once per analysis, largely
  // unoptimized, where for…of allocates an iterator result per node, consumer and dependent.
  for (let i = 0; i < graph.order.length; i++) {
    const v = graph.order[i]!;
    if (pending[v] === 0) {
      ready[v] = 1;
      enqueue(v);
    }
  }
  const order: number[] = [];
  while (heap.size > 0) {
    const v = heap.topNode();
    const stale = done[v] || heap.topVersion() !== version[v];
    heap.pop();
    if (stale) continue;
    done[v] = 1;
    order.push(v);
    for (let k = inputStart[v]!; k < inputStart[v + 1]!; k++) {
      const id = inputIds[k]!;
      if (--remainingReaders[id]! !== 1) continue;
      // Its last reader now frees it: rescore that reader if it is waiting in the heap.
      const consumers = tensors[id]!.consumers;
      for (let j = 0; j < consumers.length; j++) {
        const c = consumers[j]!;
        if (ready[c] && !done[c]) enqueue(c);
      }
    }
    const next = dependents[v]!;
    for (let j = 0; j < next.length; j++) {
      const d = next[j]!;
      if (--pending[d]! === 0) {
        ready[d] = 1;
        enqueue(d);
      }
    }
  }
  return order.length === n ? order : [...graph.order];
}

/**
 * lowPeakOrder's ready queue: entries (score, node, version) ordered by score, then by the node's
 * place in the original order (a strict total order while a node has one live version), held in
 * typed arrays: the walk pushes an entry per ready node and per rescoring (~10k on the decoder),
 * which as records were as many objects and comparator calls through a closure.
 */
class ScoreHeap {
  private readonly scores: Float64Array;
  private readonly nodes: Int32Array;
  private readonly versions: Int32Array;
  size = 0;

  constructor(capacity: number, private readonly position: Int32Array) {
    this.scores = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
    this.versions = new Int32Array(capacity);
  }

  /** Whether the entry (score, node) comes out before entry i. */
  private less(score: number, node: number, i: number): boolean {
    const s = this.scores[i]!;
    return score < s || (score === s && this.position[node]! < this.position[this.nodes[i]!]!);
  }

  private move(to: number, from: number): void {
    this.scores[to] = this.scores[from]!;
    this.nodes[to] = this.nodes[from]!;
    this.versions[to] = this.versions[from]!;
  }

  push(score: number, node: number, version: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(score, node, parent)) break;
      this.move(i, parent);
      i = parent;
    }
    this.scores[i] = score;
    this.nodes[i] = node;
    this.versions[i] = version;
  }

  topNode(): number {
    return this.nodes[0]!;
  }

  topVersion(): number {
    return this.versions[0]!;
  }

  /** Removes the top entry (the heap is not empty). */
  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    // The last entry sinks from the root (it stays at index `last` until placed).
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(this.scores[r]!, this.nodes[r]!, l) ? r : l;
      if (!this.less(this.scores[c]!, this.nodes[c]!, last)) break;
      this.move(i, c);
      i = c;
    }
    this.move(i, last);
  }
}

/** The graph's tensors by number (Map order), filled by forEach: no iterator result per tensor. */
function tensorList(graph: Graph): Tensor[] {
  const out = new Array<Tensor>(graph.tensors.size);
  let i = 0;
  graph.tensors.forEach((t) => { out[i++] = t; });
  return out;
}

/** Bytes a tensor takes in the arena (0 for constants and unknown sizes). */
function sizeOf(t: Tensor | undefined): number {
  return t && !t.constant ? tensorBytes(t) ?? 0 : 0;
}

/**
 * What the low-peak walk needs per node: the bytes its outputs add, its distinct inputs (as tensor
 * numbers, node v's in inputIds[inputStart[v] .. inputStart[v + 1]]) and its dependencies. The
 * order of a node's inputs or dependents does not change the walk (the heap's order is total).
 */
interface WalkInputs {
  outputBytes: Float64Array;
  inputStart: Int32Array;
  inputIds: Int32Array;
  pending: Int32Array;
  dependents: number[][];
}

/**
 * The walk's inputs read off the linked tensors (producer, consumers) in one pass over them, with
 * no lookup by name: a linked graph lists each reader once per tensor, and each produced tensor has
 * one producer. null when the graph breaks that (a tensor written by two nodes, an output or a
 * reader listed twice): namedWalkInputs then reads the nodes' own lists.
 */
function linkedWalkInputs(graph: Graph, tensors: readonly Tensor[]): WalkInputs | null {
  const n = graph.nodes.length;
  let written = 0;
  for (let v = 0; v < n; v++) {
    const outputs = graph.nodes[v]!.outputs;
    for (let k = 0; k < outputs.length; k++) if (outputs[k] !== '') written++;
  }
  const outputBytes = new Float64Array(n);
  const inputStart = new Int32Array(n + 1);
  // Tensors grouped by producer (counting sort), so that each node's dependents are found once.
  const producedStart = new Int32Array(n + 1);
  let produced = 0;
  let reads = 0;
  for (let id = 0; id < tensors.length; id++) {
    const t = tensors[id]!;
    const p = t.producer;
    if (p !== null) {
      if (p < 0 || p >= n) return null;
      produced++;
      outputBytes[p] = outputBytes[p]! + sizeOf(t);
      producedStart[p + 1]!++;
    }
    const consumers = t.consumers;
    for (let k = 0; k < consumers.length; k++) {
      const c = consumers[k]!;
      if (c < 0 || c >= n) return null;
      inputStart[c + 1]!++;
    }
    reads += consumers.length;
  }
  if (produced !== written) return null;
  for (let v = 0; v < n; v++) {
    inputStart[v + 1]! += inputStart[v]!;
    producedStart[v + 1]! += producedStart[v]!;
  }
  const inputIds = new Int32Array(reads);
  const producedIds = new Int32Array(produced);
  const fillInput = inputStart.slice(0, n);
  const fillProduced = producedStart.slice(0, n);
  for (let id = 0; id < tensors.length; id++) {
    const t = tensors[id]!;
    if (t.producer !== null) producedIds[fillProduced[t.producer]!++] = id;
    const consumers = t.consumers;
    for (let j = 0; j < consumers.length; j++) {
      const c = consumers[j]!;
      // A reader listed twice (a graph not linked by linkGraph): the named walk counts it once.
      const k = fillInput[c]!++;
      if (k > inputStart[c]! && inputIds[k - 1] === id) return null;
      inputIds[k] = id;
    }
  }
  const pending = new Int32Array(n);
  const dependents: number[][] = new Array<number[]>(n);
  // seen[c] === p + 1: c is already a dependent of p (it reads two of p's outputs).
  const seen = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const list: number[] = [];
    for (let k = producedStart[p]!; k < producedStart[p + 1]!; k++) {
      const consumers = tensors[producedIds[k]!]!.consumers;
      for (let j = 0; j < consumers.length; j++) {
        const c = consumers[j]!;
        if (c === p || seen[c] === p + 1) continue;
        seen[c] = p + 1;
        list.push(c);
        pending[c]!++;
      }
    }
    dependents[p] = list;
  }
  return { outputBytes, inputStart, inputIds, pending, dependents };
}

/** The walk's inputs from the nodes' input and output names (any graph, linked or not). */
function namedWalkInputs(graph: Graph, tensors: readonly Tensor[]): WalkInputs {
  const n = graph.nodes.length;
  const { pending, dependents } = nodeDependencies(graph);
  const idOf = new Map<string, number>();
  tensors.forEach((t, id) => idOf.set(t.name, id));
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
  const inputStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) inputStart[v + 1] = inputStart[v]! + (inputsOf[v]?.length ?? 0);
  const inputIds = new Int32Array(inputStart[n]!);
  for (let v = 0; v < n; v++) inputIds.set(inputsOf[v] ?? [], inputStart[v]!);
  return { outputBytes, inputStart, inputIds, pending, dependents };
}
