// Judging a model against a target of the other format: an ONNX model on a TFLite target is judged
// by the TFLite builtins a converter (onnx2tf / ai-edge-torch / the TFLite converter) produces for
// each ONNX op, and a TFLite model on an ONNX target by the ONNX ops tf2onnx produces. The mapping
// is documented in docs/targets.md; messages say which op the node becomes.

import type { Graph, Model, Node } from '../ir/model';
import { isConstant } from './checkConstraints';
import { attrNumber, attrString } from './nodeGeometry';
import { lookupTable } from '../util/lookup';

export interface BridgedOp {
  /** Ops of the target's format the node becomes; [] = removed by the converter; null = no builtin at all. */
  ops: string[] | null;
  /** Says what the conversion does ("after conversion, Erf has no TFLite builtin"). */
  note: string;
}

const ONNX_TO_TFLITE = lookupTable<string[] | null>({
  Add: ['ADD'], Sub: ['SUB'], Mul: ['MUL'], Div: ['DIV'], Pow: ['POW'], Sqrt: ['SQRT'], Reciprocal: ['DIV'],
  Exp: ['EXP'], Log: ['LOG'], Abs: ['ABS'], Neg: ['NEG'], Max: ['MAXIMUM'], Min: ['MINIMUM'], Floor: ['FLOOR'],
  Ceil: ['CEIL'], Round: ['ROUND'], Sin: ['SIN'], Cos: ['COS'], Sign: ['SIGN'],
  Relu: ['RELU'], Sigmoid: ['LOGISTIC'], Tanh: ['TANH'], HardSwish: ['HARD_SWISH'], LeakyRelu: ['LEAKY_RELU'],
  PRelu: ['PRELU'], Elu: ['ELU'], Gelu: ['GELU'], Softmax: ['SOFTMAX'], LogSoftmax: ['LOG_SOFTMAX'],
  HardSigmoid: ['MUL', 'ADD', 'MINIMUM', 'MAXIMUM'], Erf: null, Selu: null, Softplus: null, Mish: null,
  MaxPool: ['MAX_POOL_2D'], AveragePool: ['AVERAGE_POOL_2D'], GlobalAveragePool: ['MEAN'], GlobalMaxPool: ['REDUCE_MAX'],
  ReduceMean: ['MEAN'], ReduceMax: ['REDUCE_MAX'], ReduceMin: ['REDUCE_MIN'], ReduceSum: ['SUM'], ReduceProd: ['REDUCE_PROD'],
  ConvTranspose: ['TRANSPOSE_CONV'], Gemm: ['FULLY_CONNECTED'],
  Reshape: ['RESHAPE'], Flatten: ['RESHAPE'], Squeeze: ['RESHAPE'], Unsqueeze: ['RESHAPE'], Transpose: ['TRANSPOSE'],
  Concat: ['CONCATENATION'], Slice: ['STRIDED_SLICE'], Gather: ['GATHER'], GatherND: ['GATHER_ND'],
  Tile: ['TILE'], Expand: ['BROADCAST_TO'], Where: ['SELECT_V2'], Equal: ['EQUAL'], Greater: ['GREATER'],
  Less: ['LESS'], GreaterOrEqual: ['GREATER_EQUAL'], LessOrEqual: ['LESS_EQUAL'], Not: ['LOGICAL_NOT'],
  And: ['LOGICAL_AND'], Or: ['LOGICAL_OR'], ArgMax: ['ARG_MAX'], ArgMin: ['ARG_MIN'], TopK: ['TOPK_V2'],
  Cast: ['CAST'], QuantizeLinear: ['QUANTIZE'], DequantizeLinear: ['DEQUANTIZE'], Shape: ['SHAPE'],
  DepthToSpace: ['DEPTH_TO_SPACE'], SpaceToDepth: ['SPACE_TO_DEPTH'], Range: ['RANGE'], ConstantOfShape: ['FILL'],
  CumSum: ['CUMSUM'], BatchNormalization: ['MUL', 'ADD'], InstanceNormalization: ['MEAN', 'SQUARED_DIFFERENCE', 'RSQRT', 'MUL', 'ADD'],
  LayerNormalization: ['MEAN', 'SQUARED_DIFFERENCE', 'RSQRT', 'MUL', 'ADD'], GRU: ['WHILE'], RNN: ['UNIDIRECTIONAL_SEQUENCE_RNN'],
  If: ['IF'], Loop: ['WHILE'], Identity: [], Dropout: [], Constant: [],
  QLinearConv: ['CONV_2D'], QLinearMatMul: ['FULLY_CONNECTED'], Einsum: ['BATCH_MATMUL'],
});

