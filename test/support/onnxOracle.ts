// An independent view of an ONNX file for tests: a full protobufjs decode of the whole ModelProto
// (which reads every byte, weights included), reduced to the counts the streaming reader must match.

import { onnxType } from '../../src/core/onnx/protobufSchema';

interface OTensor { name?: string; dims?: number[] }
interface OValueInfo { name?: string }
interface OAttribute { g?: OGraph; graphs?: OGraph[] }
interface ONode { input?: string[]; output?: string[]; op_type?: string; attribute?: OAttribute[] }
interface OGraph { node?: ONode[]; initializer?: OTensor[]; sparse_initializer?: { values?: OTensor }[]; input?: OValueInfo[]; output?: OValueInfo[]; value_info?: OValueInfo[] }
interface OFunction { node?: ONode[]; input?: string[]; output?: string[]; value_info?: OValueInfo[] }
interface OModel { graph?: OGraph; functions?: OFunction[] }

export interface GraphCounts {
  nodes: number;
  initializers: number;
  /** Distinct tensor names: declarations, initializers and every node input/output. */
  tensors: number;
  /** Graph inputs that are not initializers. */
  inputs: number;
  outputs: number;
  /** Sum of initializer element counts. */
  params: number;
}

/** Per graph, in the reader's order: main graph, its subgraphs depth-first, then function bodies. */
export function oracleCounts(bytes: Uint8Array): GraphCounts[] {
  const type = onnxType('ModelProto');
  const model = type.toObject(type.decode(bytes), { longs: Number, arrays: true }) as OModel;
  const out: GraphCounts[] = [];
  const visit = (g: OGraph) => {
    const names = new Set<string>();
    const inits = new Set<string>();
    let params = 0;
    for (const t of g.initializer ?? []) {
      inits.add(t.name ?? '');
      params += (t.dims ?? []).reduce((a, b) => a * b, 1);
    }
    for (const s of g.sparse_initializer ?? []) inits.add(s.values?.name ?? '');
    for (const n of inits) names.add(n);
    const inputs = (g.input ?? []).map((v) => v.name ?? '').filter((n) => n !== '');
    const outputs = (g.output ?? []).map((v) => v.name ?? '').filter((n) => n !== '');
    for (const n of [...inputs, ...outputs, ...(g.value_info ?? []).map((v) => v.name ?? '').filter((n) => n !== '')]) names.add(n);
    for (const node of g.node ?? []) for (const n of [...(node.input ?? []), ...(node.output ?? [])]) if (n !== '') names.add(n);
    out.push({ nodes: g.node?.length ?? 0, initializers: g.initializer?.length ?? 0, tensors: names.size, inputs: inputs.filter((n) => !inits.has(n)).length, outputs: outputs.length, params });
    for (const node of g.node ?? []) {
      for (const a of node.attribute ?? []) {
        if (a.g) visit(a.g);
        for (const sub of a.graphs ?? []) visit(sub);
      }
    }
  };
  if (model.graph) visit(model.graph);
  for (const fn of model.functions ?? []) {
    visit({ node: fn.node ?? [], input: (fn.input ?? []).map((name) => ({ name })), output: (fn.output ?? []).map((name) => ({ name })), value_info: fn.value_info ?? [] });
  }
  return out;
}
