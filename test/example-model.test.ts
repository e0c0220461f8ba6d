// The bundled example must be exactly what the repo's generator produces: it ships in the repo,
// and anyone can regenerate and audit it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { buildKwsDscnn } from '../src/core/examples/kwsDscnn';

test('examples/kws_dscnn.onnx is byte-identical to tools/make-example-model.ts output', () => {
  const committed = fs.readFileSync(bundledExampleModel());
  const generated = buildKwsDscnn();
  assert.equal(committed.byteLength, generated.byteLength, 'run `npm run example` to regenerate');
  assert.ok(Buffer.from(generated).equals(committed), 'run `npm run example` to regenerate');
});
