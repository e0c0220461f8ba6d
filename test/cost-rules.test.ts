// Cost model formulas on small IR graphs: torchvision-style MAC counting, bytes, and null for unknowns.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeCosts } from '../src/core/cost/computeCosts';
import { inferShapes } from '../src/core/shapes/inferShapes';
import { IrBuilder } from './support/irBuilder';

test('Conv MACs = output elements x Cin/groups x kernel; bias and ReLU are FLOPs', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [1, 16, 10, 10]).constant('w', 'float32', [32, 16, 3, 3]).constant('b', 'float32', [32])
    .constant('dw', 'float32', [32, 1, 3, 3])
    .node('Conv', ['x', 'w', 'b'], ['y'], { pads: [1, 1, 1, 1] })
    .node('Conv', ['y', 'dw'], ['z'], { pads: [1, 1, 1, 1], group: 32 })
    .node('Relu', ['z'], ['r']).output('r').build();
  inferShapes(m);
  const c = computeCosts(m);
  assert.equal(c.nodes[0]!.macs, 32 * 10 * 10 * 16 * 9);
  assert.equal(c.nodes[0]!.flops, 32 * 10 * 10);
  assert.equal(c.nodes[1]!.macs, 32 * 10 * 10 * 9); // depthwise: one input channel per output
  assert.equal(c.nodes[2]!.macs, 0);
  assert.equal(c.nodes[2]!.flops, 3200);
  assert.equal(c.nodes[0]!.paramBytes, (32 * 16 * 9 + 32) * 4);
  assert.equal(c.nodes[0]!.inputBytes, 1600 * 4);
  assert.equal(c.nodes[0]!.outputBytes, 3200 * 4);
  assert.equal(c.nodes[0]!.activationBytes, 4800 * 4);
  const ops = 2 * c.nodes[0]!.macs! + c.nodes[0]!.flops!;
  assert.equal(c.nodes[0]!.arithmeticIntensity, ops / ((32 * 16 * 9 + 32) * 4 + 4800 * 4));
  assert.equal(c.totals.macs, 32 * 10 * 10 * 16 * 9 + 32 * 10 * 10 * 9);
  assert.deepEqual(c.totals.unknownNodes, []);
});

test('Gemm is in x out per row; batched MatMul counts every batch', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [4, 512]).constant('w', 'float32', [1000, 512]).constant('b', 'float32', [1000])
    .input('q', 'float32', [2, 8, 64, 32]).input('k', 'float32', [2, 8, 32, 64])
    .node('Gemm', ['x', 'w', 'b'], ['y'], { transB: 1 })
    .node('MatMul', ['q', 'k'], ['s'])
    .output('y', 's').build();
  inferShapes(m);
  const c = computeCosts(m);
  assert.equal(c.nodes[0]!.macs, 4 * 512 * 1000);
  assert.equal(c.nodes[1]!.macs, 2 * 8 * 64 * 64 * 32);
});

test('LSTM counts every time step and both directions', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [50, 1, 40]).constant('w', 'float32', [2, 256, 40]).constant('r', 'float32', [2, 256, 64])
    .node('LSTM', ['x', 'w', 'r'], ['y'], { hidden_size: 64, direction: 'bidirectional' })
    .output('y').build();
  inferShapes(m);
  assert.equal(computeCosts(m).nodes[0]!.macs, 50 * 2 * 1 * 256 * (40 + 64));
});

test('weights routed through Identity (torch exports) are parameters, not activations', () => {
  const m = new IrBuilder()
    .input('x', 'float32', [1, 8]).constant('w0', 'float32', [8, 8])
    .node('Identity', ['w0'], ['w']).node('MatMul', ['x', 'w'], ['y']).output('y').build();
  inferShapes(m);
  const c = computeCosts(m);
  assert.equal(c.nodes[1]!.paramBytes, 256);
  assert.equal(c.nodes[1]!.inputBytes, 32);
  assert.equal(c.nodes[0]!.macs, 0);
  assert.equal(c.totals.weightBytes, 256);
});

test('unknown shapes or ops give null costs, listed in totals, never 0', () => {
  const m = new IrBuilder()
    .input('x', 'float32', null).constant('w', 'float32', [8, 8])
    .node('MatMul', ['x', 'w'], ['y']).node('MysteryOp', ['y'], ['z'], {}, 'com.example').output('z').build();
  inferShapes(m);
  const c = computeCosts(m);
  assert.equal(c.nodes[0]!.macs, null);
  assert.equal(c.nodes[1]!.macs, null);
  assert.deepEqual(c.totals.unknownNodes, [0, 1]);
});

