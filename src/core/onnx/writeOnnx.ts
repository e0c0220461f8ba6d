// Writes ONNX models from a small typed spec, encoding with protobufjs over the same onnx.proto the
// reader uses. Tests generate their fixtures with it and tools generate the bundled example model:
//
//   const b = new OnnxGraphBuilder('net');
//   b.input('x', 'float32', ['batch', 3, 8, 8]);
//   b.initializer('w', 'float32', [4, 3, 3, 3], new Float32Array(108));
//   b.node('Conv', ['x', 'w'], ['y'], { kernel_shape: [3, 3] });
//   b.output('y', 'float32', ['batch', 4, 6, 6]);
//   const bytes = writeOnnxModel({ graph: b, opsets: { '': 13 } });

import type { DType } from '../ir/dtype';
import { dtypeBits } from '../ir/dtype';
import { onnxDataType } from './dtypes';
import { onnxType } from './protobufSchema';

export type TensorData =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | number[];

export interface TensorSpec {
  name: string;
  dtype: DType;
  dims: number[];
  /**
   * Elements in the dtype's layout: a typed array of the matching element type, raw little-endian
   * bytes (Uint8Array, for float16, 4-bit, float8 ...), or plain numbers.
   */
  data?: TensorData;
  /** For dtype 'string'. */
  strings?: string[];
  /** 'raw' (default) writes raw_data; 'typed' writes float_data/int32_data/int64_data/... as ONNX allows. */
  encoding?: 'raw' | 'typed';
  /** Stores the data in another file instead; the caller writes that file. */
  external?: { location: string; offset?: number; length?: number };
}

/** A dim: a size, a symbolic name, or null for a dim with neither (unknown). */
export type DimSpec = number | string | null;

export interface ValueSpec {
  name: string;
  dtype?: DType;
  /** undefined/null: no shape (unknown rank). */
  shape?: DimSpec[] | null;
}

export type AttributeSpec =
  | { kind: 'int'; value: number | bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: (number | bigint)[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'tensor'; value: TensorSpec }
  | { kind: 'tensors'; value: TensorSpec[] }
  | { kind: 'graph'; value: GraphSpec | OnnxGraphBuilder }
  | { kind: 'graphs'; value: (GraphSpec | OnnxGraphBuilder)[] };

/** Shorthands: numbers are ints when integral, number[] likewise; a builder or spec is a graph. */
export type AttributeInput = AttributeSpec | number | string | number[] | string[] | OnnxGraphBuilder;

/** Explicit attribute constructors, for when inference from a plain value would guess wrong (1.0 as float). */
export const attr = {
  int: (value: number | bigint): AttributeSpec => ({ kind: 'int', value }),
  float: (value: number): AttributeSpec => ({ kind: 'float', value }),
  string: (value: string): AttributeSpec => ({ kind: 'string', value }),
  ints: (value: (number | bigint)[]): AttributeSpec => ({ kind: 'ints', value }),
  floats: (value: number[]): AttributeSpec => ({ kind: 'floats', value }),
  strings: (value: string[]): AttributeSpec => ({ kind: 'strings', value }),
  tensor: (value: TensorSpec): AttributeSpec => ({ kind: 'tensor', value }),
  tensors: (value: TensorSpec[]): AttributeSpec => ({ kind: 'tensors', value }),
  graph: (value: GraphSpec | OnnxGraphBuilder): AttributeSpec => ({ kind: 'graph', value }),
  graphs: (value: (GraphSpec | OnnxGraphBuilder)[]): AttributeSpec => ({ kind: 'graphs', value }),
};

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, AttributeInput>;
}

export interface SparseTensorSpec {
  values: TensorSpec;
  indices: TensorSpec;
  dims: number[];
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  valueInfo: ValueSpec[];
  initializers: TensorSpec[];
  sparseInitializers: SparseTensorSpec[];
}

export interface FunctionSpec {
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: string[];
  /** The body: its nodes and value_info are used. */
  body: GraphSpec | OnnxGraphBuilder;
  opsets: Record<string, number>;
}

export interface ModelSpec {
  graph: GraphSpec | OnnxGraphBuilder;
  /** Opset imports by domain ('' = ai.onnx). Default { '': 13 }. */
  opsets?: Record<string, number>;
  irVersion?: number;
  producer?: { name: string; version?: string };
  docString?: string;
  metadata?: Record<string, string>;
  functions?: FunctionSpec[];
}

