// The mutable graph the lowering passes rewrite: a copy of the original main graph whose nodes
// remember which original nodes they cover. Passes remove, merge, rename and insert nodes; `finish`
// turns what is left into a regular, linked IR graph plus the covers/fates that map it back.

import type { Diagnostic } from '../ir/diagnostic';
import { linkGraph, newTensor } from '../ir/link';
import type { AttributeValue, Graph, Model, Node, Tensor, WeightAccessor } from '../ir/model';
import { mainGraph } from '../ir/model';
import { tensorBytes } from '../ir/tensorSize';
import type { FateKind, NodeFate } from './types';

export interface WorkNode {
  op: string;
  domain: string;
  canonicalOp: string;
  opVersion?: number;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
  subgraphs: number[];
  customCode?: string;
  /** Original node indices, anchor first. */
  covers: number[];
  /** Sort key: the anchor's position in the original execution order; inserted ops sit just before/after. */
  pos: number;
  origin?: Node['origin'];
  removed?: boolean;
  /** Its index in the deployed graph, set by finish (no Map from work node to index). */
  deployedIndex?: number;
}

/**
 * A work node with every field present, written in one order: all work nodes share one hidden
 * class in V8, so the passes' property reads stay monomorphic (nodes built with optional fields
 * present or not, or with a field deleted, made every pass over a 10k-node graph slower).
 */
function workNode(n: WorkNode): WorkNode {
  return {
    op: n.op, domain: n.domain, canonicalOp: n.canonicalOp, opVersion: n.opVersion, name: n.name, inputs: n.inputs, outputs: n.outputs,
    attributes: n.attributes, subgraphs: n.subgraphs, customCode: n.customCode, covers: n.covers, pos: n.pos, origin: n.origin, removed: n.removed ?? false,
    deployedIndex: -1,
  };
}

interface PendingFate {
  kind: FateKind;
  node?: WorkNode;
  why: string;
}

/**
 * A tensor of the work graph as a deployed-graph tensor before linking (no producer, consumers or
 * graph I/O flags), with every field present in newTensor's order: the deployed graph's tensors
 * share one hidden class, which keeps the target analyses' reads monomorphic.
 */
function unlinkedCopy(t: Tensor): Tensor {
  return {
    name: t.name, dtype: t.dtype, shape: t.shape, shapeSignature: t.shapeSignature, constant: t.constant, variable: t.variable, quantization: t.quantization,
    data: t.data, dataBytes: t.dataBytes, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false,
    origin: t.origin, index: t.index, shapeSource: t.shapeSource,
  };
}

/**
 * A copy of a work-graph tensor for a pass to change before setTensor (a new shape, dtype or name),
 * built field by field in newTensor's order: passes replace thousands of tensors on a large graph
 * (layouts, int64 → int32, int8), and an object spread per tensor is V8's slow generic copy.
 */
export function copyTensor(t: Tensor): Tensor {
  return {
    name: t.name, dtype: t.dtype, shape: t.shape, shapeSignature: t.shapeSignature, constant: t.constant, variable: t.variable, quantization: t.quantization,
    data: t.data, dataBytes: t.dataBytes, producer: t.producer, consumers: t.consumers, isGraphInput: t.isGraphInput, isGraphOutput: t.isGraphOutput,
    origin: t.origin, index: t.index, shapeSource: t.shapeSource,
  };
}

/** A folded node's result as a constant of the deployed model, built field by field (no spread per tensor). */
function foldedCopy(t: Tensor): Tensor {
  return {
    name: t.name, dtype: t.dtype, shape: t.shape, shapeSignature: t.shapeSignature, constant: true, variable: t.variable, quantization: t.quantization,
    data: t.data, dataBytes: t.dataBytes === undefined ? tensorBytes(t) ?? 0 : t.dataBytes, producer: t.producer, consumers: t.consumers,
    isGraphInput: t.isGraphInput, isGraphOutput: t.isGraphOutput, origin: 'folded', index: t.index, shapeSource: t.shapeSource,
  };
}

/**
 * The deployed model's weights: constants the conversion made up (permutations, new shapes) carry
 * their bytes inline, so the constraint checks can read them like the file's own weights (Vela's
 * permutation rule, …). Built outside WorkGraph.finish on purpose: a closure made there would share
 * finish's scope, which holds the work graph, and the cached lowering would keep it all alive.
 */
