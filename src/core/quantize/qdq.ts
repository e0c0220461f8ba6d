// The QDQ writer: turns a float ONNX model into a QDQ-format INT8 model. Weights of Conv/Gemm/MatMul
// become int8 initializers (per channel along the output-channel axis, or per tensor) behind a
// DequantizeLinear; biases become int32 (scale = input scale × weight scale); every float activation
// that enters or leaves a quantizable op gets QuantizeLinear → DequantizeLinear with its calibrated
// scale and zero point. Ops that are not quantized (not in the preview's op set, or not INT8 on the
// target) stay float and are listed. The original ModelProto is fully decoded with protobufjs,
// rewritten, and re-encoded; everything the rewrite does not touch is carried through.

import type { Graph, Model, Node } from '../ir/model';
import { floatsOf, paramsForRange, quantizeValues, weightParams, type QuantParams } from './math';
import {
  ATTR_INT, decodeModel, encodeModel, floatTensor, int32Tensor, int8Tensor, opsetOf,
  type AttrObj, type NodeObj, type TensorObj,
} from './onnxObjects';
import type { ActivationRange, FloatNode } from './result';
import type { TargetVerdict } from './targetSupport';
import { layerWeight } from './weights';
import { lookupTable } from '../util/lookup';

/** The target's verdict on one node (targetSupport.ts). */
export type TargetCheck = (node: Node) => TargetVerdict;

export type { ActivationRange, FloatNode };

/** Ops the preview quantizes, and which of their inputs/outputs are activations (null: all). */
export const QDQ_OPS = lookupTable<{ inputs: number[] | null; outputs: number[] | null }>({
  Conv: { inputs: [0], outputs: [0] },
  ConvTranspose: { inputs: [0], outputs: [0] },
  Gemm: { inputs: [0], outputs: [0] },
  MatMul: { inputs: [0, 1], outputs: [0] },
  Relu: { inputs: [0], outputs: [0] },
  Clip: { inputs: [0], outputs: [0] },
  LeakyRelu: { inputs: [0], outputs: [0] },
  Sigmoid: { inputs: [0], outputs: [0] },
  HardSigmoid: { inputs: [0], outputs: [0] },
  HardSwish: { inputs: [0], outputs: [0] },
  MaxPool: { inputs: [0], outputs: [0] },
  AveragePool: { inputs: [0], outputs: [0] },
  GlobalAveragePool: { inputs: [0], outputs: [0] },
  Add: { inputs: [0, 1], outputs: [0] },
  Mul: { inputs: [0, 1], outputs: [0] },
  Concat: { inputs: null, outputs: [0] },
  Flatten: { inputs: [0], outputs: [0] },
  Reshape: { inputs: [0], outputs: [0] },
  Transpose: { inputs: [0], outputs: [0] },
  Squeeze: { inputs: [0], outputs: [0] },
  Unsqueeze: { inputs: [0], outputs: [0] },
  Resize: { inputs: [0], outputs: [0] },
  Pad: { inputs: [0], outputs: [0] },
  Split: { inputs: [0], outputs: null },
});

/** Ops that move no numbers: never reported as left in float. */
const BOOKKEEPING = new Set(['Constant', 'Identity', 'Shape', 'Gather', 'Cast', 'Dropout', 'QuantizeLinear', 'DequantizeLinear']);


export interface QdqOptions {
  /** Weights per channel (along the output-channel axis) instead of per tensor. */
  perChannel: boolean;
  /**
   * Activation integer type (asymmetric): int8 for TFLite-family int8 kernels (TFLM, CMSIS-NN, Ethos-U,
   * Edge TPU), uint8 where a runtime takes only that (ONNX Runtime's NNAPI EP). Chosen per target by
   * activationType.ts; weights are int8 symmetric and biases int32 either way.
   */
  activationType: 'uint8' | 'int8';
  /** 'symmetric': zero point 0 (the int8 range's middle for uint8) where the target takes no other; default asymmetric. */
  activationScheme?: 'asymmetric' | 'symmetric';
  /** Calibrated float range of each activation tensor; tensors without one stay float. */
  ranges: ReadonlyMap<string, ActivationRange>;
  /** Whether the target runs this node in INT8 (default: every QDQ_OPS.has(op)); see targetSupport.ts. */
  targetSupports?: TargetCheck;
}


