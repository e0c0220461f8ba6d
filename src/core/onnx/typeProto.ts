// Walks ValueInfoProto / TypeProto into a dtype and a shape. Symbolic dims (dim_param) are kept as
// written. A dim with neither dim_value nor dim_param (or a negative dim_value, which some exporters
// write for "dynamic") becomes a fresh symbol '?N', unique within the model, so two unknown dims are
// never mistaken for the same size. A shape that is absent means the rank is unknown (null).

import type { DType } from '../ir/dtype';
import type { Dim, Shape } from '../ir/model';
import { dtypeFromOnnx } from './dtypes';
import { MAX_RANK, freshSymbol, type ReadContext } from './readContext';
import { WIRE_LEN, WIRE_VARINT, type ProtoCursor } from './protoCursor';
import { fieldIds } from './schema';

const VI = fieldIds('ValueInfoProto', ['name', 'type'] as const);
const TP = fieldIds('TypeProto', ['tensor_type', 'sequence_type', 'map_type', 'sparse_tensor_type', 'optional_type'] as const);
const TT = fieldIds('TypeProto.Tensor', ['elem_type', 'shape'] as const);
const OPT = fieldIds('TypeProto.Optional', ['elem_type'] as const);
const SHAPE = fieldIds('TensorShapeProto', ['dim'] as const);
const DIM = fieldIds('TensorShapeProto.Dimension', ['dim_value', 'dim_param'] as const);
/** Optional(Optional(...)) nesting is legal but never deep; this bounds recursion on hostile input. */
const MAX_TYPE_DEPTH = 32;

export interface ValueType {
  dtype: DType;
  shape: Shape;
  /** 'tensor' for tensors (also sparse and optional tensors); else what the value is. */
  kind: 'tensor' | 'sequence' | 'map' | 'optional' | 'none';
}

export interface ValueInfo extends ValueType {
  name: string;
}

export function readValueInfo(ctx: ReadContext, end: number, path: string): ValueInfo {
  const cur: ProtoCursor = ctx.cur;
  let name = '';
  let type: ValueType = { dtype: 'unknown', shape: null, kind: 'none' };
  while (cur.tag(end, path)) {
    if (cur.field === VI.name && cur.wire === WIRE_LEN) name = cur.name(cur.length(end, path, '.name'), path, '.name');
    else if (cur.field === VI.type && cur.wire === WIRE_LEN) {
      const stop = cur.subEnd(end, path, '.type');
      type = readTypeProto(ctx, stop, `${path}.type`, 0);
    } else cur.skip(end, path);
  }
  return { name, ...type };
}

export function readTypeProto(ctx: ReadContext, end: number, path: string, depth: number): ValueType {
  const cur: ProtoCursor = ctx.cur;
  if (depth > MAX_TYPE_DEPTH) cur.fail(`type nesting deeper than ${MAX_TYPE_DEPTH}`, path);
  let out: ValueType = { dtype: 'unknown', shape: null, kind: 'none' };
  while (cur.tag(end, path)) {
    const f = cur.field;
    if (cur.wire !== WIRE_LEN) {
      cur.skip(end, path);
      continue;
    }
    const stop = cur.subEnd(end, path);
    if (f === TP.tensor_type || f === TP.sparse_tensor_type) {
      out = readTensorType(ctx, stop, `${path}.${f === TP.tensor_type ? 'tensor_type' : 'sparse_tensor_type'}`);
    } else if (f === TP.optional_type) {
      // Optional(tensor) behaves like the tensor for analyses; keep its type.
      out = { dtype: 'unknown', shape: null, kind: 'optional' };
      while (cur.tag(stop, path, '.optional_type')) {
        if (cur.field === OPT.elem_type && cur.wire === WIRE_LEN) {
          const inner = cur.subEnd(stop, path, '.optional_type');
          const t = readTypeProto(ctx, inner, `${path}.optional_type.elem_type`, depth + 1);
          if (t.kind === 'tensor') out = t;
        } else cur.skip(stop, path, '.optional_type');
      }
    } else {
      if (f === TP.sequence_type) out = { dtype: 'unknown', shape: null, kind: 'sequence' };
      else if (f === TP.map_type) out = { dtype: 'unknown', shape: null, kind: 'map' };
      cur.pos = stop;
    }
    cur.pos = stop;
  }
  return out;
}

function readTensorType(ctx: ReadContext, end: number, path: string): ValueType {
  const cur: ProtoCursor = ctx.cur;
  let dtype: DType = 'unknown';
  let shape: Dim[] | null = null;
  while (cur.tag(end, path)) {
    if (cur.field === TT.elem_type && cur.wire === WIRE_VARINT) {
      cur.varint(end, path, '.elem_type');
      dtype = dtypeFromOnnx(cur.int32) ?? 'unknown';
    } else if (cur.field === TT.shape && cur.wire === WIRE_LEN) {
      const stop = cur.subEnd(end, path, '.shape');
      shape = [];
      while (cur.tag(stop, path, '.shape')) {
        if (cur.field === SHAPE.dim && cur.wire === WIRE_LEN) {
          if (shape.length >= MAX_RANK) cur.fail(`more than ${MAX_RANK} dimensions`, `${path}.shape`);
          const dimEnd = cur.subEnd(stop, path, '.shape.dim');
          shape.push(readDim(ctx, dimEnd, `${path}.shape.dim[${shape.length}]`));
        } else cur.skip(stop, path, '.shape');
      }
    } else cur.skip(end, path);
  }
  return { dtype, shape, kind: 'tensor' };
}

function readDim(ctx: ReadContext, end: number, path: string): Dim {
  const cur: ProtoCursor = ctx.cur;
  let dim: Dim | null = null;
  while (cur.tag(end, path)) {
    if (cur.field === DIM.dim_value && cur.wire === WIRE_VARINT) {
      cur.varint(end, path);
      const v = cur.int64;
      dim = v !== null && v >= 0 ? v : null;
      // -1 is how some exporters write "dynamic"; beyond 2^53 or another negative is an invalid file.
      if (v === null || v < -1) {
        ctx.diagnostics.push({
          severity: v === null ? 'error' : 'warning', code: 'read/invalid-dim',
          message: `${path} declares the size ${v === null ? `${cur.int64Approx} (beyond 2^53)` : v}, which no tensor can have; it is treated as unknown.`,
        });
      }
    } else if (cur.field === DIM.dim_param && cur.wire === WIRE_LEN) {
      const p = cur.string(cur.length(end, path), path);
      dim = p === '' ? null : p;
    } else cur.skip(end, path);
  }
  return dim ?? freshSymbol(ctx);
}
