// THE mapping from training-script constructs to the operators their export produces. One entry
// per canonical construct name (imports.ts canonicalizes aliases): the ONNX nodes torch.onnx.export
// (PyTorch, TorchScript exporter) or tf2onnx (Keras/TF) emits for the given constructor arguments
// and opset, and — only where it differs from bridging those ONNX ops with formatBridge — the
// TFLite builtins the TFLite converter / ai-edge-torch produces. docs/training-scripts.md documents
// every row; test/python-constructs.test.ts checks them. Judging the ops is not done here: the
// existing compatibility engine does it on a tiny IR built from these specs (judge.ts).

import { intsOf, type ArgValue } from './syntax';
import { lookupTable } from '../util/lookup';

export type Args = Record<string, ArgValue>;

/** An input of an emitted node: an activation, a constant (weights) with its shape when known. */
export type InputSpec = 'act' | { const: number[] | null };

export interface OpSpec {
  op: string;
  attrs?: Record<string, number | string | number[]>;
  /** Default: one activation input. */
  inputs?: InputSpec[];
}

export interface ConstructEntry {
  framework: 'pytorch' | 'keras';
  /** Positional parameter names in the signature's order (args beyond them are 'arg<i>'). */
  params?: string[];
  /** The ONNX nodes the export emits; [] when the exporter removes the construct (Dropout, Identity). */
  onnx: (a: Args, opset: number) => OpSpec[];
  /** The TFLite converter's builtins, only where bridging the ONNX ops would say something else. */
  tflite?: (a: Args) => string[];
}

/** The ONNX opset torch.onnx.export uses by default (torch 2.x); `--opset` / options.opset override it. */
export const DEFAULT_OPSET = 17;

const o = (op: string, attrs?: OpSpec['attrs'], inputs?: InputSpec[]): OpSpec => ({ op, ...(attrs ? { attrs } : {}), ...(inputs ? { inputs } : {}) });
const ops = (...names: string[]) => () => names.map((n) => o(n));
const num = (v: ArgValue | undefined): number | null => (typeof v === 'number' ? v : null);
const str = (v: ArgValue | undefined): string | null => (typeof v === 'string' ? v : null);
const W = (shape: number[] | null = null): InputSpec => ({ const: shape });
const ACT2: InputSpec[] = ['act', 'act'];

// ---- shared builders -------------------------------------------------------------------------

/** GELU: one Gelu node from opset 20; before it, the exporter writes the formula out. */
function gelu(approximate: string | null, opset: number): OpSpec[] {
  const tanh = approximate === 'tanh';
  if (opset >= 20) return [o('Gelu', { approximate: tanh ? 'tanh' : 'none' })];
  return tanh ? ['Mul', 'Pow', 'Mul', 'Add', 'Mul', 'Tanh', 'Add', 'Mul'].map((n) => o(n)) : ['Div', 'Erf', 'Add', 'Mul', 'Mul'].map((n) => o(n));
}
const hardswish = (opset: number): OpSpec[] => (opset >= 14 ? [o('HardSwish')] : [o('HardSigmoid'), o('Mul')]);
const layerNorm = (opset: number): OpSpec[] =>
  opset >= 17 ? [o('LayerNormalization')] : ['ReduceMean', 'Sub', 'Pow', 'ReduceMean', 'Add', 'Sqrt', 'Div', 'Mul', 'Add'].map((n) => o(n));
const mish = (opset: number): OpSpec[] => (opset >= 18 ? [o('Mish')] : [o('Softplus'), o('Tanh'), o('Mul')]);

/** torch padding_mode → the ONNX Pad mode torch.onnx.export emits before the (unpadded) Conv. */
const TORCH_PAD_MODE = lookupTable<string>({ reflect: 'reflect', replicate: 'edge', circular: 'wrap' });

