// Shape inference behaviour users rely on, on IR graphs built in code: operator rules, constant
// propagation through exporter shape subgraphs, symbolic dims, pinning, and the diagnostics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferShapes, inferShapesDetailed } from '../src/core/shapes/inferShapes';
import { IrBuilder, shapeOf } from './support/irBuilder';

test('Conv with padding, stride, dilation and groups gives the output size', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [1, 32, 112, 112]).constant('w', 'float32', [32, 1, 3, 3])
    .node('Conv', ['x', 'w'], ['y'], { group: 32, strides: [2, 2], pads: [1, 1, 1, 1] })
    .node('Conv', ['y', 'w'], ['z'], { group: 32, dilations: [2, 2], auto_pad: 'VALID' })
    .output('z').build();
  assert.deepEqual(inferShapes(m), []);
  assert.deepEqual(shapeOf(m, 'y'), [1, 32, 56, 56]);
  assert.deepEqual(shapeOf(m, 'z'), [1, 32, 52, 52]);
});

test('MaxPool ceil_mode rounds up and SAME_UPPER keeps ceil(in/stride)', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [1, 8, 13, 13])
    .node('MaxPool', ['x'], ['a', 'idx'], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 })
    .node('AveragePool', ['x'], ['b'], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' })
    .output('a', 'b').build();
  inferShapes(m);
  assert.deepEqual(shapeOf(m, 'a'), [1, 8, 6, 6]);
  assert.deepEqual(m.graphs[0]!.tensors.get('idx')!.dtype, 'int64');
  assert.deepEqual(shapeOf(m, 'b'), [1, 8, 7, 7]);
});

test('Shape -> Gather -> Unsqueeze -> Concat -> Reshape resolves with a symbolic batch', () => {
  const m = new IrBuilder()
    .input('x', 'float32', ['batch', 64, 7, 7])
    .constant('zero', 'int64', [], [0]).constant('minus1', 'int64', [1], [-1])
    .node('Shape', ['x'], ['s'])
    .node('Gather', ['s', 'zero'], ['n'], { axis: 0 })
    .node('Unsqueeze', ['n'], ['n1'], {}).constant('ax', 'int64', [1], [0])
    .node('Concat', ['n1', 'minus1'], ['target'], { axis: 0 })
    .node('Reshape', ['x', 'target'], ['y'])
    .output('y').build();
  // Unsqueeze-13 takes axes as an input.
  m.graphs[0]!.nodes[2]!.inputs.push('ax');
  m.graphs[0]!.tensors.get('ax')!.consumers.push(2);
  const r = inferShapesDetailed(m);
  assert.deepEqual(r.values[0]!.get('target'), ['batch', -1]);
  assert.deepEqual(shapeOf(m, 'y'), ['batch', 3136]);
});

test('pinning a dim resolves it everywhere and silences the dynamic-input warning', () => {
  const build = () => new IrBuilder()
    .input('x', 'float32', ['batch', 'seq', 16]).constant('w', 'float32', [16, 4])
    .node('MatMul', ['x', 'w'], ['y']).output('y').build();
  const dynamic = build();
  const warnings = inferShapes(dynamic).filter((d) => d.code === 'shapes/dynamic-input-dim');
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!.message, /pin/);
  assert.deepEqual(shapeOf(dynamic, 'y'), ['batch', 'seq', 4]);
  const pinned = build();
  const diags = inferShapes(pinned, { dims: { batch: 1, seq: 128 } });
  assert.deepEqual(diags.filter((d) => d.code === 'shapes/dynamic-input-dim'), []);
  assert.deepEqual(shapeOf(pinned, 'y'), [1, 128, 4]);
});

test('symbolic arithmetic: Concat of seq and seq gives seq+seq, Flatten multiplies', () => {
  const m = new IrBuilder()
    .input('a', 'float32', ['batch', 'seq', 8]).input('b', 'float32', ['batch', 'seq', 8])
    .node('Concat', ['a', 'b'], ['c'], { axis: 1 })
    .node('Flatten', ['a'], ['f'], { axis: 1 })
    .output('c', 'f').build();
  inferShapes(m);
  assert.deepEqual(shapeOf(m, 'c'), ['batch', 'seq+seq', 8]);
  assert.deepEqual(shapeOf(m, 'f'), ['batch', 'seq*8']);
});

