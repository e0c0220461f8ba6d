// The pure profiling engine: ORT trace parsing, fused-kernel mapping, the layer profile and the
// TFLite benchmark_model parser, on generated inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertedKernelLabel, mapOptimizedToOriginal } from '../src/core/layerTiming/fusedMapping';
import { buildLayerTiming, layerTimingCsv } from '../src/core/layerTiming/layerTiming';
import { parseOrtTrace } from '../src/core/layerTiming/ortTrace';
import { quantile } from '../src/core/layerTiming/stats';
import { benchmarkToLayerTiming, parseBenchmarkOpProfile } from '../src/core/layerTiming/tfliteBenchmark';
import type { ReportNode } from '../src/core/report/report';
import { fakeBenchmarkOutput, fakeOrtTrace } from './fixtures/profileFixtures';

function rn(index: number, name: string, op: string, inputs: string[], outputs: string[], extra: Partial<ReportNode> = {}): ReportNode {
  return { index, name, op, domain: '', canonicalOp: op, inputs, outputs, attributes: {}, macs: 500, flops: 1000, paramBytes: 100, activationBytes: 400, latencyUs: 10, ...extra };
}

// x → Conv(c0) → t0 → Relu(r0) → t1 → Conv(c1) → t2 → Relu(r1) → y ; w0 via Identity(id0) from a weight.
const original = [
  rn(0, 'id0', 'Identity', ['w0_raw'], ['w0']),
  rn(1, 'c0', 'Conv', ['x', 'w0'], ['t0']),
  rn(2, 'r0', 'Relu', ['t0'], ['t1']),
  rn(3, 'c1', 'Conv', ['t1', 'w1'], ['t2'], { macs: 50000, flops: 100000 }),
  rn(4, 'r1', 'Relu', ['t2'], ['y']),
];
const tensors = Object.fromEntries(['w0_raw', 'w1'].map((t) => [t, { shape: [8], dtype: 'float32', bytes: 32, constant: true }]));
// ORT: c0+r0 → NCHWc conv named after t1, reordered back to NCHW; c1+r1 → FusedConv keeping c1's name.
const optimized = {
  nodes: [
    { name: 'ReorderInput', op: 'ReorderInput', inputs: ['x'], outputs: ['reorder_token_0'] },
    { name: 't1_nchwc', op: 'Conv', inputs: ['reorder_token_0', 'w0'], outputs: ['reorder_token_1'] },
    { name: 'ReorderOutput', op: 'ReorderOutput', inputs: ['reorder_token_1'], outputs: ['t1'] },
    { name: 'c1', op: 'FusedConv', inputs: ['t1', 'w1'], outputs: ['y'] },
  ],
  inputs: ['x'],
};

test('parseOrtTrace assigns kernels to runs, drops warm-up runs and sums repeated calls', () => {
  const trace = fakeOrtTrace([{ name: 'a', op: 'Conv', us: [100, 10, 12, 14] }, { name: 'b', op: 'Relu', us: [50, 5, 6, 7] }, { name: 'a', op: 'Conv', us: [1, 1, 1, 1] }], 4);
  const p = parseOrtTrace(trace, 1);
  assert.equal(p.runUs.length, 3);
  assert.deepEqual(p.kernels.map((k) => k.name), ['a', 'b']);
  assert.deepEqual(p.kernels[0]!.durationsUs, [11, 13, 15]);
  assert.deepEqual(p.kernels[1]!.durationsUs, [5, 6, 7]);
  assert.equal(p.kernels[0]!.provider, 'CPUExecutionProvider');
  assert.deepEqual(p.kernels[0]!.inputShapes, ['float[1×8×4×4]']);
  assert.throws(() => parseOrtTrace('[]'), /no trace events/);
});

test('quantiles interpolate', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([5], 0.99), 5);
});

