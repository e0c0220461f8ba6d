// Walks GraphProto, NodeProto, AttributeProto and FunctionProto into IR graphs. Subgraphs (If/Loop/
// Scan bodies) and function bodies become graphs of their own in ctx.graphs; tensors inside
// attributes are located, not read. Opset versions are filled in later by the model reader, since
// ModelProto/FunctionProto usually store opset_import after the graph.

import { attributeRecord } from '../ir/attributeRecord';
import { dtypeBytes } from '../ir/dtype';
import { linkGraph, newTensor } from '../ir/link';
import type { AttributeValue, Graph, Node, Tensor, TensorValue } from '../ir/model';
import { formatLimit, MAX_ATTRIBUTE_ELEMENTS, MAX_ATTRIBUTE_ELEMENTS_TOTAL, MAX_NODES } from '../limits';
import { dictionary } from '../util/lookup';
import { MAX_GRAPH_DEPTH, type ReadContext } from './readContext';
import { WIRE_FIXED32, WIRE_LEN, WIRE_VARINT, type ProtoCursor } from './protoCursor';
import { enumValues, fieldIds } from './schema';
import { readStringPair, readTensorProto, type ParsedTensor } from './tensorProto';
import { readValueInfo, type ValueInfo } from './typeProto';

const G = fieldIds('GraphProto', ['node', 'name', 'initializer', 'sparse_initializer', 'input', 'output', 'value_info'] as const);
const N = fieldIds('NodeProto', ['input', 'output', 'name', 'op_type', 'domain', 'attribute'] as const);
const A = fieldIds('AttributeProto', [
  'name', 'ref_attr_name', 'type', 'f', 'i', 's', 't', 'g', 'sparse_tensor', 'tp',
  'floats', 'ints', 'strings', 'tensors', 'graphs', 'sparse_tensors', 'type_protos',
] as const);
const S = fieldIds('SparseTensorProto', ['values', 'indices', 'dims'] as const);
const F = fieldIds('FunctionProto', ['name', 'input', 'output', 'attribute', 'attribute_proto', 'node', 'opset_import', 'domain', 'value_info'] as const);
const OPSET = fieldIds('OperatorSetIdProto', ['domain', 'version'] as const);
const AT = enumValues('AttributeProto.AttributeType');

/** Raw pieces of a graph body, assembled into IR tensors once the whole message is walked. */
interface GraphParts {
  nodes: Node[];
  initializers: ParsedTensor[];
  sparse: ParsedTensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  valueInfo: ValueInfo[];
}

function newGraph(ctx: ReadContext, name: string, fn: number | null, parent?: Graph['parent']): Graph {
  const g: Graph = { index: ctx.graphs.length, name, nodes: [], tensors: new Map(), inputs: [], outputs: [], order: [] };
  if (parent) g.parent = parent;
  ctx.graphs.push(g);
  ctx.graphFunction.push(fn);
  return g;
}

/** Walks a GraphProto in [cur.pos, end) into a new graph; returns its index. */
export function readGraphProto(ctx: ReadContext, end: number, path: string, depth: number, fn: number | null, parent?: Graph['parent']): number {
  const cur: ProtoCursor = ctx.cur;
  if (depth > MAX_GRAPH_DEPTH) cur.fail(`subgraphs nested deeper than ${MAX_GRAPH_DEPTH}`, path);
  const graph = newGraph(ctx, '', fn, parent);
  const parts: GraphParts = { nodes: graph.nodes, initializers: [], sparse: [], inputs: [], outputs: [], valueInfo: [] };
  while (cur.tag(end, path)) {
    const f = cur.field;
    if (cur.wire !== WIRE_LEN) {
      cur.skip(end, path);
      continue;
    }
    if (f === G.node) {
      const p = `${path}.node[${parts.nodes.length}]`;
      if (++ctx.nodeCount > MAX_NODES) cur.fail(`more than ${formatLimit(MAX_NODES)} nodes, DeployLens' limit for one model`, p);
      const stop = cur.subEnd(end, p);
      parts.nodes.push(readNode(ctx, stop, p, graph.index, parts.nodes.length, depth, fn));
    } else if (f === G.name) {
      graph.name = cur.string(cur.length(end, path, '.name'), path, '.name');
    } else if (f === G.initializer) {
      const p = `${path}.initializer[${parts.initializers.length}]`;
      const stop = cur.subEnd(end, p);
      parts.initializers.push(readTensorProto(ctx, stop, p, graph.index));
    } else if (f === G.sparse_initializer) {
      const p = `${path}.sparse_initializer[${parts.sparse.length}]`;
      const stop = cur.subEnd(end, p);
      parts.sparse.push(readSparseTensor(ctx, stop, p, graph.index));
    } else if (f === G.input || f === G.output || f === G.value_info) {
      const list = f === G.input ? parts.inputs : f === G.output ? parts.outputs : parts.valueInfo;
      const p = `${path}.${f === G.input ? 'input' : f === G.output ? 'output' : 'value_info'}[${list.length}]`;
      const stop = cur.subEnd(end, p);
      list.push(readValueInfo(ctx, stop, p));
    } else cur.skip(end, path);
  }
  assemble(ctx, graph, parts);
  return graph.index;
}