function conv(dims: number, a: Args, transpose: boolean): OpSpec[] {
  const k = intsOf(a.kernel_size, dims);
  const strides = intsOf(a.stride ?? 1, dims);
  const dilations = intsOf(a.dilation ?? 1, dims);
  const groups = num(a.groups) ?? 1;
  const padding = a.padding ?? 0;
  const pads = intsOf(padding, dims);
  const attrs: Record<string, number | string | number[]> = { group: groups };
  if (k) attrs.kernel_shape = k;
  if (strides) attrs.strides = strides;
  if (dilations) attrs.dilations = dilations;
  const inC = num(a.in_channels);
  const outC = num(a.out_channels);
  const weight = k && inC !== null && outC !== null ? (transpose ? [inC, outC / groups, ...k] : [outC, inC / groups, ...k]) : null;
  const mode = str(a.padding_mode) ?? 'zeros';
  const padded = padding === 'same' || (pads !== null && pads.some((p) => p > 0)) || (padding !== 0 && pads === null);
  const out: OpSpec[] = [];
  if (mode !== 'zeros' && padded) {
    // Non-zero padding modes are exported as a separate Pad (Slice+Concat for circular in older exporters).
    out.push(o('Pad', { mode: TORCH_PAD_MODE.get(mode) ?? mode }));
    attrs.pads = new Array<number>(dims * 2).fill(0);
  } else if (pads) attrs.pads = [...pads, ...pads];
  else if (padding === 'same') attrs.auto_pad = 'SAME_UPPER';
  out.push(o(transpose ? 'ConvTranspose' : 'Conv', attrs, ['act', W(weight)]));
  return out;
}

function kerasConv(dims: number, a: Args, kind: 'conv' | 'depthwise' | 'separable' | 'transpose'): OpSpec[] {
  const k = intsOf(a.kernel_size, dims);
  const strides = intsOf(a.strides ?? 1, dims);
  const dilations = intsOf(a.dilation_rate ?? 1, dims);
  const attrs: Record<string, number | string | number[]> = { auto_pad: str(a.padding)?.toLowerCase() === 'same' ? 'SAME_UPPER' : 'VALID' };
  if (k) attrs.kernel_shape = k;
  if (strides) attrs.strides = strides;
  if (dilations) attrs.dilations = dilations;
  // Depthwise: one input channel per group; the weight shape says so to the bridge ([M, 1, kh, kw]).
  const dw = (): OpSpec => o('Conv', { ...attrs, group: 2 }, ['act', W(k ? [2, 1, ...k] : null)]);
  if (kind === 'depthwise') return [dw()];
  if (kind === 'separable') return [dw(), o('Conv', { group: 1, kernel_shape: new Array<number>(dims).fill(1) }, ['act', W()])];
  return [o(kind === 'transpose' ? 'ConvTranspose' : 'Conv', { ...attrs, group: num(a.groups) ?? 1 }, ['act', W()])];
}

function pool(op: 'MaxPool' | 'AveragePool', dims: number, a: Args, keras = false): OpSpec[] {
  const k = intsOf(keras ? a.pool_size ?? 2 : a.kernel_size, dims);
  const strides = intsOf(keras ? a.strides ?? a.pool_size ?? 2 : a.stride ?? a.kernel_size, dims);
  const attrs: Record<string, number | string | number[]> = {};
  if (k) attrs.kernel_shape = k;
  if (strides) attrs.strides = strides;
  if (keras) attrs.auto_pad = str(a.padding)?.toLowerCase() === 'same' ? 'SAME_UPPER' : 'VALID';
  if (a.ceil_mode === true) attrs.ceil_mode = 1;
  if (!keras && op === 'MaxPool' && a.dilation !== undefined) {
    const d = intsOf(a.dilation, dims);
    if (d) attrs.dilations = d;
  }
  return [o(op, attrs)];
}

/** Resize's mode for a torch/keras interpolation name. */
function resizeMode(mode: string | null): string {
  if (mode === null || mode === 'nearest' || mode === 'nearest-exact' || mode === 'area') return 'nearest';
  if (mode === 'bilinear' || mode === 'linear' || mode === 'trilinear') return 'linear';
  if (mode === 'bicubic') return 'cubic';
  return mode;
}
const resize = (mode: string | null): OpSpec[] => [o('Resize', { mode: resizeMode(mode) })];

