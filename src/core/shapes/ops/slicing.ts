// Ops that select or combine parts of tensors: Concat, Split, Slice, Gather family, Pad, Resize,
// Upsample. Bounds, splits and pads come from attributes (old opsets) or constant inputs (new).

import type { Dim } from '../../ir/model';
import { formatLimit } from '../../limits';
import { InvalidShapeError, ShapeError, type NodeCtx, type ShapeRule } from '../context';
import { allKnown, dimAdd, dimFloorDiv, dimMul, dimSub, normAxis } from '../dims';

export const concat: ShapeRule = (c) => {
  const shapes: Dim[][] = [];
  const first = c.node.op === 'QLinearConcat' ? 2 : 0;
  const step = c.node.op === 'QLinearConcat' ? 3 : 1;
  for (let i = first; i < c.inputCount; i += step) if (c.has(i)) shapes.push(c.need(i));
  const rank = shapes[0]?.length;
  if (rank === undefined) throw new ShapeError('Concat has no inputs');
  const axis = normAxis(c.int('axis', 0), rank);
  if (axis === null) throw new InvalidShapeError(`axis out of range for rank ${rank}`);
  const out = [...shapes[0]!];
  for (const s of shapes.slice(1)) {
    if (s.length !== rank) throw new InvalidShapeError(`inputs have ranks ${rank} and ${s.length}`);
    out[axis] = dimAdd(out[axis]!, s[axis]!);
    for (let i = 0; i < rank; i++) {
      if (i === axis) continue;
      // Every dim but the axis must agree: ONNX refuses the model at load otherwise.
      const a = out[i]!;
      const d = s[i]!;
      if (typeof a === 'number' && typeof d === 'number' && a !== d) throw new InvalidShapeError(`inputs differ in dim ${i} (${a} vs ${d}), which is not the concat axis ${axis}`);
      if (typeof a !== 'number') out[i] = d;
    }
  }
  let value: Dim[] | undefined;
  if (rank === 1 && first === 0) {
    const vs = shapes.map((_, i) => c.value(i));
    if (vs.every((v) => v !== undefined)) value = (vs as Dim[][]).flat();
  }
  const dtype = c.node.op === 'QLinearConcat' ? (c.has(1) ? c.dtype(1) : c.dtype(2)) : c.dtype(0);
  c.set(0, dtype, out, value);
};

export const split: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = normAxis(c.int('axis', 0), xs.length);
  if (axis === null) throw new InvalidShapeError(`axis out of range for rank ${xs.length}`);
  const n = c.node.outputs.length;
  const dim = xs[axis]!;
  let sizes: Dim[] | undefined = c.opset >= 13 || c.has(1) ? c.value(1) : c.ints('split');
  if (!sizes && c.has(1)) sizes = Array.from({ length: n }, () => c.fresh('split'));
  if (!sizes) {
    const num = c.int('num_outputs', n);
    // One output per chunk: a num_outputs other than the node's outputs is invalid, and never an allocation.
    if (num !== n) throw new InvalidShapeError(`num_outputs ${formatLimit(num)} but the node has ${n} output(s)`);
    if (typeof dim === 'number' && dim % num !== 0) {
      // Uneven split (opset 18 num_outputs): every chunk ceil(dim/n), the last one smaller.
      const chunk = Math.ceil(dim / num);
      sizes = Array.from({ length: num }, (_, i) => (i < num - 1 ? chunk : dim - chunk * (num - 1)));
    } else {
      sizes = Array.from({ length: num }, () => dimFloorDiv(dim, num));
    }
  }
  // Explicit sizes must add up to the split dim: ONNX refuses the model at load (onnx/onnx@f754691
  // onnx/defs/tensor/defs.cc:700-706, old.cc:2294-2300).
  if (typeof dim === 'number' && allKnown(sizes)) {
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== dim) throw new InvalidShapeError(`split sizes [${sizes.join(', ')}] add up to ${total}, not to the axis's ${dim}`);
  }
  sizes.forEach((s, i) => {
    const out = [...xs];
    out[axis] = s;
    c.set(i, c.dtype(0), out);
  });
};

const BIG = 2 ** 31 - 1;

