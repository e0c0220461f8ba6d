// The lowering passes on small graphs whose deployed form is known from the upstream rule each
// pass follows (cited per test; src/core/lowering/sources.ts has the pinned commits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareModel } from '../src/core/analyze';
import type { Model } from '../src/core/ir/model';
import { lowerFor } from '../src/core/lowering/lower';
import type { Lowering } from '../src/core/lowering/types';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { IrBuilder } from './support/irBuilder';

function lower(model: Model, targetId: string): Lowering {
  const target = getBuiltinTarget(targetId);
  assert.ok(target, targetId);
  return lowerFor({ ...prepareModel(model), lowerings: new Map() }, target);
}

const ops = (l: Lowering) => l.model.graphs[0]!.nodes.map((n) => n.op);
const nodeNamed = (m: Model, name: string) => m.graphs[0]!.nodes.findIndex((n) => n.name === name);

/** x → Conv(3×3, pads 1) → Relu|Clip(0,6) → y, float, NCHW. */
function convAct(act: 'Relu' | 'Clip'): Model {
  const b = new IrBuilder(13)
    .input('x', 'float32', [1, 8, 16, 16])
    .constant('w', 'float32', [16, 8, 3, 3]).constant('b', 'float32', [16])
    .node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  if (act === 'Relu') b.node('Relu', ['c'], ['y']);
  else b.constant('lo', 'float32', []).constant('hi', 'float32', []).node('Clip', ['c', 'lo', 'hi'], ['y']);
  return b.declare('y', 'float32', [1, 16, 16, 16]).output('y').build();
}

test('Relu after Conv is fused on TFLite, TFLM, Edge TPU, Ethos-U and TensorRT targets, and says into what', () => {
  // TFLite: FuseActFnIntoConvOpPat (optimize_patterns.td); TensorRT: Layer Fusion Catalog, convolution + ReLU.
  for (const id of ['tflite-gpu', 'tflm-cortex-m7', 'coral-edgetpu', 'ethos-u55-128', 'tensorrt-jetson-orin-nano', 'ort-cpu-desktop']) {
    const model = convAct('Relu');
    const l = lower(model, id);
    const relu = nodeNamed(model, 'Relu_1');
    const fate = l.fates[relu]!;
    assert.equal(fate.kind, 'fused', `${id}: Relu fused`);
    const kernel = l.model.graphs[0]!.nodes[fate.into!]!;
    assert.match(kernel.op, /^(CONV_2D|Conv)$/, id);
    assert.match(fate.why, /fused into (CONV_2D|Conv) 'Conv_0' as (RELU|Relu)/, id);
    assert.ok(!ops(l).some((op) => op === 'RELU' || op === 'Relu'), `${id}: no separate activation kernel`);
    assert.deepEqual(l.covers[fate.into!], [0, relu], `${id}: the kernel covers Conv then Relu`);
  }
});

test('ONNX Runtime EPs (level-1 only before partitioning) keep Relu as its own node', () => {
  // ConvActivationFusion is a level-2 transformer registered for the CPU EP (graph_transformer_utils.cc).
  const l = lower(convAct('Relu'), 'ort-nnapi');
  assert.deepEqual(ops(l), ['Conv', 'Relu']);
});

test('Clip(0, 6) after Conv becomes CONV_2D with RELU6 on TFLite targets', () => {
  const model = convAct('Clip');
  // Clip's bounds are read from the weights only when present; the builder has none, so feed the attributes form.
  const clip = model.graphs[0]!.nodes[1]!;
  clip.inputs = ['c'];
  clip.attributes = { min: { type: 'float', value: 0 }, max: { type: 'float', value: 6 } };
  const l = lower(model, 'tflite-gpu');
  const conv = l.model.graphs[0]!.nodes.find((n) => n.op === 'CONV_2D')!;
  assert.deepEqual(conv.attributes.fused_activation_function, { type: 'string', value: 'RELU6' });
});