export interface QdqResult {
  bytes: Uint8Array;
  quantizedNodes: number;
  quantizedWeights: number;
  quantizedActivations: number;
  floatNodes: FloatNode[];
  /** Weight quantization actually written per layer (name → scales per channel or one). */
  weightParams: Record<string, QuantParams>;
  notes: string[];
}

/** Activation tensors a node of a QDQ op reads or writes (graph-level names, constants excluded). */
function activationsOf(graph: Graph, node: Node, which: 'inputs' | 'outputs'): string[] {
  const spec = QDQ_OPS.get(node.canonicalOp);
  if (!spec) return [];
  const names = node[which];
  const picked = spec[which] === null ? names : spec[which].map((i) => names[i] ?? '');
  return picked.filter((n) => {
    if (!n) return false;
    const t = graph.tensors.get(n);
    if (t?.constant) return false;
    return !t || t.dtype === 'float32' || t.dtype === 'unknown';
  });
}

/** Whether the node is quantized: a QDQ op the target runs in INT8. */
export function isQuantizable(node: Node, targetSupports?: TargetCheck): boolean {
  return QDQ_OPS.has(node.canonicalOp) && (targetSupports?.(node).ok ?? true);
}

/** The float activations calibration must observe: every tensor a quantizable node reads or writes. */
export function calibrationTensors(graph: Graph, targetSupports?: TargetCheck): string[] {
  const out = new Set<string>();
  for (const i of graph.order) {
    const node = graph.nodes[i]!;
    if (!isQuantizable(node, targetSupports)) continue;
    for (const t of [...activationsOf(graph, node, 'inputs'), ...activationsOf(graph, node, 'outputs')]) out.add(t);
  }
  return [...out];
}

function intAttr(attrs: AttrObj[] | undefined, name: string, fallback: number): number {
  const a = attrs?.find((x) => x.name === name);
  return a?.i ?? fallback;
}

function floatAttr(attrs: AttrObj[] | undefined, name: string, fallback: number): number {
  const a = attrs?.find((x) => x.name === name);
  return a?.f ?? fallback;
}