/**
 * The attributes of every node that has none (most Add, Mul, Relu…): one shared, frozen record
 * instead of a prototype-less object per node. Nothing writes a node's attributes after reading
 * (the lowering replaces the record: src/core/lowering/workGraph.ts).
 */
const NO_ATTRIBUTES: Record<string, AttributeValue> = Object.freeze(dictionary<AttributeValue>());
/** Likewise the subgraph list of every node that calls none (all but If/Loop/Scan). */
const NO_SUBGRAPHS: number[] = Object.freeze([]) as unknown as number[];

const scratchLists: string[][] = [];

/**
 * A scratch list for readNode (see there), written by index from 0 with its own count: never
 * emptied with `length = 0`, which gives the backing store back, so that every node's first push
 * allocated a new one (two per node, ~20k on a decoder).
 */
function scratchList(i: number): string[] {
  return (scratchLists[i] ??= []);
}

function readNode(ctx: ReadContext, end: number, path: string, graph: number, index: number, depth: number, fn: number | null): Node {
  const cur: ProtoCursor = ctx.cur;
  // Attribute names are file text: a record without a prototype keeps `__proto__` an ordinary key.
  // opVersion is declared here (filled in once the opset imports are known: readOnnx.ts), so that
  // every node has one hidden class with the field in the object, not in a property array added
  // to each of 10k nodes afterwards. JSON and the report skip an undefined field.
  const node: Node = { index, name: '', op: '', domain: '', canonicalOp: '', inputs: [], outputs: [], attributes: NO_ATTRIBUTES, subgraphs: NO_SUBGRAPHS, opVersion: undefined };
  let attributes = 0;
  // Names are gathered in scratch lists (one pair per subgraph depth: a subgraph's nodes are read
  // in the middle of this one) and kept as exact-size copies: a list grown by push has a 17-slot
  // backing store from its first element, ~3 MB over a 10k-node graph for the GC to move and keep.
  const inputs = scratchList(depth * 2);
  const outputs = scratchList(depth * 2 + 1);
  let inputCount = 0;
  let outputCount = 0;
  while (cur.tag(end, path)) {
    const f = cur.field;
    if (cur.wire !== WIRE_LEN) {
      cur.skip(end, path);
      continue;
    }
    if (f === N.input) inputs[inputCount++] = cur.name(cur.length(end, path, '.input'), path, '.input');
    else if (f === N.output) outputs[outputCount++] = cur.name(cur.length(end, path, '.output'), path, '.output');
    else if (f === N.name) node.name = cur.string(cur.length(end, path, '.name'), path, '.name');
    else if (f === N.op_type) node.op = cur.name(cur.length(end, path, '.op_type'), path, '.op_type');
    else if (f === N.domain) node.domain = cur.name(cur.length(end, path, '.domain'), path, '.domain');
    else if (f === N.attribute) {
      const p = `${path}.attribute[${attributes++}]`;
      const stop = cur.subEnd(end, p);
      const firstSub = ctx.graphs.length;
      const { name, value } = readAttribute(ctx, stop, p, graph, index, depth, fn, node);
      // Subgraph parents get the attribute name once it is known (it may follow the graph field).
      for (let g = firstSub; g < ctx.graphs.length; g++) {
        const sub = ctx.graphs[g]!;
        if (sub.parent && sub.parent.graph === graph && sub.parent.node === index && sub.parent.attribute === '') {
          sub.parent.attribute = name;
          if (node.subgraphs === NO_SUBGRAPHS) node.subgraphs = [];
          node.subgraphs.push(g);
        }
      }
      if (node.attributes === NO_ATTRIBUTES) node.attributes = attributeRecord();
      node.attributes[name] = value;
    } else cur.skip(end, path);
  }
  if (inputCount > 0) node.inputs = inputs.slice(0, inputCount);
  if (outputCount > 0) node.outputs = outputs.slice(0, outputCount);
  if (node.domain === 'ai.onnx') node.domain = '';
  node.canonicalOp = node.domain === '' ? node.op : `${node.domain}:${node.op}`;
  return node;
}

