// The quantization preview judged on a target: on coral-edgetpu (no LEAKY_RELU, INT8 only) the
// LeakyRelu of a generated Conv → LeakyRelu → Conv network stays float, is listed with the target's
// reason, and the float island it forms is an error; on a float-capable target with the op
// (ort-cpu-desktop) it is quantized. End to end through ONNX Runtime's child process, and the INT8
// bytes the preview returns are the model it measured.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { isFullInt8Target, quantTargetSupport } from '../src/core/quantize/targetSupport';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { OrtClient } from '../src/processes/ort/client';
import { buildQuantizePreview } from '../src/jobs/quantizePreview';
import { repoRoot } from './support/sharedModels';

const ort = new OrtClient({ hostScript: path.join(repoRoot(), 'dist', 'ortHost.js'), timeoutMs: 60_000 });
after(() => ort.dispose());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-qtarget-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function target(id: string) {
  const t = getBuiltinTarget(id);
  assert.ok(t, id);
  return t;
}

/** x[1,4,6,6] → Conv 4→8 → LeakyRelu → Conv 8→4 → y. */
function leakyModel(): string {
  const w = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 0.5);
  const b = new OnnxGraphBuilder('leaky');
  b.input('x', 'float32', [1, 4, 6, 6]);
  b.initializer('w1', 'float32', [8, 4, 3, 3], w(288, 0.7));
  b.initializer('w2', 'float32', [4, 8, 3, 3], w(288, 1.3));
  b.node('Conv', ['x', 'w1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: 'conv1' });
  b.node('LeakyRelu', ['c1'], ['l1'], { alpha: 0.1 }, { name: 'leaky' });
  b.node('Conv', ['l1', 'w2'], ['y'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: 'conv2' });
  b.output('y', 'float32', [1, 4, 6, 6]);
  const file = path.join(tmp, 'leaky.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 13 } }));
  return file;
}

test('full-INT8 targets are the ones without a float precision', () => {
  assert.equal(isFullInt8Target(target('coral-edgetpu')), true);
  assert.equal(isFullInt8Target(target('ethos-u55-128')), true);
  assert.equal(isFullInt8Target(target('ort-cpu-desktop')), false);
});

test('coral-edgetpu has no kernel for LeakyRelu: the verdict names the target', () => {
  const model = readOnnxFile(leakyModel());
  const s = quantTargetSupport(model, target('coral-edgetpu'));
  const [conv, leaky] = model.graphs[0]!.nodes;
  assert.deepEqual(s.supports(conv!), { ok: true });
  const v = s.supports(leaky!);
  assert.equal(v.ok, false);
  assert.match(v.ok ? '' : v.reason, /Edge TPU/);
  assert.equal(s.fullInt8, true);
});

test('on coral-edgetpu the LeakyRelu stays float, is listed, and its float island is an error', async () => {
  const file = leakyModel();
  const { result, int8 } = await buildQuantizePreview(ort, file, { perChannel: true, method: 'minmax', samples: 2, target: target('coral-edgetpu') });
  assert.equal(result.targetId, 'coral-edgetpu');
  const leaky = result.qdq.floatNodes.find((f) => f.op === 'LeakyRelu');
  assert.ok(leaky, JSON.stringify(result.qdq.floatNodes));
  assert.equal(leaky.island, true);
  assert.match(leaky.reason, /Edge TPU/);
  const island = result.pitfalls.find((p) => p.code === 'quantize/float-island');
  assert.equal(island?.severity, 'error', JSON.stringify(result.pitfalls));
  assert.match(island.message, /INT8-only target/);
  assert.equal(result.qdq.quantizedNodes, 2);
  // The returned bytes are the measured INT8 model: the LeakyRelu reads a dequantized tensor.
  assert.equal(int8.length, result.qdq.bytes);
  const saved = path.join(tmp, 'leaky.int8.onnx');
  fs.writeFileSync(saved, int8);
  const g = readOnnxFile(saved).graphs[0]!;
  assert.ok(g.nodes.some((n) => n.op === 'LeakyRelu' && g.tensors.get(n.inputs[0]!)?.producer !== null && g.nodes[g.tensors.get(n.inputs[0]!)!.producer!]!.op === 'DequantizeLinear'));
});

test('on a float-capable target with LeakyRelu the op is quantized and nothing is an error', async () => {
  const { result } = await buildQuantizePreview(ort, leakyModel(), { perChannel: true, method: 'minmax', samples: 2, target: target('ort-cpu-desktop') });
  assert.equal(result.qdq.floatNodes.length, 0, JSON.stringify(result.qdq.floatNodes));
  assert.equal(result.qdq.quantizedNodes, 3);
  assert.ok(result.pitfalls.every((p) => p.severity !== 'error'));
});