/** Length of one sliced axis, clamped as ONNX does; symbolic only where it is certain. */
function sliceLength(dim: Dim, start: number, end: number, step: number, c: NodeCtx): Dim {
  if (typeof dim !== 'number') {
    if (step === 1 && start >= 0 && end >= BIG) return dimSub(dim, start);
    if (step === 1 && start < 0 && end >= BIG) return c.fresh('slice');
    return c.fresh('slice');
  }
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, 0), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  return Math.max(0, Math.ceil((e - s) / step));
}

export const slice: ShapeRule = (c) => {
  const xs = c.need(0);
  const attrForm = c.opset < 10;
  const starts = attrForm ? c.ints('starts') : c.numbers(1);
  const ends = attrForm ? c.ints('ends') : c.numbers(2);
  const axesGiven = attrForm ? c.ints('axes') : c.has(3) ? c.numbers(3) : undefined;
  const steps = attrForm ? undefined : c.has(4) ? c.numbers(4) : undefined;
  const axesKnown = attrForm || !c.has(3) || axesGiven !== undefined;
  if (!starts || !ends || !axesKnown || (!attrForm && c.has(4) && !steps)) {
    // Bounds unknown: the rank is kept, sliced axes become unknown (all of them if axes are unknown).
    const axes = axesGiven?.map((a) => normAxis(a, xs.length));
    c.set(0, c.dtype(0), xs.map((d, i) => (axes && !axes.includes(i) ? d : c.fresh('slice'))));
    return;
  }
  const axes = axesGiven ?? starts.map((_, i) => i);
  const out = [...xs];
  let value: Dim[] | undefined;
  axes.forEach((a, k) => {
    const axis = normAxis(a, xs.length);
    if (axis === null) throw new ShapeError(`axis ${a} out of range for rank ${xs.length}`);
    const step = steps?.[k] ?? 1;
    if (step === 0) throw new InvalidShapeError('step must not be 0');
    out[axis] = sliceLength(xs[axis]!, starts[k]!, ends[k]!, step, c);
    const v = c.value(0);
    if (xs.length === 1 && v && typeof xs[0] === 'number') {
      const len = out[axis] as number;
      let s = starts[k]! < 0 ? starts[k]! + xs[0] : starts[k]!;
      s = step > 0 ? Math.min(Math.max(s, 0), xs[0]) : Math.min(Math.max(s, 0), xs[0] - 1);
      value = Array.from({ length: len }, (_, i) => v[s + i * step]!);
    }
  });
  c.set(0, c.dtype(0), out, value);
};

export const gather: ShapeRule = (c) => {
  const data = c.need(0);
  const idx = c.need(1);
  const axis = normAxis(c.int('axis', 0), data.length);
  if (axis === null) throw new InvalidShapeError(`axis out of range for rank ${data.length}`);
  const out = [...data.slice(0, axis), ...idx, ...data.slice(axis + 1)];
  const dv = c.value(0);
  const iv = c.numbers(1);
  // A constant index outside [-n, n-1]: ORT loads the model, then every run fails ("indices element
  // out of data bounds", test/oracle-ort.test.ts).
  const n = data[axis];
  if (typeof n === 'number' && iv) {
    const outside = iv.find((i) => i < -n || i >= n);
    if (outside !== undefined) throw new InvalidShapeError(`constant index ${outside} is outside [${-n}, ${n - 1}] on axis ${axis}`);
  }
  let value: Dim[] | undefined;
  if (data.length === 1 && dv && iv && typeof data[0] === 'number') {
    const n = data[0];
    value = iv.map((i) => dv[i < 0 ? i + n : i]!);
    if (value.some((v) => v === undefined)) value = undefined;
  }
  c.set(0, c.dtype(0), out, value);
};

export const gatherElements: ShapeRule = (c) => c.set(0, c.dtype(0), c.need(1));

export const gatherND: ShapeRule = (c) => {
  const data = c.need(0);
  const idx = c.need(1);
  const b = c.int('batch_dims', 0);
  const last = idx[idx.length - 1];
  if (typeof last !== 'number') {
    c.set(0, c.dtype(0), null);
    return;
  }
  // ONNX refuses it at load: "Last dimension of `indices` input tensor in GatherND op must not be larger than the rank of `data`".
  if (last > data.length - b) throw new InvalidShapeError(`indices address ${last} dims, but data has ${data.length - b} after ${b} batch dim(s)`);
  c.set(0, c.dtype(0), [...idx.slice(0, -1), ...data.slice(b + last)]);
};

