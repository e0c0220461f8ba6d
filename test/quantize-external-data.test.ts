// Issue 12: `deploylens quantize` on a model whose weights live in an external data file. The
// preview writes its copies to a temp folder, where `w.bin` does not resolve; the copies are now
// made self-contained first (src/core/quantize/inlineExternal.ts).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { quantizeCommand } from '../src/cli/quantizeCommand';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { readOnnx } from '../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { inlineExternalData } from '../src/core/quantize/inlineExternal';
import { readModelFile } from '../src/core/readModel';
import { repoRoot } from './support/sharedModels';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-qext-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const weights = Float32Array.from({ length: 8 * 3 * 3 * 3 }, (_, i) => Math.sin(i) / 4);
function writeModel(): string {
  fs.writeFileSync(path.join(dir, 'w.bin'), new Uint8Array(weights.buffer));
  const b = new OnnxGraphBuilder('ext')
    .input('x', 'float32', [1, 3, 8, 8])
    .initializer('w', 'float32', [8, 3, 3, 3], undefined, { external: { location: 'w.bin' } })
    .node('Conv', ['x', 'w'], ['y'], { kernel_shape: [3, 3] })
    .node('Relu', ['y'], ['z'])
    .output('z', 'float32', [1, 8, 6, 6]);
  const file = path.join(dir, 'm.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 13 } }));
  return file;
}

test('inlining external data gives a self-contained model with the same weights', () => {
  const file = writeModel();
  const { model } = readModelFile(file);
  const inlined = inlineExternalData(new Uint8Array(fs.readFileSync(file)), model);
  const copy = readOnnx(new MemoryByteSource('/elsewhere/copy.onnx', inlined));
  const w = copy.graphs[0]!.tensors.get('w')!;
  assert.notEqual(w.data?.kind, 'external');
  assert.deepEqual(new Float32Array(copy.weights.read(0, 'w').slice().buffer), weights);
});

test('deploylens quantize runs on a model with external data', async () => {
  const file = writeModel();
  let out = '';
  let err = '';
  const code = await quantizeCommand([file, '--samples', '2', '--format', 'json', '--out', path.join(dir, 'm.int8.onnx')],
    { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } }, { hostScript: path.join(repoRoot(), 'dist', 'ortHost.js') });
  assert.equal(code, 0, err);
  const r = JSON.parse(out) as { qdq: { quantizedWeights: number }; agreement: { cosine: number }[] };
  assert.ok(r.qdq.quantizedWeights >= 1);
  assert.ok(r.agreement[0]!.cosine > 0.9);
  assert.ok(fs.existsSync(path.join(dir, 'm.int8.onnx')));
});
