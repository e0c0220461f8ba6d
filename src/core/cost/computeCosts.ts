// Cost of every node of a graph from its inferred shapes: MACs, other FLOPs, bytes of weights and
// activations, arithmetic intensity, and model totals. Run inferShapes first; a node whose shapes
// are unknown gets null figures (and is listed in totals.unknownNodes), never zero.

import { dtypeBytes } from '../ir/dtype';
import type { Graph, Model, Node, Shape, Tensor } from '../ir/model';
import { onnxArithmetic, tfliteArithmetic, type Arithmetic, type OpShapes } from './opCosts';
import type { CostReport, NodeCost } from './types';

/** Ops that only pass constants through: their outputs are constants too (torch exports route weights via Identity). */
const CONST_PASSTHROUGH = new Set(['Identity', 'Constant', 'Cast', 'Reshape', 'Transpose', 'Unsqueeze', 'Squeeze', 'DequantizeLinear', 'DEQUANTIZE']);

function bytesOf(t: Tensor | undefined): number | null {
  if (!t || t.shape === null) return null;
  const shape = t.shape;
  let n = 1;
  // Indexed loops throughout: computeCosts runs once per model and once per deployed graph, mostly
  // before the optimizing compiler has seen it, where for-of allocates a result per element.
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return dtypeBytes(t.dtype, n);
}

/** Tensors whose value is fixed at load time: initializers/buffers and what constant-only ops derive from them. */
function constantTensors(graph: Graph): Set<string> {
  const constants = new Set<string>();
  for (const t of graph.tensors.values()) if (t.constant && !t.variable) constants.add(t.name);
  const order = graph.order;
  for (let k = 0; k < order.length; k++) {
    const node = graph.nodes[order[k]!];
    if (!node || !CONST_PASSTHROUGH.has(node.op)) continue;
    if (node.op === 'Constant' || allConstant(node.inputs, constants)) {
      const outputs = node.outputs;
      for (let i = 0; i < outputs.length; i++) if (outputs[i] !== '') constants.add(outputs[i]!);
    }
  }
  return constants;
}

/** At least one named input, and every named input constant (no filtered copy per node). */
export function allConstant(inputs: readonly string[], constants: ReadonlySet<string>): boolean {
  let named = 0;
  for (let i = 0; i < inputs.length; i++) {
    const n = inputs[i]!;
    if (n === '') continue;
    if (!constants.has(n)) return false;
    named++;
  }
  return named > 0;
}

/** Every named output is constant (true for a node without named outputs, as Array.every). */
function outputsConstant(outputs: readonly string[], constants: Set<string>): boolean {
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    if (o !== '' && !constants.has(o)) return false;
  }
  return true;
}

/**
 * Ops whose kernel reads only the part of its data input (input 0) that it outputs: a gather copies
 * each indexed row (TFLite Micro's gather.cc copies `inner_size` elements per coordinate,
 * tensorflow/tflite-micro@90b983c2b3 tensorflow/lite/micro/kernels/gather.cc:84-93), a slice each
 * element of its window (strided_slice.cc, slice.cc loop over the output). Their traffic is the
 * output read and written, not the whole table: a 262 MB embedding gathered for one token moves
 * 32 KB, where charging the table made it the decoder's slowest op.
 */
const SELECTS_FROM_INPUT = new Set(['Gather', 'GatherND', 'GatherElements', 'Slice', 'StridedSlice', 'EmbeddingLookup']);

/**
 * Ops that read only their input's dims, never its data: TFLite Micro's SHAPE copies `dims->data`
 * (tensorflow/tflite-micro@90b983c2b3 tensorflow/lite/micro/kernels/shape.cc:32-34). They move their output only.
 */
const READS_DIMS_ONLY = new Set(['Shape', 'Size']);

/** Bytes of a node's input `i` when named (0 when absent); null when its size is unknown. */
function inputBytesAt(graph: Graph, node: Node, i: number): number | null {
  const name = node.inputs[i];
  return name ? bytesOf(graph.tensors.get(name)) : 0;
}