function rnn(op: 'LSTM' | 'GRU' | 'RNN', a: Args): OpSpec[] {
  const direction = a.bidirectional === true ? 'bidirectional' : 'forward';
  const layers = num(a.num_layers) ?? 1;
  const out: OpSpec[] = [];
  // batch_first=True: the exporter transposes to ONNX's [seq, batch, feature] layout and back.
  if (a.batch_first === true) out.push(o('Transpose'));
  for (let i = 0; i < layers; i++) out.push(o(op, { direction }, ['act', W(), W()]));
  if (a.batch_first === true) out.push(o('Transpose'));
  return out;
}

/** nn.MultiheadAttention / F.scaled_dot_product_attention as torch.onnx.export writes them out. */
function attention(projections: boolean): OpSpec[] {
  const core = [o('Transpose'), o('MatMul', undefined, ACT2), o('Mul'), o('Softmax', { axis: -1 }), o('MatMul', undefined, ACT2), o('Transpose')];
  if (!projections) return core;
  return [o('MatMul', undefined, ['act', W([2, 2])]), o('Add'), o('Reshape'), ...core, o('Reshape'), o('Gemm', undefined, ['act', W()])];
}

function torchPad(mode: string | null): OpSpec[] {
  const m = mode ?? 'constant';
  return [o('Pad', { mode: TORCH_PAD_MODE.get(m) ?? m })];
}

// ---- PyTorch ---------------------------------------------------------------------------------

const CONV_PARAMS = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'];
const CONVT_PARAMS = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode'];
const POOL_PARAMS = ['kernel_size', 'stride', 'padding', 'dilation'];
const AVGPOOL_PARAMS = ['kernel_size', 'stride', 'padding', 'ceil_mode'];
const RNN_PARAMS = ['input_size', 'hidden_size', 'num_layers'];

const GELU_TFLITE = () => ['GELU'];