function deployedWeights(graph: Graph, originalWeights: WeightAccessor): WeightAccessor {
  return {
    read: (g, name) => {
      const data = g === 0 ? graph.tensors.get(name)?.data : undefined;
      return data?.kind === 'inline' && data.encoding === 'raw' ? data.bytes : originalWeights.read(g, name);
    },
    ...(originalWeights.readRange ? { readRange: originalWeights.readRange.bind(originalWeights) } : {}),
  };
}

/** The fate of every folded node: one shared object, since fates are replaced, never edited. */
const FOLDED: PendingFate = { kind: 'folded', why: 'computed at conversion time (constant folding); no kernel runs' };
/** …and in the deployed lowering, shared the same way (fates are read, never edited, downstream). */
const FOLDED_FATE: NodeFate = { kind: 'folded', why: FOLDED.why };

/** What readersOf gives for a tensor nobody reads. */
const NO_READERS: readonly WorkNode[] = [];

/**
 * The readers of one tensor: the node itself when only one reads it (most tensors of a graph), a Set
 * once a second one does. A Set per tensor was ~10k Sets (each with its hash table) on a decoder,
 * all alive through the lowering and so copied by every scavenge.
 */
type Readers = WorkNode | Set<WorkNode>;

export class WorkGraph {
  readonly nodes: WorkNode[] = [];
  readonly tensors: Map<string, Tensor>;
  inputs: string[];
  outputs: string[];
  private fates: PendingFate[] = [];
  private liveCache: WorkNode[] | null = null;
  /** A node was removed (drop, merge) since live() last filtered the cache. */
  private removedSinceLive = false;
  private readonly producers = new Map<string, WorkNode>();
  private readonly readers = new Map<string, Readers>();
  private fresh = 0;
  constructor(readonly original: Model, folded: ReadonlySet<number>) {
    const graph = mainGraph(original);
    // Tensors are shared with the original graph until a pass replaces one (setTensor): passes never
    // write a tensor in place, and finish() builds the deployed graph's own tensor objects. Copied
    // with forEach: `new Map(map)` goes through the iterator protocol, an entry array and a result
    // object per tensor (~3 MB of garbage for a 10k-tensor decoder, sampled).
    this.tensors = new Map();
    graph.tensors.forEach((t, name) => this.tensors.set(name, t));
    this.inputs = [...graph.inputs];
    this.outputs = [...graph.outputs];
    const fates: PendingFate[] = new Array(graph.nodes.length);
    const order = graph.order;
    for (let i = 0; i < order.length; i++) {
      const v = order[i]!;
      const n = graph.nodes[v]!;
      if (folded.has(v)) {
        // Computed once at conversion: its results are constants of the deployed model. The node
        // gets no work node at all (a decoder folds ~40% of its nodes: no pass would see them, and
        // live() would filter them out each time); it gives up its outputs as linking and unlinking
        // it would (a duplicate producer listed before it loses them too).
        for (const o of n.outputs) {
          if (o) this.producers.delete(o);
          const t = this.tensors.get(o);
          if (t) this.tensors.set(o, foldedCopy(t));
        }
        fates[v] = FOLDED;
        continue;
      }
      // Arrays and attributes are shared too: passes replace them (setInputs, setOutputs, a new attributes object), never edit them.
      const w = workNode({
        op: n.op, domain: n.domain, canonicalOp: n.canonicalOp, opVersion: n.opVersion, name: n.name, inputs: n.inputs, outputs: n.outputs,
        attributes: n.attributes, subgraphs: n.subgraphs, customCode: n.customCode, covers: [v], pos: i,
      });
      this.nodes.push(w);
      this.link(w);
      fates[v] = { kind: 'kernel', node: w, why: 'runs as its own kernel' };
    }
    for (let v = 0; v < fates.length; v++) fates[v] ??= { kind: 'kernel', why: '' };
    this.fates = fates;
  }

  /**
   * Live nodes in execution order (cached until a node is added, removed or moved), as a copy the
   * caller may keep while it changes the graph. Passes loop over it by index: a pass runs once per
   * lowering, mostly unoptimized, where for…of makes an iterator result per node.
   */
  live(): WorkNode[] {
    // Removing nodes keeps the others' order: only an added or moved node needs a sort, and only a
    // removal since the last call a filter (most passes change nothing on most graphs).
    if (!this.liveCache) this.liveCache = this.nodes.filter((n) => !n.removed).sort((a, b) => a.pos - b.pos);
    else if (this.removedSinceLive) this.liveCache = this.liveCache.filter((n) => !n.removed);
    this.removedSinceLive = false;
    return this.liveCache.slice();
  }

  /** Call after changing a node's `pos`: the next live() sorts again. */
  moved(): void {
    this.liveCache = null;
  }