const NO_BUILTIN_NOTE = lookupTable<string>({
  Erf: 'after conversion, Erf has no TFLite builtin (GELU written with Erf stays as Erf unless the converter fuses it into GELU)',
});

function tensorDims(graph: Graph, name: string | undefined): (number | string)[] | null {
  return name ? graph.tensors.get(name)?.shape ?? null : null;
}

/** Reads a small constant scalar (Clip's min/max inputs); null when not constant or not readable. */
function constantScalar(model: Model, graph: Graph, name: string | undefined): number | null {
  if (!name) return null;
  const t = graph.tensors.get(name);
  if (!t || !t.constant || t.dtype !== 'float32') return null;
  // A scalar (or a one-element tensor); anything bigger is a weight, never read here.
  if (t.shape && t.shape.reduce<number>((a, d) => a * (typeof d === 'number' ? d : Infinity), 1) > 1) return null;
  try {
    const bytes = model.weights.read(graph.index, name);
    if (bytes.byteLength < 4) return null;
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
  } catch {
    return null;
  }
}

export function onnxToTflite(node: Node, graph: Graph, model: Model): BridgedOp {
  const op = node.op;
  const as = (ops: string[] | null, how?: string): BridgedOp => ({
    ops,
    note: ops === null
      ? NO_BUILTIN_NOTE.get(op) ?? `after conversion, ${op} has no TFLite builtin`
      : ops.length === 0 ? `${op} is removed by the converter` : `after conversion, ${op} becomes ${ops.join(' + ')}${how ? ` (${how})` : ''}`,
  });
  switch (op) {
    case 'Conv': {
      const group = attrNumber(node, 'group') ?? 1;
      const rank = tensorDims(graph, node.inputs[1])?.length ?? 4;
      if (rank === 5) return as(['CONV_3D'], '3-D convolution');
      if (group === 1) return as(['CONV_2D'], 'group = 1');
      const w = tensorDims(graph, node.inputs[1]);
      // Depthwise when each group sees one input channel: weight shape [M, C/group = 1, kh, kw].
      if (w === null || w[1] === 1) return as(['DEPTHWISE_CONV_2D'], `group = ${group}, one input channel per group`);
      return as(['SPLIT', 'CONV_2D', 'CONCATENATION'], `grouped convolution, group = ${group}`);
    }
    case 'MatMul': {
      const b = node.inputs[1] ? graph.tensors.get(node.inputs[1]) : undefined;
      const bRank = b?.shape?.length;
      if (b && isConstant(b, graph) && bRank === 2) return as(['FULLY_CONNECTED'], 'constant 2-D weights');
      return as(['BATCH_MATMUL'], 'both operands computed or batched');
    }
    case 'Clip': {
      const lo = attrNumber(node, 'min') ?? constantScalar(model, graph, node.inputs[1]);
      const hi = attrNumber(node, 'max') ?? constantScalar(model, graph, node.inputs[2]);
      if (lo === 0 && hi === 6) return as(['RELU6'], 'Clip(0, 6)');
      if (lo === -1 && hi === 1) return as(['RELU_N1_TO_1'], 'Clip(-1, 1)');
      if (lo === 0 && hi === 1) return as(['RELU_0_TO_1'], 'Clip(0, 1)');
      if (lo === 0 && hi === null) return as(['RELU'], 'Clip(0, ∞)');
      return as(['MINIMUM', 'MAXIMUM'], `Clip(${lo ?? '?'}, ${hi ?? '?'})`);
    }
    case 'Pad': {
      const mode = attrString(node, 'mode') ?? 'constant';
      if (mode === 'constant') return as(['PAD'], 'constant mode');
      if (mode === 'reflect') return as(['MIRROR_PAD'], 'reflect mode');
      return { ops: null, note: `after conversion, ${mode} Pad has no TFLite builtin (MIRROR_PAD covers reflect/symmetric only)` };
    }
    case 'Resize': {
      const mode = attrString(node, 'mode') ?? 'nearest';
      if (mode === 'nearest') return as(['RESIZE_NEAREST_NEIGHBOR'], 'nearest mode');
      if (mode === 'linear') return as(['RESIZE_BILINEAR'], 'linear mode');
      return { ops: null, note: `after conversion, ${mode} Resize has no TFLite builtin` };
    }
    case 'Split':
      return as(node.inputs[1] || node.attributes.split ? ['SPLIT_V'] : ['SPLIT']);
    case 'LSTM':
      return as(attrString(node, 'direction') === 'bidirectional' ? ['BIDIRECTIONAL_SEQUENCE_LSTM'] : ['UNIDIRECTIONAL_SEQUENCE_LSTM']);
  }
  if (ONNX_TO_TFLITE.has(op)) return as(ONNX_TO_TFLITE.get(op)!);
  return { ops: null, note: `${op} has no known TFLite equivalent in DeployLens' ONNX→TFLite mapping` };
}

