// Ops whose output sizes depend on tensor VALUES (NonZero, Unique, Compress, NonMaxSuppression)
// or on a K that may be a run-time input (TopK). Unknowable dims become fresh named unknowns so
// the rank, the dtype and every other dim stay known.

import type { Dim } from '../../ir/model';
import { InvalidShapeError, ShapeError, type ShapeRule } from '../context';
import { dimProduct, normAxis } from '../dims';

/** Counts nonzero entries of a folded constant; data-dependent ops become exact on small constants. */
function countNonZero(v: Dim[] | undefined): number | undefined {
  if (!v || v.some((d) => typeof d !== 'number')) return undefined;
  return v.filter((d) => d !== 0).length;
}

export const nonZero: ShapeRule = (c) => {
  const r = c.rank(0);
  c.set(0, 'int64', [r ?? c.fresh('rank'), countNonZero(c.value(0)) ?? c.fresh('nonzero')]);
};

export const nonMaxSuppression: ShapeRule = (c) => c.set(0, 'int64', [c.fresh('nms'), 3]);

export const topK: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = normAxis(c.int('axis', -1), xs.length);
  if (axis === null) throw new ShapeError(`axis out of range for rank ${xs.length}`);
  const k: Dim | undefined = c.opset >= 10 ? c.value(1)?.[0] : c.int('k', -1);
  // ONNX refuses it at load: "Axis has less than the requested k elements" (test/oracle-ort.test.ts).
  const n = xs[axis];
  if (typeof k === 'number' && typeof n === 'number' && k > n) throw new InvalidShapeError(`k = ${k} is more than the ${n} elements of axis ${axis}`);
  const out = [...xs];
  out[axis] = k === undefined || k === -1 ? c.fresh('topk') : k;
  c.set(0, c.dtype(0), out);
  c.set(1, 'int64', out);
};

export const compress: ShapeRule = (c) => {
  const xs = c.need(0);
  const a = c.attr('axis');
  const cond = c.value(1);
  // Selected entries: nonzero conditions among the first len(axis) ones (a shorter condition selects fewer).
  const kept = (len: Dim): Dim => {
    const limit = typeof len === 'number' && cond ? cond.slice(0, len) : undefined;
    return countNonZero(limit) ?? c.fresh('compress');
  };
  if (a?.type !== 'int') {
    c.set(0, c.dtype(0), [kept(dimProduct(xs))]);
    return;
  }
  const axis = normAxis(a.value, xs.length);
  if (axis === null) throw new ShapeError(`axis out of range for rank ${xs.length}`);
  const out = [...xs];
  out[axis] = kept(xs[axis]!);
  c.set(0, c.dtype(0), out);
};

export const unique: ShapeRule = (c) => {
  const xs = c.need(0);
  const a = c.attr('axis');
  const v = c.value(0);
  // Without an axis, a small constant input's distinct values are countable.
  const n: Dim = a?.type !== 'int' && v && v.every((d) => typeof d === 'number') ? new Set(v).size : c.fresh('unique');
  if (a?.type === 'int') {
    const axis = normAxis(a.value, xs.length);
    if (axis === null) throw new ShapeError(`axis out of range for rank ${xs.length}`);
    const out = [...xs];
    out[axis] = n;
    c.set(0, c.dtype(0), out);
    c.set(2, 'int64', [xs[axis]!]);
  } else {
    c.set(0, c.dtype(0), [n]);
    c.set(2, 'int64', [dimProduct(xs)]);
  }
  c.set(1, 'int64', [n]);
  c.set(3, 'int64', [n]);
};

export const det: ShapeRule = (c) => {
  const xs = c.need(0);
  c.set(0, c.dtype(0), xs.slice(0, -2));
};