test('TFLite: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED use their weight layouts', () => {
  const m = new IrBuilder(1, 'tflite')
    .input('x', 'int8', [1, 16, 16, 8]).constant('w', 'int8', [16, 3, 3, 8]).constant('dw', 'int8', [1, 3, 3, 16])
    .constant('fc', 'int8', [10, 16])
    .declare('y', 'int8', [1, 16, 16, 16]).declare('d', 'int8', [1, 8, 8, 16]).declare('p', 'int8', [1, 16]).declare('o', 'int8', [1, 10])
    .node('CONV_2D', ['x', 'w'], ['y'], { strides: [1, 1], auto_pad: 'SAME_UPPER' })
    .node('DEPTHWISE_CONV_2D', ['y', 'dw'], ['d'], { strides: [2, 2], auto_pad: 'SAME_UPPER' })
    .node('MEAN', ['d'], ['p'])
    .node('FULLY_CONNECTED', ['p', 'fc'], ['o'])
    .output('o').build();
  inferShapes(m);
  const c = computeCosts(m);
  assert.equal(c.nodes[0]!.macs, 16 * 16 * 16 * 9 * 8);
  assert.equal(c.nodes[1]!.macs, 8 * 8 * 16 * 9);
  assert.equal(c.nodes[3]!.macs, 10 * 16);
  assert.equal(c.nodes[0]!.paramBytes, 16 * 9 * 8);
});

test('a gather or slice moves the elements it outputs, not its whole table; unknown sizes move unknown bytes', () => {
  // Ground truth: TFLite Micro's gather copies `inner_size` elements per coordinate and nothing else
  // (tensorflow/tflite-micro@90b983c2b3 tensorflow/lite/micro/kernels/gather.cc:84-93,
  // third_party/tflm/tensorflow/lite/micro/kernels/gather.cc); its slices loop over the output window.
  const m = new IrBuilder()
    .input('ids', 'int32', [1, 8]).constant('table', 'float32', [30000, 64])
    .input('x', 'float32', [1, 16]).constant('w', 'float32', [16, 4])
    .constant('starts', 'int64', [1]).constant('ends', 'int64', [1]).constant('axes', 'int64', [1])
    .input('tokens', 'int32', ['seq'])
    .node('Gather', ['table', 'ids'], ['emb'])
    .node('MatMul', ['x', 'w'], ['y'])
    .node('Gather', ['table', 'tokens'], ['emb2'])
    .output('emb', 'y', 'emb2').build();
  inferShapes(m);
  const c = computeCosts(m);
  const gather = c.nodes[0]!;
  const rows = 8 * 64 * 4;
  assert.equal(gather.paramBytes, 30000 * 64 * 4, 'the table is still the node\'s parameters (flash, model size)');
  assert.equal(gather.movedBytes, 2 * rows + 8 * 4, 'read the 8 rows, write them, read the 8 indices');
  assert.equal(c.nodes[1]!.movedBytes, c.nodes[1]!.paramBytes! + c.nodes[1]!.activationBytes!, 'any other op moves its parameters and activations');
  assert.equal(c.nodes[2]!.movedBytes, null, 'a gather of an unknown number of tokens moves an unknown number of bytes');
});

test('a Shape op moves its output only: it reads its input\'s dims, not its data', () => {
  // Ground truth: TFLite Micro's SHAPE copies input->dims->data (tensorflow/tflite-micro@90b983c2b3
  // tensorflow/lite/micro/kernels/shape.cc:32-34).
  const m = new IrBuilder()
    .input('x', 'float32', [1, 64, 56, 56]).input('t', 'float32', ['seq', 64])
    .node('Shape', ['x'], ['s'])
    .node('Shape', ['t'], ['s2'])
    .output('s', 's2').build();
  inferShapes(m);
  const c = computeCosts(m);
  assert.equal(c.nodes[0]!.movedBytes, 4 * 8, 'four int64 dims written, none of the 802 KB read');
  assert.equal(c.nodes[1]!.movedBytes, 2 * 8, 'a tensor of unknown size still has known dims: a known, tiny traffic');
});
