// Verdicts that follow one upstream source line each (pinned under third_party/upstream/, cited in
// the test names): the errors issue 14 found in the hand-typed profiles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCompatibility, type NodeSupport } from '../src/core/analysis/compatibility';
import type { DType } from '../src/core/ir/dtype';
import type { Model } from '../src/core/ir/model';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { buildModel, int, ints, q, str } from './support/targetIr';

const target = (id: string) => getBuiltinTarget(id)!;
const judge = (model: Model, id: string): NodeSupport => checkCompatibility(model, target(id))[0]!;
const violated = (s: NodeSupport) => s.reasons.filter((r) => r.outcome === 'violated').map((r) => r.message).join('; ');

/** One TFLite op reading x and writing y, both of `dtype` (quantized when integer). */
function tfliteUnary(op: string, dtype: DType, outDtype: DType = dtype, shape = [1, 8, 8, 4]) {
  const quant = (d: DType) => (d === 'float32' || d === 'bool' ? {} : { quantization: q() });
  return buildModel('tflite', { x: { dtype, shape, ...quant(dtype) }, y: { dtype: outDtype, shape, ...quant(outDtype) } }, [{ op, canonicalOp: op, inputs: ['x'], outputs: ['y'] }]);
}

// ---- TFLite Micro (tensorflow/tflite-micro@90b983c2b3) ----

test('TFLM: EXP is float-only (kernels/exp.cc:41 TF_LITE_ENSURE_TYPES_EQ(input->type, kTfLiteFloat32))', () => {
  assert.equal(judge(tfliteUnary('EXP', 'float32'), 'tflm-cortex-m7').status, 'supported');
  const s = judge(tfliteUnary('EXP', 'int8'), 'tflm-cortex-m7');
  assert.equal(s.status, 'constraint-violated');
  assert.match(violated(s), /input 0 \('x'\) is int8; only float32 are supported/);
});

test('TFLM: SIN, COS, LOG, SQRT, SQUARE are float-only (kernels/elementwise.cc:46 IsNumericSupportedType); ABS and RSQRT take int8', () => {
  for (const op of ['SIN', 'COS', 'LOG', 'SQRT', 'SQUARE']) assert.equal(judge(tfliteUnary(op, 'int8'), 'tflm-cortex-m4').status, 'constraint-violated', op);
  assert.equal(judge(tfliteUnary('ABS', 'int8'), 'tflm-cortex-m4').status, 'supported');
  assert.equal(judge(tfliteUnary('RSQRT', 'int8'), 'tflm-cortex-m4').status, 'supported');
});

test('TFLM: CEIL, FLOOR, ROUND, FLOOR_DIV, FLOOR_MOD, L2_POOL_2D and the detection post-process name only kTfLiteFloat32', () => {
  const m7 = target('tflm-cortex-m7');
  for (const op of ['CEIL', 'FLOOR', 'ROUND', 'FLOOR_DIV', 'FLOOR_MOD', 'L2_POOL_2D', 'custom:TFLite_Detection_PostProcess']) {
    assert.deepEqual(m7.operators[op]!.dtypes, ['float32'], op);
  }
});

test('TFLM: ONNX Exp in an int8 model bridges to EXP and is rejected (exp.cc:41)', () => {
  const model = buildModel('onnx', { x: { dtype: 'int8', shape: [1, 16] }, y: { dtype: 'int8', shape: [1, 16] } }, [{ op: 'Exp', inputs: ['x'], outputs: ['y'] }]);
  const s = judge(model, 'tflm-cortex-m7');
  assert.deepEqual(s.judgedAs, ['EXP']);
  assert.equal(s.status, 'constraint-violated');
});

test('TFLM: uint8 runs in QUANTIZE, DEQUANTIZE, REVERSE_V2 (the kernels that name kTfLiteUInt8) and the byte-copying kernels (reshape.cc:41, squeeze.cc:108), not in ADD', () => {
  assert.equal(judge(tfliteUnary('ADD', 'uint8'), 'tflm-cortex-m7').status, 'constraint-violated');
  // TFLM itself runs a uint8 RESHAPE (test/oracle-tflm-kernel-types.test.ts): it copies bytes.
  assert.equal(judge(tfliteUnary('RESHAPE', 'uint8'), 'tflm-cortex-m7').status, 'supported');
  assert.equal(judge(tfliteUnary('QUANTIZE', 'uint8', 'int8'), 'tflm-cortex-m7').status, 'supported');
  assert.equal(judge(tfliteUnary('DEQUANTIZE', 'uint8', 'float32'), 'tflm-cortex-m7').status, 'supported');
  const withUint8 = Object.entries(target('tflm-cortex-m7').operators).filter(([, r]) => r.dtypes?.includes('uint8')).map(([op]) => op).sort();
  assert.deepEqual(withUint8, ['BROADCAST_TO', 'DEQUANTIZE', 'QUANTIZE', 'RESHAPE', 'REVERSE_V2', 'SHAPE', 'SQUEEZE']);
});

