// Reads a .tflite file into the shared model IR. The flatbuffer is loaded into memory in one read:
// below 2 GB it holds the weights, so that is the file itself, and a model's structure cannot be
// parsed without most of it anyway. Weight bytes are then only located (offset, length), never
// copied; data of offset/size buffers (stored after the flatbuffer in >2 GB models) is not read.

import type { Diagnostic } from '../ir/diagnostic';
import type { Graph, Model, Node, SignatureDef, Tensor } from '../ir/model';
import { ModelReadError } from '../ir/errors';
import { attributeRecord } from '../ir/attributeRecord';
import { linkGraph } from '../ir/link';
import { FileByteSource, type ByteSource } from '../io/byteSource';
import { FbReader, MemoryView, type FbTable } from './flatbufferTable';
import { flatbufferExtent } from './flatbufferExtent';
import { builtinOptions2Name, builtinOptionsName, decodeBuiltinOptions } from './builtinOptions';
import { canonicalBuiltinOp, canonicalCustomOp } from './canonicalOps';
import { readTensor, type BufferLocation } from './readTensor';
import { BUILTIN_CUSTOM, BUILTIN_OPERATORS, F } from './schema';
import { dictionary } from '../util/lookup';
import { formatLimit, MAX_NODES } from '../limits';

/** A resolved OperatorCode. */
interface OpCode { op: string; domain: string; canonicalOp: string; version: number; customCode?: string }

export type { BufferLocation } from './readTensor';

export function readTfliteFile(path: string): Model {
  const source = new FileByteSource(path);
  try {
    // Weights are read later through a fresh handle, so the model does not keep a file open.
    return readTflite(source, (offset, length) => {
      const again = new FileByteSource(path);
      try { return again.read(offset, length); } finally { again.close(); }
    });
  } finally {
    source.close();
  }
}

/**
 * Reads a TFLite model. `readRange` serves WeightAccessor reads; by default they go to `source`,
 * which the caller then keeps open for as long as weights are read.
 */
export function readTflite(source: ByteSource, readRange?: (offset: number, length: number) => Uint8Array): Model {
  const file = source.label;
  const end = flatbufferExtent(source);
  const bytes = source.read(0, end);
  if (bytes.byteLength < end) throw new ModelReadError(file, `file ended after ${bytes.byteLength} of ${end} bytes`, { offset: bytes.byteLength });
  const r = new FbReader(new MemoryView(bytes), file);
  const diagnostics: Diagnostic[] = [];
  const root = r.root('Model');

  const identifier = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  if (identifier !== 'TFL3') {
    diagnostics.push({ severity: 'warning', code: 'read/tflite-identifier', message: `File identifier is '${identifier.replace(/[^\x20-\x7e]/g, '?')}', not 'TFL3'; reading it as TFLite anyway.` });
  }

  const opcodes = readOpCodes(root, diagnostics);
  const buffers = readBuffers(root, source.size);
  const metadata = readMetadata(root, buffers, bytes);

  const subgraphs = root.tables(F.Model.subgraphs, 'subgraphs');
  // Subgraph 0 is the model; without it there is nothing to analyze (byte fuzzing found this often).
  if (subgraphs.length === 0) throw new ModelReadError(file, 'the model has no subgraphs (Model.subgraphs is empty): there is no graph to run');
  let operators = 0;
  for (let g = 0; g < subgraphs.length; g++) {
    operators += subgraphs.at(g).tables(F.SubGraph.operators, 'operators').length;
    if (operators > MAX_NODES) throw new ModelReadError(file, `more than ${formatLimit(MAX_NODES)} operators, DeployLens' limit for one model`, { field: `Model.subgraphs[${g}].operators` });
  }
  const graphs: Graph[] = [];
  const tensorNames: string[][] = [];
  for (let g = 0; g < subgraphs.length; g++) {
    const { graph, names } = readSubgraph(subgraphs.at(g), g, opcodes, buffers, diagnostics);
    graphs.push(graph);
    tensorNames.push(names);
  }
  checkSubgraphRefs(graphs, diagnostics);
  checkSubgraphCycles(graphs, diagnostics);
  for (const graph of graphs) linkGraph(graph, true, diagnostics);

  const signatures = readSignatures(root, tensorNames);
  const read = readRange ?? ((offset: number, length: number) => source.read(offset, length));
  return {
    format: 'tflite',
    path: file,
    fileBytes: source.size,
    producer: { name: 'TFLite', version: metadata.min_runtime_version ?? '' },
    irVersion: root.uint32(F.Model.version, 'version'),
    opsets: dictionary(),
    description: root.string(F.Model.description, 'description') ?? '',
    metadata,
    graphs,
    functions: [],
    signatures,
    diagnostics,
    weights: {
      read(graphIndex: number, tensorName: string): Uint8Array {
        const t = graphs[graphIndex]?.tensors.get(tensorName);
        if (!t?.data || t.data.kind !== 'embedded') throw new Error(`${file}: tensor '${tensorName}' of graph ${graphIndex} has no stored data`);
        return read(t.data.offset, t.data.length);
      },
      readSlice(graphIndex: number, tensorName: string, byteOffset: number, length: number): Uint8Array | null {
        const t = graphs[graphIndex]?.tensors.get(tensorName);
        if (!t?.data || t.data.kind !== 'embedded') return null;
        if (byteOffset < 0 || length < 0 || byteOffset + length > t.data.length) throw new Error(`${file}: slice [${byteOffset}, ${byteOffset + length}) of tensor '${tensorName}' is outside its ${t.data.length} bytes`);
        return read(t.data.offset + byteOffset, length);
      },
    },
  };
}

