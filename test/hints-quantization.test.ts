// Design hints about numbers: weight-only quantization (int8 weights, float activations) and
// unstructured sparsity in weights (the weight phase after the verdict: sampled, bounded reads).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { designHints, weightHints } from '../src/core/analysis/hints';
import { runScan, SAMPLE_BYTES, SAMPLE_WINDOWS } from '../src/core/analysis/hints/sparsityScan';
import { countZeros } from '../src/core/analysis/hints/weightZeros';
import { recordReads } from '../src/core/io/readMeter';
import type { Model } from '../src/core/ir/model';
import { readModelFile } from '../src/core/readModel';
import type { TargetProfile } from '../src/core/targets/profile';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { readBytes } from './support/onnxFixtures';
import { codes, nodeIndex, withCode } from './support/hintAssertions';
import { IrBuilder } from './support/irBuilder';

function target(id: string) {
  const t = getBuiltinTarget(id);
  if (!t) throw new Error(id);
  return t;
}

/** The weight phase's findings for one target (what the CLI adds after the verdict). */
function sparsity(model: Model, t: TargetProfile | null) {
  return weightHints(model, t, runScan(model));
}

function weightOnlyConv() {
  const b = new OnnxGraphBuilder('wq')
    .input('x', 'float32', [1, 3, 8, 8])
    .initializer('w_q', 'int8', [8, 3, 1, 1], new Int8Array(24).fill(3))
    .initializer('w_scale', 'float32', [], [0.02])
    .node('DequantizeLinear', ['w_q', 'w_scale'], ['w'], {}, { name: 'dq_w' })
    .node('Conv', ['x', 'w'], ['y'], {}, { name: 'conv' })
    .output('y')
    // The QDQ form of the same layer: activations quantized too, nothing to report.
    .initializer('a_scale', 'float32', [], [0.05])
    .node('QuantizeLinear', ['x', 'a_scale'], ['xq'])
    .node('DequantizeLinear', ['xq', 'a_scale'], ['xd'])
    .node('Conv', ['xd', 'w'], ['y2'], {}, { name: 'qdq_conv' })
    .output('y2');
  return readBytes(writeOnnxModel({ graph: b }));
}

test('ONNX DequantizeLinear weights with float activations: info without target, warning on an int8-only target', () => {
  const model = weightOnlyConv();
  const none = withCode(designHints(model, null), 'hint/weight-only-quantization');
  assert.equal(none.length, 1);
  assert.equal(none[0]!.node, nodeIndex(model, 'Conv', 0));
  assert.equal(none[0]!.severity, 'info');
  assert.equal(none[0]!.tensor, 'w_q');
  assert.deepEqual(none[0]!.nodes, [nodeIndex(model, 'Conv', 0), nodeIndex(model, 'DequantizeLinear', 0)]);
  assert.match(none[0]!.message, /weight 'w_q' is stored as int8 \(expanded by Node 'dq_w' \(DequantizeLinear\)\) but the activation 'x' is float/);
  // tflm-cortex-m7 also computes float32: still info.
  assert.equal(withCode(designHints(model, target('tflm-cortex-m7')), 'hint/weight-only-quantization')[0]!.severity, 'info');
  const npu = withCode(designHints(model, target('ethos-u55-128')), 'hint/weight-only-quantization');
  assert.equal(npu.length, 1);
  assert.equal(npu[0]!.severity, 'warning');
  assert.match(npu[0]!.message, /computes only in int8\/uint8\/int16, so this float node cannot run on it/);
  assert.match(npu[0]!.fix, /quantize_static/);
});

test('a TFLite hybrid kernel (int8 weights, float32 input) is weight-only quantization; full int8 is not', () => {
  const b = new IrBuilder(1, 'tflite')
    .input('x', 'float32', [1, 16])
    .constant('w', 'int8', [4, 16])
    .constant('bias', 'float32', [4])
    .node('FULLY_CONNECTED', ['x', 'w', 'bias'], ['y'])
    .input('xi', 'int8', [1, 16])
    .node('FULLY_CONNECTED', ['xi', 'w'], ['yi'])
    .output('y', 'yi');
  const model = b.build();
  for (const node of model.graphs[0]!.nodes) node.canonicalOp = 'FullyConnected';
  const hints = designHints(model, null);
  assert.deepEqual(codes(hints), ['hint/weight-only-quantization']);
  assert.equal(hints[0]!.node, 0);
  assert.match(hints[0]!.message, /\(a hybrid kernel\)/);
  // TFLite Micro has no hybrid kernel (cmsis_nn/fully_connected.cc:87, tested against TFLM in
  // oracle-tflm-kernel-types.test.ts): the hint says the node cannot run, not that it runs slowly.
  const onMcu = withCode(designHints(model, target('tflm-cortex-m7')), 'hint/weight-only-quantization');
  assert.equal(onMcu.length, 1);
  assert.equal(onMcu[0]!.severity, 'warning');
  assert.match(onMcu[0]!.message, /has no kernel for float data with int8 weights, so this node cannot run on it/);
  // TFLite's CPU kernels have hybrid versions: there it stays the speed note.
  const cpu = withCode(designHints(model, target('rpi5-cpu-xnnpack')), 'hint/weight-only-quantization');
  assert.equal(cpu[0]!.severity, 'info');
  assert.match(cpu[0]!.message, /runs no faster than the float model/);
});