test('TFLM: per-tensor int8 conv weights are accepted (kernels/conv_common.cc:195 scale->size == 1 || == num_channels)', () => {
  const model = buildModel('tflite', {
    x: { dtype: 'int8', shape: [1, 8, 8, 4], quantization: q() }, w: { dtype: 'int8', shape: [8, 3, 3, 4], constant: true, quantization: q([0.02]) },
    b: { dtype: 'int32', shape: [8], constant: true, quantization: q() }, y: { dtype: 'int8', shape: [1, 8, 8, 8], quantization: q() },
  }, [{ op: 'CONV_2D', canonicalOp: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'], attributes: { strides: ints([1, 1]), padding: str('SAME') } }]);
  assert.equal(judge(model, 'tflm-cortex-m7').status, 'supported');
});

test('TFLM: the resolver list includes DYNAMIC_UPDATE_SLICE, REDUCE_ALL, REDUCE_MIN, REVERSE_V2 (micro_mutable_op_resolver.h)', () => {
  const ops = target('tflm-cortex-m4').operators;
  for (const op of ['DYNAMIC_UPDATE_SLICE', 'REDUCE_ALL', 'REDUCE_MIN', 'REVERSE_V2']) {
    assert.ok(ops[op]?.supported, op);
    assert.match(ops[op]!.source!, /micro_mutable_op_resolver\.h:\d+/);
  }
});

test('TFLM and Vela plan from the stored shape: -1 in shape_signature is not a dynamic dim (micro_allocator.cc:270)', () => {
  const model = buildModel('tflite', {
    x: { dtype: 'int8', shape: [1, 16], shapeSignature: [-1, 16], quantization: q() }, y: { dtype: 'int8', shape: [1, 16], shapeSignature: [-1, 16], quantization: q() },
  }, [{ op: 'RELU', canonicalOp: 'Relu', inputs: ['x'], outputs: ['y'] }]);
  assert.equal(judge(model, 'tflm-cortex-m7').status, 'supported');
  assert.equal(judge(model, 'ethos-u55-128').status, 'supported');
});

// ---- TFLite GPU delegate (google-ai-edge/LiteRT@f67457790c model_builder.cc) ----

test('GPU delegate: NewOperationParser handles HARD_SWISH, MEAN, TANH, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR, SPLIT, SLICE, BATCH_MATMUL, GELU, QUANTIZE, DEQUANTIZE', () => {
  const ops = target('tflite-gpu').operators;
  for (const op of ['HARD_SWISH', 'MEAN', 'TANH', 'TRANSPOSE', 'RESIZE_NEAREST_NEIGHBOR', 'SPLIT', 'SLICE', 'BATCH_MATMUL', 'GELU', 'QUANTIZE', 'DEQUANTIZE']) {
    assert.ok(ops[op]?.supported, op);
    assert.match(ops[op]!.source!, /model_builder\.cc:\d+/);
  }
  assert.equal(ops.CUSTOM, undefined, 'custom ops are looked up by code, not as a CUSTOM builtin');
});

test('GPU delegate: int32 inputs only for CAST, ONE_HOT, GATHER (model_builder.cc:3324-3341); SOFTMAX beta must be 1 (model_builder.cc:2350)', () => {
  assert.equal(judge(tfliteUnary('ADD', 'int32'), 'tflite-gpu').status, 'constraint-violated');
  assert.ok(target('tflite-gpu').operators.GATHER!.dtypes!.includes('int32'));
  assert.ok(target('tflite-gpu').operators.CAST!.dtypes!.includes('int32'));
  const softmax = (beta: number) => buildModel('tflite', { x: { dtype: 'float32', shape: [1, 10] }, y: { dtype: 'float32', shape: [1, 10] } },
    [{ op: 'SOFTMAX', canonicalOp: 'Softmax', inputs: ['x'], outputs: ['y'], attributes: { beta: { type: 'float', value: beta } } }]);
  assert.equal(judge(softmax(1), 'tflite-gpu').status, 'supported');
  assert.equal(judge(softmax(2), 'tflite-gpu').status, 'constraint-violated');
});

test('GPU delegate: op versions above the parser\'s CheckMaxSupportedOpVersion are rejected (Conv2DOperationParser: 6, model_builder.cc:621)', () => {
  const conv = (version: number) => {
    const m = tfliteUnary('CONV_2D', 'float32');
    m.graphs[0]!.nodes[0]!.opVersion = version;
    return m;
  };
  assert.equal(target('tflite-gpu').operators.CONV_2D!.maxOpVersion, 6);
  assert.equal(judge(conv(6), 'tflite-gpu').status, 'supported');
  const s = judge(conv(7), 'tflite-gpu');
  assert.equal(s.status, 'constraint-violated');
  assert.match(violated(s), /op version 7 is newer than the highest supported version 6/);
});

// ---- TFLite NNAPI delegate (nnapi_delegate.cc, NNAPIDelegateKernel::Validate) ----

test('NNAPI delegate: Validate has kTfLiteBuiltinSelect but no SelectV2, so ONNX Where (→ SELECT_V2) stays on the CPU', () => {
  const ops = target('tflite-nnapi').operators;
  assert.ok(ops.SELECT?.supported);
  assert.equal(ops.SELECT_V2, undefined);
  const where = buildModel('onnx', { c: { dtype: 'bool', shape: [1, 8] }, a: { dtype: 'float32', shape: [1, 8] }, b: { dtype: 'float32', shape: [1, 8] }, y: { dtype: 'float32', shape: [1, 8] } },
    [{ op: 'Where', inputs: ['c', 'a', 'b'], outputs: ['y'] }]);
  assert.equal(judge(where, 'tflite-nnapi').status, 'unsupported');
  for (const op of ['COS', 'DENSIFY', 'EMBEDDING_LOOKUP', 'HASHTABLE_LOOKUP', 'LOG_SOFTMAX', 'LSH_PROJECTION', 'REDUCE_ANY', 'REVERSE_V2', 'SPLIT_V', 'UNIDIRECTIONAL_SEQUENCE_RNN']) {
    assert.match(ops[op]?.source ?? '', /nnapi_delegate\.cc:\d+/, op);
  }
});

// ---- ONNX Runtime NNAPI / Core ML EPs ----

function onnxConv(xShape: number[], constantBias: boolean, dtype: DType = 'float32') {
  return buildModel('onnx', {
    x: { dtype, shape: xShape }, w: { dtype, shape: [4, xShape[1]!, 3, 3], constant: true }, b: { dtype, shape: [4], constant: constantBias },
    y: { dtype, shape: [xShape[0]!, 4, ...xShape.slice(2).map((d) => d - 2)] },
  }, [{ op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'], attributes: { kernel_shape: ints([3, 3]) } }]);
}

test('ORT NNAPI: "Only 2D Conv" limits the data input\'s rank, not the bias\'s (nnapi_supported_ops.md:12)', () => {
  assert.equal(judge(onnxConv([1, 3, 16, 16], true), 'ort-nnapi').status, 'supported');
  const s = judge(buildModel('onnx', { x: { dtype: 'float32', shape: [1, 3, 16] }, w: { dtype: 'float32', shape: [4, 3, 3], constant: true }, y: { dtype: 'float32', shape: [1, 4, 14] } },
    [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attributes: { kernel_shape: ints([3]) } }]), 'ort-nnapi');
  assert.match(violated(s), /input 0 \('x'\) has rank 3; rank 4 is required/);
  assert.ok(!/bias|input 2/.test(violated(judge(onnxConv([1, 3, 16, 16], true), 'ort-nnapi'))));
});

test('ORT NNAPI: quantized activations must be uint8 (op_builder_helpers.cc IsQuantizedIOSupported, excerpt line 50)', () => {
  const qdq = (out: DType) => buildModel('onnx', {
    x: { dtype: 'float32', shape: [1, 8] }, s: { dtype: 'float32', shape: [], constant: true }, z: { dtype: out, shape: [], constant: true }, y: { dtype: out, shape: [1, 8] },
  }, [{ op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['y'] }]);
  assert.equal(judge(qdq('uint8'), 'ort-nnapi').status, 'supported');
  assert.equal(judge(qdq('int8'), 'ort-nnapi').status, 'constraint-violated');
});

test('ORT Core ML: an input dim above 16384 is not supported (coreml/builders/helper.cc:70); dynamic dims are (coreml_provider_factory.h excerpt)', () => {
  const relu = (shape: (number | string)[]) => buildModel('onnx', { x: { dtype: 'float32', shape }, y: { dtype: 'float32', shape } }, [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }]);
  assert.equal(judge(relu([1, 16384]), 'ort-coreml').status, 'supported');
  assert.equal(judge(relu([1, 16385]), 'ort-coreml').status, 'constraint-violated');
  assert.equal(judge(relu(['batch', 64]), 'ort-coreml').status, 'supported');
  assert.equal(judge(relu(['batch', 64]), 'ort-coreml-mlprogram').status, 'supported');
});

test('ORT Core ML: Reciprocal and Shape are in the NeuralNetwork list; Gelu, Erf, LayerNormalization, ConvTranspose, GridSample only in the ML Program list', () => {
  const nn = target('ort-coreml').operators;
  const mlp = target('ort-coreml-mlprogram').operators;
  assert.ok(nn.Reciprocal?.supported && nn.Shape?.supported);
  for (const op of ['Gelu', 'Erf', 'LayerNormalization', 'ConvTranspose', 'GridSample']) {
    assert.ok(mlp[op]?.supported, op);
    assert.equal(nn[op], undefined, op);
    assert.match(mlp[op]!.source!, /coreml_supported_mlprogram_ops\.md:\d+/);
  }
});

// ---- TensorRT (onnx-tensorrt docs/operators.md per release branch) ----

test('TensorRT: each profile names its version; 10.1-GA imports HardSwish and LayerNormalization, 8.5-GA has no LayerNormalization, Hardmax, IsInf, DFT, STFT', () => {
  const trt10 = target('tensorrt-jetson-orin-nano');
  const trt85 = target('tensorrt-jetson-orin-nano-jp5');
  assert.match(trt10.runtimeVersion!, /TensorRT 10\.1/);
  assert.match(trt85.runtimeVersion!, /TensorRT 8\.5/);
  assert.ok(trt10.operators.HardSwish!.supported && trt10.operators.LayerNormalization!.supported);
  for (const op of ['LayerNormalization', 'Hardmax', 'IsInf', 'DFT', 'STFT', 'HannWindow']) assert.equal(trt85.operators[op]!.supported, false, op);
  // The 8.5 importer has HardSwish, Mod and OneHot (builtin_op_importers.cpp); the branch's table was corrected after the GA tag.
  assert.ok(trt85.operators.HardSwish!.supported);
  const ln = buildModel('onnx', { x: { dtype: 'float32', shape: [1, 8, 64] }, y: { dtype: 'float32', shape: [1, 8, 64] } }, [{ op: 'LayerNormalization', inputs: ['x'], outputs: ['y'], attributes: { axis: int(-1) } }]);
  assert.equal(judge(ln, 'tensorrt-jetson-orin-nano-jp5').status, 'unsupported');
  assert.equal(judge(ln, 'tensorrt-jetson-orin-nano').status, 'supported');
});

test('TensorRT: uint8 activations are not a layer type (8.5: not listed; 10.1: network I/O only); Q/DQ zero points must be 0', () => {
  const relu = buildModel('onnx', { x: { dtype: 'uint8', shape: [1, 8] }, y: { dtype: 'uint8', shape: [1, 8] } }, [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }]);
  assert.equal(judge(relu, 'tensorrt-jetson-orin-nano').status, 'constraint-violated');
  assert.equal(judge(relu, 'tensorrt-jetson-orin-nano-jp5').status, 'constraint-violated');
  const q8 = (zeroPoint: number) => {
    const m = buildModel('onnx', {
      x: { dtype: 'float32', shape: [1, 8] }, s: { dtype: 'float32', shape: [], constant: true }, z: { dtype: 'int8', shape: [1], constant: true }, y: { dtype: 'int8', shape: [1, 8] },
    }, [{ op: 'QuantizeLinear', inputs: ['x', 's', 'z'], outputs: ['y'] }]);
    m.weights = { read: (_g, name) => (name === 'z' ? new Uint8Array([zeroPoint & 0xff]) : new Uint8Array(4)) };
    return m;
  };
  assert.equal(judge(q8(0), 'tensorrt-jetson-orin-nano').status, 'supported');
  const s = judge(q8(3), 'tensorrt-jetson-orin-nano');
  assert.equal(s.status, 'constraint-violated');
  assert.match(violated(s), /`y_zero_point` must be 0|input 2 \('z'\) = \[3\]/);
});

// ---- Coral (closed compiler: hand-kept, cited per entry) ----

test('Coral: HARD_SWISH is not mapped to the Edge TPU (google-coral/edgetpu#272)', () => {
  const rule = target('coral-edgetpu').operators.HARD_SWISH!;
  assert.equal(rule.supported, false);
  assert.match(rule.source!, /google-coral\/edgetpu\/issues\/272/);
});
