// Judges a construct's exported operators on a target with the existing engine: the op specs of
// constructTable become a tiny IR model (one node each, with the attributes the script fixes —
// strides, dilations, kernel, groups, pad and resize modes, LSTM direction) and checkCompatibility
// runs on it, format bridge included. Shapes and dtypes are unknown in a script: those constraints
// come back as 'not checked' and are left to the analysis of the exported model.

import { checkCompatibility, type NodeSupport } from '../analysis/compatibility';
import { onnxToTflite } from '../analysis/formatBridge';
import type { Reason } from '../analysis/compatReason';
import type { AttributeValue, Graph, Model, Node, Tensor } from '../ir/model';
import type { TargetProfile } from '../targets/profile';
import type { OpSpec } from './constructTable';

export interface OpVerdict {
  /** The op as judged ('Conv', or 'GELU' when the TFLite converter's builtin was judged). */
  op: string;
  status: NodeSupport['status'];
  /** Violated reasons only: what fails for sure. */
  reasons: Reason[];
}

function attribute(v: number | string | number[]): AttributeValue {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', value: v } : { type: 'float', value: v };
  return { type: 'ints', value: v };
}

function tensor(name: string, constant: boolean, shape: number[] | null, producer: number | null): Tensor {
  return { name, dtype: 'unknown', shape, constant, producer, consumers: [], isGraphInput: !constant && producer === null, isGraphOutput: false };
}

/** One graph, one node per spec, each reading its own inputs: no node affects another's verdict. */
export function tinyModel(specs: { op: string; attrs?: OpSpec['attrs']; inputs?: OpSpec['inputs'] }[], format: 'onnx' | 'tflite', opset: number): Model {
  const tensors = new Map<string, Tensor>();
  const nodes: Node[] = specs.map((s, i) => {
    const inputs = (s.inputs ?? ['act']).map((inp, j) => {
      const name = `n${i}_in${j}`;
      tensors.set(name, inp === 'act' ? tensor(name, false, null, null) : tensor(name, true, inp.const, null));
      return name;
    });
    const out = `n${i}_out`;
    tensors.set(out, tensor(out, false, null, i));
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(s.attrs ?? {})) attributes[k] = attribute(v);
    return { index: i, name: `${s.op}_${i}`, op: s.op, domain: format === 'tflite' ? 'tflite' : '', canonicalOp: s.op, ...(format === 'onnx' ? { opVersion: opset } : {}), inputs, outputs: [out], attributes, subgraphs: [] };
  });
  const graph: Graph = { index: 0, name: 'script', nodes, tensors, inputs: [], outputs: [], order: nodes.map((n) => n.index) };
  return {
    format, path: '<script>', fileBytes: 0, producer: { name: 'deploylens-script', version: '' }, irVersion: 8,
    opsets: format === 'onnx' ? { '': opset } : {}, description: '', metadata: {}, graphs: [graph], functions: [], signatures: [], diagnostics: [],
    weights: { read: () => { throw new Error('a script model has no weights'); } },
  };
}

/** The TFLite builtins the ONNX specs bridge to (null where the bridge finds none). */
export function tfliteOpsOf(specs: OpSpec[], opset: number): (string | null)[] {
  if (specs.length === 0) return [];
  const model = tinyModel(specs, 'onnx', opset);
  const graph = model.graphs[0]!;
  return graph.nodes.flatMap((n) => onnxToTflite(n, graph, model).ops ?? [null]);
}

const cache = new WeakMap<TargetProfile, Map<string, OpVerdict[]>>();

/**
 * Verdicts for the ops a construct exports, on `target`. A target that loads ONNX judges the ONNX
 * nodes; a TFLite target judges the converter's builtins when the table names them (`tflite`),
 * else the ONNX nodes through the format bridge.
 */
export function judgeOps(onnx: OpSpec[], tflite: string[] | null, target: TargetProfile, opset: number): OpVerdict[] {
  const useTflite = tflite !== null && !target.formats.includes('onnx') && target.formats.includes('tflite');
  const specs: OpSpec[] = useTflite ? tflite.map((op) => ({ op })) : onnx;
  if (specs.length === 0) return [];
  const key = `${useTflite ? 't' : 'o'}${opset}:${JSON.stringify(specs)}`;
  let perTarget = cache.get(target);
  if (!perTarget) cache.set(target, (perTarget = new Map()));
  const hit = perTarget.get(key);
  if (hit) return hit;
  const model = tinyModel(specs, useTflite ? 'tflite' : 'onnx', opset);
  const verdicts = checkCompatibility(model, target).map((s, i) => ({
    op: specs[i]!.op,
    // Unknown shapes and dtypes are expected here: only what fails for sure counts.
    status: s.status === 'unknown' ? 'supported' as const : s.status,
    reasons: s.reasons.filter((r) => r.outcome === 'violated'),
  }));
  perTarget.set(key, verdicts);
  return verdicts;
}