// An impossible broadcast of known sizes makes the model invalid: ONNX Runtime refuses it at session
// creation ("[ShapeInferenceError] Incompatible dimensions", test/oracle-ort.test.ts), so it is the
// model's own error, not a gap in inference.
test('broadcasting: numpy rules, and an impossible broadcast is an invalid model (an error), not a shape', () => {
  const m = new IrBuilder()
    .input('a', 'float32', [8, 1, 6]).input('b', 'float32', [7, 1]).input('c', 'float32', [3])
    .node('Add', ['a', 'b'], ['ab']).node('Mul', ['ab', 'c'], ['bad'])
    .output('bad').build();
  const diags = inferShapes(m);
  assert.deepEqual(shapeOf(m, 'ab'), [8, 7, 6]);
  assert.equal(shapeOf(m, 'bad'), null);
  assert.ok(diags.some((d) => d.code === 'shapes/invalid-shape' && d.severity === 'error' && d.node === 1 && /cannot broadcast dims 6 and 3/.test(d.message)));
});

// Before opset 7 (8 for Sum/Max/Min/Mean) ONNX broadcast "legacy" style: a PRelu-6 slope of [C] is
// per channel, an Add-6 with broadcast=1 and axis=1 lays B along A's axis 1. ONNX's own inference
// for those versions gives the first input's shape (onnx/onnx@f754691 onnx/defs/math/old.cc:2118-2186
// and :2532, propagateShapeAndTypeFromFirstInput); numpy's rule would call these valid models invalid
// (libonnx-testdata's pytorch-converted test_PReLU_*_multiparam).
test('legacy broadcasting (opset < 7): the first input\'s shape, not an invalid model', () => {
  const m = new IrBuilder(6)
    .input('x', 'float32', [2, 3, 4]).input('slope', 'float32', [3]).input('b', 'float32', [3])
    .node('PRelu', ['x', 'slope'], ['p']).node('Add', ['p', 'b'], ['y'], { broadcast: 1, axis: 1 })
    .output('y').build();
  const diags = inferShapes(m);
  assert.deepEqual(shapeOf(m, 'p'), [2, 3, 4]);
  assert.deepEqual(shapeOf(m, 'y'), [2, 3, 4]);
  assert.deepEqual(diags.filter((d) => d.severity !== 'info').map((d) => d.code), []);
  // The same graph at opset 7 broadcasts as numpy does: [2, 3, 4] with [3] is invalid there.
  const modern = new IrBuilder(7)
    .input('x', 'float32', [2, 3, 4]).input('slope', 'float32', [3])
    .node('PRelu', ['x', 'slope'], ['p']).output('p').build();
  assert.ok(inferShapes(modern).some((d) => d.code === 'shapes/invalid-shape' && d.severity === 'error'));
});

test('an unknown operator leaves its outputs unknown, reports info once, and downstream stays unknown', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [1, 3])
    .node('MysteryOp', ['x'], ['y'], {}, 'com.example').node('MysteryOp', ['y'], ['z'], {}, 'com.example')
    .node('Relu', ['z'], ['r']).output('r').build();
  const diags = inferShapes(m);
  const info = diags.filter((d) => d.code === 'shapes/unknown-op');
  assert.equal(info.length, 1);
  assert.equal(info[0]!.severity, 'info');
  assert.match(info[0]!.message, /2 node/);
  assert.equal(shapeOf(m, 'y'), null);
  assert.equal(shapeOf(m, 'r'), null);
});

test('a declared output shape that contradicts inference is a warning', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [2, 3]).constant('w', 'float32', [3, 5])
    .declare('y', 'float32', [2, 4])
    .node('MatMul', ['x', 'w'], ['y']).output('y').build();
  const diags = inferShapes(m);
  const mismatch = diags.filter((d) => d.code === 'shapes/declared-mismatch');
  assert.equal(mismatch.length, 1);
  assert.equal(mismatch[0]!.tensor, 'y');
  assert.deepEqual(shapeOf(m, 'y'), [2, 5]);
  assert.equal(m.graphs[0]!.tensors.get('y')!.shapeSource, 'inferred');
});