export function writeQdqModel(modelBytes: Uint8Array, model: Model, options: QdqOptions): QdqResult {
  const graph = model.graphs[0];
  if (!graph) throw new Error('the model has no main graph');
  const proto = decodeModel(modelBytes);
  const g = proto.graph;
  if (!g) throw new Error('the model has no graph');
  const opset = opsetOf(proto);
  if (opset < 10) throw new Error(`opset ${opset}: QuantizeLinear/DequantizeLinear need opset 10 or newer`);
  const notes: string[] = [];
  let perChannel = options.perChannel;
  if (perChannel && opset < 13) {
    perChannel = false;
    notes.push(`opset ${opset} has no per-channel DequantizeLinear (axis needs opset 13): weights were quantized per tensor`);
  }
  const nodes = g.node ?? [];
  if (nodes.length !== graph.nodes.length) throw new Error('the decoded graph does not match the analyzed one');

  const used = new Set<string>();
  for (const n of nodes) for (const x of [...(n.input ?? []), ...(n.output ?? [])]) used.add(x);
  for (const t of g.initializer ?? []) if (t.name) used.add(t.name);
  for (const v of [...(g.input ?? []), ...(g.output ?? [])]) if (v.name) used.add(v.name);
  const fresh = (base: string): string => {
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };

  const quantizable = graph.nodes.map((n) => isQuantizable(n, options.targetSupports));
  const act = options.activationType;
  const actParams = new Map<string, { scale: number; zeroPoint: number }>();
  for (const t of calibrationTensors(graph, options.targetSupports)) {
    const r = options.ranges.get(t);
    if (!r || !Number.isFinite(r.min) || !Number.isFinite(r.max)) continue;
    actParams.set(t, paramsForRange(r.min, r.max, options.activationScheme ?? 'asymmetric', act));
  }

  const newInits: TensorObj[] = [];
  const removeInits = new Set<string>();
  const headNodes: NodeObj[] = [];
  const after = new Map<number, NodeObj[]>();
  const weightParamsOut: Record<string, QuantParams> = {};
  let quantizedWeights = 0;

  const scalarScale = (name: string, scale: number, zp: number, type: 'int8' | 'uint8'): [string, string] => {
    const s = fresh(`${name}_scale`), z = fresh(`${name}_zero_point`);
    newInits.push(floatTensor(s, [], [scale]), int8Tensor(z, [], [zp], type));
    return [s, z];
  };

  // Activations: a producer's output is renamed and re-created by Q → DQ under its old name, so every
  // consumer (and a graph output) reads the quantized value; a graph input is quantized in front of its consumers.
  const graphInputs = new Set(graph.inputs);
  for (const [tensor, p] of actParams) {
    const [s, z] = scalarScale(tensor, p.scale, p.zeroPoint, act);
    const producer = graph.tensors.get(tensor)?.producer ?? null;
    const q = fresh(`${tensor}_QuantizeLinear`);
    if (producer !== null) {
      const raw = fresh(`${tensor}_float`);
      const pn = nodes[producer]!;
      pn.output = (pn.output ?? []).map((o) => (o === tensor ? raw : o));
      const list = after.get(producer) ?? [];
      list.push({ op_type: 'QuantizeLinear', name: q, input: [raw, s, z], output: [q] },
        { op_type: 'DequantizeLinear', name: fresh(`${tensor}_DequantizeLinear`), input: [q, s, z], output: [tensor] });
      after.set(producer, list);
    } else if (graphInputs.has(tensor)) {
      const dq = fresh(`${tensor}_DequantizeLinear`);
      headNodes.push({ op_type: 'QuantizeLinear', name: q, input: [tensor, s, z], output: [q] },
        { op_type: 'DequantizeLinear', name: dq, input: [q, s, z], output: [dq] });
      for (const n of nodes) n.input = (n.input ?? []).map((x) => (x === tensor ? dq : x));
    }
  }

  // Weights and biases of the quantized layers.
  const initByName = new Map((g.initializer ?? []).map((t) => [t.name ?? '', t]));
  const done = new Set<string>();
  let quantizedNodes = 0;
  for (const i of graph.order) {
    const node = graph.nodes[i]!;
    if (!quantizable[i]) continue;
    quantizedNodes++;
    const w = layerWeight(graph, node);
    if (!w || done.has(w.weight) || !initByName.has(w.weight)) continue;
    const tensor = graph.tensors.get(w.weight)!;
    const values = floatsOf(model.weights.read(0, w.weight), tensor.dtype);
    const p = weightParams(values, w.shape, perChannel ? 'per-channel' : 'per-tensor', 'symmetric', w.axis, 'int8');
    const q = quantizeValues(values, w.shape, p, 'symmetric');
    const qName = fresh(`${w.weight}_quantized`);
    const sName = fresh(`${w.weight}_scale`), zName = fresh(`${w.weight}_zero_point`);
    const channelDims = p.axis === undefined ? [] : [p.scale.length];
    newInits.push(int8Tensor(qName, w.shape, q, 'int8'), floatTensor(sName, channelDims, p.scale), int8Tensor(zName, channelDims, p.zeroPoint, 'int8'));
    const attribute: AttrObj[] = p.axis === undefined ? [] : [{ name: 'axis', type: ATTR_INT, i: p.axis }];
    headNodes.push({ op_type: 'DequantizeLinear', name: fresh(`${w.weight}_DequantizeLinear`), input: [qName, sName, zName], output: [w.weight], attribute });
    removeInits.add(w.weight);
    done.add(w.weight);
    weightParamsOut[node.name || `${node.op}_${i}`] = p;
    quantizedWeights++;

    // Bias: int32 with scale = input scale × weight scale, when the input activation is quantized.
    const pn = nodes[i]!;
    const x = node.inputs[0] ?? '';
    const bias = node.inputs[2];
    const xp = actParams.get(x);
    const biasTensor = bias ? graph.tensors.get(bias) : undefined;
    const gemmPlain = node.canonicalOp !== 'Gemm' || (intAttr(pn.attribute, 'transA', 0) === 0 && floatAttr(pn.attribute, 'alpha', 1) === 1 && floatAttr(pn.attribute, 'beta', 1) === 1);
    const channels = w.shape[w.axis]!;
    if (!bias || !xp || !biasTensor?.constant || !initByName.has(bias) || done.has(bias) || !gemmPlain || node.canonicalOp === 'ConvTranspose') continue;
    const b = floatsOf(model.weights.read(0, bias), biasTensor.dtype);
    if (b.length !== channels) continue;
    const scales = Array.from({ length: channels }, (_, c) => xp.scale * p.scale[p.axis === undefined ? 0 : c]!);
    const bq = Array.from(b, (v, c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(v / scales[c]!))));
    const bqName = fresh(`${bias}_quantized`), bsName = fresh(`${bias}_scale`), bzName = fresh(`${bias}_zero_point`);
    const perC = p.axis !== undefined;
    newInits.push(int32Tensor(bqName, [channels], bq), floatTensor(bsName, perC ? [channels] : [], perC ? scales : [scales[0]!]), int32Tensor(bzName, perC ? [channels] : [], perC ? new Array<number>(channels).fill(0) : [0]));
    headNodes.push({ op_type: 'DequantizeLinear', name: fresh(`${bias}_DequantizeLinear`), input: [bqName, bsName, bzName], output: [bias], attribute: perC ? [{ name: 'axis', type: ATTR_INT, i: 0 }] : [] });
    removeInits.add(bias);
    done.add(bias);
  }

  // Ops left in float, and which of them form a dequantize island between quantized tensors.
  const floatNodes: FloatNode[] = [];
  for (const i of graph.order) {
    const node = graph.nodes[i]!;
    if (quantizable[i] || BOOKKEEPING.has(node.canonicalOp)) continue;
    // The target's own reason first: it explains ops the preview could quantize but the target cannot run.
    const verdict = options.targetSupports?.(node);
    const reason = verdict && !verdict.ok ? verdict.reason : QDQ_OPS.has(node.canonicalOp) ? 'the target has no INT8 kernel for it' : 'not quantized by the preview: stays float';
    const fromQ = node.inputs.some((t) => actParams.has(t));
    const toQ = node.outputs.some((t) => graph.tensors.get(t)?.consumers.some((c) => quantizable[c]) ?? false);
    floatNodes.push({ node: i, name: node.name || `${node.op}_${i}`, op: node.op, reason, island: fromQ && toQ });
  }

  // Reassemble: weight/bias DQ and graph-input Q/DQ first, each activation's Q/DQ right after its producer.
  const ordered: NodeObj[] = [...headNodes];
  nodes.forEach((n, i) => {
    ordered.push(n);
    ordered.push(...(after.get(i) ?? []));
  });
  g.node = ordered;
  g.initializer = [...(g.initializer ?? []).filter((t) => !removeInits.has(t.name ?? '')), ...newInits];
  g.input = (g.input ?? []).filter((v) => !removeInits.has(v.name ?? ''));
  proto.producer_name = proto.producer_name ? `${proto.producer_name} + deploylens-quantize` : 'deploylens-quantize';
  return {
    bytes: encodeModel(proto), quantizedNodes, quantizedWeights, quantizedActivations: actParams.size, floatNodes, weightParams: weightParamsOut, notes,
  };
}