/**
 * What an AttributeProto holds, collected field by field; the `type` field picks among them. The
 * lists start out null and are made when a first element arrives: most attributes are one int or
 * one tensor, and a decoder has ~6k of them.
 */
interface AttrFields {
  name: string;
  f?: number; i?: number; s?: string; t?: TensorValue; g?: number; sparse?: TensorValue; tp?: boolean;
  floats: number[] | null; ints: number[] | null; strings: string[] | null; tensors: TensorValue[] | null; graphs: number[] | null; sparses: number; tps: number;
  /** List elements seen (decoded or not); beyond the limits the list is counted but not kept. */
  listElements: number;
  overLimit: boolean;
}

/** Room for `n` more list elements within both attribute limits; past them the list is dropped, not grown. */
function listRoom(ctx: ReadContext, v: AttrFields, n: number): boolean {
  v.listElements += n;
  if (v.overLimit) return false;
  if (v.listElements > MAX_ATTRIBUTE_ELEMENTS || ctx.attributeElements + n > MAX_ATTRIBUTE_ELEMENTS_TOTAL) {
    v.overLimit = true;
    v.floats = null;
    v.ints = null;
    v.strings = null;
    return false;
  }
  ctx.attributeElements += n;
  return true;
}

function readAttribute(ctx: ReadContext, end: number, path: string, graph: number, node: number, depth: number, fn: number | null, owner: Node): AttrFields & { value: AttributeValue } {
  const cur: ProtoCursor = ctx.cur;
  let type = 0;
  let ref: string | null = null;
  const v: AttrFields = { name: '', floats: null, ints: null, strings: null, tensors: null, graphs: null, sparses: 0, tps: 0, listElements: 0, overLimit: false };
  while (cur.tag(end, path)) {
    const f = cur.field;
    const wire = cur.wire;
    if (f === A.name && wire === WIRE_LEN) v.name = cur.name(cur.length(end, path, '.name'), path, '.name');
    else if (f === A.type && wire === WIRE_VARINT) type = cur.varint(end, path, '.type');
    else if (f === A.ref_attr_name && wire === WIRE_LEN) ref = cur.string(cur.length(end, path, '.ref_attr_name'), path);
    else if (f === A.f && wire === WIRE_FIXED32) v.f = cur.float32(end, path, '.f');
    else if (f === A.i && wire === WIRE_VARINT) {
      cur.varint(end, path, '.i');
      v.i = cur.int64Approx;
    } else if (f === A.s && wire === WIRE_LEN) v.s = cur.string(cur.length(end, path, '.s'), path, '.s');
    else if (f === A.strings && wire === WIRE_LEN) {
      const len = cur.length(end, path, '.strings');
      if (listRoom(ctx, v, 1)) (v.strings ??= []).push(cur.string(len, path, '.strings'));
      else cur.pos += len;
    } else if (f === A.floats && wire === WIRE_FIXED32) {
      const x = cur.float32(end, path, '.floats');
      if (listRoom(ctx, v, 1)) (v.floats ??= []).push(x);
    } else if (f === A.floats && wire === WIRE_LEN) {
      const len = cur.length(end, path, '.floats');
      if (len % 4 !== 0) cur.fail(`packed floats of ${len} bytes (not a multiple of 4)`, `${path}.floats`);
      const stop = cur.pos + len;
      // The element count is known from the length: decided before anything is decoded.
      if (listRoom(ctx, v, len / 4)) {
        const floats = (v.floats ??= []);
        while (cur.pos < stop) floats.push(cur.float32(stop, path, '.floats'));
      }
      cur.pos = stop;
    } else if (f === A.ints && wire === WIRE_VARINT) {
      cur.varint(end, path, '.ints');
      if (listRoom(ctx, v, 1)) (v.ints ??= []).push(cur.int64Approx);
    } else if (f === A.ints && wire === WIRE_LEN) {
      const stop = cur.subEnd(end, path, '.ints');
      if (listRoom(ctx, v, cur.countVarints(cur.pos, stop))) {
        const ints = (v.ints ??= []);
        while (cur.pos < stop) {
          cur.varint(stop, path, '.ints');
          ints.push(cur.int64Approx);
        }
      }
      cur.pos = stop;
    } else if ((f === A.t || f === A.tensors) && wire === WIRE_LEN) {
      const p = f === A.t ? `${path}.t` : `${path}.tensors[${v.tensors?.length ?? 0}]`;
      const stop = cur.subEnd(end, p);
      const t = tensorValue(readTensorProto(ctx, stop, p, graph));
      if (f === A.t) v.t = t;
      else (v.tensors ??= []).push(t);
    } else if ((f === A.g || f === A.graphs) && wire === WIRE_LEN) {
      const p = f === A.g ? `${path}.g` : `${path}.graphs[${v.graphs?.length ?? 0}]`;
      const stop = cur.subEnd(end, p);
      const g = readGraphProto(ctx, stop, p, depth + 1, fn, { graph, node, attribute: '' });
      if (f === A.g) v.g = g;
      else (v.graphs ??= []).push(g);
    } else if ((f === A.sparse_tensor || f === A.sparse_tensors) && wire === WIRE_LEN) {
      const p = `${path}.${f === A.sparse_tensor ? 'sparse_tensor' : 'sparse_tensors'}`;
      const stop = cur.subEnd(end, p);
      const t = tensorValue(readSparseTensor(ctx, stop, p, graph));
      if (f === A.sparse_tensor) v.sparse = t;
      else v.sparses++;
    } else {
      if (f === A.tp) v.tp = true;
      else if (f === A.type_protos) v.tps++;
      cur.skip(end, path);
    }
  }
  const out = v as AttrFields & { value: AttributeValue };
  if (ref !== null) out.value = { type: 'other', kind: `ref:${ref}` };
  else if (v.overLimit) {
    const kind = v.strings === null && type === AT.STRINGS ? 'strings' : type === AT.FLOATS ? 'floats' : type === AT.INTS ? 'ints' : 'list';
    ctx.diagnostics.push({
      severity: 'warning', code: 'limits/attribute-not-read', graph, node,
      message: `Attribute '${v.name}' of ${owner.op || 'node'} '${owner.name}' holds ${formatLimit(v.listElements)} elements, over the limit of ` +
        `${formatLimit(MAX_ATTRIBUTE_ELEMENTS)} per attribute (${formatLimit(MAX_ATTRIBUTE_ELEMENTS_TOTAL)} per model); it was not read and the node is judged without it.`,
    });
    out.value = { type: 'other', kind: `${kind} (${formatLimit(v.listElements)} elements, not read)` };
  } else out.value = attributeValue(type, v);
  return out;
}

