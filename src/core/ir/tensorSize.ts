// Sizes of tensors from their shape and element type: what the report, the memory analyses and the
// partitioner count. Pure; reads no weight bytes.

import { dtypeBytes } from './dtype';
import type { Graph, Shape, Tensor } from './model';

/** Number of elements, or null when any dim is symbolic or the rank is unknown. */
export function elementCount(shape: Shape): number | null {
  if (shape === null) return null;
  let n = 1;
  // Indexed, not for…of: called for every tensor by many analyses, often from unoptimized code,
  // where for…of makes an iterator result per dim.
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || d < 0) return null;
    n *= d;
  }
  // Past 2^53 a count is no longer exact: unknown, not a rounded astronomical number.
  return Number.isSafeInteger(n) ? n : null;
}

export function tensorBytes(t: Tensor): number | null {
  const n = elementCount(t.shape);
  return n === null ? null : dtypeBytes(t.dtype, n);
}

/** Stored constants of a graph that no node produces: ONNX initializers, TFLite buffers. */
export function storedConstants(graph: Graph): Tensor[] {
  return [...graph.tensors.values()].filter((t) => t.constant && t.producer === null);
}