function readOpCodes(root: FbTable, diagnostics: Diagnostic[]): OpCode[] {
  const list = root.tables(F.Model.operator_codes, 'operator_codes');
  const out: OpCode[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = list.at(i);
    const O = F.OperatorCode;
    // Codes above 127 do not fit the old byte field: writers put 127 there and the real code in
    // builtin_code; old writers only set the byte. The larger of the two is the op.
    const code = Math.max(t.int8(O.deprecated_builtin_code, 'deprecated_builtin_code'), t.int32(O.builtin_code, 'builtin_code'));
    const version = t.int32(O.version, 'version', 1);
    if (code === BUILTIN_CUSTOM) {
      const customCode = t.string(O.custom_code, 'custom_code') ?? '';
      out.push({ op: customCode, domain: 'tflite.custom', canonicalOp: canonicalCustomOp(customCode), version, customCode });
      continue;
    }
    let name = BUILTIN_OPERATORS[code];
    if (!name) {
      name = `BUILTIN_${code}`;
      diagnostics.push({ severity: 'warning', code: 'read/tflite-unknown-op', message: `Operator code ${i} uses builtin code ${code}, which this reader does not know (newer schema?).` });
    }
    out.push({ op: name, domain: 'tflite', canonicalOp: canonicalBuiltinOp(name), version });
  }
  return out;
}

function readBuffers(root: FbTable, fileSize: number): BufferLocation[] {
  const list = root.tables(F.Model.buffers, 'buffers');
  const out: BufferLocation[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = list.at(i);
    const offset = t.uint64(F.Buffer.offset, 'offset');
    if (offset > 1) {
      const length = t.uint64(F.Buffer.size, 'size');
      if (offset + length > fileSize) t.r.fail(`buffer data [${offset}, ${offset + length}) runs past the end of the file`, t.pos, `${t.path}.offset`);
      out.push({ offset, length, external: true });
      continue;
    }
    const data = t.byteRange(F.Buffer.data, 'data');
    out.push(data && data.length > 0 ? { offset: data.start, length: data.length, external: false } : null);
  }
  return out;
}

/** Metadata name → text when the buffer is short readable text ('min_runtime_version'), else a size note. */
function readMetadata(root: FbTable, buffers: BufferLocation[], bytes: Uint8Array): Record<string, string> {
  const list = root.tables(F.Model.metadata, 'metadata');
  const out = dictionary<string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < list.length; i++) {
    const t = list.at(i);
    const name = t.string(F.Metadata.name, 'name') ?? `metadata_${i}`;
    const index = t.uint32(F.Metadata.buffer, 'buffer');
    if (index >= buffers.length) t.r.fail(`buffer index ${index} is out of range (${buffers.length} buffers)`, t.pos, `${t.path}.buffer`);
    const loc = buffers[index];
    if (!loc) { out[name] = ''; continue; }
    if (loc.external || loc.length > 4096) { out[name] = `<${loc.length} bytes>`; continue; }
    let end = loc.offset + loc.length;
    while (end > loc.offset && bytes[end - 1] === 0) end--;
    let text: string | null = null;
    try { text = decoder.decode(bytes.subarray(loc.offset, end)); } catch { text = null; }
    out[name] = text !== null && isPlainText(text) ? text : `<${loc.length} bytes>`;
  }
  return out;
}