/** A list as the model keeps it: exact size (a pushed-to list has a 17-slot backing store from its first element), or a fresh empty one. */
function kept<T>(list: T[] | null): T[] {
  return list === null ? [] : list.slice();
}

function attributeValue(type: number, v: AttrFields): AttributeValue {
  // IR version 1 files have no type field: infer it from the field that is present.
  if (type === 0) {
    type = v.f !== undefined ? AT.FLOAT! : v.i !== undefined ? AT.INT! : v.s !== undefined ? AT.STRING!
      : v.t ? AT.TENSOR! : v.g !== undefined ? AT.GRAPH! : v.floats?.length ? AT.FLOATS! : v.ints?.length ? AT.INTS!
        : v.strings?.length ? AT.STRINGS! : v.tensors?.length ? AT.TENSORS! : v.graphs?.length ? AT.GRAPHS! : 0;
  }
  switch (type) {
    case AT.FLOAT: return { type: 'float', value: v.f ?? 0 };
    case AT.INT: return { type: 'int', value: v.i ?? 0 };
    case AT.STRING: return { type: 'string', value: v.s ?? '' };
    case AT.FLOATS: return { type: 'floats', value: kept(v.floats) };
    case AT.INTS: return { type: 'ints', value: kept(v.ints) };
    case AT.STRINGS: return { type: 'strings', value: kept(v.strings) };
    case AT.TENSOR: return v.t ? { type: 'tensor', value: v.t } : { type: 'other', kind: 'tensor (missing)' };
    case AT.TENSORS: return { type: 'tensors', value: kept(v.tensors) };
    case AT.GRAPH: return v.g !== undefined ? { type: 'graph', graph: v.g } : { type: 'other', kind: 'graph (missing)' };
    case AT.GRAPHS: return { type: 'graphs', graphs: kept(v.graphs) };
    case AT.SPARSE_TENSOR: return { type: 'other', kind: 'sparse_tensor' };
    case AT.SPARSE_TENSORS: return { type: 'other', kind: 'sparse_tensors' };
    case AT.TYPE_PROTO: return { type: 'other', kind: 'type_proto' };
    case AT.TYPE_PROTOS: return { type: 'other', kind: 'type_protos' };
    default: return { type: 'other', kind: `type ${type}` };
  }
}