const TORCH_NN: Record<string, Omit<ConstructEntry, 'framework'>> = {
  Conv1d: { params: CONV_PARAMS, onnx: (a) => conv(1, a, false) },
  Conv2d: { params: CONV_PARAMS, onnx: (a) => conv(2, a, false) },
  Conv3d: { params: CONV_PARAMS, onnx: (a) => conv(3, a, false) },
  ConvTranspose1d: { params: CONVT_PARAMS, onnx: (a) => conv(1, a, true) },
  ConvTranspose2d: { params: CONVT_PARAMS, onnx: (a) => conv(2, a, true) },
  Linear: { params: ['in_features', 'out_features', 'bias'], onnx: (a) => [o('Gemm', undefined, ['act', W(num(a.in_features) !== null && num(a.out_features) !== null ? [num(a.out_features)!, num(a.in_features)!] : null)])] },
  Bilinear: { onnx: ops('Einsum') },
  // Folded into the preceding Conv when exported in eval mode; a BatchNormalization otherwise.
  BatchNorm1d: { onnx: ops('BatchNormalization') },
  BatchNorm2d: { onnx: ops('BatchNormalization') },
  BatchNorm3d: { onnx: ops('BatchNormalization') },
  LayerNorm: { params: ['normalized_shape', 'eps'], onnx: (_a, opset) => layerNorm(opset) },
  GroupNorm: { params: ['num_groups', 'num_channels'], onnx: () => [o('Reshape'), o('InstanceNormalization'), o('Reshape'), o('Mul'), o('Add')] },
  InstanceNorm2d: { onnx: ops('InstanceNormalization') },
  LocalResponseNorm: { onnx: ops('LRN') },
  ReLU: { onnx: ops('Relu') },
  ReLU6: { onnx: () => [o('Clip', { min: 0, max: 6 })] },
  LeakyReLU: { params: ['negative_slope'], onnx: ops('LeakyRelu') },
  PReLU: { onnx: () => [o('PRelu', undefined, ['act', W()])] },
  ELU: { onnx: ops('Elu') },
  SELU: { onnx: ops('Selu') },
  CELU: { onnx: ops('Celu') },
  GELU: { params: ['approximate'], onnx: (a, opset) => gelu(str(a.approximate), opset), tflite: GELU_TFLITE },
  SiLU: { onnx: ops('Sigmoid', 'Mul') },
  Mish: { onnx: (_a, opset) => mish(opset) },
  Hardswish: { onnx: (_a, opset) => hardswish(opset) },
  Hardsigmoid: { onnx: ops('HardSigmoid') },
  Hardtanh: { params: ['min_val', 'max_val'], onnx: (a) => [o('Clip', { min: num(a.min_val) ?? -1, max: num(a.max_val) ?? 1 })] },
  Sigmoid: { onnx: ops('Sigmoid') },
  Tanh: { onnx: ops('Tanh') },
  Softplus: { onnx: ops('Softplus') },
  Softmax: { params: ['dim'], onnx: ops('Softmax') },
  LogSoftmax: { params: ['dim'], onnx: ops('LogSoftmax') },
  MaxPool1d: { params: POOL_PARAMS, onnx: (a) => pool('MaxPool', 1, a) },
  MaxPool2d: { params: POOL_PARAMS, onnx: (a) => pool('MaxPool', 2, a) },
  AvgPool1d: { params: AVGPOOL_PARAMS, onnx: (a) => pool('AveragePool', 1, a) },
  AvgPool2d: { params: AVGPOOL_PARAMS, onnx: (a) => pool('AveragePool', 2, a) },
  AdaptiveAvgPool1d: { params: ['output_size'], onnx: (a) => [o(a.output_size === 1 ? 'GlobalAveragePool' : 'AveragePool')] },
  AdaptiveAvgPool2d: { params: ['output_size'], onnx: (a) => [o(a.output_size === 1 || a.output_size === '(1, 1)' ? 'GlobalAveragePool' : 'AveragePool')] },
  AdaptiveMaxPool2d: { params: ['output_size'], onnx: (a) => [o(a.output_size === 1 || a.output_size === '(1, 1)' ? 'GlobalMaxPool' : 'MaxPool')] },
  Upsample: { params: ['size', 'scale_factor', 'mode', 'align_corners'], onnx: (a) => resize(str(a.mode)) },
  UpsamplingNearest2d: { onnx: () => resize('nearest') },
  UpsamplingBilinear2d: { onnx: () => resize('bilinear') },
  PixelShuffle: { onnx: ops('DepthToSpace') },
  PixelUnshuffle: { onnx: ops('SpaceToDepth') },
  Flatten: { onnx: ops('Flatten') },
  Unflatten: { onnx: ops('Reshape') },
  Dropout: { onnx: () => [] },
  Dropout2d: { onnx: () => [] },
  Identity: { onnx: () => [] },
  Embedding: { params: ['num_embeddings', 'embedding_dim'], onnx: () => [o('Gather', undefined, [W(), 'act'])] },
  LSTM: { params: RNN_PARAMS, onnx: (a) => rnn('LSTM', a) },
  GRU: { params: RNN_PARAMS, onnx: (a) => rnn('GRU', a) },
  RNN: { params: RNN_PARAMS, onnx: (a) => rnn('RNN', a) },
  MultiheadAttention: { params: ['embed_dim', 'num_heads', 'dropout', 'bias'], onnx: () => attention(true) },
  TransformerEncoderLayer: {
    params: ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation'],
    onnx: (a, opset) => [...attention(true), o('Add'), ...layerNorm(opset), o('Gemm', undefined, ['act', W()]), ...(a.activation === 'gelu' ? gelu(null, opset) : [o('Relu')]), o('Gemm', undefined, ['act', W()]), o('Add'), ...layerNorm(opset)],
  },
  ZeroPad2d: { onnx: () => torchPad('constant') },
  ConstantPad2d: { onnx: () => torchPad('constant') },
  ReflectionPad1d: { onnx: () => torchPad('reflect') },
  ReflectionPad2d: { onnx: () => torchPad('reflect') },
  ReplicationPad2d: { onnx: () => torchPad('replicate') },
  CircularPad2d: { onnx: () => torchPad('circular') },
};

