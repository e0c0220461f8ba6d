// Which shape rule handles which ONNX operator (ai.onnx and com.microsoft). An operator missing
// here is "unknown": its outputs are left unknown and reported, never guessed.

import type { ShapeRule } from './context';
import { conv, convInteger, convTranspose, globalPool, maxUnpool, pool, qlinearConv, qlinearPool, roiAlign } from './ops/conv';
import { ifRule, loop, scan } from './ops/controlFlow';
import { compress, det, nonMaxSuppression, nonZero, topK, unique } from './ops/dataDependent';
import { BINARY_BOOL, BINARY_SAME, UNARY_SAME, broadcastBool, broadcastSameType, sameAsInput, toBool, where } from './ops/elementwise';
import { einsum, gemm, matmul, matmulInteger, qgemm, qlinearMatmul } from './ops/linalg';
import {
  attention, biasElementwise, dequantizeLinear, dynamicQuantizeLinear, embedLayerNorm, fusedMatmul, matmulToFloat,
  qlinearBinary, quantizeLinear,
} from './ops/quantized';
import { recurrent } from './ops/recurrent';
import { argReduce, batchNorm, cumSum, dropout, instanceNorm, layerNorm, reduce, skipLayerNorm, softmaxFamily } from './ops/reduce';
import { depthToSpace, expand, flatten, reshape, spaceToDepth, squeeze, tile, transpose, unsqueeze } from './ops/reshape';
import { cast, castLike, constant, constantOfShape, eyeLike, oneHot, range, shape, size } from './ops/shapeOps';
import { centerCropPad, concat, gather, gatherElements, gatherND, pad, resize, slice, split } from './ops/slicing';

const ONNX: Record<string, ShapeRule> = {
  Conv: conv, ConvInteger: convInteger, QLinearConv: qlinearConv, ConvTranspose: convTranspose,
  AveragePool: pool, MaxPool: pool, LpPool: pool,
  GlobalAveragePool: globalPool, GlobalMaxPool: globalPool, GlobalLpPool: globalPool, MaxUnpool: maxUnpool, RoiAlign: roiAlign,
  Gemm: gemm, MatMul: matmul, MatMulInteger: matmulInteger, QLinearMatMul: qlinearMatmul, Einsum: einsum,
  Where: where, IsNaN: toBool, IsInf: toBool,
  BatchNormalization: batchNorm, LayerNormalization: layerNorm, InstanceNormalization: instanceNorm, Dropout: dropout,
  Softmax: softmaxFamily, LogSoftmax: softmaxFamily, Hardmax: softmaxFamily, CumSum: cumSum,
  ReduceSum: reduce, ReduceMean: reduce, ReduceMax: reduce, ReduceMin: reduce, ReduceProd: reduce, ReduceL1: reduce,
  ReduceL2: reduce, ReduceLogSum: reduce, ReduceLogSumExp: reduce, ReduceSumSquare: reduce,
  ArgMax: argReduce, ArgMin: argReduce,
  Reshape: reshape, Flatten: flatten, Squeeze: squeeze, Unsqueeze: unsqueeze, Transpose: transpose,
  DepthToSpace: depthToSpace, SpaceToDepth: spaceToDepth, Expand: expand, Tile: tile,
  Concat: concat, Split: split, Slice: slice, Gather: gather, GatherElements: gatherElements, GatherND: gatherND,
  Pad: pad, Resize: resize, Upsample: resize, CenterCropPad: centerCropPad,
  Constant: constant, Shape: shape, Size: size, ConstantOfShape: constantOfShape, Range: range,
  Cast: cast, CastLike: castLike, EyeLike: eyeLike, OneHot: oneHot,
  NonZero: nonZero, NonMaxSuppression: nonMaxSuppression, TopK: topK, Compress: compress, Unique: unique, Det: det,
  LSTM: recurrent, GRU: recurrent, RNN: recurrent,
  QuantizeLinear: quantizeLinear, DequantizeLinear: dequantizeLinear, DynamicQuantizeLinear: dynamicQuantizeLinear,
  If: ifRule, Loop: loop, Scan: scan,
};
for (const op of UNARY_SAME) ONNX[op] = sameAsInput;
for (const op of BINARY_SAME) ONNX[op] = broadcastSameType;
for (const op of BINARY_BOOL) ONNX[op] = broadcastBool;

const MICROSOFT: Record<string, ShapeRule> = {
  QLinearAdd: qlinearBinary, QLinearMul: qlinearBinary,
  QLinearAveragePool: qlinearPool, QLinearGlobalAveragePool: globalPool, QLinearConcat: concat,
  QLinearSigmoid: sameAsInput, QLinearLeakyRelu: sameAsInput, QLinearSoftmax: sameAsInput,
  QGemm: qgemm, FusedConv: conv, FusedGemm: gemm, FusedMatMul: fusedMatmul,
  DynamicQuantizeMatMul: matmulToFloat, MatMulIntegerToFloat: matmulToFloat,
  Gelu: sameAsInput, FastGelu: biasElementwise, BiasGelu: biasElementwise, QuickGelu: sameAsInput, BiasAdd: biasElementwise,
  SkipLayerNormalization: skipLayerNorm, SkipSimplifiedLayerNormalization: skipLayerNorm,
  LayerNormalization: layerNorm, SimplifiedLayerNormalization: layerNorm,
  Attention: attention, EmbedLayerNormalization: embedLayerNorm,
  QuantizeLinear: quantizeLinear, DequantizeLinear: dequantizeLinear,
};

/** The rule for an ONNX node, or undefined when the operator is not supported. */
export function onnxRule(domain: string, op: string): ShapeRule | undefined {
  if (domain === '' || domain === 'ai.onnx') return Object.hasOwn(ONNX, op) ? ONNX[op] : undefined;
  if (domain === 'com.microsoft') return Object.hasOwn(MICROSOFT, op) ? MICROSOFT[op] : undefined;
  return undefined;
}