test('countZeros: ±0.0 in float32/float16, the zero point in int8/uint8, unaligned views', () => {
  const f32 = new Float32Array([0, -0, 1.5, 0, 2]);
  assert.deepEqual(countZeros(new Uint8Array(f32.buffer), 'float32'), { zeros: 3, elements: 5 });
  // An unaligned view (offset 1) is copied, not misread.
  const shifted = new Uint8Array(f32.byteLength + 1);
  shifted.set(new Uint8Array(f32.buffer), 1);
  assert.deepEqual(countZeros(shifted.subarray(1), 'float32'), { zeros: 3, elements: 5 });
  const f16 = new Uint16Array([0x0000, 0x8000, 0x3c00, 0x0001]); // +0, -0, 1.0, smallest subnormal
  assert.deepEqual(countZeros(new Uint8Array(f16.buffer), 'float16'), { zeros: 2, elements: 4 });
  assert.deepEqual(countZeros(Uint8Array.of(0, 0xff, 5, 0xff), 'int8', -1), { zeros: 2, elements: 4 });
  assert.deepEqual(countZeros(Uint8Array.of(128, 128, 0), 'uint8', 128), { zeros: 2, elements: 3 });
  assert.equal(countZeros(new Uint8Array(8), 'int64'), null);
});

test('weights that are mostly exact zeros get a sparsity hint; dense and small ones do not', () => {
  const sparse = new Float32Array(64 * 32);
  for (let i = 0; i < sparse.length; i += 4) sparse[i] = 0.5; // 25% non-zero → 75% zeros
  const dense = Float32Array.from({ length: 64 * 32 }, (_, i) => (i % 10 === 0 ? 0 : 1)); // 10% zeros
  const int8 = new Int8Array(2048);
  for (let i = 0; i < int8.length; i += 5) int8[i] = 7;
  for (let i = 1; i < int8.length; i += 5) int8[i] = -3; // 40% non-zero → 60% zeros
  const half = new Uint16Array(2048);
  for (let i = 0; i < half.length; i += 2) half[i] = 0x3c00; // exactly 50% zeros: at the threshold
  const b = new OnnxGraphBuilder('sparse')
    .input('x', 'float32', [1, 64])
    .initializer('w_sparse', 'float32', [64, 32], sparse)
    .initializer('w_dense', 'float32', [64, 32], dense)
    .initializer('w_small', 'float32', [10], new Float32Array(10))
    .initializer('w_int8', 'int8', [64, 32], int8)
    .initializer('w_half', 'float16', [64, 32], new Uint8Array(half.buffer))
    .initializer('sc', 'float32', [], [0.1])
    .node('MatMul', ['x', 'w_sparse'], ['a'], {}, { name: 'fc_sparse' })
    .node('MatMul', ['x', 'w_dense'], ['b'])
    .node('Add', ['x', 'w_small'], ['c'])
    .node('DequantizeLinear', ['w_int8', 'sc'], ['wd'], {}, { name: 'dq' })
    .node('MatMul', ['x', 'wd'], ['d'])
    .node('Cast', ['w_half'], ['wh'], { to: 1 })
    .node('MatMul', ['x', 'wh'], ['e'])
    .output('a').output('b').output('c').output('d').output('e');
  const model = readBytes(writeOnnxModel({ graph: b }));
  // The verdict path's hints never read weights, so they never say this.
  assert.deepEqual(withCode(designHints(model, null), 'hint/weight-sparsity'), []);
  const hints = withCode(sparsity(model, null), 'hint/weight-sparsity');
  assert.deepEqual(hints.map((h) => h.tensor).sort(), ['w_half', 'w_int8', 'w_sparse']);
  const s = hints.find((h) => h.tensor === 'w_sparse')!;
  assert.equal(s.severity, 'info');
  assert.equal(s.node, nodeIndex(model, 'MatMul', 0));
  assert.match(s.message, /is 75% exact zeros \(1,536 of 2,048\)/);
  assert.match(s.fix, /structurally/);
  assert.match(hints.find((h) => h.tensor === 'w_int8')!.message, /60% exact zeros \(1,228 of 2,048\)/);
  assert.match(hints.find((h) => h.tensor === 'w_half')!.message, /50% exact zeros \(1,024 of 2,048\)/);
  // On Vela the finding adds that weight compression helps flash but not MACs.
  const vela = withCode(sparsity(model, getBuiltinTarget('ethos-u55-128')!), 'hint/weight-sparsity');
  assert.match(vela[0]!.message, /Vela's weight compression/);
});

/** A model file with one large MatMul weight (`rows` × 1024 float32), written to a temp folder. */
function largeWeightModel(rows: number, value: (i: number) => number): { file: string; cleanup: () => void } {
  const w = Float32Array.from({ length: rows * 1024 }, (_, i) => value(i));
  const b = new OnnxGraphBuilder('big')
    .input('x', 'float32', [1, rows])
    .initializer('w', 'float32', [rows, 1024], w)
    .node('MatMul', ['x', 'w'], ['y'], {}, { name: 'fc' })
    .output('y');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-sparsity-'));
  const file = path.join(dir, 'big.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b }));
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('a large sparse weight in an external data file is counted exactly, chunk by chunk into one scratch array, to the same count', () => {
  // 8 MiB of float32, 70% zeros in runs of 10: counted in 1 MiB chunks read into one array.
  const w = Float32Array.from({ length: 2048 * 1024 }, (_, i) => (i % 10 < 7 ? 0 : 0.25));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-sparsity-ext-'));
  try {
    fs.writeFileSync(path.join(dir, 'w.bin'), new Uint8Array(w.buffer));
    const b = new OnnxGraphBuilder('big')
      .input('x', 'float32', [1, 2048])
      .initializer('w', 'float32', [2048, 1024], undefined, { external: { location: 'w.bin' } })
      .node('MatMul', ['x', 'w'], ['y'], {}, { name: 'fc' })
      .output('y');
    fs.writeFileSync(path.join(dir, 'big.onnx'), writeOnnxModel({ graph: b }));
    const { model } = readModelFile(path.join(dir, 'big.onnx'));
    const scan = runScan(model);
    assert.deepEqual(scan.suspects, [{ tensor: 'w', zeros: 1468007, elements: 2097152, exact: true }]);
    assert.equal(scan.bytesRead, SAMPLE_WINDOWS * SAMPLE_BYTES + 8 * 1024 * 1024);
    // The chunk reads hand back views of one array; samples and other callers still get their own.
    const scratch = new Uint8Array(1 << 20);
    const a = model.weights.readSlice!(0, 'w', 0, 1 << 20, scratch)!;
    const c = model.weights.readSlice!(0, 'w', 4 << 20, 1 << 20, scratch)!;
    assert.equal(a.buffer, scratch.buffer);
    assert.equal(c.buffer, scratch.buffer);
    assert.notEqual(model.weights.readSlice!(0, 'w', 0, 64)!.buffer, scratch.buffer);
    // Elements 1,048,587 and 1,048,588 (i % 10 = 7, 8): 0.25 twice.
    assert.deepEqual([...model.weights.readSlice!(0, 'w', 4 * 1048587, 8)!], [0, 0, 0x80, 0x3e, 0, 0, 0x80, 0x3e]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a large dense weight is sampled, not read: 32 windows of 64 bytes out of 8 MiB, and no hint', () => {
  const { file, cleanup } = largeWeightModel(2048, (i) => 1 + (i % 7));
  try {
    const { model } = readModelFile(file);
    const { result: scan, reads } = recordReads(() => runScan(model));
    assert.deepEqual(scan.suspects, []);
    assert.equal(scan.bytesRead, SAMPLE_WINDOWS * SAMPLE_BYTES);
    assert.equal(reads.length, SAMPLE_WINDOWS);
    assert.ok(reads.every((r) => r.length === SAMPLE_BYTES));
    // Spread over the whole tensor: the first window at its start, the last at its end.
    const offsets = reads.map((r) => r.offset).sort((a, b) => a - b);
    assert.ok(offsets.at(-1)! - offsets[0]! > 8 * 1024 * 1024 - 2 * SAMPLE_BYTES);
    assert.deepEqual(withCode(sparsity(model, null), 'hint/weight-sparsity'), []);
  } finally {
    cleanup();
  }
});

test('a large sparse weight is counted exactly once the sample suspects it, and the hint quotes the exact count', () => {
  // 70% zeros in runs of 10 values: every sample window sees some.
  const { file, cleanup } = largeWeightModel(2048, (i) => (i % 10 < 7 ? 0 : 0.25));
  try {
    const { model } = readModelFile(file);
    const hints = withCode(sparsity(model, target('tflm-cortex-m7')), 'hint/weight-sparsity');
    assert.equal(hints.length, 1);
    assert.match(hints[0]!.message, /is 70% exact zeros \(1,468,007 of 2,097,152\)/);
  } finally {
    cleanup();
  }
});

test('a weight whose encoding cannot be sliced and is too big to read whole is reported as not checked, unread', () => {
  const rows = 100;
  const b = new IrBuilder()
    .input('x', 'float32', [1, 1000])
    .constant('huge', 'float32', [1000, rows])
    .node('MatMul', ['x', 'huge'], ['y'])
    .output('y');
  const model = b.build();
  model.graphs[0]!.tensors.get('huge')!.data = { kind: 'external', file: '/nonexistent', offset: 0, length: null };
  let reads = 0;
  model.weights = { read: () => { reads++; return new Uint8Array(0); }, readSlice: () => null };
  const hints = sparsity(model, null);
  assert.equal(reads, 0);
  assert.deepEqual(codes(hints), ['hint/sparsity-not-checked']);
  assert.equal(hints[0]!.tensor, 'huge');
});

test('QDQ scale and zero-point inputs are not weights: no sparsity hint on an all-zero per-channel zero point', () => {
  // A QDQ layer as the quantizer writes it: a 1x1 Conv with 1024 output channels, int8 weights
  // (dense) per channel behind DequantizeLinear, whose zero point — 1024 zeros, by design for
  // symmetric weights — and scale are inputs 2 and 1 of the DequantizeLinear, never multiplied.
  const channels = 1024;
  const b = new OnnxGraphBuilder('qdq')
    .input('x', 'float32', [1, 1, 4, 4])
    .initializer('x_scale', 'float32', [], [0.05])
    .initializer('x_zero_point', 'int8', [], new Int8Array(1))
    .initializer('w_quantized', 'int8', [channels, 1, 1, 1], Int8Array.from({ length: channels }, (_, i) => (i % 127) + 1))
    .initializer('w_scale', 'float32', [channels], new Float32Array(channels).fill(0.01))
    .initializer('w_zero_point', 'int8', [channels], new Int8Array(channels))
    // A tensor consumed only as a QuantizeLinear zero point: not a weight either.
    .initializer('y_scale', 'float32', [], [0.1])
    .initializer('y_zero_point', 'int8', [channels], new Int8Array(channels))
    .node('QuantizeLinear', ['x', 'x_scale', 'x_zero_point'], ['xq'])
    .node('DequantizeLinear', ['xq', 'x_scale', 'x_zero_point'], ['xd'])
    .node('DequantizeLinear', ['w_quantized', 'w_scale', 'w_zero_point'], ['w'], { axis: 0 }, { name: 'dq_w' })
    .node('Conv', ['xd', 'w'], ['y'], {}, { name: 'conv' })
    .node('QuantizeLinear', ['y', 'y_scale', 'y_zero_point'], ['yq'], { axis: 1 })
    .node('DequantizeLinear', ['yq', 'y_scale', 'y_zero_point'], ['yd'], { axis: 1 })
    .output('yd');
  const model = readBytes(writeOnnxModel({ graph: b, opsets: { '': 13 } }));
  assert.deepEqual(withCode(sparsity(model, target('tflm-cortex-m7')), 'hint/weight-sparsity'), []);
  assert.deepEqual(withCode(sparsity(model, null), 'hint/weight-sparsity'), []);
  // The same Conv with a truly sparse int8 weight behind the same DequantizeLinear still gets it.
  const sparse = new OnnxGraphBuilder('qdq-sparse')
    .input('x', 'float32', [1, 1, 4, 4])
    .initializer('w_quantized', 'int8', [channels, 1, 1, 1], Int8Array.from({ length: channels }, (_, i) => (i % 4 === 0 ? 5 : 0)))
    .initializer('w_scale', 'float32', [channels], new Float32Array(channels).fill(0.01))
    .initializer('w_zero_point', 'int8', [channels], new Int8Array(channels))
    .node('DequantizeLinear', ['w_quantized', 'w_scale', 'w_zero_point'], ['w'], { axis: 0 })
    .node('Conv', ['x', 'w'], ['y'])
    .output('y');
  const hits = withCode(sparsity(readBytes(writeOnnxModel({ graph: sparse, opsets: { '': 13 } })), null), 'hint/weight-sparsity');
  assert.deepEqual(hits.map((h) => h.tensor), ['w_quantized']);
});