/**
 * The attribute's tensor, made with all its fields in one literal: fields added to an object
 * afterwards go to a separate property array (one more object per Constant node in the IR).
 */
function tensorValue(t: ParsedTensor): TensorValue {
  const { name, dtype, dims, data, dataBytes } = t;
  if (data) return dataBytes !== undefined ? { name, dtype, dims, data, dataBytes } : { name, dtype, dims, data };
  return dataBytes !== undefined ? { name, dtype, dims, dataBytes } : { name, dtype, dims };
}

/** A SparseTensorProto: the values tensor names it and carries the data; `dims` is the dense shape. */
function readSparseTensor(ctx: ReadContext, end: number, path: string, graph: number): ParsedTensor {
  const cur: ProtoCursor = ctx.cur;
  let values: ParsedTensor | null = null;
  let indicesBytes = 0;
  const dims: number[] = [];
  while (cur.tag(end, path)) {
    const f = cur.field;
    if ((f === S.values || f === S.indices) && cur.wire === WIRE_LEN) {
      const p = `${path}.${f === S.values ? 'values' : 'indices'}`;
      const stop = cur.subEnd(end, p);
      const t = readTensorProto(ctx, stop, p, graph);
      if (f === S.values) values = t;
      else indicesBytes = t.dataBytes ?? 0;
    } else if (f === S.dims) {
      const stop = cur.wire === WIRE_LEN ? cur.subEnd(end, path, '.dims') : -1;
      if (stop < 0) cur.expectWire(WIRE_VARINT, path, '.dims');
      do {
        const at = cur.pos;
        cur.varint(stop < 0 ? end : stop, path, '.dims');
        const d = cur.int64;
        if (d === null || d < 0) cur.fail(`dimension ${dims.length} is ${d ?? 'beyond 2^53'}`, `${path}.dims`, at);
        if (dims.length >= 256) cur.fail('more than 256 dimensions', `${path}.dims`, at);
        dims.push(d);
      } while (stop >= 0 && cur.pos < stop);
    } else cur.skip(end, path);
  }
  const v = values ?? { name: '', dtype: 'unknown', dims: [], elements: 0 };
  const elements = dims.reduce((a, b) => a * b, 1);
  const out: ParsedTensor = { name: v.name, dtype: v.dtype, dims, elements: Number.isSafeInteger(elements) ? elements : 0 };
  if (v.data) out.data = v.data;
  // Stored size: the non-zero values plus their indices.
  out.dataBytes = (v.dataBytes ?? 0) + indicesBytes;
  return out;
}

