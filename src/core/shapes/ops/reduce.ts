// Reductions (axes as attribute, or as input from ReduceSum-13 / all Reduce*-18; keepdims;
// noop_with_empty_axes), ArgMax/ArgMin, and normalization ops whose side outputs are reduced.

import type { Dim } from '../../ir/model';
import { InvalidShapeError, ShapeError, type ShapeRule } from '../context';
import { dimMul, normAxis } from '../dims';

function reducedShape(xs: readonly Dim[], axes: number[] | undefined, keep: boolean): Dim[] {
  const set = new Set((axes ?? xs.map((_, i) => i)).map((a) => {
    const n = normAxis(a, xs.length);
    if (n === null) throw new InvalidShapeError(`axis ${a} out of range for rank ${xs.length}`);
    return n;
  }));
  const out: Dim[] = [];
  xs.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keep) out.push(1);
  });
  return out;
}

export const reduce: ShapeRule = (c) => {
  const xs = c.need(0);
  const keep = c.int('keepdims', 1) === 1;
  const inputForm = c.opset >= 18 || (c.node.op === 'ReduceSum' && c.opset >= 13);
  let axes: number[] | undefined;
  if (inputForm && c.has(1)) {
    axes = c.numbers(1);
    if (!axes) {
      // Axes known only at run time: with keepdims the rank is kept, without it the rank is unknown.
      c.set(0, c.dtype(0), keep ? c.freshShape(xs.length, 'reduce') : null);
      return;
    }
  } else if (!inputForm) {
    axes = c.ints('axes');
  }
  if ((axes === undefined || axes.length === 0) && c.int('noop_with_empty_axes', 0) === 1) {
    c.set(0, c.dtype(0), xs, c.value(0));
    return;
  }
  if (axes !== undefined && axes.length === 0) axes = undefined;
  const out = reducedShape(xs, axes, keep);
  const v = c.value(0);
  let value: Dim[] | undefined;
  if (v && xs.length === 1 && out.length <= 1) {
    if (c.node.op === 'ReduceProd') value = [v.reduce<Dim>((a, b) => dimMul(a, b), 1)];
    else if (v.every((d) => typeof d === 'number')) {
      const ns = v as number[];
      if (c.node.op === 'ReduceSum') value = [ns.reduce((a, b) => a + b, 0)];
      else if (c.node.op === 'ReduceMax') value = [Math.max(...ns)];
      else if (c.node.op === 'ReduceMin') value = [Math.min(...ns)];
    }
  }
  c.set(0, c.dtype(0), out, value);
};

export const argReduce: ShapeRule = (c) => {
  const xs = c.need(0);
  c.set(0, 'int64', reducedShape(xs, [c.int('axis', 0)], c.int('keepdims', 1) === 1));
};

export const batchNorm: ShapeRule = (c) => {
  c.set(0, c.dtype(0), c.shape(0));
  // Training-mode / legacy extra outputs are per-channel statistics, shaped like `scale`.
  for (let i = 1; i < c.node.outputs.length; i++) c.set(i, c.dtype(1), c.shape(1));
};

export const layerNorm: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = normAxis(c.int('axis', -1), xs.length);
  if (axis === null) throw new ShapeError(`axis out of range for rank ${xs.length}`);
  c.set(0, c.dtype(0), xs);
  const stats = xs.map((d, i) => (i < axis ? d : 1));
  const stash = c.int('stash_type', 1) === 1 ? 'float32' : c.dtype(0);
  c.set(1, stash, stats);
  c.set(2, stash, stats);
};

/** com.microsoft SkipLayerNormalization: output, mean, inv_std_var, input_skip_bias_sum. */
export const skipLayerNorm: ShapeRule = (c) => {
  const xs = c.need(0);
  c.set(0, c.dtype(0), xs);
  const stats = xs.map((d, i) => (i < xs.length - 1 ? d : 1));
  c.set(1, 'float32', stats);
  c.set(2, 'float32', stats);
  c.set(3, c.dtype(0), xs);
};

export const dropout: ShapeRule = (c) => {
  c.set(0, c.dtype(0), c.shape(0));
  c.set(1, c.opset >= 12 || c.opset < 7 ? 'bool' : c.dtype(0), c.shape(0));
};