test('fused kernels map back to the original nodes they cover; constant-only nodes are folded', () => {
  const m = mapOptimizedToOriginal({ nodes: original, constants: new Set(['w0_raw', 'w1']) }, optimized);
  assert.deepEqual(m.covers.get('t1_nchwc'), [1, 2]);
  assert.deepEqual(m.covers.get('c1'), [3, 4]);
  assert.deepEqual(m.covers.get('ReorderOutput'), []);
  assert.deepEqual(m.covers.get('ReorderInput'), []);
  assert.deepEqual(m.eliminated, [0]);
  assert.equal(m.kernelOf.get(4), 'c1');
});

test('ORT\'s MatMulAddFusion Gemm runs its MatMul and Add (ViT\'s projections, as ORT 1.30 names them); the reshapes around it are ORT\'s', () => {
  // As ORT 1.30 rewrites ViT-B/16's attention projections: a 3-D MatMul + Add becomes
  // gemm_input_reshape → '<MatMul name>/MatMulAddFusion' (Gemm) → gemm_output_reshape.
  const orig = [
    { name: '/attn/Transpose', op: 'Transpose', inputs: ['x'], outputs: ['xt'] },
    { name: '/attn/MatMul', op: 'MatMul', inputs: ['xt', 'w'], outputs: ['mm'] },
    { name: '/attn/Add', op: 'Add', inputs: ['b', 'mm'], outputs: ['y'] },
  ];
  const opt = { inputs: ['x'], nodes: [
    { name: '/attn/Transpose', op: 'Transpose', inputs: ['x'], outputs: ['xt'] },
    { name: 'gemm_input_reshape', op: 'Reshape', inputs: ['xt', 'shape_in'], outputs: ['xt_2d'] },
    { name: '/attn/MatMul/MatMulAddFusion', op: 'Gemm', inputs: ['xt_2d', 'w', 'b'], outputs: ['y_2d'] },
    { name: 'gemm_output_reshape', op: 'Reshape', inputs: ['y_2d', 'shape_out'], outputs: ['y'] },
  ] };
  const m = mapOptimizedToOriginal({ nodes: orig, constants: new Set(['w', 'b']) }, opt);
  assert.deepEqual(m.covers.get('/attn/MatMul/MatMulAddFusion'), [1, 2]);
  assert.deepEqual(m.covers.get('gemm_output_reshape'), []);
  assert.deepEqual(m.covers.get('gemm_input_reshape'), []);
  assert.equal(insertedKernelLabel('gemm_output_reshape', 'Reshape'), 'inserted by ORT (reshape around a fused MatMul+Add GEMM)');
  assert.equal(insertedKernelLabel('ReorderOutput', 'ReorderOutput'), 'inserted by ORT (layout)');
});

test('buildLayerTiming: medians, shares, static estimate, bound and CSV', () => {
  const trace = fakeOrtTrace([
    { name: 'ReorderInput', op: 'ReorderInput', us: [9, 3, 3, 3] },
    { name: 't1_nchwc', op: 'Conv', us: [99, 20, 30, 40] },
    { name: 'ReorderOutput', op: 'ReorderOutput', us: [9, 4, 4, 4] },
    { name: 'c1', op: 'FusedConv', us: [99, 60, 70, 80] },
  ], 4);
  const p = buildLayerTiming({ model: 'm.onnx', trace, runMillis: [9, 1, 2, 3], warmup: 1, optimization: 'all', threads: 1, ortVersion: '1.30.0',
    report: { nodes: original, tensors, target: { id: 't' } }, optimized });
  assert.equal(p.runs, 3);
  assert.equal(p.latency.p50, 2);
  const conv = p.rows.find((r) => r.kernel === 't1_nchwc')!;
  assert.equal(conv.medianUs, 30);
  assert.equal(conv.fused, true);
  assert.deepEqual(conv.covers.map((c) => c.name), ['c0', 'r0']);
  assert.equal(conv.staticUs, 20);
  assert.equal(conv.provider, 'CPU');
  const c1 = p.rows.find((r) => r.kernel === 'c1')!;
  assert.equal(c1.bound, 'compute');
  assert.equal(conv.bound, 'memory');
  assert.ok(Math.abs(p.rows.reduce((a, r) => a + r.share, 0) - 1) < 1e-9);
  assert.equal(p.kernelTotalUs, 3 + 30 + 70 + 4);
  assert.deepEqual(p.eliminated.map((e) => e.name), ['id0']);
  const csv = layerTimingCsv(p).split('\n');
  assert.match(csv[0]!, /^order,kernel,op/);
  assert.match(csv[2]!, /c0 \+ r0/);
});