/** Builds the graph's tensor table from initializers, declarations and Constant nodes, then links it. */
function assemble(ctx: ReadContext, graph: Graph, parts: GraphParts): void {
  const tensors = graph.tensors;
  const make = (name: string, origin: string): Tensor => newTensor(name, origin);
  const addConstant = (t: ParsedTensor, origin: string) => {
    if (tensors.has(t.name)) {
      ctx.diagnostics.push({ severity: 'warning', code: 'read/duplicate-initializer', graph: graph.index, tensor: t.name, message: `Initializer '${t.name}' is defined more than once; the last definition is used.` });
    }
    const tensor = make(t.name, origin);
    tensor.dtype = t.dtype;
    // The parsed dims themselves (nothing else keeps them); shapes are never changed in place.
    tensor.shape = t.dims;
    tensor.constant = true;
    if (t.data) tensor.data = t.data;
    if (t.dataBytes !== undefined) tensor.dataBytes = t.dataBytes;
    tensors.set(t.name, tensor);
  };
  // Indexed loops: assemble runs once per graph, mostly unoptimized, where for…of allocates per element.
  for (let i = 0; i < parts.initializers.length; i++) addConstant(parts.initializers[i]!, 'initializer');
  for (let i = 0; i < parts.sparse.length; i++) addConstant(parts.sparse[i]!, 'sparse-initializer');
  const declare = (vi: ValueInfo, origin: string) => {
    if (vi.name === '') return;
    let t = tensors.get(vi.name);
    if (!t) {
      t = make(vi.name, origin);
      tensors.set(vi.name, t);
    }
    // Initializer metadata wins; a declaration only fills what is still unknown.
    if (t.dtype === 'unknown') t.dtype = vi.dtype;
    if (t.shape === null) t.shape = vi.shape;
  };
  for (const vi of parts.inputs) {
    // An initializer listed as an input (IR < 4 style) is a default value, not something the caller feeds.
    if (!tensors.get(vi.name)?.constant && vi.name !== '') graph.inputs.push(vi.name);
    declare(vi, 'input');
  }
  for (const vi of parts.outputs) {
    if (vi.name !== '') graph.outputs.push(vi.name);
    declare(vi, 'output');
  }
  for (const vi of parts.valueInfo) declare(vi, 'value_info');
  const nodes = parts.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.canonicalOp === 'Constant' && node.outputs[0]) markConstantOutput(tensors, node, make(node.outputs[0], 'constant-node'));
  }
  linkGraph(graph, false, ctx.diagnostics);
}

/** The output of a Constant node is a constant tensor: record its dtype, shape and data location. */
function markConstantOutput(tensors: Map<string, Tensor>, node: Node, fresh: Tensor): void {
  const name = fresh.name;
  const t = tensors.get(name) ?? fresh;
  tensors.set(name, t);
  t.constant = true;
  t.origin = 'constant-node';
  // The first attribute (a Constant has one), without an array of all entries.
  let attrName = '';
  for (const k in node.attributes) {
    attrName = k;
    break;
  }
  const attr = attrName ? node.attributes[attrName] : undefined;
  if (!attr) return;
  const inline = (dtype: Tensor['dtype'], shape: number[], bytes: Uint8Array) => {
    t.dtype = dtype;
    t.shape = shape;
    t.data = { kind: 'inline', bytes, encoding: 'raw' };
    t.dataBytes = bytes.byteLength;
  };
  if (attr.type === 'tensor') {
    t.dtype = attr.value.dtype;
    // One dims array for the attribute and the tensor (shapes are replaced, never changed in place).
    t.shape = attr.value.dims;
    if (attr.value.data) t.data = attr.value.data;
    if (attr.value.dataBytes !== undefined) t.dataBytes = attr.value.dataBytes;
  } else if (attr.type === 'float') inline('float32', [], new Uint8Array(Float32Array.of(attr.value).buffer));
  else if (attr.type === 'floats') inline('float32', [attr.value.length], new Uint8Array(Float32Array.from(attr.value).buffer));
  else if (attr.type === 'int') inline('int64', [], new Uint8Array(BigInt64Array.of(BigInt(Math.trunc(attr.value))).buffer));
  else if (attr.type === 'ints') inline('int64', [attr.value.length], new Uint8Array(BigInt64Array.from(attr.value, (x) => BigInt(Math.trunc(x))).buffer));
  else if (attr.type === 'string' || attr.type === 'strings') {
    t.dtype = 'string';
    t.shape = attr.type === 'string' ? [] : [attr.value.length];
  } else if (attrName === 'sparse_value') t.dtype = 'unknown';
  if (t.dataBytes === undefined && t.shape && t.dtype !== 'string') {
    const dims = t.shape.filter((d): d is number => typeof d === 'number');
    const n = dtypeBytes(t.dtype, dims.reduce((a, b) => a * b, 1));
    if (n !== null && dims.length === t.shape.length) t.dataBytes = n;
  }
}