/** What the kernel reads and writes (NodeCost.movedBytes). */
function movedBytesOf(graph: Graph, node: Node, io: IoBytes): number | null {
  const { paramBytes, inputBytes, outputBytes } = io;
  if (READS_DIMS_ONLY.has(node.canonicalOp)) return outputBytes;
  if (!SELECTS_FROM_INPUT.has(node.canonicalOp)) return paramBytes === null || inputBytes === null || outputBytes === null ? null : paramBytes + inputBytes + outputBytes;
  // The data input's elements are read only where they are output: its bytes count as the output's.
  if (outputBytes === null) return null;
  let rest = 0;
  for (let i = 1; i < node.inputs.length; i++) {
    const b = inputBytesAt(graph, node, i);
    if (b === null) return null;
    rest += b;
  }
  return 2 * outputBytes + rest;
}

interface IoBytes { paramBytes: number | null; inputBytes: number | null; outputBytes: number | null }
const NO_IO: IoBytes = Object.freeze({ paramBytes: 0, inputBytes: 0, outputBytes: 0 });
const NO_ARITHMETIC: Arithmetic = Object.freeze({ macs: 0, flops: 0 });

/**
 * Bytes of a node's inputs split into constants (parameters) and activations, and of its outputs;
 * a total is null as soon as one of its tensors has an unknown size. One pass over the names,
 * without the filtered copies a verdict on a 10k-node graph would make per node.
 */
function ioBytes(graph: Graph, node: Node, constants: Set<string>): IoBytes {
  let paramBytes: number | null = 0;
  let inputBytes: number | null = 0;
  let outputBytes: number | null = 0;
  const inputs = node.inputs;
  for (let i = 0; i < inputs.length; i++) {
    const name = inputs[i]!;
    if (name === '') continue;
    if (constants.has(name)) {
      if (paramBytes === null) continue;
      const b = bytesOf(graph.tensors.get(name));
      paramBytes = b === null ? null : paramBytes + b;
    } else {
      if (inputBytes === null) continue;
      const b = bytesOf(graph.tensors.get(name));
      inputBytes = b === null ? null : inputBytes + b;
    }
  }
  const outputs = node.outputs;
  for (let i = 0; i < outputs.length; i++) {
    const name = outputs[i]!;
    if (name === '' || outputBytes === null) continue;
    const b = bytesOf(graph.tensors.get(name));
    outputBytes = b === null ? null : outputBytes + b;
  }
  return { paramBytes, inputBytes, outputBytes };
}

/**
 * The shapes a cost formula sees: pointed at each node in turn, instead of an object and three
 * closures per node.
 */
class NodeShapes implements OpShapes {
  node!: Node;
  constructor(public graph: Graph) {}

  input(i: number): Shape {
    const name = this.node.inputs[i];
    return (name ? this.graph.tensors.get(name)?.shape : undefined) ?? null;
  }

  output(i: number): Shape {
    const name = this.node.outputs[i];
    return (name ? this.graph.tensors.get(name)?.shape : undefined) ?? null;
  }

  has(i: number): boolean {
    return (this.node.inputs[i] ?? '') !== '';
  }

  withNode(node: Node): OpShapes {
    const s = new NodeShapes(this.graph);
    s.node = node;
    return s;
  }
}

const NO_GRAPH: Graph = { index: -1, name: '', nodes: [{ index: -1, name: '', op: '', domain: '', canonicalOp: '', inputs: [], outputs: [], attributes: {}, subgraphs: [] }], tensors: new Map(), inputs: [], outputs: [], order: [] };
/**
 * One instance for every computeCosts call (it holds no model between calls). A fresh instance
 * per call had a shape (hidden class) that died with it, and the optimized cost formulas that had
 * inlined its methods were thrown away and recompiled for the next model (the editor analyses
 * on every save; costs also run once per deployed graph).
 */
const SHAPES = new NodeShapes(NO_GRAPH);

