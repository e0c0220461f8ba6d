// Per-node working set: what must be in memory while one node runs — its live activation inputs
// and outputs, a kernel scratch estimate, and its weights when the target keeps weights in SRAM.
// This is what decides whether a layer "spills" to DRAM on targets that have both.

import type { Graph, Node } from '../ir/model';
import { tensorBytes } from '../ir/tensorSize';
import type { TargetProfile } from '../targets/profile';
import { nodeGeometry } from './nodeGeometry';

export interface NodeWorkingSet {
  /** Total bytes, null when a size is unknown. */
  bytes: number | null;
  activationBytes: number | null;
  scratchBytes: number;
  weightBytes: number;
}

/**
 * Scratch buffers of optimized kernels, where the kernel library documents them. CMSIS-NN's int8
 * convolution unrolls input patches (im2col) into a buffer of 2 x Cin x Kh x Kw int16 values; its
 * depthwise and 1x1 kernels need none worth counting. Other kernels: 0, and the report says the
 * estimate excludes unknown scratch.
 */
export function scratchEstimate(node: Node, graph: Graph, target: TargetProfile): number {
  if (target.runtime !== 'tflite-micro') return 0;
  const isConv = node.canonicalOp === 'Conv' && (node.op === 'CONV_2D' || node.op === 'Conv');
  if (!isConv) return 0;
  const geometry = nodeGeometry(node, graph);
  const k = geometry.kernel;
  if (!k || k.every((d) => d === 1)) return 0;
  const input = graph.tensors.get(node.inputs[0] ?? '');
  const shape = input?.shape;
  if (!shape || shape.length !== 4) return 0;
  const channels = node.domain === 'tflite' ? shape[3] : shape[1];
  if (typeof channels !== 'number') return 0;
  const group = node.attributes.group;
  if (group && group.type === 'int' && group.value > 1) return 0; // depthwise/grouped: no im2col buffer
  return 2 * channels * k.reduce((a, b) => a * b, 1) * 2;
}

/** Up to this many tensor names per node, duplicates are found by scanning the names before. */
const SCAN_LIMIT = 16;

/** Whether `name` (at position k of inputs ++ outputs) appears earlier in that list. */
function listedBefore(ins: readonly string[], outs: readonly string[], k: number, name: string): boolean {
  for (let j = 0; j < k; j++) if ((j < ins.length ? ins[j] : outs[j - ins.length]) === name) return true;
  return false;
}

export function nodeWorkingSet(node: Node, graph: Graph, target: TargetProfile): NodeWorkingSet {
  let activationBytes: number | null = 0;
  let weightBytes = 0;
  // Each distinct name of the inputs then the outputs, counted once. Asked for every node: no joined
  // list, and no Set unless the node has many tensors (a short list is scanned instead).
  const ins = node.inputs;
  const outs = node.outputs;
  const total = ins.length + outs.length;
  const seen = total > SCAN_LIMIT ? new Set<string>() : null;
  for (let k = 0; k < total; k++) {
    const name = k < ins.length ? ins[k]! : outs[k - ins.length]!;
    if (name === '') continue;
    if (seen) {
      if (seen.has(name)) continue;
      seen.add(name);
    } else if (listedBefore(ins, outs, k, name)) continue;
    const t = graph.tensors.get(name);
    if (!t) continue;
    if (t.constant) {
      weightBytes += t.dataBytes ?? tensorBytes(t) ?? 0;
      continue;
    }
    const b = tensorBytes(t);
    if (b === null) activationBytes = null;
    else if (activationBytes !== null) activationBytes += b;
  }
  const scratchBytes = scratchEstimate(node, graph, target);
  const weightsCount = target.memory.weightsIn === 'sram' ? weightBytes : 0;
  return {
    bytes: activationBytes === null ? null : activationBytes + scratchBytes + weightsCount,
    activationBytes,
    scratchBytes,
    weightBytes,
  };
}
