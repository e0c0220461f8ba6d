// The committed TFLM wasm is built from the committed sources: native/tflm/wasm/inputs.sha256 is
// the hash of the build's inputs (native/tflm/Makefile, target inputs.sha256) and must equal the
// hash of what is in the tree now. A failure means: sources changed, run `make -C native/tflm wasm`
// (Debian's emscripten) and commit native/tflm/wasm. Also: the build copied both variants to
// dist/tflm unchanged, and every pinned source tree carries its licence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TFLM_COMMIT, TFLM_KERNELS, TFLM_RUNTIME } from '../src/processes/tflm/wasmModule';
import { repoRoot } from './support/sharedModels';

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function filesUnder(root: string, dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** The Makefile's `sha256sum $(INPUT_FILES) | sha256sum`, with the same file list and order (LC_ALL=C). */
function inputsHash(root: string): string {
  const files = [
    ...filesUnder(root, 'third_party/tflm'),
    'native/tflm/Makefile', 'native/tflm/deploylens_tflm.h', 'native/tflm/deploylens_tflm.cc',
  ].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return sha256(files.map((f) => `${sha256(fs.readFileSync(path.join(root, f)))}  ${f}\n`).join(''));
}

test('the committed TFLM wasm matches its sources (inputs hash)', () => {
  const root = repoRoot();
  const recorded = fs.readFileSync(path.join(root, 'native', 'tflm', 'wasm', 'inputs.sha256'), 'utf8').trim();
  assert.equal(inputsHash(root), recorded,
    'native/tflm/wasm is stale: its sources changed since it was built. Run `make -C native/tflm wasm` and commit native/tflm/wasm.');
});

test('the build puts both TFLM variants in dist/tflm unchanged', () => {
  const root = repoRoot();
  for (const kernels of TFLM_KERNELS) {
    for (const ext of ['js', 'wasm']) {
      const name = `tflm_${kernels}.${ext}`;
      const committed = fs.readFileSync(path.join(root, 'native', 'tflm', 'wasm', name));
      const shipped = fs.readFileSync(path.join(root, 'dist', 'tflm', name));
      assert.equal(sha256(shipped), sha256(committed), name);
    }
  }
});

test('every pinned third-party tree has its licence, and SOURCES.md names each one', () => {
  const root = path.join(repoRoot(), 'third_party', 'tflm');
  const sources = fs.readFileSync(path.join(root, 'SOURCES.md'), 'utf8');
  for (const licence of ['LICENSE', 'third_party/flatbuffers/LICENSE', 'third_party/gemmlowp/LICENSE', 'third_party/ruy/LICENSE', 'third_party/kissfft/COPYING', 'third_party/cmsis_nn/LICENSE']) {
    assert.ok(fs.existsSync(path.join(root, licence)), licence);
    assert.ok(sources.includes(`\`${licence}\``), `SOURCES.md does not name ${licence}`);
  }
  assert.match(sources, /90b983c2b3f1480642e040bbd2ddb37b998f3424/);
});

test('reports name the TFLM commit SOURCES.md pins', () => {
  const sources = fs.readFileSync(path.join(repoRoot(), 'third_party', 'tflm', 'SOURCES.md'), 'utf8');
  assert.match(sources, new RegExp(`github\\.com/tensorflow/tflite-micro \\| main @ ${TFLM_COMMIT}`));
  assert.ok(TFLM_RUNTIME.includes(TFLM_COMMIT.slice(0, 10)));
});