/** Collects a graph in call order; `build()` (or passing the builder itself) yields its GraphSpec. */
export class OnnxGraphBuilder {
  private readonly spec: GraphSpec;

  constructor(name = 'main') {
    this.spec = { name, nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [], sparseInitializers: [] };
  }

  input(name: string, dtype: DType, shape: DimSpec[] | null): this {
    this.spec.inputs.push({ name, dtype, shape });
    return this;
  }

  output(name: string, dtype?: DType, shape?: DimSpec[] | null): this {
    this.spec.outputs.push({ name, dtype, shape });
    return this;
  }

  valueInfo(name: string, dtype: DType, shape: DimSpec[] | null): this {
    this.spec.valueInfo.push({ name, dtype, shape });
    return this;
  }

  initializer(name: string, dtype: DType, dims: number[], data?: TensorData, options: Pick<TensorSpec, 'encoding' | 'external' | 'strings'> = {}): this {
    this.spec.initializers.push({ name, dtype, dims, data, ...options });
    return this;
  }

  sparseInitializer(spec: SparseTensorSpec): this {
    this.spec.sparseInitializers.push(spec);
    return this;
  }

  node(op: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeInput> = {}, options: { name?: string; domain?: string } = {}): this {
    this.spec.nodes.push({ op, inputs, outputs, attributes, ...options });
    return this;
  }

  /** A Constant node whose `value` attribute holds `tensor`; its output is `tensor.name`. */
  constant(tensor: TensorSpec, nodeName?: string): this {
    return this.node('Constant', [], [tensor.name], { value: attr.tensor(tensor) }, nodeName ? { name: nodeName } : {});
  }

  build(): GraphSpec {
    return this.spec;
  }
}

/** Encodes a ModelProto. */
export function writeOnnxModel(spec: ModelSpec): Uint8Array {
  const opsets = spec.opsets ?? { '': 13 };
  const obj = {
    ir_version: spec.irVersion ?? 8,
    producer_name: spec.producer?.name ?? 'DeployLens',
    producer_version: spec.producer?.version ?? '',
    doc_string: spec.docString ?? '',
    graph: graphObject(toSpec(spec.graph)),
    opset_import: opsetObjects(opsets),
    metadata_props: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    functions: (spec.functions ?? []).map((f) => {
      const body = toSpec(f.body);
      return {
        domain: f.domain, name: f.name, input: f.inputs, output: f.outputs, attribute: f.attributes ?? [],
        node: body.nodes.map(nodeObject), value_info: body.valueInfo.map(valueObject), opset_import: opsetObjects(f.opsets),
      };
    }),
  };
  const type = onnxType('ModelProto');
  return type.encode(type.fromObject(obj)).finish();
}

function toSpec(g: GraphSpec | OnnxGraphBuilder): GraphSpec {
  return g instanceof OnnxGraphBuilder ? g.build() : g;
}

function opsetObjects(opsets: Record<string, number>): object[] {
  return Object.entries(opsets).map(([domain, version]) => ({ domain, version }));
}

function graphObject(g: GraphSpec): object {
  return {
    name: g.name,
    node: g.nodes.map(nodeObject),
    input: g.inputs.map(valueObject),
    output: g.outputs.map(valueObject),
    value_info: g.valueInfo.map(valueObject),
    initializer: g.initializers.map(tensorObject),
    sparse_initializer: g.sparseInitializers.map((s) => ({ values: tensorObject(s.values), indices: tensorObject(s.indices), dims: s.dims })),
  };
}

function nodeObject(n: NodeSpec): object {
  return {
    op_type: n.op, input: n.inputs, output: n.outputs, name: n.name ?? '', domain: n.domain ?? '',
    attribute: Object.entries(n.attributes ?? {}).map(([name, value]) => attributeObject(name, value)),
  };
}

function valueObject(v: ValueSpec): object {
  if (v.dtype === undefined) return { name: v.name };
  const tensorType: { elem_type: number; shape?: object } = { elem_type: onnxDataType(v.dtype) };
  if (v.shape) tensorType.shape = { dim: v.shape.map((d) => (d === null ? {} : typeof d === 'number' ? { dim_value: d } : { dim_param: d })) };
  return { name: v.name, type: { tensor_type: tensorType } };
}

const AT = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10 };
const utf8 = new TextEncoder();