function nodeCost(model: Model, graph: Graph, shapes: NodeShapes, node: Node, constants: Set<string>): NodeCost {
  shapes.node = node;
  const isConstNode = outputsConstant(node.outputs, constants);
  // Nodes that only fold constants do no run-time work (a runtime folds them at load).
  const arithmetic: Arithmetic | null = isConstNode ? NO_ARITHMETIC : model.format === 'tflite' ? tfliteArithmetic(shapes) : onnxArithmetic(shapes);
  const io = isConstNode ? NO_IO : ioBytes(graph, node, constants);
  const { paramBytes, inputBytes, outputBytes } = io;
  const activationBytes = inputBytes !== null && outputBytes !== null ? inputBytes + outputBytes : null;
  const moved = isConstNode ? 0 : movedBytesOf(graph, node, io);
  const ops = arithmetic ? 2 * arithmetic.macs + arithmetic.flops : null;
  return {
    macs: arithmetic?.macs ?? null,
    flops: arithmetic?.flops ?? null,
    paramBytes,
    inputBytes,
    outputBytes,
    activationBytes,
    movedBytes: moved,
    arithmeticIntensity: ops !== null && moved !== null && moved > 0 ? ops / moved : null,
  };
}

/**
 * Nodes of equal cost share one NodeCost (costs are read, never edited): a graph repeats its layers
 * (a decoder's 48 blocks, a 50k-node chain of one op), and each report of costs is kept for the
 * whole analysis — twice, for the file's graph and the deployed one. Looked up by a numeric hash of
 * the six figures the other two (activationBytes, arithmeticIntensity) are computed from: a string
 * key per node was more garbage than the objects it saved.
 */
function interned(alike: Map<number, NodeCost[]>, c: NodeCost): NodeCost {
  const key = mix(mix(mix(mix(mix(mix(0, c.macs), c.flops), c.paramBytes), c.inputBytes), c.outputBytes), c.movedBytes);
  const bucket = alike.get(key);
  if (bucket === undefined) {
    alike.set(key, [c]);
    return c;
  }
  for (let i = 0; i < bucket.length; i++) {
    const b = bucket[i]!;
    if (b.macs === c.macs && b.flops === c.flops && b.paramBytes === c.paramBytes && b.inputBytes === c.inputBytes && b.outputBytes === c.outputBytes && b.movedBytes === c.movedBytes) return b;
  }
  bucket.push(c);
  return c;
}

/** A figure (a whole number below 2^53, or null) folded into a 31-bit hash. */
function mix(h: number, x: number | null): number {
  const lo = x === null ? -1 : x % 0x100000000;
  const hi = x === null ? -1 : Math.floor(x / 0x100000000);
  return (Math.imul(Math.imul(h ^ lo, 0x01000193) ^ hi, 0x01000193) >>> 1);
}

export function computeCosts(model: Model, graphIndex = 0): CostReport {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`${model.path}: no graph ${graphIndex}`);
  const constants = constantTensors(graph);
  const shapes = SHAPES;
  shapes.graph = graph;
  let nodes: NodeCost[];
  const alike = new Map<number, NodeCost[]>();
  try {
    nodes = graph.nodes.map((node) => interned(alike, nodeCost(model, graph, shapes, node, constants)));
  } finally {
    shapes.graph = NO_GRAPH;
    shapes.node = NO_GRAPH.nodes[0]!;
  }
  const totals = { macs: 0, flops: 0, paramBytes: 0, activationBytes: 0, weightBytes: 0, unknownNodes: [] as number[] };
  nodes.forEach((c, i) => {
    if (c.macs === null || c.flops === null) totals.unknownNodes.push(i);
    totals.macs += c.macs ?? 0;
    totals.flops += c.flops ?? 0;
    totals.paramBytes += c.paramBytes ?? 0;
    totals.activationBytes += c.activationBytes ?? 0;
  });
  // Weight bytes counted once per tensor actually read by a node that does run-time work.
  const read = new Set<string>();
  graph.nodes.forEach((node, i) => {
    if (nodes[i]!.paramBytes === 0) return;
    const inputs = node.inputs;
    for (let k = 0; k < inputs.length; k++) {
      const n = inputs[k]!;
      if (n !== '' && constants.has(n)) read.add(n);
    }
  });
  for (const n of read) totals.weightBytes += bytesOf(graph.tensors.get(n)) ?? 0;
  return { graph: graphIndex, nodes, totals };
}