const F_CONV = ['input', 'weight', 'bias', 'stride', 'padding', 'dilation', 'groups'];
const TORCH_F: Record<string, Omit<ConstructEntry, 'framework'>> = {
  relu: { onnx: ops('Relu') },
  relu6: { onnx: () => [o('Clip', { min: 0, max: 6 })] },
  leaky_relu: { onnx: ops('LeakyRelu') },
  elu: { onnx: ops('Elu') },
  selu: { onnx: ops('Selu') },
  gelu: { params: ['input', 'approximate'], onnx: (a, opset) => gelu(str(a.approximate), opset), tflite: GELU_TFLITE },
  silu: { onnx: ops('Sigmoid', 'Mul') },
  mish: { onnx: (_a, opset) => mish(opset) },
  hardswish: { onnx: (_a, opset) => hardswish(opset) },
  hardsigmoid: { onnx: ops('HardSigmoid') },
  hardtanh: { onnx: () => [o('Clip', { min: -1, max: 1 })] },
  sigmoid: { onnx: ops('Sigmoid') },
  tanh: { onnx: ops('Tanh') },
  softplus: { onnx: ops('Softplus') },
  softmax: { onnx: ops('Softmax') },
  log_softmax: { onnx: ops('LogSoftmax') },
  interpolate: { params: ['input', 'size', 'scale_factor', 'mode', 'align_corners'], onnx: (a) => resize(str(a.mode)) },
  upsample: { params: ['input', 'size', 'scale_factor', 'mode', 'align_corners'], onnx: (a) => resize(str(a.mode)) },
  pad: { params: ['input', 'pad', 'mode', 'value'], onnx: (a) => torchPad(str(a.mode)) },
  conv1d: { params: F_CONV, onnx: (a) => conv(1, { ...a, kernel_size: null }, false) },
  conv2d: { params: F_CONV, onnx: (a) => conv(2, { ...a, kernel_size: null }, false) },
  linear: { onnx: () => [o('Gemm', undefined, ['act', W()])] },
  max_pool2d: { params: ['input', ...POOL_PARAMS], onnx: (a) => pool('MaxPool', 2, a) },
  avg_pool2d: { params: ['input', ...AVGPOOL_PARAMS], onnx: (a) => pool('AveragePool', 2, a) },
  adaptive_avg_pool2d: { params: ['input', 'output_size'], onnx: (a) => [o(a.output_size === 1 || a.output_size === '(1, 1)' ? 'GlobalAveragePool' : 'AveragePool')] },
  adaptive_max_pool2d: { params: ['input', 'output_size'], onnx: (a) => [o(a.output_size === 1 || a.output_size === '(1, 1)' ? 'GlobalMaxPool' : 'MaxPool')] },
  layer_norm: { onnx: (_a, opset) => layerNorm(opset) },
  batch_norm: { onnx: ops('BatchNormalization') },
  group_norm: { onnx: () => [o('Reshape'), o('InstanceNormalization'), o('Reshape'), o('Mul'), o('Add')] },
  normalize: { onnx: ops('ReduceL2', 'Clip', 'Expand', 'Div') },
  dropout: { onnx: () => [] },
  embedding: { onnx: () => [o('Gather', undefined, [W(), 'act'])] },
  pixel_shuffle: { onnx: ops('DepthToSpace') },
  scaled_dot_product_attention: { onnx: () => attention(false) },
};

const TORCH_OPS: Record<string, Omit<ConstructEntry, 'framework'>> = {
  cat: { onnx: ops('Concat') }, concat: { onnx: ops('Concat') }, stack: { onnx: ops('Unsqueeze', 'Concat') },
  flatten: { onnx: ops('Flatten') }, reshape: { onnx: ops('Reshape') }, transpose: { onnx: ops('Transpose') }, permute: { onnx: ops('Transpose') },
  matmul: { onnx: () => [o('MatMul', undefined, ACT2)] }, bmm: { onnx: () => [o('MatMul', undefined, ACT2)] },
  einsum: { onnx: ops('Einsum') }, add: { onnx: ops('Add') }, mul: { onnx: ops('Mul') }, div: { onnx: ops('Div') },
  sigmoid: { onnx: ops('Sigmoid') }, tanh: { onnx: ops('Tanh') }, relu: { onnx: ops('Relu') }, softmax: { onnx: ops('Softmax') },
  erf: { onnx: ops('Erf') }, exp: { onnx: ops('Exp') }, sqrt: { onnx: ops('Sqrt') }, rsqrt: { onnx: ops('Sqrt', 'Reciprocal') },
  mean: { onnx: ops('ReduceMean') }, sum: { onnx: ops('ReduceSum') }, amax: { onnx: ops('ReduceMax') },
  split: { onnx: ops('Split') }, chunk: { onnx: ops('Split') }, topk: { onnx: ops('TopK') }, argmax: { onnx: ops('ArgMax') },
  where: { onnx: ops('Where') }, clamp: { onnx: ops('Clip') }, cumsum: { onnx: ops('CumSum') }, arange: { onnx: ops('Range') },
  squeeze: { onnx: ops('Squeeze') }, unsqueeze: { onnx: ops('Unsqueeze') }, roll: { onnx: ops('Slice', 'Concat') },
};