export const pad: ShapeRule = (c) => {
  const xs = c.need(0);
  const r = xs.length;
  let pads: number[] | undefined;
  let axes: number[] = xs.map((_, i) => i);
  if (c.opset < 11) {
    pads = c.ints('pads') ?? c.ints('paddings');
  } else {
    pads = c.numbers(1);
    if (c.has(3)) {
      const given = c.numbers(3);
      if (!given) pads = undefined;
      else axes = given.map((a) => normAxis(a, r) ?? -1);
    }
  }
  if (!pads) {
    c.set(0, c.dtype(0), c.freshShape(r, 'pad'));
    return;
  }
  const n = axes.length;
  if (pads.length !== 2 * n) throw new InvalidShapeError(`pads has ${pads.length} entries for ${n} axes`);
  const out = [...xs];
  axes.forEach((a, k) => {
    if (a < 0) throw new ShapeError('pad axis out of range');
    out[a] = dimAdd(out[a]!, pads[k]! + pads[k + n]!);
  });
  c.set(0, c.dtype(0), out);
};

function scaled(d: Dim, scale: number, c: NodeCtx): Dim {
  if (typeof d === 'number') return Math.floor(d * scale);
  if (Number.isInteger(scale)) return dimMul(d, scale);
  if (Number.isInteger(1 / scale)) return dimFloorDiv(d, 1 / scale);
  return c.fresh('resize');
}

export const resize: ShapeRule = (c) => {
  const xs = c.need(0);
  const r = xs.length;
  const scalesIdx = c.opset >= 11 ? 2 : 1;
  const sizes = c.opset >= 11 && c.has(3) ? c.value(3) : undefined;
  const scales = c.has(scalesIdx) ? c.numbers(scalesIdx) : undefined;
  const axes = (c.ints('axes') ?? xs.map((_, i) => i)).map((a) => normAxis(a, r) ?? 0);
  // Non-empty scales and sizes together: ONNX refuses the model at load ("Either `sizes` or
  // `scales` must be provided, but not both of them"). An empty scales tensor beside sizes is the usual form.
  if (c.node.op === 'Resize' && c.opset >= 11 && c.has(3) && c.has(scalesIdx)) {
    const n = c.shape(scalesIdx)?.[0];
    const m = c.shape(3)?.[0];
    if (typeof n === 'number' && n > 0 && typeof m === 'number' && m > 0) throw new InvalidShapeError('it has both scales and sizes; one of them must be empty');
  }
  const out = [...xs];
  if (sizes && sizes.length > 0) {
    const policy = c.str('keep_aspect_ratio_policy', 'stretch');
    if (policy !== 'stretch' && axes.every((a) => typeof xs[a] === 'number') && sizes.every((s) => typeof s === 'number')) {
      const ratios = axes.map((a, k) => (sizes[k] as number) / (xs[a] as number));
      const scale = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
      axes.forEach((a) => { out[a] = Math.round((xs[a] as number) * scale); });
    } else {
      axes.forEach((a, k) => { out[a] = sizes[k]!; });
    }
  } else if (scales && scales.length > 0) {
    axes.forEach((a, k) => { out[a] = scaled(xs[a]!, scales[k]!, c); });
  } else if (c.node.op === 'Upsample' && c.opset < 9 && c.floats('scales')) {
    const s = c.floats('scales')!;
    xs.forEach((d, i) => { out[i] = scaled(d, s[i] ?? 1, c); });
  } else {
    c.set(0, c.dtype(0), c.freshShape(r, 'resize'));
    return;
  }
  c.set(0, c.dtype(0), out);
};

export const centerCropPad: ShapeRule = (c) => {
  const xs = c.need(0);
  const shape = c.value(1);
  const axes = (c.ints('axes') ?? xs.map((_, i) => i)).map((a) => normAxis(a, xs.length) ?? 0);
  if (!shape) {
    c.set(0, c.dtype(0), c.freshShape(xs.length, 'crop'));
    return;
  }
  const out = [...xs];
  axes.forEach((a, k) => { out[a] = shape[k]!; });
  c.set(0, c.dtype(0), out);
};

