// Node-to-node dependencies of a graph (through tensors), the input of every topological walk:
// execution order, delegate partitioning and the low-peak reordering.

import type { Graph } from './model';

export interface Dependencies {
  /** Number of distinct producer nodes each node waits for. */
  pending: Int32Array;
  /** Nodes that read an output of each node. */
  dependents: number[][];
}

/** The dependents of a node nobody reads: one shared, never-written array. */
const NONE: number[] = [];

export function nodeDependencies(graph: Graph): Dependencies {
  const n = graph.nodes.length;
  const pending = new Int32Array(n);
  // A node's first dependent makes an exact one-element array (most nodes have one: a first push
  // into [] reserves 17 slots, ~7 MB on a 50k-node chain), and nodes without any share NONE.
  const dependents = new Array<number[]>(n);
  // Distinct producers per node without a Set per node: a node's inputs are few, so a scan of the
  // producers found so far (in this small array) is cheaper than hashing.
  const producers: number[] = [];
  // Indexed loops: this runs a few times per analysis, largely unoptimized, where for…of makes an iterator result per element.
  const nodes = graph.nodes;
  for (let v = 0; v < nodes.length; v++) {
    const node = nodes[v]!;
    // producers[0, count) in use: `length = 0` would make V8 drop the array's store each node.
    let count = 0;
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const name = inputs[i]!;
      const p = name === '' ? null : graph.tensors.get(name)?.producer ?? null;
      if (p === null || p === node.index) continue;
      let seen = false;
      for (let k = 0; k < count && !seen; k++) seen = producers[k] === p;
      if (!seen) producers[count++] = p;
    }
    pending[node.index] = count;
    for (let k = 0; k < count; k++) {
      const p = producers[k]!;
      const list = dependents[p];
      if (list === undefined) dependents[p] = [node.index];
      else list.push(node.index);
    }
  }
  for (let v = 0; v < n; v++) dependents[v] ??= NONE;
  return { pending, dependents };
}