  private link(n: WorkNode): void {
    for (const o of n.outputs) if (o) this.producers.set(o, n);
    for (const i of n.inputs) if (i) this.addReader(i, n);
  }

  private addReader(tensor: string, n: WorkNode): void {
    const r = this.readers.get(tensor);
    if (r === undefined) this.readers.set(tensor, n);
    else if (r instanceof Set) r.add(n);
    else if (r !== n) this.readers.set(tensor, new Set([r, n]));
  }

  private removeReader(tensor: string, n: WorkNode): void {
    const r = this.readers.get(tensor);
    if (r === n) this.readers.delete(tensor);
    else if (r instanceof Set) r.delete(n);
  }

  private unlink(n: WorkNode): void {
    for (const o of n.outputs) if (o && this.producers.get(o) === n) this.producers.delete(o);
    for (const i of n.inputs) if (i) this.removeReader(i, n);
  }

  /** Replaces a node's inputs, keeping the reader index current. */
  setInputs(n: WorkNode, inputs: string[]): void {
    const before = n.inputs;
    if (before.length === inputs.length && before.every((x, i) => x === inputs[i])) {
      n.inputs = inputs;
      return;
    }
    for (const i of before) if (i) this.removeReader(i, n);
    n.inputs = inputs;
    if (n.removed) return;
    for (const i of inputs) if (i) this.addReader(i, n);
  }

  setOutputs(n: WorkNode, outputs: string[]): void {
    for (const o of n.outputs) if (o && this.producers.get(o) === n) this.producers.delete(o);
    n.outputs = outputs;
    if (!n.removed) for (const o of outputs) if (o) this.producers.set(o, n);
  }

  producer(tensor: string): WorkNode | undefined {
    return this.producers.get(tensor);
  }

  /** How many nodes read `tensor` (consumersOf(tensor).length, without the sorted copy). */
  readerCount(tensor: string): number {
    const r = this.readers.get(tensor);
    return r === undefined ? 0 : r instanceof Set ? r.size : 1;
  }

  /** The nodes reading `tensor`, in no set order: for counting, where consumersOf's sorted copy is not needed. */
  readersOf(tensor: string): Iterable<WorkNode> {
    const r = this.readers.get(tensor);
    return r === undefined ? NO_READERS : r instanceof Set ? r : [r];
  }

  consumersOf(tensor: string): WorkNode[] {
    const r = this.readers.get(tensor);
    return r === undefined ? [] : r instanceof Set ? [...r].sort((a, b) => a.pos - b.pos) : [r];
  }

  tensor(name: string): Tensor | undefined {
    return this.tensors.get(name);
  }

  /** A constant known at conversion (initializer, folded result). */
  isConstant(name: string): boolean {
    const t = this.tensors.get(name);
    return t !== undefined && t.constant === true;
  }

  isGraphOutput(name: string): boolean {
    return this.outputs.includes(name);
  }

  /** Whether `node`'s output has exactly this one reader and is not a graph output (the fusion precondition HasOneUse). */
  soleConsumer(node: WorkNode): WorkNode | undefined {
    // Asked of every fusion candidate: no filtered copy of the outputs, no sorted copy of the readers.
    let out = '';
    let outputs = 0;
    for (const o of node.outputs) {
      if (o === '') continue;
      out = o;
      outputs++;
    }
    if (outputs !== 1 || this.isGraphOutput(out)) return undefined;
    const readers = this.readers.get(out);
    if (readers === undefined) return undefined;
    if (!(readers instanceof Set)) return readers;
    if (readers.size !== 1) return undefined;
    for (const r of readers) return r;
    return undefined;
  }

  /** Removes a node; its original nodes get `kind` (folded, elided). */
  drop(node: WorkNode, kind: FateKind, why: string): void {
    this.unlink(node);
    node.removed = true;
    this.removedSinceLive = true;
    for (const v of node.covers) if (this.fates[v]!.node === node) this.fates[v] = { kind, why };
  }

  /** Moves `from`'s original nodes into `into` (kind fused or absorbed) and removes `from`. */
  merge(from: WorkNode, into: WorkNode, kind: FateKind, why: string): void {
    from.covers.forEach((v, i) => {
      if (!into.covers.includes(v)) into.covers.push(v);
      const f = this.fates[v]!;
      if (f.node !== from && f.node !== undefined) return;
      // The merged op's own node takes the new fate; what it had absorbed keeps its reason.
      this.fates[v] = i === 0 || f.kind === 'kernel' ? { kind, node: into, why } : { ...f, node: into };
    });
    this.unlink(from);
    from.removed = true;
    this.removedSinceLive = true;
  }

