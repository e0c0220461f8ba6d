// Tiny activation-only graphs for the partition and memory tests: each node is written as
// `op: inputs -> outputs`, every tensor has a known float32 shape, so expected answers can be
// worked out by hand.
import { linkGraph, newActivation } from '../../src/core/ir/link';
import type { Graph, Node } from '../../src/core/ir/model';

export interface MiniNode {
  op: string;
  in: string[];
  out: string[];
}

/** `sizes` gives each tensor's element count (float32: 4 bytes each); graph inputs/outputs as named. */
export function miniGraph(nodes: MiniNode[], sizes: Record<string, number>, inputs: string[], outputs: string[]): Graph {
  const irNodes: Node[] = nodes.map((n, index) => ({
    index, name: `n${index}`, op: n.op, domain: '', canonicalOp: n.op, inputs: n.in, outputs: n.out, attributes: {}, subgraphs: [],
  }));
  const graph: Graph = { index: 0, name: 'mini', nodes: irNodes, tensors: new Map(), inputs, outputs, order: [] };
  for (const [name, elements] of Object.entries(sizes)) {
    const t = newActivation(name);
    t.dtype = 'float32';
    t.shape = [elements];
    graph.tensors.set(name, t);
  }
  linkGraph(graph, false, []);
  return graph;
}

/** A chain x -> n0 -> t0 -> n1 -> t1 ... with the given ops, each tensor `elements` long. */
export function chain(ops: string[], elements = 1): Graph {
  const nodes = ops.map((op, i) => ({ op, in: [i === 0 ? 'x' : `t${i - 1}`], out: [`t${i}`] }));
  const sizes: Record<string, number> = { x: elements };
  ops.forEach((_, i) => { sizes[`t${i}`] = elements; });
  return miniGraph(nodes, sizes, ['x'], [`t${ops.length - 1}`]);
}
