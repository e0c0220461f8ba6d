// Reductions (axes as attribute, or as input from ReduceSum-13 / all Reduce*-18; keepdims;
// noop_with_empty_axes), ArgMax/ArgMin, and normalization ops whose side outputs are reduced.

import type { Dim } from '../../ir/model';
import { InvalidShapeError, type NodeCtx, type ShapeRule } from '../context';
import { allKnown, dimMul, normAxis } from '../dims';

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

/**
 * Throws when a per-channel operand (a 1-D scale, bias, mean or variance) does not hold one value
 * per channel: ONNX unifies them with the input's channels at load (BatchNormalization-15,
 * onnx/onnx@f754691 onnx/defs/nn/defs.cc:1784-1796), and ORT's kernels refuse every run where
 * an older opset does not check ("Invalid input scale", "size of scale != input channel count").
 */
function checkPerChannel(c: NodeCtx, channels: Dim | undefined, inputs: readonly number[], names: readonly string[]): void {
  if (typeof channels !== 'number') return;
  inputs.forEach((i, k) => {
    const s = c.has(i) ? c.shape(i) : null;
    if (s && s.length === 1 && typeof s[0] === 'number' && s[0] !== channels) {
      throw new InvalidShapeError(`${names[k]} has ${s[0]} values for ${channels} channels`);
    }
  });
}

export const batchNorm: ShapeRule = (c) => {
  const xs = c.shape(0);
  // Before opset 9, spatial = 0 gave per-activation statistics ([C, D1, ...]): only the per-channel form is checked.
  if (xs && (c.opset >= 9 || c.int('spatial', 1) === 1)) {
    checkPerChannel(c, xs.length > 1 ? xs[1] : 1, [1, 2, 3, 4], ['scale', 'bias', 'mean', 'variance']);
  }
  c.set(0, c.dtype(0), xs);
  // Training-mode / legacy extra outputs are per-channel statistics, shaped like `scale`.
  for (let i = 1; i < c.node.outputs.length; i++) c.set(i, c.dtype(1), c.shape(1));
};

export const instanceNorm: ShapeRule = (c) => {
  const xs = c.need(0);
  // ORT loads it, then refuses every run: "Invalid input data: number of dimensions is less than 3".
  if (xs.length < 3) throw new InvalidShapeError(`input has rank ${xs.length}; InstanceNormalization needs at least 3 (N, C, spatial...)`);
  checkPerChannel(c, xs[1], [1, 2], ['scale', 'bias']);
  c.set(0, c.dtype(0), xs);
};

/**
 * Whether a LayerNormalization scale or bias of shape `p` fits X. ONNX's function body flattens it
 * and multiplies it into the [rows, X.shape[axis:] size] matrix (onnx/onnx@f754691
 * onnx/defs/nn/defs.cc:2594-2595: as many elements as X.shape[axis:], or one); ONNX Runtime 1.30
 * instead wants it right-aligned and numpy-broadcastable to X (layer_norm_helper.h CheckInputs,
 * "must match X.shape[axis:] or be NumPy-broadcastable to it"), and older releases took the
 * flattened form. Only a shape that fits neither reading is called a misfit.
 */
function misfitsLayerNorm(p: readonly Dim[], xs: readonly Dim[], axis: number): boolean {
  if (!allKnown(p) || !allKnown(xs)) return false;
  const normSize = xs.slice(axis).reduce((a, b) => a * b, 1);
  if (p.reduce((a, b) => a * b, 1) === normSize) return false;
  if (p.length > xs.length) return true;
  return p.some((d, i) => d !== 1 && d !== xs[xs.length - p.length + i]);
}

export const layerNorm: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = normAxis(c.int('axis', -1), xs.length);
  // ORT loads it, then every run fails in HandleNegativeAxis (test/oracle-ort.test.ts).
  if (axis === null) throw new InvalidShapeError(`axis ${c.int('axis', -1)} out of range for rank ${xs.length}`);
  for (const [i, name] of [[1, 'scale'], [2, 'bias']] as const) {
    const p = c.has(i) ? c.shape(i) : null;
    if (p && misfitsLayerNorm(p, xs, axis)) throw new InvalidShapeError(`${name} [${p.join(', ')}] neither matches nor broadcasts to X.shape[${axis}:] = [${xs.slice(axis).join(', ')}]`);
  }
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

/**
 * Softmax, LogSoftmax, Hardmax: the output is the input's shape, and `axis` (default 1 before
 * opset 13, -1 since) must name one of its dims. ONNX checks it at load since opset 11
 * (onnx/onnx@f754691 onnx/defs/math/defs.cc:1049-1056, old.cc:792-799); for older opsets ORT's
 * kernel refuses every run (test/oracle-ort.test.ts).
 */
export const softmaxFamily: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = c.int('axis', c.opset >= 13 ? -1 : 1);
  if (normAxis(axis, xs.length) === null) throw new InvalidShapeError(`axis ${axis} out of range for rank ${xs.length}`);
  c.set(0, c.dtype(0), xs);
};

/** CumSum: the input's shape; a constant axis out of range makes ORT refuse every run (HandleNegativeAxis). */
export const cumSum: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = c.numbers(1)?.[0];
  if (axis !== undefined && normAxis(axis, xs.length) === null) throw new InvalidShapeError(`axis ${axis} out of range for rank ${xs.length}`);
  c.set(0, c.dtype(0), xs);
};