test('ONNX → TFLite: NCHW input gets one TRANSPOSE, explicit pads become PAD + VALID, weights become OHWI', () => {
  // TinyNeuralNetwork's MobileNetV2 (../shared) has exactly this shape: TRANSPOSE, PAD, CONV_2D(VALID).
  const l = lower(convAct('Relu'), 'tflite-gpu');
  assert.deepEqual(ops(l), ['TRANSPOSE', 'PAD', 'CONV_2D', 'TRANSPOSE']);
  const g = l.model.graphs[0]!;
  const conv = g.nodes[2]!;
  assert.deepEqual(conv.attributes.padding, { type: 'string', value: 'VALID' });
  assert.deepEqual(g.tensors.get(conv.inputs[1]!)!.shape, [16, 3, 3, 8], 'OHWI');
  assert.deepEqual(g.tensors.get(g.nodes[1]!.outputs[0]!)!.shape, [1, 18, 18, 8], 'padded NHWC');
  // The output keeps its NCHW layout (16×16 spatial, so the bytes move): a TRANSPOSE back writes it.
  const last = g.nodes[3]!;
  assert.deepEqual([last.outputs[0], g.tensors.get('y')!.shape], ['y', [1, 16, 16, 16]]);
});

test('a Transpose pair that only undoes the layout change disappears', () => {
  // NCHW → Transpose(0,2,3,1) → NHWC-ordered tensor → Transpose(0,3,1,2): both are absorbed by the
  // converter's NHWC layout (TFLite converters remove layout transposes).
  const model = new IrBuilder(13)
    .input('x', 'float32', [1, 8, 4, 4])
    .constant('w', 'float32', [8, 8, 1, 1])
    .node('Conv', ['x', 'w'], ['c'], { kernel_shape: [1, 1] })
    .node('Transpose', ['c'], ['t'], { perm: [0, 2, 3, 1] })
    .node('Relu', ['t'], ['r'])
    .node('Transpose', ['r'], ['u'], { perm: [0, 3, 1, 2] })
    .node('Conv', ['u', 'w'], ['y'], { kernel_shape: [1, 1] })
    .declare('y', 'float32', [1, 8, 4, 4]).output('y').build();
  const l = lower(model, 'tflite-gpu');
  assert.ok(l.fates.filter((f) => f.kind === 'elided').length >= 1, 'a layout transpose is elided');
  assert.ok(ops(l).filter((o) => o === 'TRANSPOSE').length <= 3, ops(l).join(' '));
});

test('QDQ node unit: DQ → Conv → Q is one int8 kernel with per-channel int8 weights; the input Q stays QUANTIZE', () => {
  // ORT NodeUnit (ConvNodeGroupSelector) and TFLite's TFLFullQuantization both treat DQ → op → Q as one quantized op.
  const model = new IrBuilder(13)
    .input('x', 'float32', [1, 4, 8, 8])
    .constant('s', 'float32', []).constant('z', 'int8', [])
    .constant('wq', 'int8', [8, 4, 1, 1]).constant('ws', 'float32', [8]).constant('wz', 'int8', [8])
    .node('QuantizeLinear', ['x', 's', 'z'], ['xq'])
    .node('DequantizeLinear', ['xq', 's', 'z'], ['xd'])
    .node('DequantizeLinear', ['wq', 'ws', 'wz'], ['wd'], { axis: 0 })
    .node('Conv', ['xd', 'wd'], ['c'], { kernel_shape: [1, 1] })
    .node('QuantizeLinear', ['c', 's', 'z'], ['cq'])
    .node('DequantizeLinear', ['cq', 's', 'z'], ['y'])
    .declare('y', 'float32', [1, 8, 8, 8]).output('y').build();
  for (const id of ['ort-nnapi', 'coral-edgetpu']) {
    const l = lower(model, id);
    const g = l.model.graphs[0]!;
    const conv = g.nodes.find((n) => n.canonicalOp === 'Conv')!;
    assert.equal(g.tensors.get(conv.inputs[0]!)!.dtype, 'int8', `${id}: reads int8`);
    assert.equal(g.tensors.get(conv.outputs[0]!)!.dtype, 'int8', `${id}: writes int8`);
    const w = g.tensors.get(conv.inputs[1]!)!;
    assert.equal(w.dtype, 'int8');
    assert.deepEqual([w.quantization?.channels, w.quantization?.axis], [8, 0], 'per channel, as the DQ scale says');
    assert.equal(l.fates[2]!.kind, 'absorbed', `${id}: the weight DQ runs inside the kernel`);
    assert.equal(l.fates[4]!.kind, 'absorbed', `${id}: the output Q too`);
    const kinds = g.nodes.map((n) => n.canonicalOp);
    assert.deepEqual(kinds.filter((k) => k === 'QuantizeLinear' || k === 'DequantizeLinear'), ['QuantizeLinear', 'DequantizeLinear'], `${id}: only the float boundary stays`);
  }
});