/** Tensor methods recognized inside forward(): `x.view(...)` → 'torch.Tensor.view'. */
const TENSOR_METHODS: Record<string, Omit<ConstructEntry, 'framework'>> = {
  view: { onnx: ops('Reshape') }, reshape: { onnx: ops('Reshape') }, flatten: { onnx: ops('Flatten') },
  permute: { onnx: ops('Transpose') }, transpose: { onnx: ops('Transpose') }, contiguous: { onnx: () => [] },
  mean: { onnx: ops('ReduceMean') }, sum: { onnx: ops('ReduceSum') }, softmax: { onnx: ops('Softmax') },
  sigmoid: { onnx: ops('Sigmoid') }, matmul: { onnx: () => [o('MatMul', undefined, ACT2)] }, chunk: { onnx: ops('Split') },
  unsqueeze: { onnx: ops('Unsqueeze') }, squeeze: { onnx: ops('Squeeze') }, expand: { onnx: ops('Expand') },
  repeat: { onnx: ops('Tile') }, clamp: { onnx: ops('Clip') }, pow: { onnx: ops('Pow') }, sqrt: { onnx: ops('Sqrt') },
  exp: { onnx: ops('Exp') }, masked_fill: { onnx: ops('Where') }, argmax: { onnx: ops('ArgMax') },
};

// ---- Keras / TensorFlow ----------------------------------------------------------------------

const KCONV = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate'];
const KERAS_LAYERS: Record<string, Omit<ConstructEntry, 'framework'>> = {
  Conv1D: { params: KCONV, onnx: (a) => kerasConv(1, a, 'conv') },
  Conv2D: { params: KCONV, onnx: (a) => kerasConv(2, a, 'conv') },
  Conv3D: { params: KCONV, onnx: (a) => kerasConv(3, a, 'conv') },
  DepthwiseConv2D: { params: ['kernel_size', 'strides', 'padding'], onnx: (a) => kerasConv(2, a, 'depthwise') },
  SeparableConv2D: { params: KCONV, onnx: (a) => kerasConv(2, a, 'separable') },
  Conv2DTranspose: { params: KCONV, onnx: (a) => kerasConv(2, a, 'transpose') },
  Dense: { params: ['units', 'activation'], onnx: () => [o('MatMul', undefined, ['act', W([2, 2])]), o('Add')], tflite: () => ['FULLY_CONNECTED'] },
  BatchNormalization: { onnx: ops('BatchNormalization') },
  LayerNormalization: { onnx: (_a, opset) => layerNorm(opset) },
  ReLU: { params: ['max_value'], onnx: (a) => (num(a.max_value) === 6 ? [o('Clip', { min: 0, max: 6 })] : [o('Relu')]) },
  LeakyReLU: { onnx: ops('LeakyRelu') },
  PReLU: { onnx: () => [o('PRelu', undefined, ['act', W()])] },
  ELU: { onnx: ops('Elu') },
  Softmax: { onnx: ops('Softmax') },
  MaxPooling1D: { params: ['pool_size', 'strides', 'padding'], onnx: (a) => pool('MaxPool', 1, a, true) },
  MaxPooling2D: { params: ['pool_size', 'strides', 'padding'], onnx: (a) => pool('MaxPool', 2, a, true) },
  AveragePooling2D: { params: ['pool_size', 'strides', 'padding'], onnx: (a) => pool('AveragePool', 2, a, true) },
  GlobalAveragePooling1D: { onnx: ops('ReduceMean') },
  GlobalAveragePooling2D: { onnx: ops('ReduceMean') },
  GlobalMaxPooling2D: { onnx: ops('ReduceMax') },
  Flatten: { onnx: ops('Reshape') },
  Reshape: { onnx: ops('Reshape') },
  Permute: { onnx: ops('Transpose') },
  Dropout: { onnx: () => [] },
  SpatialDropout2D: { onnx: () => [] },
  UpSampling2D: { params: ['size', 'data_format', 'interpolation'], onnx: (a) => resize(str(a.interpolation) ?? 'nearest') },
  Resizing: { params: ['height', 'width', 'interpolation'], onnx: (a) => resize(str(a.interpolation) ?? 'bilinear') },
  ZeroPadding2D: { onnx: () => torchPad('constant') },
  Concatenate: { onnx: ops('Concat') },
  Add: { onnx: ops('Add') },
  Multiply: { onnx: ops('Mul') },
  Embedding: { onnx: () => [o('Gather', undefined, [W(), 'act'])] },
  LSTM: { params: ['units'], onnx: () => [o('LSTM', { direction: 'forward' }, ['act', W(), W()])] },
  GRU: { params: ['units'], onnx: () => [o('GRU', { direction: 'forward' }, ['act', W(), W()])] },
  Bidirectional: { onnx: () => [o('LSTM', { direction: 'bidirectional' }, ['act', W(), W()])] },
  MultiHeadAttention: { params: ['num_heads', 'key_dim'], onnx: () => attention(true) },
};