/** No control characters other than tab and line breaks: binary metadata (flatbuffers, offsets) fails this. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

function readSubgraph(
  t: FbTable, g: number, opcodes: OpCode[], buffers: BufferLocation[], diagnostics: Diagnostic[],
): { graph: Graph; names: string[] } {
  const S = F.SubGraph;
  const tensorList = t.tables(S.tensors, 'tensors');
  const tensors = new Map<string, Tensor>();
  const names: string[] = [];
  for (let i = 0; i < tensorList.length; i++) {
    const tensor = readTensor(tensorList.at(i), i, buffers, tensors, diagnostics, g);
    tensors.set(tensor.name, tensor);
    names.push(tensor.name);
  }
  const ref = (index: number, field: string, optional: boolean): string => {
    if (optional && index === -1) return '';
    if (index < 0 || index >= names.length) t.r.fail(`tensor index ${index} is out of range (${names.length} tensors)`, t.pos, field);
    return names[index]!;
  };
  const refs = (table: FbTable, slot: number, name: string, optional: boolean): string[] =>
    (table.int32s(slot, name) ?? []).map((x) => ref(x, `${table.path}.${name}`, optional));

  const opList = t.tables(S.operators, 'operators');
  const nodes: Node[] = [];
  for (let j = 0; j < opList.length; j++) nodes.push(readOperator(opList.at(j), j, opcodes, refs));
  return {
    graph: {
      index: g,
      name: t.string(S.name, 'name') || `subgraph_${g}`,
      nodes,
      tensors,
      inputs: refs(t, S.inputs, 'inputs', false),
      outputs: refs(t, S.outputs, 'outputs', false),
      order: [],
    },
    names,
  };
}

function readOperator(
  t: FbTable, index: number, opcodes: OpCode[],
  refs: (table: FbTable, slot: number, name: string, optional: boolean) => string[],
): Node {
  const O = F.Operator;
  const opcodeIndex = t.uint32(O.opcode_index, 'opcode_index');
  const code = opcodes[opcodeIndex];
  if (!code) t.r.fail(`opcode_index ${opcodeIndex} is out of range (${opcodes.length} operator codes)`, t.pos, `${t.path}.opcode_index`);
  const inputs = refs(t, O.inputs, 'inputs', true);
  const outputs = refs(t, O.outputs, 'outputs', true);

  let attributes: Node['attributes'] = attributeRecord();
  let subgraphs: number[] = [];
  const optionsType = t.uint8(O.builtin_options_type, 'builtin_options_type');
  if (optionsType !== 0) {
    const typeName = builtinOptionsName(optionsType) ?? `BuiltinOptions_${optionsType}`;
    const decoded = decodeBuiltinOptions(typeName, t.table(O.builtin_options, 'builtin_options'));
    attributes = Object.assign(attributeRecord(), decoded.attributes);
    for (const [name, graph] of decoded.subgraphs) attributes[name] = { type: 'graph', graph };
    subgraphs = decoded.subgraphs.map(([, graph]) => graph);
  }
  const options2Type = t.uint8(O.builtin_options_2_type, 'builtin_options_2_type');
  if (options2Type !== 0) {
    attributes.options = { type: 'other', kind: builtinOptions2Name(options2Type) ?? `BuiltinOptions2_${options2Type}` };
  }
  if (code.customCode !== undefined) {
    const custom = t.byteRange(O.custom_options, 'custom_options');
    const large = t.uint64(O.large_custom_options_size, 'large_custom_options_size');
    attributes.custom_options_bytes = { type: 'int', value: custom ? custom.length : large };
  }
  const node: Node = {
    index,
    name: outputs.find((o) => o !== '') ?? `${code.op}#${index}`,
    op: code.op,
    domain: code.domain,
    canonicalOp: code.canonicalOp,
    opVersion: code.version,
    inputs,
    outputs,
    attributes,
    subgraphs,
  };
  if (code.customCode !== undefined) node.customCode = code.customCode;
  return node;
}

/** IF/WHILE/CALL_ONCE name subgraphs by index: a bad index is reported and dropped, not followed. */
function checkSubgraphRefs(graphs: Graph[], diagnostics: Diagnostic[]): void {
  for (const graph of graphs) {
    for (const node of graph.nodes) {
      if (node.subgraphs.length === 0) continue;
      const bad = node.subgraphs.filter((s) => !Number.isInteger(s) || s < 0 || s >= graphs.length);
      if (bad.length === 0) continue;
      diagnostics.push({
        severity: 'error', code: 'read/bad-subgraph-ref', graph: graph.index, node: node.index,
        message: `${node.op} node '${node.name}' refers to subgraph ${bad.join(', ')}, but the model has ${graphs.length}.`,
      });
      node.subgraphs = node.subgraphs.filter((s) => !bad.includes(s));
      for (const [k, v] of Object.entries(node.attributes)) if (v.type === 'graph' && bad.includes(v.graph)) delete node.attributes[k];
    }
  }
}

