// The QDQ writer end to end in ONNX Runtime (through the child process of src/processes/ort/client.ts):
// the INT8 models of a small generated network and of the kws_dscnn example load and run, the
// FP32/INT8 agreement numbers are computed (finite, cosine in (0, 1]), and a deliberately broken
// activation scale agrees much worse.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeOnnxModel, OnnxGraphBuilder } from '../src/core/onnx/writeOnnx';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { writeQdqModel } from '../src/core/quantize/qdq';
import { OrtClient } from '../src/processes/ort/client';
import { quantizePreview } from '../src/jobs/quantizePreview';
import { repoRoot } from './support/sharedModels';

const hostScript = path.join(repoRoot(), 'dist', 'ortHost.js');
const ort = new OrtClient({ hostScript, timeoutMs: 60_000 });
after(() => ort.dispose());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-qdq-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function rand(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
}

/** x[1,3,8,8] → Conv 3→8 → Relu → depthwise Conv 8 → Relu → GlobalAveragePool → Flatten → Gemm 8→4 → Softmax. */
function smallModel(): Uint8Array {
  const r = rand(7);
  const b = new OnnxGraphBuilder('small');
  b.input('x', 'float32', [1, 3, 8, 8]);
  b.initializer('w1', 'float32', [8, 3, 3, 3], Float32Array.from({ length: 216 }, r));
  b.initializer('b1', 'float32', [8], Float32Array.from({ length: 8 }, r));
  b.initializer('w2', 'float32', [8, 1, 3, 3], Float32Array.from({ length: 72 }, (_, i) => r() * (i < 9 ? 0.01 : 1)));
  b.initializer('w3', 'float32', [4, 8], Float32Array.from({ length: 32 }, r));
  b.initializer('b3', 'float32', [4], Float32Array.from({ length: 4 }, r));
  b.node('Conv', ['x', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  b.node('Relu', ['c1'], ['r1']);
  b.node('Conv', ['r1', 'w2'], ['c2'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: 8 });
  b.node('Relu', ['c2'], ['r2']);
  b.node('GlobalAveragePool', ['r2'], ['g']);
  b.node('Flatten', ['g'], ['f']);
  b.node('Gemm', ['f', 'w3', 'b3'], ['logits'], { transB: 1 });
  b.node('Softmax', ['logits'], ['y'], { axis: 1 });
  b.output('y', 'float32', [1, 4]);
  return writeOnnxModel({ graph: b, opsets: { '': 13 } });
}

test('the QDQ model of a small generated network loads and runs in ONNX Runtime', async () => {
  const file = path.join(tmp, 'small.onnx');
  fs.writeFileSync(file, smallModel());
  const model = readOnnxFile(file);
  const ranges = new Map([['x', { min: -1, max: 1 }], ['c1', { min: -3, max: 3 }], ['r1', { min: 0, max: 3 }], ['c2', { min: -3, max: 3 }], ['r2', { min: 0, max: 3 }], ['f', { min: 0, max: 3 }], ['logits', { min: -4, max: 4 }]]);
  const q = writeQdqModel(new Uint8Array(fs.readFileSync(file)), model, { perChannel: true, activationType: 'uint8', ranges });
  assert.equal(q.quantizedWeights, 3);
  assert.ok(q.floatNodes.some((f) => f.op === 'Softmax'));
  const out = path.join(tmp, 'small.int8.onnx');
  fs.writeFileSync(out, q.bytes);
  const io = await ort.run({ type: 'inspect', model: out });
  assert.deepEqual(io.outputs.map((o) => o.name), ['y']);
  const r = await ort.run({ type: 'run', model: out, feeds: { kind: 'random', seed: 3 } });
  const y = r.outputs['y']!.data as Float32Array;
  assert.equal(y.length, 4);
  assert.ok(Math.abs(y.reduce((a, v) => a + v, 0) - 1) < 1e-3);
  // The written model really is integer: int8 weights, DequantizeLinear with a channel axis.
  const reread = readOnnxFile(out);
  const g = reread.graphs[0]!;
  assert.ok([...g.tensors.values()].some((t) => t.constant && t.dtype === 'int8' && t.shape?.[0] === 8));
  assert.ok(g.nodes.some((n) => n.op === 'DequantizeLinear' && n.attributes['axis']?.type === 'int'));
  assert.ok(g.nodes.filter((n) => n.op === 'QuantizeLinear').length >= 6);
});

test('kws_dscnn example: FP32 vs INT8 agreement is measured, and a broken scale agrees much worse', async () => {
  const example = path.join(repoRoot(), 'examples', 'kws_dscnn.onnx');
  const out = path.join(tmp, 'kws.int8.onnx');
  const good = await quantizePreview(ort, example, { perChannel: true, method: 'minmax', samples: 3, out });
  assert.ok(fs.existsSync(out));
  assert.equal(good.agreement.length, 1);
  const a = good.agreement[0]!;
  for (const v of [a.maxAbsError, a.meanAbsError, a.cosine, a.sqnrDb, good.latency.fp32Ms, good.latency.int8Ms]) assert.ok(Number.isFinite(v), `finite: ${v}`);
  assert.ok(a.cosine > 0 && a.cosine <= 1 + 1e-9, `cosine ${a.cosine}`);
  assert.ok(a.cosine > 0.9, `a sound INT8 model follows FP32: cosine ${a.cosine}`);
  assert.notEqual(a.top1Agreement, null);
  assert.equal(good.qdq.quantizedWeights, 10);
  assert.ok(good.pitfalls.some((p) => p.code === 'quantize/random-calibration'));

  // Broken: every activation range 1000× too wide → scales 1000× too coarse.
  const broken = await quantizePreview(ort, example, {
    perChannel: true, method: 'minmax', samples: 3,
    adjustRanges: (r) => new Map([...r].map(([k, v]) => [k, { min: v.min * 1000, max: v.max * 1000 }])),
  });
  const b = broken.agreement[0]!;
  assert.ok(b.sqnrDb < a.sqnrDb - 20, `broken scale: SQNR ${b.sqnrDb} dB vs ${a.sqnrDb} dB`);
  assert.ok(b.meanAbsError > 5 * a.meanAbsError, `broken: mean |error| ${b.meanAbsError} vs ${a.meanAbsError}`);
});
