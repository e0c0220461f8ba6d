// TFLite builtin op → canonical op name used by analyses. The rule: the ONNX op name where the
// semantics match (so one rule written for ONNX `Conv` also covers TFLite `CONV_2D`); a distinct
// PascalCase name where TFLite has an op ONNX lacks or means differently (DEPTHWISE_CONV_2D is a
// grouped Conv in ONNX, but targets treat it as its own kernel; FULLY_CONNECTED is MatMul + bias
// with weights stored [out, in]); `tflite:<NAME>` for everything else; `custom:<code>` for custom ops.

import { ownValue } from '../util/lookup';

const CANONICAL: Readonly<Record<string, string>> = {
  // Same semantics as the ONNX op.
  ADD: 'Add', SUB: 'Sub', MUL: 'Mul', DIV: 'Div', POW: 'Pow', ADD_N: 'Sum',
  CONV_2D: 'Conv', CONV_3D: 'Conv', TRANSPOSE_CONV: 'ConvTranspose', CONV_3D_TRANSPOSE: 'ConvTranspose',
  AVERAGE_POOL_2D: 'AveragePool', MAX_POOL_2D: 'MaxPool', L2_POOL_2D: 'LpPool',
  CONCATENATION: 'Concat', RESHAPE: 'Reshape', TRANSPOSE: 'Transpose', SQUEEZE: 'Squeeze', EXPAND_DIMS: 'Unsqueeze',
  SLICE: 'Slice', SPLIT: 'Split', SPLIT_V: 'Split', TILE: 'Tile', SHAPE: 'Shape', BROADCAST_TO: 'Expand',
  GATHER: 'Gather', GATHER_ND: 'GatherND', SCATTER_ND: 'ScatterND', ONE_HOT: 'OneHot', RANGE: 'Range',
  PAD: 'Pad', PADV2: 'Pad', MIRROR_PAD: 'Pad', DEPTH_TO_SPACE: 'DepthToSpace', SPACE_TO_DEPTH: 'SpaceToDepth',
  RESIZE_BILINEAR: 'Resize', RESIZE_NEAREST_NEIGHBOR: 'Resize',
  MEAN: 'ReduceMean', SUM: 'ReduceSum', REDUCE_MAX: 'ReduceMax', REDUCE_MIN: 'ReduceMin', REDUCE_PROD: 'ReduceProd',
  ARG_MAX: 'ArgMax', ARG_MIN: 'ArgMin', TOPK_V2: 'TopK', CUMSUM: 'CumSum',
  RELU: 'Relu', LOGISTIC: 'Sigmoid', TANH: 'Tanh', ELU: 'Elu', LEAKY_RELU: 'LeakyRelu', PRELU: 'PRelu',
  HARD_SWISH: 'HardSwish', GELU: 'Gelu', SOFTMAX: 'Softmax', LOG_SOFTMAX: 'LogSoftmax',
  EXP: 'Exp', LOG: 'Log', SQRT: 'Sqrt', NEG: 'Neg', ABS: 'Abs', SIN: 'Sin', COS: 'Cos', SIGN: 'Sign',
  FLOOR: 'Floor', CEIL: 'Ceil', ROUND: 'Round', FLOOR_MOD: 'Mod', MAXIMUM: 'Max', MINIMUM: 'Min',
  LESS: 'Less', GREATER: 'Greater', GREATER_EQUAL: 'GreaterOrEqual', LESS_EQUAL: 'LessOrEqual', EQUAL: 'Equal',
  LOGICAL_OR: 'Or', LOGICAL_AND: 'And', LOGICAL_NOT: 'Not', SELECT: 'Where', SELECT_V2: 'Where',
  CAST: 'Cast', QUANTIZE: 'QuantizeLinear', DEQUANTIZE: 'DequantizeLinear', BATCH_MATMUL: 'MatMul',
  L2_NORMALIZATION: 'LpNormalization', LOCAL_RESPONSE_NORMALIZATION: 'LRN',
  NON_MAX_SUPPRESSION_V4: 'NonMaxSuppression', NON_MAX_SUPPRESSION_V5: 'NonMaxSuppression',
  BITWISE_XOR: 'BitwiseXor', IF: 'If', WHILE: 'Loop',
  // Sequence LSTM/RNN ops match ONNX LSTM/RNN (which cover both directions).
  UNIDIRECTIONAL_SEQUENCE_LSTM: 'LSTM', BIDIRECTIONAL_SEQUENCE_LSTM: 'LSTM',
  UNIDIRECTIONAL_SEQUENCE_RNN: 'RNN', BIDIRECTIONAL_SEQUENCE_RNN: 'RNN',
  // TFLite-only ops (or different semantics): distinct names.
  DEPTHWISE_CONV_2D: 'DepthwiseConv', FULLY_CONNECTED: 'FullyConnected',
  LSTM: 'LSTMCell', RNN: 'RNNCell', SVDF: 'SVDF',
  RELU6: 'Relu6', RELU_N1_TO_1: 'ReluN1To1', RELU_0_TO_1: 'Relu0To1',
  STRIDED_SLICE: 'StridedSlice', PACK: 'Pack', UNPACK: 'Unpack', RSQRT: 'Rsqrt', SQUARE: 'Square',
  SQUARED_DIFFERENCE: 'SquaredDifference', FLOOR_DIV: 'FloorDiv', NOT_EQUAL: 'NotEqual',
  FILL: 'Fill', ZEROS_LIKE: 'ZerosLike', SPACE_TO_BATCH_ND: 'SpaceToBatchND', BATCH_TO_SPACE_ND: 'BatchToSpaceND',
  REVERSE_V2: 'Reverse', ATAN2: 'Atan2', EMBEDDING_LOOKUP: 'EmbeddingLookup', CALL_ONCE: 'CallOnce', CALL: 'Call',
};

/** Canonical op for a TFLite builtin name (as in BUILTIN_OPERATORS). */
export function canonicalBuiltinOp(name: string): string {
  return ownValue(CANONICAL, name) ?? `tflite:${name}`;
}

/** Canonical op for a custom op code ('ethos-u', 'TFLite_Detection_PostProcess', ...). */
export function canonicalCustomOp(code: string): string {
  return `custom:${code}`;
}
