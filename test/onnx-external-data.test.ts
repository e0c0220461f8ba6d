// External data: resolved inside the model's folder only, never opened during analysis, read lazily.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, writeOnnxModel, type TensorSpec } from '../src/core/onnx/writeOnnx';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-onnx-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function modelWith(dir: string, tensors: TensorSpec[]): string {
  const b = new OnnxGraphBuilder().input('x', 'float32', [4]);
  for (const s of tensors) b.initializer(s.name, s.dtype, s.dims, undefined, { external: s.external });
  b.node('Add', ['x', tensors[0]!.name], ['y']).output('y', 'float32', [4]);
  const file = path.join(dir, 'model.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b }));
  return file;
}

test('external data in the model folder is located and read lazily, byte for byte', (t) => {
  const dir = tempDir(t);
  const values = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'w.bin'), new Uint8Array(values.buffer));
  const file = modelWith(dir, [
    { name: 'a', dtype: 'float32', dims: [4], external: { location: 'data/w.bin', offset: 0, length: 16 } },
    { name: 'b', dtype: 'float32', dims: [4], external: { location: 'data/w.bin', offset: 16 } },
  ]);
  const m = readOnnxFile(file);
  assert.deepEqual(m.diagnostics, []);
  const a = m.graphs[0]!.tensors.get('a')!;
  assert.deepEqual(a.data, { kind: 'external', file: fs.realpathSync(path.join(dir, 'data', 'w.bin')), offset: 0, length: 16 });
  assert.equal(a.dataBytes, 16);
  assert.deepEqual(m.weights.read(0, 'a'), new Uint8Array(values.buffer, 0, 16));
  assert.deepEqual(m.weights.read(0, 'b'), new Uint8Array(values.buffer, 16, 16));
});

test("'..', absolute paths and symlinks out of the folder are refused with an error diagnostic", (t) => {
  const dir = tempDir(t);
  const inner = path.join(dir, 'model');
  fs.mkdirSync(inner);
  const secret = path.join(dir, 'secret.bin');
  fs.writeFileSync(secret, new Uint8Array(16));
  fs.symlinkSync(secret, path.join(inner, 'link.bin'));
  const file = modelWith(inner, [
    { name: 'up', dtype: 'float32', dims: [4], external: { location: '../secret.bin' } },
    { name: 'abs', dtype: 'float32', dims: [4], external: { location: secret } },
    { name: 'sym', dtype: 'float32', dims: [4], external: { location: 'link.bin' } },
    { name: 'hidden', dtype: 'float32', dims: [4], external: { location: 'sub/../../secret.bin' } },
    { name: 'gone', dtype: 'float32', dims: [4], external: { location: 'missing.bin' } },
  ]);
  const m = readOnnxFile(file);
  const byTensor = new Map(m.diagnostics.map((d) => [d.tensor, d]));
  for (const name of ['up', 'abs', 'sym', 'hidden']) {
    assert.equal(byTensor.get(name)?.code, 'read/external-path-escape', name);
    assert.equal(byTensor.get(name)?.severity, 'error', name);
    assert.equal(m.graphs[0]!.tensors.get(name)!.data, undefined, name);
  }
  assert.equal(byTensor.get('gone')?.code, 'read/external-missing');
  assert.equal(byTensor.get('gone')?.severity, 'warning');
  assert.throws(() => m.weights.read(0, 'up'), /no data/);
});

test('a model with weights in a > 2 GB external file is analyzed without opening that file', (t) => {
  const dir = tempDir(t);
  const big = path.join(dir, 'big.bin');
  const size = 3 * 2 ** 30;
  // A sparse file: truncate sets the size without writing 3 GB of data.
  fs.writeFileSync(big, '');
  fs.truncateSync(big, size);
  const tail = Float32Array.of(9, 8, 7, 6);
  const fd = fs.openSync(big, 'r+');
  fs.writeSync(fd, new Uint8Array(tail.buffer), 0, 16, size - 16);
  fs.closeSync(fd);
  const file = modelWith(dir, [
    { name: 'tail', dtype: 'float32', dims: [4], external: { location: 'big.bin', offset: size - 16, length: 16 } },
    { name: 'huge', dtype: 'float32', dims: [(3 * 2 ** 30 - 16) / 4], external: { location: 'big.bin', offset: 0, length: 3 * 2 ** 30 - 16 } },
  ]);
  const opened: string[] = [];
  const openSync = fs.openSync;
  t.mock.method(fs, 'openSync', (p: fs.PathLike, ...rest: []) => {
    opened.push(String(p));
    return openSync(p, ...(rest as unknown as [string]));
  });
  const m = readOnnxFile(file);
  assert.deepEqual(opened, [file]);
  assert.deepEqual(m.diagnostics, []);
  const huge = m.graphs[0]!.tensors.get('huge')!;
  assert.equal(huge.dataBytes, 3 * 2 ** 30 - 16);
  assert.equal(huge.data?.kind === 'external' && huge.data.offset, 0);
  assert.deepEqual(m.weights.read(0, 'tail'), new Uint8Array(tail.buffer));
});