/**
 * A WHILE whose body is its own subgraph (or IF/CALL chains that come back) recurses forever in
 * any interpreter: an error, and the reference is dropped so nothing here follows it. Iterative
 * depth-first search over the call edges; each graph is finished once.
 */
function checkSubgraphCycles(graphs: Graph[], diagnostics: Diagnostic[]): void {
  const state = new Uint8Array(graphs.length); // 0 new, 1 on the stack, 2 done
  for (let root = 0; root < graphs.length; root++) {
    if (state[root] !== 0) continue;
    const stack: { g: number; next: number }[] = [{ g: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const calls = graphs[top.g]!.nodes.flatMap((n) => n.subgraphs.map((s) => ({ node: n, s })));
      if (top.next >= calls.length) {
        state[top.g] = 2;
        stack.pop();
        continue;
      }
      const { node, s } = calls[top.next++]!;
      if (state[s] === 1) {
        const graph = graphs[top.g]!;
        diagnostics.push({
          severity: 'error', code: 'read/recursive-subgraph', graph: graph.index, node: node.index,
          message: s === top.g
            ? `${node.op} node '${node.name}' calls its own subgraph ${s} ('${graph.name}'): it would recurse forever.`
            : `${node.op} node '${node.name}' calls its own subgraph ${s} ('${graphs[s]!.name}') through other subgraphs: it would recurse forever.`,
        });
        node.subgraphs = node.subgraphs.filter((x) => x !== s);
        for (const [k, v] of Object.entries(node.attributes)) if (v.type === 'graph' && v.graph === s) delete node.attributes[k];
      } else if (state[s] === 0) {
        state[s] = 1;
        stack.push({ g: s, next: 0 });
      }
    }
  }
}

function readSignatures(root: FbTable, tensorNames: string[][]): SignatureDef[] {
  const list = root.tables(F.Model.signature_defs, 'signature_defs');
  const out: SignatureDef[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = list.at(i);
    const S = F.SignatureDef;
    const subgraph = t.uint32(S.subgraph_index, 'subgraph_index');
    const names: string[] = tensorNames[subgraph]
      ?? t.r.fail(`subgraph_index ${subgraph} is out of range (${tensorNames.length} subgraphs)`, t.pos, `${t.path}.subgraph_index`);
    const maps = (slot: number, field: string): { name: string; tensor: string }[] => {
      const ms = t.tables(slot, field);
      const res: { name: string; tensor: string }[] = [];
      for (let k = 0; k < ms.length; k++) {
        const m = ms.at(k);
        const index = m.uint32(F.TensorMap.tensor_index, 'tensor_index');
        const tensor = names[index]
          ?? m.r.fail(`tensor_index ${index} is out of range (${names.length} tensors)`, m.pos, `${m.path}.tensor_index`);
        res.push({ name: m.string(F.TensorMap.name, 'name') ?? '', tensor });
      }
      return res;
    };
    out.push({ key: t.string(S.signature_key, 'signature_key') ?? '', subgraph, inputs: maps(S.inputs, 'inputs'), outputs: maps(S.outputs, 'outputs') });
  }
  return out;
}
