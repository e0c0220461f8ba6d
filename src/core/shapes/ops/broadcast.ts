// Numpy-style multidirectional broadcasting, shared by elementwise ops, Expand, Where, MatMul batches.

import type { Dim } from '../../ir/model';
import { InvalidShapeError, type NodeCtx } from '../context';

export function broadcastDims(a: Dim, b: Dim, c: NodeCtx): Dim {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  // Two known sizes that differ and are not 1: ONNX Runtime refuses the model ("[ShapeInferenceError] Incompatible dimensions").
  if (typeof a === 'number' && typeof b === 'number') throw new InvalidShapeError(`cannot broadcast dims ${a} and ${b}`);
  // A known size other than 1 fixes the result: the symbolic side must equal it (or be 1).
  if (typeof a === 'number') return a;
  if (typeof b === 'number') return b;
  return c.fresh('bcast');
}

export function broadcastShapes(shapes: readonly (readonly Dim[])[], c: NodeCtx): Dim[] {
  const rank = shapes.reduce((m, s) => Math.max(m, s.length), 0);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const k = i - (rank - s.length);
      if (k >= 0) d = broadcastDims(d, s[k]!, c);
    }
    out.push(d);
  }
  return out;
}
