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
  for (const node of graph.nodes) {
    const producers = new Set<number>();
    for (const name of node.inputs) {
      const p = name === '' ? null : graph.tensors.get(name)?.producer ?? null;
      if (p !== null && p !== node.index) producers.add(p);
    }
    pending[node.index] = producers.size;
    for (const p of producers) dependents[p]!.push(node.index);
  }
  return { pending, dependents };
}