test('the disabled-optimization profile maps kernels one-to-one', () => {
  const trace = fakeOrtTrace(original.map((n) => ({ name: n.name, op: n.op, us: [5] })), 1);
  const p = buildLayerTiming({ model: 'm.onnx', trace, runMillis: [1], warmup: 0, optimization: 'disabled', threads: 0, ortVersion: '1.30.0', report: { nodes: original }, optimized: null });
  assert.deepEqual(p.rows.map((r) => r.covers.map((c) => c.index)), [[0], [1], [2], [3], [4]]);
});

test('benchmark_model op profile: parses the Run Order table and maps rows to nodes', () => {
  const text = fakeBenchmarkOutput([
    { type: 'CONV_2D', avgMs: 1.5, name: 'conv_out' },
    { type: 'DEPTHWISE_CONV_2D', avgMs: 0.5, name: 'dw_out' },
    { type: 'FULLY_CONNECTED', avgMs: 0.25, name: 'renamed_by_converter' },
    { type: 'SOFTMAX', avgMs: 0.05, name: 'probs' },
  ]);
  const p = parseBenchmarkOpProfile(text);
  assert.equal(p.rows.length, 4);
  assert.equal(p.rows[0]!.nodeType, 'CONV_2D');
  assert.equal(p.rows[0]!.avgMs, 1.5);
  assert.equal(p.rows[1]!.values['times called'], 1);
  assert.equal(p.rows[3]!.name, 'probs');
  assert.equal(p.inferenceAvgUs, 2340);
  const nodes = [
    rn(0, 'conv', 'CONV_2D', ['in'], ['conv_out']),
    rn(1, 'dw', 'DEPTHWISE_CONV_2D', ['conv_out'], ['dw_out']),
    rn(2, 'fc', 'FULLY_CONNECTED', ['dw_out'], ['logits']),
    rn(3, 'sm', 'SOFTMAX', ['logits'], ['probs']),
  ];
  const lp = benchmarkToLayerTiming('m.tflite', p, { nodes });
  assert.deepEqual(lp.rows.map((r) => r.covers[0]?.index), [0, 1, 2, 3]);
  assert.equal(lp.rows[0]!.medianUs, 1500);
  assert.equal(lp.latency.p50, 2.34);
  assert.throws(() => parseBenchmarkOpProfile('hello'), /Run Order/);
});

test('benchmark_model: a delegate kernel covers the nodes no row names', () => {
  const text = fakeBenchmarkOutput([{ type: 'TfLiteXNNPackDelegate', avgMs: 2, name: 'Delegate/XNNPACK:0' }, { type: 'SOFTMAX', avgMs: 0.1, name: 'probs' }]);
  const nodes = [rn(0, 'conv', 'CONV_2D', ['in'], ['a']), rn(1, 'fc', 'FULLY_CONNECTED', ['a'], ['b']), rn(2, 'sm', 'SOFTMAX', ['b'], ['probs'])];
  const lp = benchmarkToLayerTiming('m.tflite', parseBenchmarkOpProfile(text), { nodes });
  assert.deepEqual(lp.rows[0]!.covers.map((c) => c.index), [0, 1]);
  assert.equal(lp.rows[0]!.fused, true);
  assert.deepEqual(lp.eliminated, []);
});
