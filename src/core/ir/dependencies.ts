// Node-to-node dependencies of a graph (through tensors), the input of every topological walk:
// execution order, delegate partitioning and the low-peak reordering.

import type { Graph } from './model';

export interface Dependencies {
  /** Number of distinct producer nodes each node waits for. */
  pending: Int32Array;
  /** Nodes that read an output of each node. */
  dependents: number[][];
}

export function nodeDependencies(graph: Graph): Dependencies {
  const n = graph.nodes.length;
  const pending = new Int32Array(n);
  const dependents: number[][] = Array.from({ length: n }, () => []);
  // Distinct producers per node without a Set per node: a node's inputs are few, so a scan of the
  // producers found so far (in this small array) is cheaper than hashing.
  const producers: number[] = [];
  for (const node of graph.nodes) {
    producers.length = 0;
    for (const name of node.inputs) {
      const p = name === '' ? null : graph.tensors.get(name)?.producer ?? null;
      if (p !== null && p !== node.index && !producers.includes(p)) producers.push(p);
    }
    pending[node.index] = producers.length;
    for (const p of producers) dependents[p]!.push(node.index);
  }
  return { pending, dependents };
}
