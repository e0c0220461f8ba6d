// The planners as they were before issue 12 made them n·log n: plain scans, quadratic, obviously
// right. Kept as the oracle the fast versions are compared against (test/arena-planner.test.ts),
// on every shared model and on generated graphs. Not used by the product.

import type { ArenaPlan, Lifetime, PlacedBuffer } from '../../src/core/analysis/memory';
import { nodeDependencies } from '../../src/core/ir/dependencies';
import type { Graph } from '../../src/core/ir/model';
import { tensorBytes } from '../../src/core/ir/tensorSize';

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** TFLM GreedyMemoryPlanner rule, scanning every placed buffer for each new one. */
export function referencePlanArena(buffers: readonly Lifetime[], alignment = 16): ArenaPlan {
  const sorted = [...buffers].sort((a, b) => b.bytes - a.bytes || a.first - b.first || (a.tensor < b.tensor ? -1 : a.tensor > b.tensor ? 1 : 0));
  const placed: PlacedBuffer[] = [];
  let arenaBytes = 0;
  for (const b of sorted) {
    const size = alignUp(b.bytes, alignment);
    const overlapping = placed
      .filter((p) => p.first <= b.last && b.first <= p.last)
      .sort((x, y) => x.offset - y.offset);
    let offset = 0;
    for (const p of overlapping) {
      if (p.offset >= offset + size) break;
      offset = Math.max(offset, p.offset + p.alignedBytes);
    }
    placed.push({ ...b, offset, alignedBytes: size });
    arenaBytes = Math.max(arenaBytes, offset + size);
  }
  return { buffers: placed, arenaBytes, alignment };
}

/** Low-peak order scoring every ready node at every step. */
export function referenceLowPeakOrder(graph: Graph): number[] {
  const n = graph.nodes.length;
  const position = new Int32Array(n);
  graph.order.forEach((v, i) => { position[v] = i; });
  const { pending, dependents } = nodeDependencies(graph);
  const remainingReaders = new Map<string, number>();
  for (const t of graph.tensors.values()) remainingReaders.set(t.name, t.consumers.length);
  const sizeOf = (name: string) => {
    const t = graph.tensors.get(name);
    return t && !t.constant ? tensorBytes(t) ?? 0 : 0;
  };
  const ready: number[] = [];
  for (const v of graph.order) if (pending[v] === 0) ready.push(v);
  const order: number[] = [];
  while (ready.length > 0) {
    let best = 0;
    let bestScore = Infinity;
    for (let i = 0; i < ready.length; i++) {
      const node = graph.nodes[ready[i]!]!;
      let score = 0;
      for (const o of node.outputs) if (o !== '') score += sizeOf(o);
      for (const name of new Set(node.inputs)) {
        if (name !== '' && remainingReaders.get(name) === 1 && !graph.tensors.get(name)?.isGraphOutput) score -= sizeOf(name);
      }
      if (score < bestScore || (score === bestScore && position[ready[i]!]! < position[ready[best]!]!)) {
        best = i;
        bestScore = score;
      }
    }
    const v = ready.splice(best, 1)[0]!;
    order.push(v);
    for (const name of new Set(graph.nodes[v]!.inputs)) if (name !== '') remainingReaders.set(name, (remainingReaders.get(name) ?? 1) - 1);
    for (const d of dependents[v]!) if (--pending[d]! === 0) ready.push(d);
  }
  return order.length === n ? order : [...graph.order];
}

/**
 * TFLite's node subsets (graph_info.cc, greedy mode) the plain way: each epoch rescans the execution
 * plan, taking every ready node of the epoch's type (the type of the first ready node), until a
 * scan takes nothing. Quadratic; the oracle for the heap-based walk in partition.ts. Delegated
 * subsets only, each in ascending node index (the walks may visit a subset's nodes in other orders).
 */
export function referenceSupportedGroups(graph: Graph, supported: readonly boolean[]): number[][] {
  const n = graph.nodes.length;
  const ready = new Set<string>();
  for (const t of graph.tensors.values()) if (t.producer === null) ready.add(t.name);
  const assigned = new Uint8Array(n);
  const subsets: { supported: boolean; nodes: number[] }[] = [];
  let remaining = graph.order.length;
  while (remaining > 0) {
    let type: boolean | null = null;
    const nodes: number[] = [];
    let did = true;
    while (did) {
      did = false;
      for (const v of graph.order) {
        if (assigned[v]) continue;
        const node = graph.nodes[v]!;
        if (!node.inputs.every((i) => i === '' || ready.has(i))) continue;
        const kind = supported[v] === true;
        if (type === null) type = kind;
        if (kind !== type) continue;
        assigned[v] = 1;
        remaining--;
        nodes.push(v);
        for (const o of node.outputs) if (o) ready.add(o);
        did = true;
      }
    }
    if (nodes.length === 0) break;
    subsets.push({ supported: type === true, nodes });
  }
  return subsets.filter((s) => s.supported).map((s) => [...s.nodes].sort((a, b) => a - b));
}
