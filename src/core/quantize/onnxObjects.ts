// The full ONNX ModelProto as plain objects (protobufjs toObject with longs as numbers), for the
// rewrites that need the whole model: the QDQ writer and the calibration copy with extra outputs.
// Only the fields those rewrites touch are typed; everything else is carried through unchanged.

import { onnxType } from '../onnx/protobufSchema';

export const ONNX_FLOAT = 1;
export const ONNX_UINT8 = 2;
export const ONNX_INT8 = 3;
export const ONNX_INT32 = 6;

export const ATTR_FLOAT = 1;
export const ATTR_INT = 2;

export interface TensorObj {
  name?: string;
  dims?: number[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  [field: string]: unknown;
}

export interface AttrObj {
  name?: string;
  type?: number;
  i?: number;
  f?: number;
  ints?: number[];
  [field: string]: unknown;
}

export interface NodeObj {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttrObj[];
  [field: string]: unknown;
}

export interface ValueInfoObj {
  name?: string;
  type?: { tensor_type?: { elem_type?: number; shape?: unknown } };
  [field: string]: unknown;
}

export interface GraphObj {
  name?: string;
  node?: NodeObj[];
  initializer?: TensorObj[];
  input?: ValueInfoObj[];
  output?: ValueInfoObj[];
  value_info?: ValueInfoObj[];
  [field: string]: unknown;
}

export interface ModelObj {
  graph?: GraphObj;
  opset_import?: { domain?: string; version?: number }[];
  producer_name?: string;
  [field: string]: unknown;
}

export function decodeModel(bytes: Uint8Array): ModelObj {
  const type = onnxType('ModelProto');
  return type.toObject(type.decode(bytes), { longs: Number, arrays: true }) as unknown as ModelObj;
}

export function encodeModel(model: ModelObj): Uint8Array {
  const type = onnxType('ModelProto');
  return type.encode(type.fromObject(model)).finish();
}

export function opsetOf(model: ModelObj, domain = ''): number {
  const e = (model.opset_import ?? []).find((o) => (o.domain ?? '') === domain || (domain === '' && o.domain === 'ai.onnx'));
  return e?.version ?? 0;
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorObj {
  const data = Float32Array.from(values);
  return { name, dims, data_type: ONNX_FLOAT, raw_data: new Uint8Array(data.buffer) };
}

export function int8Tensor(name: string, dims: number[], values: ArrayLike<number>, type: 'int8' | 'uint8'): TensorObj {
  const data = type === 'int8' ? Int8Array.from(values) : Uint8Array.from(values);
  return { name, dims, data_type: type === 'int8' ? ONNX_INT8 : ONNX_UINT8, raw_data: new Uint8Array(data.buffer) };
}

export function int32Tensor(name: string, dims: number[], values: ArrayLike<number>): TensorObj {
  const data = Int32Array.from(values);
  return { name, dims, data_type: ONNX_INT32, raw_data: new Uint8Array(data.buffer) };
}

/**
 * A copy of the model whose graph also outputs `tensors` (float32, shape left open), so one run
 * returns every intermediate activation the calibration needs.
 */
export function withExtraOutputs(bytes: Uint8Array, tensors: readonly string[]): Uint8Array {
  const model = decodeModel(bytes);
  const graph = model.graph ?? {};
  const present = new Set((graph.output ?? []).map((o) => o.name));
  graph.output = [...(graph.output ?? []), ...tensors.filter((t) => !present.has(t)).map((name) => ({ name, type: { tensor_type: { elem_type: ONNX_FLOAT } } }))];
  model.graph = graph;
  return encodeModel(model);
}
