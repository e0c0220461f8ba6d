// Small constant VALUES for shape propagation (Reshape targets, Slice bounds, axes...). Only
// small integer/float tensors are ever decoded: weights are never read for shape inference.

import * as fs from 'node:fs';
import type { DType } from '../ir/dtype';
import { openRegularFile } from '../io/regularFile';
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

/** Decodes little-endian raw element bytes. Values beyond 2^53 lose precision, which is harmless for clamped bounds like INT64_MAX. */
export function decodeRaw(bytes: Uint8Array, dtype: DType, count: number): number[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  const size = { int64: 8, uint64: 8, int32: 4, uint32: 4, float32: 4, float64: 8, int16: 2, uint16: 2, int8: 1, uint8: 1, bool: 1 }[dtype as string];
  if (size === undefined || bytes.byteLength < size * count) return null;
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (dtype) {
      case 'int64': out.push(Number(view.getBigInt64(o, true))); break;
      case 'uint64': out.push(Number(view.getBigUint64(o, true))); break;
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
 * Bytes of a small embedded attribute tensor (e.g. ConstantOfShape's `value`), read straight from
 * the model file: the weight accessor only knows named tensors. At most a few hundred bytes.
 */
function readEmbedded(model: Model, offset: number, length: number): Uint8Array | null {
  if (length > MAX_CONST_ELEMENTS * 16) return null;
  let fd: number | null = null;
  try {
    fd = openRegularFile(model.path).fd;
    const out = new Uint8Array(length);
    return fs.readSync(fd, out, 0, length, offset) === length ? out : null;
  } catch {
    return null; // In-memory models have a label, not a path: the value stays unknown.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function readLocation(model: Model, graph: number, names: string[], data: DataLocation | undefined, dtype: DType, count: number): number[] | null {
  if (data?.kind === 'inline') return decodeEncoded(data.bytes, data.encoding, dtype, count);
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
  return readLocation(model, graph, [outputName, tv.name].filter((n) => n !== ''), tv.data, tv.dtype, count);
}