/** Keras activation names (activation="…", layers.Activation("…"), tf.keras.activations.*). */
const KERAS_ACTIVATIONS: Record<string, Omit<ConstructEntry, 'framework'>> = {
  relu: { onnx: ops('Relu') },
  relu6: { onnx: () => [o('Clip', { min: 0, max: 6 })] },
  gelu: { params: ['x', 'approximate'], onnx: (a, opset) => gelu(a.approximate === true ? 'tanh' : null, opset), tflite: GELU_TFLITE },
  swish: { onnx: ops('Sigmoid', 'Mul') },
  silu: { onnx: ops('Sigmoid', 'Mul') },
  sigmoid: { onnx: ops('Sigmoid') },
  tanh: { onnx: ops('Tanh') },
  softmax: { onnx: ops('Softmax') },
  log_softmax: { onnx: ops('LogSoftmax') },
  elu: { onnx: ops('Elu') },
  selu: { onnx: ops('Selu') },
  leaky_relu: { onnx: ops('LeakyRelu') },
  // The TFLite converter lowers softplus/mish to elementwise builtins (log(1 + exp(x))).
  softplus: { onnx: ops('Softplus'), tflite: () => ['EXP', 'ADD', 'LOG'] },
  mish: { onnx: (_a, opset) => mish(opset), tflite: () => ['EXP', 'ADD', 'LOG', 'TANH', 'MUL'] },
  hard_sigmoid: { onnx: ops('HardSigmoid') },
  hard_swish: { onnx: (_a, opset) => hardswish(opset) },
  hard_silu: { onnx: (_a, opset) => hardswish(opset) },
  linear: { onnx: () => [] },
};

