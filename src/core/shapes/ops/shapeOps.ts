// Ops that compute shapes or make tensors from attributes: Constant, Shape, Size,
// ConstantOfShape, Range, Cast/CastLike, EyeLike, OneHot. These carry the small constant values
// that let Reshape/Expand/Slice targets be resolved statically.

import type { DType } from '../../ir/dtype';
import type { Dim } from '../../ir/model';
import { readTensorValue } from '../constValues';
import { InvalidShapeError, ShapeError, type ShapeRule } from '../context';
import { dimCeilDiv, dimProduct, dimSub, knownProduct } from '../dims';

/** ONNX TensorProto.DataType codes, for Cast's `to` and similar attributes. */
const ONNX_DTYPES: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4',
  23: 'float4e2m1', 24: 'float8e8m0',
};

export function onnxDtype(code: number): DType {
  return ONNX_DTYPES[code] ?? 'unknown';
}

function castValue(v: Dim[] | undefined, to: DType): Dim[] | undefined {
  if (!v) return undefined;
  if (to === 'bool') return v.every((d) => typeof d === 'number') ? v.map((d) => Number(d !== 0)) : undefined;
  if (to.startsWith('int') || to.startsWith('uint')) return v.map((d) => (typeof d === 'number' ? Math.trunc(d) : d));
  if (to === 'float32' || to === 'float64' || to === 'float16') return v;
  return undefined;
}

export const constant: ShapeRule = (c) => {
  const a = c.node.attributes;
  const value = a['value'];
  if (value?.type === 'tensor') {
    const tv = value.value;
    c.set(0, tv.dtype, tv.dims, readTensorValue(c.state.model, c.graph.index, c.node.outputs[0] ?? '', tv) ?? undefined);
    return;
  }
  const vi = a['value_int'];
  if (vi?.type === 'int') return c.set(0, 'int64', [], [vi.value]);
  const vis = a['value_ints'];
  if (vis?.type === 'ints') return c.set(0, 'int64', [vis.value.length], vis.value.length <= 64 ? vis.value : undefined);
  const vf = a['value_float'];
  if (vf?.type === 'float') return c.set(0, 'float32', [], [vf.value]);
  const vfs = a['value_floats'];
  if (vfs?.type === 'floats') return c.set(0, 'float32', [vfs.value.length], vfs.value.length <= 64 ? vfs.value : undefined);
  const vs = a['value_string'];
  if (vs?.type === 'string') return c.set(0, 'string', []);
  const vss = a['value_strings'];
  if (vss?.type === 'strings') return c.set(0, 'string', [vss.value.length]);
  throw new ShapeError('Constant has no value attribute the analyzer can read');
};

export const shape: ShapeRule = (c) => {
  const xs = c.shape(0);
  if (!xs) {
    c.set(0, 'int64', [c.fresh('rank')]);
    return;
  }
  const r = xs.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const start = clamp(c.int('start', 0));
  const end = clamp(c.int('end', r));
  const dims = xs.slice(start, Math.max(start, end));
  c.set(0, 'int64', [dims.length], dims);
};

export const size: ShapeRule = (c) => {
  const xs = c.shape(0);
  c.set(0, 'int64', [], xs ? [dimProduct(xs)] : undefined);
};

export const constantOfShape: ShapeRule = (c) => {
  const target = c.value(0);
  const v = c.attr('value');
  const dtype = v?.type === 'tensor' ? v.value.dtype : 'float32';
  if (!target) {
    const r = c.declaredLength(0);
    c.set(0, dtype, r !== null ? c.freshShape(r, 'const') : null);
    return;
  }
  // A negative size: ONNX refuses the model at load (it was an internal error here: Array(-2)).
  const negative = target.find((d) => typeof d === 'number' && d < 0);
  if (negative !== undefined) throw new InvalidShapeError(`shape [${target.join(', ')}] has the negative size ${negative}`);
  const n = knownProduct(target);
  let fill: number | undefined = 0;
  if (v?.type === 'tensor') fill = readTensorValue(c.state.model, c.graph.index, c.node.outputs[0] ?? '', v.value)?.[0];
  c.set(0, dtype, target, n !== null && n <= 64 && fill !== undefined ? Array<Dim>(n).fill(fill) : undefined);
};

export const range: ShapeRule = (c) => {
  const [start, limit, delta] = [c.value(0)?.[0], c.value(1)?.[0], c.value(2)?.[0]];
  if (typeof start === 'number' && typeof limit === 'number' && typeof delta === 'number') {
    if (delta === 0) throw new InvalidShapeError('delta is 0: the range never ends');
    const n = Math.max(0, Math.ceil((limit - start) / delta));
    c.set(0, c.dtype(0), [n], n <= 64 ? Array.from({ length: n }, (_, i) => start + i * delta) : undefined);
    return;
  }
  // Range(0, seq, 1) is the common symbolic case: its length is the limit itself.
  if (start !== undefined && limit !== undefined && delta !== undefined && typeof delta === 'number' && delta > 0) {
    c.set(0, c.dtype(0), [dimCeilDiv(dimSub(limit, start), delta)]);
    return;
  }
  c.set(0, c.dtype(0), [c.fresh('range')]);
};

export const cast: ShapeRule = (c) => {
  const to = onnxDtype(c.int('to', 0));
  c.set(0, to, c.shape(0), castValue(c.value(0), to));
};

export const castLike: ShapeRule = (c) => {
  const to = c.dtype(1);
  c.set(0, to, c.shape(0), castValue(c.value(0), to));
};

export const eyeLike: ShapeRule = (c) => {
  const code = c.int('dtype', -1);
  c.set(0, code >= 0 ? onnxDtype(code) : c.dtype(0), c.shape(0));
};

export const oneHot: ShapeRule = (c) => {
  const idx = c.need(0);
  const depth = c.value(1)?.[0];
  const rank = idx.length + 1;
  const axis = c.int('axis', -1);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new ShapeError(`axis ${axis} out of range for rank ${rank}`);
  // A constant depth below 1: ORT loads the model, then refuses every run ("Depth is negative").
  if (typeof depth === 'number' && depth < 1) throw new InvalidShapeError(`depth is ${depth}; it must be at least 1`);
  const out: Dim[] = [...idx];
  out.splice(a, 0, typeof depth === 'number' ? Math.trunc(depth) : (depth ?? c.fresh('depth')));
  c.set(0, c.dtype(2), out);
};
