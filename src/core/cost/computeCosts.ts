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
  let n = 1;
  for (const d of t.shape) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return dtypeBytes(t.dtype, n);
}

/** Tensors whose value is fixed at load time: initializers/buffers and what constant-only ops derive from them. */
function constantTensors(graph: Graph): Set<string> {
  const constants = new Set<string>();
  for (const t of graph.tensors.values()) if (t.constant && !t.variable) constants.add(t.name);
  for (const i of graph.order) {
    const node = graph.nodes[i];
    if (!node || !CONST_PASSTHROUGH.has(node.op)) continue;
    const inputs = node.inputs.filter((n) => n !== '');
    if (node.op === 'Constant' || (inputs.length > 0 && inputs.every((n) => constants.has(n)))) {
      for (const o of node.outputs) if (o !== '') constants.add(o);
    }
  }
  return constants;
}

/**
 * Bytes of a node's inputs split into constants (parameters) and activations, and of its outputs;
 * a total is null as soon as one of its tensors has an unknown size. One pass over the names,
 * without the filtered copies a verdict on a 10k-node graph would make per node.
 */
function ioBytes(graph: Graph, node: Node, constants: Set<string>): { paramBytes: number | null; inputBytes: number | null; outputBytes: number | null } {
  let paramBytes: number | null = 0;
  let inputBytes: number | null = 0;
  let outputBytes: number | null = 0;
  for (const name of node.inputs) {
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
  for (const name of node.outputs) {
    if (name === '' || outputBytes === null) continue;
    const b = bytesOf(graph.tensors.get(name));
    outputBytes = b === null ? null : outputBytes + b;
  }
  return { paramBytes, inputBytes, outputBytes };
}

function nodeCost(model: Model, graph: Graph, node: Node, constants: Set<string>): NodeCost {
  const tensor = (name: string | undefined): Tensor | undefined => (name ? graph.tensors.get(name) : undefined);
  const shapes: OpShapes = {
    node,
    input: (i: number): Shape => tensor(node.inputs[i])?.shape ?? null,
    output: (i: number): Shape => tensor(node.outputs[i])?.shape ?? null,
    has: (i: number): boolean => (node.inputs[i] ?? '') !== '',
  };
  const isConstNode = node.outputs.every((o) => o === '' || constants.has(o));
  // Nodes that only fold constants do no run-time work (a runtime folds them at load).
  const arithmetic: Arithmetic | null = isConstNode ? { macs: 0, flops: 0 } : model.format === 'tflite' ? tfliteArithmetic(shapes) : onnxArithmetic(shapes);
  const { paramBytes, inputBytes, outputBytes } = isConstNode ? { paramBytes: 0, inputBytes: 0, outputBytes: 0 } : ioBytes(graph, node, constants);
  const activationBytes = inputBytes !== null && outputBytes !== null ? inputBytes + outputBytes : null;
  const moved = paramBytes !== null && activationBytes !== null ? paramBytes + activationBytes : null;
  const ops = arithmetic ? 2 * arithmetic.macs + arithmetic.flops : null;
  return {
    macs: arithmetic?.macs ?? null,
    flops: arithmetic?.flops ?? null,
    paramBytes,
    inputBytes,
    outputBytes,
    activationBytes,
    arithmeticIntensity: ops !== null && moved !== null && moved > 0 ? ops / moved : null,
  };
}

export function computeCosts(model: Model, graphIndex = 0): CostReport {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`${model.path}: no graph ${graphIndex}`);
  const constants = constantTensors(graph);
  const nodes = graph.nodes.map((node) => nodeCost(model, graph, node, constants));
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
    for (const n of node.inputs) if (n !== '' && constants.has(n)) read.add(n);
  });
  for (const n of read) totals.weightBytes += bytesOf(graph.tensors.get(n)) ?? 0;
  return { graph: graphIndex, nodes, totals };
}