export interface ParsedFunction {
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  graph: number;
  opsets: Record<string, number>;
}

/** Walks a FunctionProto into a graph (its body) and the function's signature. */
export function readFunctionProto(ctx: ReadContext, end: number, path: string, fnIndex: number): ParsedFunction {
  const cur: ProtoCursor = ctx.cur;
  const graph = newGraph(ctx, '', fnIndex);
  const fn: ParsedFunction = { domain: '', name: '', inputs: [], outputs: [], attributes: [], graph: graph.index, opsets: dictionary() };
  const parts: GraphParts = { nodes: graph.nodes, initializers: [], sparse: [], inputs: [], outputs: [], valueInfo: [] };
  while (cur.tag(end, path)) {
    const f = cur.field;
    if (cur.wire !== WIRE_LEN) {
      cur.skip(end, path);
      continue;
    }
    if (f === F.name) fn.name = cur.string(cur.length(end, path, '.name'), path, '.name');
    else if (f === F.domain) fn.domain = cur.string(cur.length(end, path, '.domain'), path, '.domain');
    else if (f === F.input) fn.inputs.push(cur.string(cur.length(end, path, '.input'), path, '.input'));
    else if (f === F.output) fn.outputs.push(cur.string(cur.length(end, path, '.output'), path, '.output'));
    else if (f === F.attribute) fn.attributes.push(cur.string(cur.length(end, path, '.attribute'), path, '.attribute'));
    else if (f === F.attribute_proto) {
      const stop = cur.subEnd(end, path, '.attribute_proto');
      fn.attributes.push(readAttributeName(ctx, stop, `${path}.attribute_proto`));
    } else if (f === F.node) {
      const p = `${path}.node[${parts.nodes.length}]`;
      if (++ctx.nodeCount > MAX_NODES) cur.fail(`more than ${formatLimit(MAX_NODES)} nodes, DeployLens' limit for one model`, p);
      const stop = cur.subEnd(end, p);
      parts.nodes.push(readNode(ctx, stop, p, graph.index, parts.nodes.length, 0, fnIndex));
    } else if (f === F.opset_import) {
      const stop = cur.subEnd(end, path, '.opset_import');
      const [domain, version] = readOpset(ctx, stop, `${path}.opset_import`);
      fn.opsets[domain] = version;
    } else if (f === F.value_info) {
      const p = `${path}.value_info[${parts.valueInfo.length}]`;
      const stop = cur.subEnd(end, p);
      parts.valueInfo.push(readValueInfo(ctx, stop, p));
    } else cur.skip(end, path);
  }
  graph.name = fn.domain ? `${fn.domain}.${fn.name}` : fn.name;
  parts.inputs = fn.inputs.map((name) => ({ name, dtype: 'unknown', shape: null, kind: 'tensor' }));
  parts.outputs = fn.outputs.map((name) => ({ name, dtype: 'unknown', shape: null, kind: 'tensor' }));
  assemble(ctx, graph, parts);
  return fn;
}

function readAttributeName(ctx: ReadContext, end: number, path: string): string {
  const cur: ProtoCursor = ctx.cur;
  let name = '';
  while (cur.tag(end, path)) {
    if (cur.field === A.name && cur.wire === WIRE_LEN) name = cur.string(cur.length(end, path), path);
    else cur.skip(end, path);
  }
  return name;
}

/** An OperatorSetIdProto as [domain ('' for ai.onnx), version]. */
export function readOpset(ctx: ReadContext, end: number, path: string): [string, number] {
  const cur: ProtoCursor = ctx.cur;
  let domain = '';
  let version = 0;
  while (cur.tag(end, path)) {
    if (cur.field === OPSET.domain && cur.wire === WIRE_LEN) domain = cur.string(cur.length(end, path), path);
    else if (cur.field === OPSET.version && cur.wire === WIRE_VARINT) {
      cur.varint(end, path);
      version = cur.int64 ?? 0;
    } else cur.skip(end, path);
  }
  return [domain === 'ai.onnx' ? '' : domain, version];
}

export { readStringPair };
