// Arithmetic formulas per operator, over already-inferred shapes. Each returns MACs and other
// FLOPs, or null when the op has no formula or a needed dim is unknown.

import type { AttributeValue, Dim, Node, Shape } from '../ir/model';

export interface OpShapes {
  node: Node;
  /** Shape of input i (null if absent or unknown). */
  input(i: number): Shape;
  output(i: number): Shape;
  has(i: number): boolean;
  /** The same tensors' shapes seen from another node with the same inputs and outputs (a renamed op). */
  withNode(node: Node): OpShapes;
}

export interface Arithmetic {
  macs: number;
  flops: number;
}

function numel(s: Shape): number | null {
  if (s === null) return null;
  let n = 1;
  for (let i = 0; i < s.length; i++) {
    const d = s[i]!;
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}

function num(d: Dim | undefined): number | null {
  return typeof d === 'number' ? d : null;
}

function attrInt(node: Node, name: string, fallback: number): number {
  const a: AttributeValue | undefined = node.attributes[name];
  return a?.type === 'int' ? a.value : fallback;
}

function attrStr(node: Node, name: string, fallback: string): string {
  const a = node.attributes[name];
  return a?.type === 'string' ? a.value : fallback;
}

/** Activation fused into a TFLite kernel or an ORT FusedConv costs one op per output element. */
function fusedActivation(node: Node, outputs: number): number {
  const act = attrStr(node, 'fused_activation_function', attrStr(node, 'activation', 'NONE'));
  return act === 'NONE' || act === '' ? 0 : outputs;
}

/** ONNX Conv family: out elements x (Cin/groups) x kernel. W is [M, C/group, k...]. */
function conv(s: OpShapes, w: number, bias: number): Arithmetic | null {
  const out = numel(s.output(0));
  const ws = s.input(w);
  if (out === null || ws === null) return null;
  const perOut = numel(ws.slice(1));
  if (perOut === null) return null;
  return { macs: out * perOut, flops: (s.has(bias) ? out : 0) + fusedActivation(s.node, out) };
}

/** ConvTranspose: every input element scatters into (Cout/group) x kernel outputs. W is [C, M/group, k...]. */
function convTranspose(s: OpShapes): Arithmetic | null {
  const inp = numel(s.input(0));
  const ws = s.input(1);
  const out = numel(s.output(0));
  if (inp === null || ws === null || out === null) return null;
  const perIn = numel(ws.slice(1));
  if (perIn === null) return null;
  return { macs: inp * perIn, flops: s.has(2) ? out : 0 };
}

function matmul(s: OpShapes, a: number, transA = false): Arithmetic | null {
  const out = numel(s.output(0));
  const as = s.input(a);
  if (out === null || as === null || as.length === 0) return null;
  const k = num(transA && as.length >= 2 ? as[as.length - 2] : as[as.length - 1]);
  return k === null ? null : { macs: out * k, flops: 0 };
}

/**
 * com.microsoft FusedMatMul: A's logical [..., M, K] from its stored layout. transBatchA stores the
 * leading axis first ([M, b…, K], or [K, b…, M] with transA too); transA swaps the last two.
 */
function fusedMatmul(s: OpShapes): Arithmetic | null {
  const out = numel(s.output(0));
  const as = s.input(0);
  if (out === null || as === null || as.length === 0) return null;
  const transA = attrInt(s.node, 'transA', 0) === 1 && as.length >= 2;
  const transBatchA = attrInt(s.node, 'transBatchA', 0) === 1 && as.length >= 3;
  const k = num(transBatchA ? (transA ? as[0] : as[as.length - 1]) : transA ? as[as.length - 2] : as[as.length - 1]);
  return k === null ? null : { macs: out * k, flops: 0 };
}

function gemm(s: OpShapes, a: number, bias: number): Arithmetic | null {
  const out = numel(s.output(0));
  const as = s.input(a);
  if (out === null || as === null || as.length !== 2) return null;
  const k = num(attrInt(s.node, 'transA', 0) ? as[0] : as[1]);
  return k === null ? null : { macs: out * k, flops: s.has(bias) ? out : 0 };
}

/** Naive contraction cost: product of every distinct index size. */
function einsum(s: OpShapes): Arithmetic | null {
  const eq = attrStr(s.node, 'equation', '').replace(/\s/g, '').split('->')[0] ?? '';
  if (eq.includes('...')) return null;
  const sizes = new Map<string, number>();
  const terms = eq.split(',');
  for (let i = 0; i < terms.length; i++) {
    const shape = s.input(i);
    const t = terms[i]!;
    if (shape === null || shape.length !== t.length) return null;
    for (let k = 0; k < t.length; k++) {
      const d = num(shape[k]);
      if (d === null) return null;
      sizes.set(t[k]!, Math.max(sizes.get(t[k]!) ?? 1, d));
    }
  }
  let macs = 1;
  for (const v of sizes.values()) macs *= v;
  return terms.length >= 2 ? { macs, flops: 0 } : { macs: 0, flops: macs };
}

/** ONNX LSTM/GRU/RNN: per step, direction and batch row, W and R rows (gates x hidden) times (input + hidden). */
function recurrent(s: OpShapes): Arithmetic | null {
  const x = s.input(0);
  const w = s.input(1);
  const r = s.input(2);
  if (x === null || w === null || r === null || x.length !== 3) return null;
  const layout = attrInt(s.node, 'layout', 0);
  const seq = num(layout === 1 ? x[1] : x[0]);
  const batch = num(layout === 1 ? x[0] : x[1]);
  const dirs = num(w[0]);
  const rows = num(w[1]);
  const input = num(w[2]);
  const hidden = num(r[2]);
  if (seq === null || batch === null || dirs === null || rows === null || input === null || hidden === null) return null;
  const steps = seq * dirs * batch;
  // Elementwise per step: bias adds and activations on gate rows, state updates on hidden.
  return { macs: steps * rows * (input + hidden), flops: steps * (rows * 3 + hidden * 4) };
}

/** com.microsoft Attention: QKV projection plus the two attention matmuls (scores, context). */
function attention(s: OpShapes): Arithmetic | null {
  const x = s.input(0);
  const w = s.input(1);
  if (x === null || w === null || x.length !== 3) return null;
  const [b, seq, inH, qkv] = [num(x[0]), num(x[1]), num(x[2]), num(w[1])];
  if (b === null || seq === null || inH === null || qkv === null) return null;
  const hidden = qkv / 3;
  const heads = attrInt(s.node, 'num_heads', 1);
  return { macs: b * seq * inH * qkv + 2 * b * seq * seq * hidden, flops: b * heads * seq * seq * 3 };
}

function windowFlops(s: OpShapes): Arithmetic | null {
  const out = numel(s.output(0));
  const k = s.node.attributes['kernel_shape'];
  if (out === null || k?.type !== 'ints') return null;
  return { macs: 0, flops: out * k.value.reduce((a, b) => a * b, 1) };
}

function perInput(s: OpShapes, factor: number): Arithmetic | null {
  const n = numel(s.input(0));
  return n === null ? null : { macs: 0, flops: n * factor };
}

function perOutput(s: OpShapes, factor: number): Arithmetic | null {
  const n = numel(s.output(0));
  return n === null ? null : { macs: 0, flops: n * factor };
}

const FREE: Arithmetic = { macs: 0, flops: 0 };

/** Ops that only move or relabel data (or make constants): no arithmetic. */
const DATA_MOVEMENT = new Set([
  'Identity', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Concat', 'Split', 'Slice', 'Gather',
  'GatherElements', 'GatherND', 'Tile', 'Expand', 'Pad', 'DepthToSpace', 'SpaceToDepth', 'Shape', 'Size', 'Constant',
  'ConstantOfShape', 'Cast', 'CastLike', 'Dropout', 'Range', 'NonZero', 'EyeLike', 'OneHot', 'ScatterND', 'ScatterElements',
  'Scatter', 'Compress', 'ReverseSequence', 'Trilu', 'QLinearConcat', 'StridedSlice', 'Pack', 'Unpack', 'Fill', 'ZerosLike',
  'SpaceToBatchND', 'BatchToSpaceND', 'Reverse', 'EmbeddingLookup', 'CenterCropPad', 'Upsample_nearest',
]);

/** Elementwise ops costing one op per output element; a few costlier ones count more (documented). */
const PER_ELEMENT: Record<string, number> = {
  Add: 1, Sub: 1, Mul: 1, Div: 1, Pow: 1, Mod: 1, Max: 1, Min: 1, Sum: 1, Mean: 1, PRelu: 1, Where: 1,
  Equal: 1, Less: 1, Greater: 1, LessOrEqual: 1, GreaterOrEqual: 1, And: 1, Or: 1, Xor: 1, Not: 1, NotEqual: 1,
  Abs: 1, Neg: 1, Ceil: 1, Floor: 1, Round: 1, Sign: 1, Sqrt: 1, Reciprocal: 1, Exp: 1, Log: 1, Erf: 1, Rsqrt: 1, Square: 1,
  Sin: 1, Cos: 1, Tan: 1, Tanh: 1, Sigmoid: 1, Relu: 1, LeakyRelu: 1, Elu: 1, Selu: 1, Celu: 1, Softplus: 1, Softsign: 1,
  HardSigmoid: 1, HardSwish: 1, Clip: 1, Relu6: 1, ReluN1To1: 1, Relu0To1: 1, ThresholdedRelu: 1, Shrink: 1, Mish: 1,
  Gelu: 1, FastGelu: 1, BiasGelu: 2, QuickGelu: 1, BiasAdd: 2, Atan2: 1, SquaredDifference: 2, FloorDiv: 1,
  QuantizeLinear: 1, DequantizeLinear: 1, DynamicQuantizeLinear: 2, QLinearAdd: 1, QLinearMul: 1, QLinearSigmoid: 1,
  QLinearLeakyRelu: 1, BitShift: 1, IsNaN: 1, IsInf: 1, CumSum: 1,
  // Normalizations: scale and shift per element (BatchNorm folds into the conv at deploy time, but is counted when present).
  BatchNormalization: 2, InstanceNormalization: 5, LayerNormalization: 5, SimplifiedLayerNormalization: 4,
  SkipLayerNormalization: 6, SkipSimplifiedLayerNormalization: 5, GroupNormalization: 5, MeanVarianceNormalization: 5,
  LpNormalization: 3, LRN: 5,
  // Softmax: exp, sum, divide.
  Softmax: 3, LogSoftmax: 3, Hardmax: 1, QLinearSoftmax: 3,
};

const REDUCTIONS = new Set(['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2',
  'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare', 'ArgMax', 'ArgMin', 'TopK', 'GlobalAveragePool', 'GlobalMaxPool',
  'GlobalLpPool', 'QLinearGlobalAveragePool']);

/** ONNX (and canonical) ops. */
export function onnxArithmetic(s: OpShapes): Arithmetic | null {
  const op = s.node.op;
  switch (op) {
    case 'Conv': case 'FusedConv': return conv(s, 1, 2);
    case 'ConvInteger': return conv(s, 1, -1);
    case 'QLinearConv': return conv(s, 3, 8);
    case 'ConvTranspose': return convTranspose(s);
    case 'Gemm': case 'FusedGemm': return gemm(s, 0, 2);
    case 'QGemm': return gemm(s, 0, 6);
    case 'MatMul': case 'MatMulInteger': case 'DynamicQuantizeMatMul': case 'MatMulIntegerToFloat': return matmul(s, 0);
    case 'FusedMatMul': return fusedMatmul(s);
    case 'QLinearMatMul': return matmul(s, 0);
    case 'Einsum': return einsum(s);
    case 'LSTM': case 'GRU': case 'RNN': return recurrent(s);
    case 'Attention': return attention(s);
    case 'AveragePool': case 'MaxPool': case 'LpPool': case 'QLinearAveragePool': return windowFlops(s);
    case 'Resize': case 'Upsample': return perOutput(s, attrStr(s.node, 'mode', 'nearest') === 'nearest' ? 0 : 4);
  }
  if (s.node.domain !== '' && s.node.domain !== 'ai.onnx' && s.node.domain !== 'com.microsoft') return null;
  if (DATA_MOVEMENT.has(op)) return FREE;
  if (REDUCTIONS.has(op)) return perInput(s, 1);
  if (Object.hasOwn(PER_ELEMENT, op)) return perOutput(s, PER_ELEMENT[op]!);
  return null;
}

/** TFLite builtins (NHWC, OHWI weights; depthwise [1, kh, kw, C]; FC [out, in]). */
export function tfliteArithmetic(s: OpShapes): Arithmetic | null {
  const op = s.node.op;
  const out = numel(s.output(0));
  switch (op) {
    case 'CONV_2D': case 'CONV_3D': case 'DEPTHWISE_CONV_2D': {
      const w = s.input(1);
      if (out === null || w === null) return null;
      // CONV_2D: per output, kh x kw x Cin (w[1..3]); depthwise: kh x kw (w[1..2]), one input channel per output.
      const perOut = numel(op === 'DEPTHWISE_CONV_2D' ? w.slice(1, -1) : w.slice(1));
      return perOut === null ? null : { macs: out * perOut, flops: (s.has(2) ? out : 0) + fusedActivation(s.node, out) };
    }
    case 'FULLY_CONNECTED': {
      const w = s.input(1);
      const k = num(w?.[1]);
      return out === null || k === null ? null : { macs: out * k, flops: (s.has(2) ? out : 0) + fusedActivation(s.node, out) };
    }
    case 'TRANSPOSE_CONV': {
      // Inputs: output_shape, weights [O, kh, kw, I], activations.
      const w = s.input(1);
      const x = numel(s.input(2));
      if (w === null || x === null) return null;
      const perIn = numel(w.slice(0, 3));
      return perIn === null ? null : { macs: x * perIn, flops: s.has(3) && out !== null ? out : 0 };
    }
    case 'BATCH_MATMUL': {
      const a = s.input(0);
      if (out === null || a === null || a.length < 2) return null;
      const k = num(attrInt(s.node, 'adj_x', 0) ? a[a.length - 2] : a[a.length - 1]);
      return k === null ? null : { macs: out * k, flops: 0 };
    }
    case 'UNIDIRECTIONAL_SEQUENCE_LSTM': case 'BIDIRECTIONAL_SEQUENCE_LSTM': {
      const x = s.input(0);
      const wIn = s.input(2); // input_to_forget_weights [n_cell, n_input] (always present)
      const wRec = s.input(6); // recurrent_to_forget_weights [n_cell, n_output]
      if (x === null || wIn === null || wRec === null || x.length !== 3) return null;
      const steps = numel(x.slice(0, 2));
      const [cell, inp, outSize] = [num(wIn[0]), num(wIn[1]), num(wRec[1])];
      if (steps === null || cell === null || inp === null || outSize === null) return null;
      const gates = s.has(1) ? 4 : 3; // CIFG variants drop the input gate.
      const dirs = op === 'BIDIRECTIONAL_SEQUENCE_LSTM' ? 2 : 1;
      const proj = s.input(16);
      const projMacs = proj ? (numel(proj) ?? 0) : 0;
      return { macs: dirs * steps * (gates * cell * (inp + outSize) + projMacs), flops: dirs * steps * cell * 10 };
    }
    case 'SVDF': {
      // Inputs: input [B, I], weights_feature [F, I], weights_time [F, memory]: a feature then a time projection.
      const [x, wf, wt] = [s.input(0), s.input(1), s.input(2)];
      const batch = num(x?.[0]);
      const [f, inp, mem] = [num(wf?.[0]), num(wf?.[1]), num(wt?.[1])];
      if (batch === null || f === null || inp === null || mem === null) return null;
      return { macs: batch * f * (inp + mem), flops: out ?? 0 };
    }
    case 'AVERAGE_POOL_2D': case 'MAX_POOL_2D': case 'L2_POOL_2D': return windowFlops(s);
  }
  // Other builtins share ONNX semantics through their canonical name.
  if (s.node.canonicalOp === 'ReduceMean' || s.node.canonicalOp === 'ReduceSum' || s.node.canonicalOp === 'ReduceMax') return perInput(s, 1);
  return onnxArithmetic(asOnnx(s));
}

/**
 * The same shapes with the node under its ONNX (canonical) name, built field by field: the cost
 * of most deployed TFLite ops goes through here, and two object spreads per node showed in profiles.
 */
function asOnnx(s: OpShapes): OpShapes {
  const n = s.node;
  const node: Node = { index: n.index, name: n.name, op: n.canonicalOp, domain: '', canonicalOp: n.canonicalOp, inputs: n.inputs, outputs: n.outputs, attributes: n.attributes, subgraphs: n.subgraphs };
  return s.withNode(node);
}
