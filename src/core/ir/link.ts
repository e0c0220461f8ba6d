// Links a graph once its nodes and declared tensors are known: who produces and who reads each
// tensor, which tensors are graph inputs/outputs, and an execution order. Both readers call it,
// so the IR means the same thing whatever format it came from.

import type { Diagnostic } from './diagnostic';
import type { Graph, Tensor } from './model';
import { nodeDependencies } from './dependencies';

/**
 * A tensor with every optional field present (undefined), in one order: the ONNX reader's tensors
 * then share one hidden class in V8, so every pass that reads `producer`, `consumers` or `shape`
 * over a 10k-node graph stays monomorphic (tensors built with a varying set of fields made those
 * reads megamorphic). JSON and the report builders skip undefined fields, so nothing else sees it.
 */
export function newTensor(name: string, origin?: string): Tensor {
  return {
    name, dtype: 'unknown', shape: null, shapeSignature: undefined, constant: false, variable: undefined, quantization: undefined,
    data: undefined, dataBytes: undefined, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false,
    origin, index: undefined, shapeSource: undefined,
  };
}

export function newActivation(name: string): Tensor {
  return newTensor(name);
}

/**
 * Fills producer/consumers/isGraphInput/isGraphOutput, creates tensors for names that are only
 * referenced, and computes `order`. `fileOrderIsExecutionOrder` is true for TFLite (operators are
 * stored in execution order); ONNX gets a stable topological sort, since files are not always sorted.
 */
export function linkGraph(graph: Graph, fileOrderIsExecutionOrder: boolean, diagnostics: Diagnostic[]): void {
  const tensor = (name: string): Tensor => {
    let t = graph.tensors.get(name);
    if (!t) {
      t = newActivation(name);
      graph.tensors.set(name, t);
    }
    return t;
  };
  for (const name of graph.inputs) tensor(name).isGraphInput = true;
  for (const name of graph.outputs) tensor(name).isGraphOutput = true;

  // Indexed loops throughout: linkGraph runs once per graph, largely before V8 optimizes it, and
  // an unoptimized for…of allocates an iterator result per element (~1 MB per 10k-node graph).
  const nodes = graph.nodes;
  for (let v = 0; v < nodes.length; v++) {
    const node = nodes[v]!;
    const outputs = node.outputs;
    for (let k = 0; k < outputs.length; k++) {
      const name = outputs[k]!;
      if (name === '') continue;
      const t = tensor(name);
      if (t.producer !== null) {
        diagnostics.push({
          severity: 'error', code: 'read/duplicate-producer', graph: graph.index, node: node.index, tensor: name,
          message: `Tensor '${name}' is produced by both node ${t.producer} and node ${node.index} ('${node.name}').`,
        });
        continue;
      }
      t.producer = node.index;
    }
  }
  // While linking readers, note whether the file order already is an execution order (every input
  // made by an earlier node: exporters write sorted files, and the lowering's deployed graph is
  // sorted) and which nodes read their own output: one pass over the inputs instead of three.
  let sorted = true;
  const selfLoops: SelfLoop = { first: null, tensor: '', count: 0 };
  // Consumer lists are built at their exact size: a first push would give each of the ~10k
  // tensors of a big graph a 17-slot backing store (~150 bytes, most of it empty) that lives as
  // long as the model. Most tensors have one consumer (an exact one-element literal); the few
  // with more are trimmed once at the end.
  const shared: Tensor[] = [];
  for (let v = 0; v < nodes.length; v++) {
    const node = nodes[v]!;
    let readsItself = false;
    const inputs = node.inputs;
    for (let k = 0; k < inputs.length; k++) {
      const name = inputs[k]!;
      if (name === '') continue;
      const t = tensor(name);
      const c = t.consumers;
      if (c.length === 0) t.consumers = [node.index];
      else if (c[c.length - 1] !== node.index) {
        if (c.length === 1) shared.push(t);
        c.push(node.index);
      }
      const p = t.producer;
      if (p === null) continue;
      if (p > node.index) sorted = false;
      else if (p === node.index && !readsItself) {
        readsItself = true;
        selfLoops.count++;
        if (selfLoops.first === null) {
          selfLoops.first = node.index;
          selfLoops.tensor = name;
        }
      }
    }
  }
  for (const t of shared) t.consumers = t.consumers.slice();
  if (!fileOrderIsExecutionOrder) reportSelfLoops(graph, selfLoops, diagnostics);
  // In a sorted graph the stable topological sort below returns the file order itself (the earliest
  // ready node is always the next one), and readers were linked in that order already.
  if (fileOrderIsExecutionOrder || sorted) {
    graph.order = graph.nodes.map((n) => n.index);
    return;
  }
  graph.order = topologicalOrder(graph, diagnostics);
  sortConsumersByOrder(graph);
}

/** Kahn's algorithm that always picks the earliest ready node in file order, so a sorted file keeps its order. */
function topologicalOrder(graph: Graph, diagnostics: Diagnostic[]): number[] {
  const n = graph.nodes.length;
  const { pending, dependents } = nodeDependencies(graph);
  // A binary heap keyed by file index keeps the sort O(n log n) and stable.
  const heap: number[] = [];
  const push = (v: number) => {
    heap.push(v);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= v) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && heap[r]! < heap[l]! ? r : l;
        if (heap[c]! >= last) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i < n; i++) if (pending[i] === 0) push(i);
  const order: number[] = [];
  while (heap.length > 0) {
    const v = pop();
    order.push(v);
    for (const d of dependents[v]!) if (--pending[d]! === 0) push(d);
  }
  if (order.length < n) {
    const stuck = graph.nodes.filter((node) => pending[node.index]! > 0).map((node) => node.index);
    diagnostics.push({
      severity: 'error', code: 'read/cycle', graph: graph.index, node: stuck[0],
      message: `Graph '${graph.name}' has a cycle through ${stuck.length} node(s) (first: '${graph.nodes[stuck[0]!]?.name ?? ''}'); they are placed last in file order.`,
    });
    for (const v of stuck) order.push(v); // no spread: a 200k-node cycle would overflow the stack
  }
  return order;
}

/** The nodes that read their own output: the first (in file order), the first such input of it, and how many. */
interface SelfLoop {
  first: number | null;
  tensor: string;
  count: number;
}

/**
 * A node that reads its own output can never run. The dependency walk ignores such an edge (a node
 * does not wait for itself), so it is reported here, once per graph with the count.
 */
function reportSelfLoops(graph: Graph, loops: SelfLoop, diagnostics: Diagnostic[]): void {
  if (loops.first === null) return;
  const node = graph.nodes[loops.first]!;
  diagnostics.push({
    severity: 'error', code: 'read/cycle', graph: graph.index, node: loops.first, tensor: loops.tensor,
    message: `Graph '${graph.name}' has ${loops.count} node(s) that read their own output (first: ${node.op} '${node.name}' reads '${loops.tensor}'); no runtime can execute them.`,
  });
}

function sortConsumersByOrder(graph: Graph): void {
  const position = new Int32Array(graph.nodes.length);
  graph.order.forEach((nodeIndex, i) => { position[nodeIndex] = i; });
  for (const t of graph.tensors.values()) {
    if (t.consumers.length > 1) t.consumers.sort((a, b) => position[a]! - position[b]!);
  }
}
