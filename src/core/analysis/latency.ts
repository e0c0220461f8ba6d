// Roofline latency estimate per node: a node takes as long as the slower of its arithmetic
// (MACs at the device's peak for the node's precision) and its memory traffic (bytes moved at SRAM
// bandwidth when its working set fits on chip, DRAM bandwidth when it does not). An estimate, not a
// measurement: it says which nodes dominate and whether they are compute- or memory-bound.

import type { NodeCost } from '../cost/types';
import type { DType } from '../ir/dtype';
import type { Graph } from '../ir/model';
import type { TargetProfile } from '../targets/profile';
import type { Device } from './partition';

export type Bound = 'compute' | 'memory';

export interface NodeLatency {
  /** Microseconds; null when the node's cost is unknown. */
  us: number | null;
  bound: Bound | null;
  /** The MAC/s used (device and precision), for explanations. */
  macsPerSecond: number | null;
  bytesPerSecond: number | null;
}

export interface LatencyEstimate {
  nodes: NodeLatency[];
  /** Sum over nodes with a known estimate, in milliseconds. */
  totalMs: number;
  /** Nodes left out of the total (unknown cost). */
  unknownNodes: number[];
}

/** The precision a node computes in: the dtype of its first non-constant input (or output). */
export function nodePrecision(graph: Graph, node: number): DType {
  const n = graph.nodes[node]!;
  // Inputs, then outputs, without a joined copy of the two lists (asked for every node).
  return activationDtype(graph, n.inputs) ?? activationDtype(graph, n.outputs) ?? 'unknown';
}

function activationDtype(graph: Graph, names: readonly string[]): DType | null {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const t = name === '' ? undefined : graph.tensors.get(name);
    if (t && !t.constant && t.dtype !== 'unknown') return t.dtype;
  }
  return null;
}

function pickRate(table: Partial<Record<DType, number>> | undefined, dtype: DType): number | null {
  if (!table) return null;
  const direct = table[dtype];
  if (direct) return direct;
  // A precision the device lacks runs at its slowest listed rate (emulated or dequantized).
  const rates = Object.values(table).filter((v): v is number => typeof v === 'number' && v > 0);
  return rates.length ? Math.min(...rates) : null;
}

export function estimateLatency(
  graph: Graph,
  costs: readonly NodeCost[],
  target: TargetProfile,
  deviceOf: readonly Device[],
  workingSet: readonly (number | null)[],
): LatencyEstimate {
  const sram = target.memory.sramBytes ?? 0;
  // The rate of each (device, precision) pair, picked once: a graph has a handful of precisions.
  const rates = { cpu: new Map<DType, number | null>(), device: new Map<DType, number | null>() };
  const rateOf = (onCpu: boolean, dtype: DType): number | null => {
    const cache = onCpu ? rates.cpu : rates.device;
    let r = cache.get(dtype);
    if (r === undefined) {
      r = pickRate(onCpu ? target.compute.fallbackPeakMacsPerSecond ?? target.compute.peakMacsPerSecond : target.compute.peakMacsPerSecond, dtype);
      cache.set(dtype, r);
    }
    return r;
  };
  const nodes: NodeLatency[] = [];
  /** The last estimate made for each cost object: estimates are read, never edited downstream. */
  const alike = new Map<NodeCost, NodeLatency>();
  const unknownNodes: number[] = [];
  let totalUs = 0;
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let i = 0; i < graph.nodes.length; i++) {
    const node = graph.nodes[i]!;
    const c = costs[node.index];
    const onCpu = deviceOf[node.index] === 'cpu' && target.partitioning.mode !== 'none';
    const dtype = nodePrecision(graph, node.index);
    const macsPerSecond = rateOf(onCpu, dtype);
    const ws = workingSet[node.index] ?? null;
    const fitsOnChip = sram > 0 && ws !== null && ws <= sram;
    const bytesPerSecond = (fitsOnChip ? target.compute.sramBandwidthBytesPerSecond : target.compute.dramBandwidthBytesPerSecond)
      ?? target.compute.sramBandwidthBytesPerSecond ?? target.compute.dramBandwidthBytesPerSecond ?? null;
    // Unknown traffic is an unknown latency, not zero bytes: a node of unknown size is left out (and counted).
    if (!c || c.macs === null || c.movedBytes === null || macsPerSecond === null) {
      nodes.push({ us: null, bound: null, macsPerSecond, bytesPerSecond });
      unknownNodes.push(node.index);
      continue;
    }
    // Non-MAC arithmetic (activations, adds, pooling) counts as half a MAC each: one op, not two.
    const computeUs = ((c.macs + (c.flops ?? 0) / 2) / macsPerSecond) * 1e6;
    const bytes = c.movedBytes;
    const memoryUs = bytesPerSecond ? (bytes / bytesPerSecond) * 1e6 : 0;
    const us = Math.max(computeUs, memoryUs);
    // Nodes of one cost (shared: computeCosts.ts interned) at the same rates share their estimate too.
    const same = alike.get(c);
    if (same && same.macsPerSecond === macsPerSecond && same.bytesPerSecond === bytesPerSecond) nodes.push(same);
    else {
      const estimate: NodeLatency = { us, bound: memoryUs > computeUs ? 'memory' : 'compute', macsPerSecond, bytesPerSecond };
      alike.set(c, estimate);
      nodes.push(estimate);
    }
    totalUs += us;
  }
  return { nodes, totalMs: totalUs / 1000, unknownNodes };
}
