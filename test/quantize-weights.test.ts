// Weight quantization error (pure, no ONNX Runtime): SQNR arithmetic on hand-made tensors, and on
// mobilenet_v2.onnx's depthwise convolutions per-channel scales beat one scale per tensor.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { RangeCollector } from '../src/core/quantize/calibrate';
import { outputAgreement } from '../src/core/quantize/agreement';
import { fp16Sqnr, halfToFloat, paramsForRange, roundFloat32ToHalf, roundToHalf, sqnrDb, weightSqnr, weightSqnrReference } from '../src/core/quantize/math';
import { quantizationPitfalls } from '../src/core/quantize/pitfalls';
import { analyzeWeights } from '../src/core/quantize/weights';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

test('SQNR: exact copy is capped, uniform noise matches 10·log10(signal/noise)', () => {
  assert.equal(sqnrDb([1, 2, 3], [1, 2, 3]), 150);
  assert.ok(Math.abs(sqnrDb([1, 1, 1, 1], [1.1, 0.9, 1.1, 0.9]) - 20) < 1e-9);
});

test('per-channel beats per-tensor when channels have very different ranges', () => {
  // Two output channels of 4 weights: one tiny, one large.
  const w = Float32Array.from([0.001, -0.002, 0.003, -0.0015, 1, -0.8, 0.5, -1.2]);
  const pt = weightSqnr(w, [2, 4], 'per-tensor', 'symmetric', 0);
  const pc = weightSqnr(w, [2, 4], 'per-channel', 'symmetric', 0);
  assert.ok(pc > pt, `${pc} > ${pt}`);
  // Asymmetric uses the full 256 levels on a one-sided range.
  const pos = Float32Array.from({ length: 64 }, (_, i) => i / 63);
  assert.ok(weightSqnr(pos, [64], 'per-tensor', 'asymmetric', 0) > weightSqnr(pos, [64], 'per-tensor', 'symmetric', 0));
});

test('the one-pass SQNR and the bit-level float16 rounding give the reference results to the last bit', () => {
  // Float16 rounding: every float32 exponent, ties, the overflow edge, subnormal halves, signs.
  const edge = [0, -0, 65504, 65505, 65519, 65520, -65520, 2 ** -14, 2 ** -15, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2047.9, -0.1, 1e-30, 3.4e38, Infinity, -Infinity];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const values = [...edge, ...Array.from({ length: 20000 }, () => Math.fround((rnd() - 0.5) * 2 ** Math.floor(rnd() * 60 - 30)))];
  for (const v of values) assert.equal(roundFloat32ToHalf(Math.fround(v)), roundToHalf(Math.fround(v)), `half of ${v}`);
  assert.ok(Number.isNaN(roundFloat32ToHalf(NaN)));
  // Weight SQNR: per tensor / per channel × symmetric / asymmetric, including an all-zero channel.
  const w = Float32Array.from({ length: 6 * 50 }, (_, i) => (i < 50 ? 0 : Math.sin(i * 1.7) * (1 + (i % 7)) * 0.01));
  for (const g of ['per-tensor', 'per-channel'] as const) {
    for (const sch of ['symmetric', 'asymmetric'] as const) {
      for (const [shape, axis] of [[[6, 50], 0], [[6, 5, 10], 0], [[50, 6], 1]] as [number[], number][]) {
        assert.equal(weightSqnr(w, shape, g, sch, axis), weightSqnrReference(w, shape, g, sch, axis), `${g} ${sch} ${shape.join('x')}`);
      }
    }
  }
  const approx = Float32Array.from(w, roundToHalf);
  assert.equal(fp16Sqnr(w), sqnrDb(w, approx));
});

test('scale/zero point and float16 helpers', () => {
  const u = paramsForRange(0, 2.55, 'asymmetric', 'uint8');
  assert.ok(Math.abs(u.scale - 0.01) < 1e-12 && u.zeroPoint === 0);
  const p = paramsForRange(-1, 1, 'asymmetric', 'int8');
  assert.ok(Math.abs(p.scale - 2 / 255) < 1e-12 && p.zeroPoint === 0);
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(roundToHalf(1 + 2 ** -12), 1);
  assert.equal(roundToHalf(65504), 65504);
});

test('calibration: min/max and percentile ranges', () => {
  const c = new RangeCollector();
  const v = Float32Array.from({ length: 100_000 }, (_, i) => (i % 1000) / 1000);
  v[0] = 1000; // one outlier
  c.add('t', v);
  const mm = c.ranges('minmax').get('t')!;
  assert.equal(mm.max, 1000);
  const pc = c.ranges('percentile', 99.9).get('t')!;
  assert.ok(pc.max < 1.01 && pc.max > 0.9, `percentile clips the outlier: ${pc.max}`);
});

test('agreement: identical outputs agree, a flipped argmax does not', () => {
  const a = outputAgreement('y', [Float32Array.from([0.1, 0.9]), Float32Array.from([0.8, 0.2])], [Float32Array.from([0.1, 0.9]), Float32Array.from([0.8, 0.2])], 2);
  assert.equal(a.maxAbsError, 0);
  assert.equal(a.top1Agreement, 1);
  assert.ok(Math.abs(a.cosine - 1) < 1e-12);
  const b = outputAgreement('y', [Float32Array.from([0.1, 0.9])], [Float32Array.from([0.9, 0.1])], 2);
  assert.equal(b.top1Agreement, 0);
  assert.ok(b.cosine < 0.5);
});

test('kws_dscnn example: every Conv/Gemm analyzed, sizes FP32 > FP16 > INT8', () => {
  const model = readOnnxFile(path.join(repoRoot(), 'examples', 'kws_dscnn.onnx'));
  const w = analyzeWeights(model);
  assert.equal(w.layers.length, 10);
  assert.ok(w.layers.some((l) => l.kind === 'depthwise'));
  for (const l of w.layers) for (const s of Object.values(l.sqnr)) assert.ok(Number.isFinite(s) && s > 10, `${l.name}: ${s}`);
  assert.ok(w.sizes.fp32 > w.sizes.fp16 && w.sizes.fp16 > w.sizes.int8);
});

test('mobilenet_v2.onnx: per-channel SQNR is higher than per-tensor on the depthwise layers', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared is absent');
  const model = readOnnxFile(path.join(dir, 'onnx', 'mobilenet_v2.onnx'));
  const w = analyzeWeights(model);
  const dw = w.layers.filter((l) => l.kind === 'depthwise');
  assert.equal(dw.length, 17);
  for (const l of dw) assert.ok(l.sqnr.perChannelSymmetric > l.sqnr.perTensorSymmetric, `${l.name}: ${l.sqnr.perChannelSymmetric} > ${l.sqnr.perTensorSymmetric}`);
  const meanGain = (ls: typeof dw) => ls.reduce((a, l) => a + l.perChannelGainDb, 0) / ls.length;
  const pointwise = w.layers.filter((l) => l.kind === 'conv');
  assert.ok(meanGain(dw) > meanGain(pointwise), `depthwise layers gain most: ${meanGain(dw)} vs ${meanGain(pointwise)}`);
  const pitfalls = quantizationPitfalls({ graph: model.graphs[0]!, layers: w.layers, perChannel: false, floatNodes: [], randomCalibration: false, fullInt8Target: false });
  assert.ok(pitfalls.some((p) => p.code === 'quantize/per-tensor-depthwise'));
});
