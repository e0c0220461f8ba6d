// Which nodes of a graph can reach a graph output (or a name a nested graph reads, or have side
// effects): the rest is dead code (deadCodeHints.ts). Two walks with the same answer: off the linked
// tensors (no lookup by name; the one used) and off the nodes' input names (any graph).

import type { Graph } from '../../ir/model';
import { hasRealOutput } from './graphQueries';

/** Seeds of the liveness walk: nodes without outputs act only through side effects (TFLite ASSIGN_VARIABLE), so they stay. */
function sideEffectNodes(graph: Graph, live: Uint8Array, stack: number[]): void {
  const nodes = graph.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (!hasRealOutput(node) && !live[node.index]) { live[node.index] = 1; stack.push(node.index); }
  }
}

/**
 * Liveness read off the linked tensors (producer, consumers) in two passes over them, with no
 * lookup by name: each read of a tensor is an edge from its reader back to its producer. Same
 * answer as namedLiveness on a linked graph, where a tensor lists every node that reads it; null
 * when a reader index is out of range (a graph not built by linkGraph), then the named walk runs.
 */
export function linkedLiveness(graph: Graph, outerReads: Set<string>): Uint8Array | null {
  const n = graph.nodes.length;
  const live = new Uint8Array(n);
  const stack: number[] = [];
  // Reader → producers of what it reads, grouped by reader (counting sort). Indexed loops: this runs
  // once per analysis, mostly before the JIT has compiled it, where for-of iterators cost most.
  const start = new Int32Array(n + 1);
  const produced = [];
  for (const t of graph.tensors.values()) {
    const p = t.producer;
    if (p === null) continue;
    if (p < 0 || p >= n) return null;
    produced.push(t);
    const cs = t.consumers;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      if (c < 0 || c >= n) return null;
      start[c + 1]!++;
    }
    if ((t.isGraphOutput || outerReads.has(t.name)) && !live[p]) { live[p] = 1; stack.push(p); }
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const producers = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let i = 0; i < produced.length; i++) {
    const t = produced[i]!;
    const p = t.producer!;
    const cs = t.consumers;
    for (let k = 0; k < cs.length; k++) producers[fill[cs[k]!]!++] = p;
  }
  sideEffectNodes(graph, live, stack);
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      const p = producers[k]!;
      if (!live[p]) { live[p] = 1; stack.push(p); }
    }
  }
  return live;
}

/** Liveness from the nodes' input names (any graph, linked or not). */
export function namedLiveness(graph: Graph, outerReads: Set<string>): Uint8Array {
  const live = new Uint8Array(graph.nodes.length);
  const stack: number[] = [];
  const markProducer = (name: string) => {
    const p = graph.tensors.get(name)?.producer;
    if (p !== null && p !== undefined && !live[p]) { live[p] = 1; stack.push(p); }
  };
  for (const name of graph.outputs) markProducer(name);
  for (const name of outerReads) markProducer(name);
  sideEffectNodes(graph, live, stack);
  while (stack.length > 0) {
    const node = graph.nodes[stack.pop()!];
    for (const name of node?.inputs ?? []) if (name !== '') markProducer(name);
  }
  return live;
}
