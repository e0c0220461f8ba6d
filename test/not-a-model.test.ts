// A file with a model's extension that is not that model gets plain words from its first bytes,
// never a parser's offset ("table offset 1819043176 is outside the file").
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readModelFile } from '../src/core/readModel';
import { notOnnx, notTflite } from '../src/core/notAModel';
import { ModelReadError } from '../src/core/ir/errors';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-notmodel-'));
function file(name: string, bytes: Uint8Array | string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
}
function errorOf(f: string): string {
  try {
    readModelFile(f);
  } catch (e) {
    assert.ok(e instanceof ModelReadError, String(e));
    return e.message;
  }
  return assert.fail(`${f} was read as a model`);
}

test('a text file renamed .tflite: "not a TFLite file (no TFL3 identifier)", with what it is instead', () => {
  const msg = errorOf(file('notes.tflite', 'hello world, these are my notes\n'));
  assert.match(msg, /notes\.tflite: not a TFLite file \(no TFL3 identifier\): it starts with text 'hello world, these are m…'/);
});

test('a text or ZIP or HDF5 file renamed .onnx: "not an ONNX model", naming what it looks like', () => {
  assert.match(errorOf(file('readme.onnx', '# my model\nexported yesterday')), /not an ONNX model .*: it starts with text '# my model exported yest…'/);
  assert.match(errorOf(file('ckpt.onnx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))), /not an ONNX model .*: it starts with a ZIP archive \(a PyTorch checkpoint/);
  assert.match(errorOf(file('keras.onnx', new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))), /HDF5 file \(a Keras \.h5 model\?\)/);
  assert.match(errorOf(file('empty.onnx', new Uint8Array())), /not an ONNX model: the file is empty/);
  // a binary that starts with no ModelProto field
  assert.match(errorOf(file('junk.onnx', new Uint8Array([0x07, 0x00, 0xff, 0x10]))), /byte 0x07 starts none of its fields/);
});

test('real models pass the first-bytes check: the bundled example, every shared ONNX and TFLite model', () => {
  const files = [path.join(repoRoot(), 'examples', 'kws_dscnn.onnx')];
  const shared = sharedModelsDir();
  if (shared) {
    for (const sub of ['onnx', 'tflite']) {
      for (const f of fs.readdirSync(path.join(shared, sub))) if (/\.(onnx|tflite)$/.test(f)) files.push(path.join(shared, sub, f));
    }
  }
  for (const f of files) {
    const head = new Uint8Array(fs.readFileSync(f).subarray(0, 64));
    const size = fs.statSync(f).size;
    assert.equal(f.endsWith('.tflite') ? notTflite(head, size) : notOnnx(head, size), null, f);
  }
});
