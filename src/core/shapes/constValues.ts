// Small constant VALUES for shape propagation (Reshape targets, Slice bounds, axes...). Only
// small integer/float tensors are ever decoded: weights are never read for shape inference.

import type { DType } from '../ir/dtype';
import type { DataEncoding, DataLocation, Dim, Model, TensorValue } from '../ir/model';

/** Most shape-carrying tensors are 1-D with one entry per axis; this bounds what we decode. */
export const MAX_CONST_ELEMENTS = 64;
/** Float constants that carry shape information (Resize scales: one per axis) are tiny. */
export const MAX_FLOAT_ELEMENTS = 8;

const DECODABLE: ReadonlySet<DType> = new Set<DType>([
  'int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'float32', 'float64',
]);

export function isDecodable(dtype: DType): boolean {
  return DECODABLE.has(dtype);
}

/** Element sizes of the dtypes decodeRaw reads. */
const RAW_SIZE: Partial<Record<DType, number>> = { int64: 8, uint64: 8, int32: 4, uint32: 4, float32: 4, float64: 8, int16: 2, uint16: 2, int8: 1, uint8: 1, bool: 1 };
const TWO_32 = 4294967296;

/**
 * Decodes little-endian raw element bytes. Values beyond 2^53 lose precision, which is harmless for
 * clamped bounds like INT64_MAX. 64-bit integers are read as two 32-bit halves: hi * 2^32 + lo is
 * the exact value rounded once to the nearest double, as Number(BigInt) gives, without a BigInt per element.
 */
export function decodeRaw(bytes: Uint8Array, dtype: DType, count: number): number[] | null {
  const size = RAW_SIZE[dtype];
  if (size === undefined || bytes.byteLength < size * count) return null;
  // The common case (a scalar or one axis, int64) as an exact one-element list, without a
  // DataView: values stay in the model's constant table, and a pushed-to list has 17 slots.
  if (count === 1 && dtype === 'int64') return [int64At(bytes, 0)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (dtype) {
      case 'int64': out.push(view.getInt32(o + 4, true) * TWO_32 + view.getUint32(o, true)); break;
      case 'uint64': out.push(view.getUint32(o + 4, true) * TWO_32 + view.getUint32(o, true)); break;
      case 'int32': out.push(view.getInt32(o, true)); break;
      case 'uint32': out.push(view.getUint32(o, true)); break;
      case 'float32': out.push(view.getFloat32(o, true)); break;
      case 'float64': out.push(view.getFloat64(o, true)); break;
      case 'int16': out.push(view.getInt16(o, true)); break;
      case 'uint16': out.push(view.getUint16(o, true)); break;
      case 'int8': out.push(view.getInt8(o)); break;
      default: out.push(view.getUint8(o)); break;
    }
  }
  return out;
}

/** The little-endian int64 at byte `o`, as decodeRaw rounds it. */
function int64At(b: Uint8Array, o: number): number {
  const lo = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  const hi = b[o + 4]! | (b[o + 5]! << 8) | (b[o + 6]! << 16) | (b[o + 7]! << 24);
  return hi * TWO_32 + lo;
}

/** ONNX's typed repeated fields: protobuf varints (two's complement for negatives) or packed floats. */
function decodeEncoded(bytes: Uint8Array, encoding: DataEncoding, dtype: DType, count: number): number[] | null {
  if (encoding === 'raw') return decodeRaw(bytes, dtype, count);
  if (encoding === 'packed-float32') return decodeRaw(bytes, 'float32', count);
  if (encoding === 'packed-float64') return decodeRaw(bytes, 'float64', count);
  if (encoding !== 'packed-varint') return null;
  const out: number[] = [];
  let pos = 0;
  while (pos < bytes.length && out.length < count) {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) return null;
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    out.push(Number(dtype === 'uint64' || dtype === 'uint32' ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v)));
  }
  return out.length === count ? out : null;
}

/**
 * Bytes of a small embedded attribute tensor (e.g. ConstantOfShape's `value`), read through the
 * model's own byte source: the weight accessor knows only named tensors. At most a few hundred
 * bytes. (Opening `model.path` here made the editor and the CLI disagree: in the editor the path is
 * a workspace-relative label, so every such value — vit_b_16's class-token Expand — was unknown.)
 */
function readEmbedded(model: Model, offset: number, length: number): Uint8Array | null {
  if (length > MAX_CONST_ELEMENTS * 16 || !model.weights.readRange) return null;
  try {
    return model.weights.readRange(offset, length);
  } catch {
    return null; // unreadable: the value stays unknown
  }
}

function readLocation(model: Model, graph: number, names: readonly string[], data: DataLocation | undefined, dtype: DType, count: number): number[] | null {
  if (data?.kind === 'inline') return decodeEncoded(data.bytes, data.encoding, dtype, count);
  // Raw bytes the reader held (most shape constants): what the accessor would return for the
  // first name is a copy of exactly these when that tensor carries this very location, so decode
  // them in place (no copy, no accessor call per constant).
  if (data?.kind === 'embedded' && data.held && data.encoding === 'raw' && names.length > 0 && model.graphs[graph]?.tensors.get(names[0]!)?.data === data) {
    const v = decodeRaw(data.held, dtype, count);
    if (v) return v;
  }
  for (const name of names) {
    try {
      const bytes = model.weights.read(graph, name);
      const v = decodeRaw(bytes, dtype, count);
      if (v) return v;
    } catch {
      // Not every accessor can read every constant (e.g. a Constant attribute); try the next name.
    }
  }
  if (data?.kind === 'embedded') {
    const bytes = readEmbedded(model, data.offset, data.length);
    if (bytes) return decodeEncoded(bytes, data.encoding, dtype, count);
  }
  return null;
}

/** Values of a small constant tensor (initializer or buffer), or null if too big / not decodable. */
export function readSmallConstant(model: Model, graph: number, name: string, dtype: DType, dims: readonly Dim[], data: DataLocation | undefined): number[] | null {
  if (!isDecodable(dtype)) return null;
  let count = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    count *= d;
  }
  // Shape data is integer; float constants are read only when tiny (Resize scales, Range bounds), never weights.
  if (count > (dtype === 'float32' || dtype === 'float64' ? MAX_FLOAT_ELEMENTS : MAX_CONST_ELEMENTS)) return null;
  if (count === 0) return [];
  return readLocation(model, graph, [name], data, dtype, count);
}

/** Values of a Constant node's tensor attribute; tries the accessor by output name and by the attribute tensor's own name. */
export function readTensorValue(model: Model, graph: number, outputName: string, tv: TensorValue): number[] | null {
  if (!isDecodable(tv.dtype)) return null;
  const count = tv.dims.reduce((a, b) => a * b, 1);
  if (count > MAX_CONST_ELEMENTS) return null;
  if (count === 0) return [];
  const names = outputName === '' ? (tv.name === '' ? [] : [tv.name]) : tv.name === '' ? [outputName] : [outputName, tv.name];
  return readLocation(model, graph, names, tv.data, tv.dtype, count);
}