  /** Every reader of `from` (and the graph outputs) reads `to` instead. */
  replaceUses(from: string, to: string): void {
    for (const n of this.consumersOf(from)) this.setInputs(n, n.inputs.map((i) => (i === from ? to : i)));
    this.outputs = this.outputs.map((o) => (o === from ? to : o));
  }

  /**
   * Removes a node that passes its first input through unchanged (Identity, Dropout, a no-op
   * Cast or Transpose). False when it cannot go (its input is also a graph input and its output
   * a graph output: something must still copy).
   */
  bypass(node: WorkNode, kind: FateKind, why: string): boolean {
    const input = node.inputs[0];
    const output = node.outputs[0];
    if (!input || !output) return false;
    if (this.isGraphOutput(output)) {
      const p = this.producer(input);
      if (!p || this.isGraphOutput(input) || this.inputs.includes(input)) return false;
      // Keep the graph output's name: the producer writes it directly.
      this.drop(node, kind, why);
      this.setOutputs(p, p.outputs.map((o) => (o === input ? output : o)));
      this.replaceUses(input, output);
      return true;
    }
    this.drop(node, kind, why);
    this.replaceUses(output, input);
    return true;
  }

  /** Inserts an op a converter emits (PAD, TRANSPOSE, QUANTIZE, a decomposition part). */
  add(node: Omit<WorkNode, 'subgraphs' | 'attributes'> & { attributes?: Record<string, AttributeValue> }): WorkNode {
    const w = workNode({ ...node, attributes: node.attributes ?? {}, subgraphs: [] });
    this.nodes.push(w);
    this.liveCache = null;
    this.link(w);
    return w;
  }

  /** A new tensor name (never clashing with the file's). */
  freshName(base: string): string {
    let name: string;
    do name = `${base}__dl${this.fresh++}`; while (this.tensors.has(name));
    return name;
  }

  setTensor(t: Tensor): void {
    this.tensors.set(t.name, t);
  }

  fateOf(original: number): PendingFate {
    return this.fates[original]!;
  }

  /** The linked deployed graph, covers and fates. */
  finish(format: Model['format'], diagnostics: Diagnostic[]): { model: Model; covers: number[][]; fates: NodeFate[] } {
    const live = this.live();
    const nodes: Node[] = new Array(live.length);
    const tensors = new Map<string, Tensor>();
    // Each tensor the deployed graph uses, as a fresh object for linkGraph to fill (same field order: one hidden class).
    const use = (name: string) => {
      if (!name || tensors.has(name)) return;
      const t = this.tensors.get(name);
      tensors.set(name, t ? unlinkedCopy(t) : newTensor(name));
    };
    // Indexed loops: finish runs once per lowering, mostly unoptimized, where for…of allocates a result per element.
    for (let k = 0; k < this.inputs.length; k++) use(this.inputs[k]!);
    for (let k = 0; k < this.outputs.length; k++) use(this.outputs[k]!);
    for (let index = 0; index < live.length; index++) {
      const n = live[index]!;
      n.deployedIndex = index;
      const node: Node = { index, name: n.name, op: n.op, domain: n.domain, canonicalOp: n.canonicalOp, inputs: n.inputs, outputs: n.outputs, attributes: n.attributes, subgraphs: n.subgraphs };
      if (n.opVersion !== undefined) node.opVersion = n.opVersion;
      if (n.customCode !== undefined) node.customCode = n.customCode;
      if (n.origin) node.origin = n.origin;
      nodes[index] = node;
      const ins = n.inputs;
      for (let k = 0; k < ins.length; k++) use(ins[k]!);
      const outs = n.outputs;
      for (let k = 0; k < outs.length; k++) use(outs[k]!);
    }
    const original = mainGraph(this.original);
    const graph: Graph = { index: 0, name: original.name, nodes, tensors, inputs: this.inputs, outputs: this.outputs, order: [] };
    linkGraph(graph, false, diagnostics);
    const model: Model = { ...this.original, format, weights: deployedWeights(graph, this.original.weights), graphs: [graph, ...this.original.graphs.slice(1)] };
    const fates: NodeFate[] = this.fates.map((f) => {
      if (f === FOLDED) return FOLDED_FATE;
      const into = f.node && !f.node.removed ? f.node.deployedIndex : undefined;
      return into === undefined ? { kind: f.kind === 'kernel' || f.kind === 'fused' || f.kind === 'absorbed' ? 'elided' : f.kind, why: f.why } : { kind: f.kind, into, why: f.why };
    });
    return { model, covers: live.map((n) => n.covers), fates };
  }
}