test('Squeeze/Unsqueeze/Split/ReduceMean take axes as attributes before opset 13', () => {
  const m = new IrBuilder(11)
    .input('x', 'float32', [4, 1, 6])
    .node('Squeeze', ['x'], ['s'], { axes: [1] })
    .node('Unsqueeze', ['s'], ['u'], { axes: [0, -1] })
    .node('Split', ['x'], ['p', 'q'], { axis: 2, split: [2, 4] })
    .node('ReduceMean', ['x'], ['m'], { axes: [2], keepdims: 0 })
    .output('u', 'p', 'q', 'm').build();
  assert.deepEqual(inferShapes(m), []);
  assert.deepEqual(shapeOf(m, 's'), [4, 6]);
  assert.deepEqual(shapeOf(m, 'u'), [1, 4, 6, 1]);
  assert.deepEqual(shapeOf(m, 'p'), [4, 1, 2]);
  assert.deepEqual(shapeOf(m, 'q'), [4, 1, 4]);
  assert.deepEqual(shapeOf(m, 'm'), [4, 1]);
});

test('Slice and Pad read their bounds from constant inputs (opset 13)', () => {
  const m = new IrBuilder(13)
    .input('x', 'float32', [1, 3, 10, 10])
    .constant('starts', 'int64', [2], [1, -3]).constant('ends', 'int64', [2], [2 ** 40, 2 ** 40]).constant('axes', 'int64', [2], [2, 3])
    .constant('pads', 'int64', [8], [0, 0, 1, 2, 0, 0, 3, 4])
    .node('Slice', ['x', 'starts', 'ends', 'axes'], ['s'])
    .node('Pad', ['x', 'pads'], ['p'])
    .output('s', 'p').build();
  inferShapes(m);
  assert.deepEqual(shapeOf(m, 's'), [1, 3, 9, 3]);
  assert.deepEqual(shapeOf(m, 'p'), [1, 3, 14, 16]);
});

test('LSTM: bidirectional output shapes; data-dependent NonZero gets a named unknown', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [50, 2, 40]).constant('w', 'float32', [2, 256, 40]).constant('r', 'float32', [2, 256, 64])
    .node('LSTM', ['x', 'w', 'r'], ['y', 'yh', 'yc'], { hidden_size: 64, direction: 'bidirectional' })
    .node('NonZero', ['x'], ['nz'])
    .output('y', 'yh', 'yc', 'nz').build();
  inferShapes(m);
  assert.deepEqual(shapeOf(m, 'y'), [50, 2, 2, 64]);
  assert.deepEqual(shapeOf(m, 'yc'), [2, 2, 64]);
  const nz = shapeOf(m, 'nz')!;
  assert.equal(nz[0], 3);
  assert.equal(typeof nz[1], 'string');
});

test('quantized ops: QLinearConv takes the zero point type, DequantizeLinear gives float32', () => {
  const m = new IrBuilder()
    .input('x', 'uint8', [1, 3, 8, 8]).constant('xs', 'float32', []).constant('xz', 'uint8', [])
    .constant('w', 'int8', [16, 3, 3, 3]).constant('ws', 'float32', []).constant('wz', 'int8', [])
    .constant('ys', 'float32', []).constant('yz', 'int8', [])
    .node('QLinearConv', ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz'], ['y'], { pads: [1, 1, 1, 1] })
    .node('DequantizeLinear', ['y', 'ys', 'yz'], ['f'])
    .output('f').build();
  inferShapes(m);
  assert.deepEqual(shapeOf(m, 'y'), [1, 16, 8, 8]);
  assert.equal(m.graphs[0]!.tensors.get('y')!.dtype, 'int8');
  assert.equal(m.graphs[0]!.tensors.get('f')!.dtype, 'float32');
});

test('TFLite: stored shapes are kept, and a disagreeing one is reported', () => {
  const m = new IrBuilder(1, 'tflite')
    .input('x', 'float32', [1, 32, 32, 3]).constant('w', 'float32', [8, 3, 3, 3])
    .declare('y', 'float32', [1, 16, 16, 8]).declare('bad', 'float32', [1, 15, 15, 8])
    .node('CONV_2D', ['x', 'w'], ['y'], { strides: [2, 2], auto_pad: 'SAME_UPPER' })
    .node('CONV_2D', ['x', 'w'], ['bad'], { strides: [2, 2], auto_pad: 'SAME_UPPER' })
    .output('y', 'bad').build();
  const diags = inferShapes(m).filter((d) => d.code === 'shapes/declared-mismatch');
  assert.deepEqual(diags.map((d) => d.tensor), ['bad']);
  assert.deepEqual(shapeOf(m, 'bad'), [1, 15, 15, 8]);
  assert.equal(m.graphs[0]!.tensors.get('y')!.shapeSource, 'declared');
});