function normalizeAttribute(value: AttributeInput): AttributeSpec {
  if (value instanceof OnnxGraphBuilder) return { kind: 'graph', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', value } : { kind: 'float', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (Array.isArray(value)) {
    if (value.every((x): x is string => typeof x === 'string')) return { kind: 'strings', value };
    const nums = value as number[];
    return nums.every((x) => Number.isInteger(x)) ? { kind: 'ints', value: nums } : { kind: 'floats', value: nums };
  }
  return value;
}

function attributeObject(name: string, input: AttributeInput): object {
  const a = normalizeAttribute(input);
  const int64 = (v: number | bigint) => (typeof v === 'bigint' ? v.toString() : v);
  switch (a.kind) {
    case 'int': return { name, type: AT.INT, i: int64(a.value) };
    case 'float': return { name, type: AT.FLOAT, f: a.value };
    case 'string': return { name, type: AT.STRING, s: utf8.encode(a.value) };
    case 'ints': return { name, type: AT.INTS, ints: a.value.map(int64) };
    case 'floats': return { name, type: AT.FLOATS, floats: a.value };
    case 'strings': return { name, type: AT.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensor': return { name, type: AT.TENSOR, t: tensorObject(a.value) };
    case 'tensors': return { name, type: AT.TENSORS, tensors: a.value.map(tensorObject) };
    case 'graph': return { name, type: AT.GRAPH, g: graphObject(toSpec(a.value)) };
    case 'graphs': return { name, type: AT.GRAPHS, graphs: a.value.map((g) => graphObject(toSpec(g))) };
  }
}

/** Typed-array views per dtype, for turning plain number[] data into the dtype's layout. */
function asTyped(dtype: DType, data: TensorData): Exclude<TensorData, number[]> {
  if (!Array.isArray(data)) return data;
  switch (dtype) {
    case 'float32': case 'complex64': return Float32Array.from(data);
    case 'float64': case 'complex128': return Float64Array.from(data);
    case 'int8': return Int8Array.from(data);
    case 'int16': return Int16Array.from(data);
    case 'int32': return Int32Array.from(data);
    case 'uint16': case 'float16': case 'bfloat16': return Uint16Array.from(data);
    case 'uint32': return Uint32Array.from(data);
    case 'int64': return BigInt64Array.from(data, (x) => BigInt(x));
    case 'uint64': return BigUint64Array.from(data, (x) => BigInt(x));
    default: return Uint8Array.from(data);
  }
}

function tensorObject(t: TensorSpec): object {
  const out: Record<string, unknown> = { name: t.name, dims: t.dims, data_type: onnxDataType(t.dtype) };
  if (t.external) {
    out['data_location'] = 1;
    const entries: [string, string][] = [['location', t.external.location]];
    if (t.external.offset !== undefined) entries.push(['offset', String(t.external.offset)]);
    if (t.external.length !== undefined) entries.push(['length', String(t.external.length)]);
    out['external_data'] = entries.map(([key, value]) => ({ key, value }));
    return out;
  }
  if (t.dtype === 'string') {
    out['string_data'] = (t.strings ?? []).map((s) => utf8.encode(s));
    return out;
  }
  if (!t.data) return out;
  const typed = asTyped(t.dtype, t.data);
  if (t.encoding !== 'typed') {
    out['raw_data'] = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    return out;
  }
  switch (t.dtype) {
    case 'float32': case 'complex64': out['float_data'] = Array.from(typed as Float32Array); break;
    case 'float64': case 'complex128': out['double_data'] = Array.from(typed as Float64Array); break;
    case 'int64': out['int64_data'] = Array.from(typed as BigInt64Array, (x) => x.toString()); break;
    case 'uint64': out['uint64_data'] = Array.from(typed as BigUint64Array, (x) => x.toString()); break;
    case 'uint32': out['uint64_data'] = Array.from(typed as Uint32Array); break;
    default: {
      // int32_data carries every type of 32 bits or less: one element per entry, or one packed
      // byte (two elements) per entry for 4-bit types.
      const bits = dtypeBits(t.dtype);
      if (bits === 4 || bits === 8) out['int32_data'] = Array.from(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), (b) => (t.dtype === 'int8' ? (b << 24) >> 24 : b));
      else if (bits === 16) out['int32_data'] = Array.from(new Uint16Array(typed.buffer, typed.byteOffset, typed.byteLength / 2), (x) => (t.dtype === 'int16' ? (x << 16) >> 16 : x));
      else if (bits === 32) out['int32_data'] = Array.from(new Int32Array(typed.buffer, typed.byteOffset, typed.byteLength / 4));
      else throw new Error(`cannot write ${t.dtype} as typed data`);
    }
  }
  return out;
}