test('a float model on an integer-only TFLite target is lowered to its full-int8 conversion', () => {
  // TFLite converter with a representative dataset: int8 activations and weights, int32 bias, float I/O with QUANTIZE/DEQUANTIZE.
  const l = lower(convAct('Relu'), 'coral-edgetpu');
  assert.match(l.conversion.statement, /judged as its TFLite full-int8 conversion/);
  const g = l.model.graphs[0]!;
  assert.equal(g.nodes[0]!.op, 'QUANTIZE');
  assert.equal(g.nodes[g.nodes.length - 1]!.op, 'DEQUANTIZE');
  const conv = g.nodes.find((n) => n.op === 'CONV_2D')!;
  assert.equal(g.tensors.get(conv.inputs[1]!)!.dtype, 'int8');
  assert.equal(g.tensors.get(conv.inputs[2]!)!.dtype, 'int32');
  const bytes = (name: string) => g.tensors.get(name)!.dataBytes;
  assert.deepEqual([bytes(conv.inputs[1]!), bytes(conv.inputs[2]!)], [16 * 3 * 3 * 8, 16 * 4], 'int8 weights, int32 bias');
  for (const t of g.tensors.values()) if (!t.constant && !t.isGraphInput && !t.isGraphOutput) assert.equal(t.dtype, 'int8', t.name);
});

test('BatchNormalization after Conv folds into it on every family', () => {
  // ConvBNFusion (ORT level 1), the TFLite converter's folding, TensorRT's fusion.
  const model = new IrBuilder(13)
    .input('x', 'float32', [1, 4, 8, 8])
    .constant('w', 'float32', [4, 4, 1, 1])
    .constant('g', 'float32', [4]).constant('be', 'float32', [4]).constant('m', 'float32', [4]).constant('v', 'float32', [4])
    .node('Conv', ['x', 'w'], ['c'], { kernel_shape: [1, 1] })
    .node('BatchNormalization', ['c', 'g', 'be', 'm', 'v'], ['y'])
    .declare('y', 'float32', [1, 4, 8, 8]).output('y').build();
  for (const id of ['ort-nnapi', 'tflite-gpu', 'tensorrt-jetson-orin-nano']) {
    const l = lower(model, id);
    assert.equal(l.fates[1]!.kind, 'fused', id);
    assert.match(l.fates[1]!.why, /BatchNorm folding/);
    const conv = l.model.graphs[0]!.nodes.find((n) => n.canonicalOp === 'Conv')!;
    assert.ok(conv.inputs[2], `${id}: the folded conv has a bias`);
  }
});

test('lowerings are cached per conversion: integer-only TFLite targets share one', () => {
  const prepared = { ...prepareModel(convAct('Relu')), lowerings: new Map() };
  const a = lowerFor(prepared, getBuiltinTarget('coral-edgetpu')!);
  const b = lowerFor(prepared, getBuiltinTarget('tflm-cortex-m4')!);
  const c = lowerFor(prepared, getBuiltinTarget('tflm-cortex-m7')!);
  assert.equal(b, c, 'both TFLM targets: the same float TFLite conversion');
  assert.notEqual(a, b, 'the Edge TPU one is int8');
  assert.equal(prepared.lowerings.size, 2);
});