const TFLITE_TO_ONNX = lookupTable<string[]>({
  CONV_2D: ['Conv'], DEPTHWISE_CONV_2D: ['Conv'], TRANSPOSE_CONV: ['ConvTranspose'], CONV_3D: ['Conv'],
  FULLY_CONNECTED: ['Gemm'], BATCH_MATMUL: ['MatMul'], RELU6: ['Clip'], RELU_N1_TO_1: ['Clip'], RELU_0_TO_1: ['Clip'],
  LOGISTIC: ['Sigmoid'], HARD_SWISH: ['HardSwish'], MEAN: ['ReduceMean'], SUM: ['ReduceSum'], REDUCE_MAX: ['ReduceMax'],
  REDUCE_MIN: ['ReduceMin'], REDUCE_PROD: ['ReduceProd'], RESHAPE: ['Reshape'], SQUEEZE: ['Squeeze'], EXPAND_DIMS: ['Unsqueeze'],
  CONCATENATION: ['Concat'], PAD: ['Pad'], PADV2: ['Pad'], MIRROR_PAD: ['Pad'], QUANTIZE: ['QuantizeLinear'],
  DEQUANTIZE: ['DequantizeLinear'], STRIDED_SLICE: ['Slice'], SLICE: ['Slice'], RESIZE_BILINEAR: ['Resize'],
  RESIZE_NEAREST_NEIGHBOR: ['Resize'], MAX_POOL_2D: ['MaxPool'], AVERAGE_POOL_2D: ['AveragePool'],
  UNIDIRECTIONAL_SEQUENCE_LSTM: ['LSTM'], BIDIRECTIONAL_SEQUENCE_LSTM: ['LSTM'], LSTM: ['LSTM'], GELU: ['Gelu'],
  SQUARED_DIFFERENCE: ['Sub', 'Mul'], RSQRT: ['Sqrt', 'Reciprocal'], SQUARE: ['Mul'], MAXIMUM: ['Max'], MINIMUM: ['Min'],
  ADD: ['Add'], SUB: ['Sub'], MUL: ['Mul'], DIV: ['Div'], SOFTMAX: ['Softmax'], LOG_SOFTMAX: ['LogSoftmax'],
  TANH: ['Tanh'], RELU: ['Relu'], LEAKY_RELU: ['LeakyRelu'], PRELU: ['PRelu'], ELU: ['Elu'], TRANSPOSE: ['Transpose'],
  GATHER: ['Gather'], GATHER_ND: ['GatherND'], SPLIT: ['Split'], SPLIT_V: ['Split'], PACK: ['Concat'], UNPACK: ['Split'],
  ARG_MAX: ['ArgMax'], ARG_MIN: ['ArgMin'], CAST: ['Cast'], SHAPE: ['Shape'], TILE: ['Tile'], BROADCAST_TO: ['Expand'],
  SELECT_V2: ['Where'], SELECT: ['Where'], FILL: ['ConstantOfShape'], DEPTH_TO_SPACE: ['DepthToSpace'],
  SPACE_TO_DEPTH: ['SpaceToDepth'], L2_NORMALIZATION: ['LpNormalization'], EXP: ['Exp'], LOG: ['Log'], SQRT: ['Sqrt'],
  ABS: ['Abs'], NEG: ['Neg'], FLOOR: ['Floor'], CEIL: ['Ceil'], ROUND: ['Round'], SIN: ['Sin'], COS: ['Cos'], POW: ['Pow'],
  EQUAL: ['Equal'], NOT_EQUAL: ['Equal', 'Not'], LESS: ['Less'], GREATER: ['Greater'], LESS_EQUAL: ['LessOrEqual'],
  GREATER_EQUAL: ['GreaterOrEqual'], LOGICAL_AND: ['And'], LOGICAL_OR: ['Or'], LOGICAL_NOT: ['Not'], CUMSUM: ['CumSum'],
  TOPK_V2: ['TopK'], IF: ['If'], WHILE: ['Loop'], RANGE: ['Range'], ZEROS_LIKE: ['ConstantOfShape'],
});

export function tfliteToOnnx(node: Node): BridgedOp {
  const ops = TFLITE_TO_ONNX.get(node.op);
  if (ops) return { ops, note: `after conversion to ONNX, ${node.op} becomes ${ops.join(' + ')}` };
  return { ops: null, note: `${node.op} has no known ONNX equivalent in DeployLens' TFLite→ONNX mapping` };
}