const TF_OPS: Record<string, Omit<ConstructEntry, 'framework'>> = {
  'nn.relu': KERAS_ACTIVATIONS.relu!, 'nn.relu6': KERAS_ACTIVATIONS.relu6!, 'nn.gelu': KERAS_ACTIVATIONS.gelu!,
  'nn.silu': KERAS_ACTIVATIONS.silu!, 'nn.swish': KERAS_ACTIVATIONS.swish!, 'nn.sigmoid': KERAS_ACTIVATIONS.sigmoid!,
  'nn.softmax': KERAS_ACTIVATIONS.softmax!, 'nn.tanh': KERAS_ACTIVATIONS.tanh!, 'nn.leaky_relu': KERAS_ACTIVATIONS.leaky_relu!,
  sigmoid: KERAS_ACTIVATIONS.sigmoid!, tanh: KERAS_ACTIVATIONS.tanh!, 'math.sigmoid': KERAS_ACTIVATIONS.sigmoid!,
  'math.erf': { onnx: ops('Erf') }, erf: { onnx: ops('Erf') },
  concat: { onnx: ops('Concat') }, stack: { onnx: ops('Unsqueeze', 'Concat'), tflite: () => ['PACK'] },
  reshape: { onnx: ops('Reshape') }, transpose: { onnx: ops('Transpose') }, matmul: { onnx: () => [o('MatMul', undefined, ACT2)] },
  einsum: { onnx: ops('Einsum') }, split: { onnx: ops('Split') }, expand_dims: { onnx: ops('Unsqueeze') }, squeeze: { onnx: ops('Squeeze') },
  reduce_mean: { onnx: ops('ReduceMean') }, reduce_sum: { onnx: ops('ReduceSum') }, reduce_max: { onnx: ops('ReduceMax') },
  'math.reduce_mean': { onnx: ops('ReduceMean') },
  'image.resize': { params: ['images', 'size', 'method'], onnx: (a) => resize(str(a.method) ?? 'bilinear') },
  pad: { params: ['tensor', 'paddings', 'mode'], onnx: (a) => {
    const m = (str(a.mode) ?? 'CONSTANT').toLowerCase();
    return [o('Pad', { mode: m === 'symmetric' ? 'reflect' : m })];
  } },
  'nn.conv2d': { params: ['input', 'filters', 'strides', 'padding', 'data_format', 'dilations'], onnx: (a) => kerasConv(2, { strides: a.strides ?? 1, padding: a.padding ?? 'VALID', dilation_rate: a.dilations ?? 1, kernel_size: null }, 'conv') },
  'nn.depthwise_conv2d': { onnx: (a) => kerasConv(2, { ...a, kernel_size: null }, 'depthwise') },
};

function build(): Map<string, ConstructEntry> {
  const table = new Map<string, ConstructEntry>();
  const add = (prefix: string, framework: ConstructEntry['framework'], entries: Record<string, Omit<ConstructEntry, 'framework'>>) => {
    for (const [k, e] of Object.entries(entries)) table.set(`${prefix}${k}`, { framework, ...e });
  };
  add('torch.nn.', 'pytorch', TORCH_NN);
  add('torch.nn.functional.', 'pytorch', TORCH_F);
  add('torch.', 'pytorch', TORCH_OPS);
  add('torch.Tensor.', 'pytorch', TENSOR_METHODS);
  add('tf.keras.layers.', 'keras', KERAS_LAYERS);
  add('tf.keras.activations.', 'keras', KERAS_ACTIVATIONS);
  add('tf.', 'keras', TF_OPS);
  return table;
}

/** Every mapped construct, by canonical name. */
export const CONSTRUCTS: ReadonlyMap<string, ConstructEntry> = build();

/** The canonical construct a Keras activation name stands for ('gelu' → 'tf.keras.activations.gelu'). */
export function kerasActivation(name: string): string | null {
  const key = name.toLowerCase();
  return Object.hasOwn(KERAS_ACTIVATIONS, key) ? `tf.keras.activations.${key}` : null;
}

/** Names of torch.Tensor methods recognized inside forward(). */
export function isTensorMethod(name: string): boolean {
  return Object.hasOwn(TENSOR_METHODS, name);
}

/** Canonical name of the module whose calls write the model's graph out to a file. */
export const EXPORT_CALLS = lookupTable<'torch.onnx.export' | 'torch.export' | 'tflite.convert'>({
  'torch.onnx.export': 'torch.onnx.export',
  'torch.onnx.dynamo_export': 'torch.onnx.export',
  'torch.export.export': 'torch.export',
  'ai_edge_torch.convert': 'tflite.convert',
  'tf.lite.TFLiteConverter.from_keras_model': 'tflite.convert',
  'tf.lite.TFLiteConverter.from_saved_model': 'tflite.convert',
  'tf.lite.TFLiteConverter.from_concrete_functions': 'tflite.convert',
});
