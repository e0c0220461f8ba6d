// Done-criterion (2): on ONNX's node tests, with declared output shapes forgotten, inference gives
// them back for ≥ 95% of the models whose every operator has a shape rule.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { checkTestdata, TESTDATA_DIR } from './support/testdataShapes';

test('ONNX node tests: inferred output shapes equal the declared ones for >= 95% of supported models', (t) => {
  if (!fs.existsSync(TESTDATA_DIR)) return t.skip(`${TESTDATA_DIR} not found (apt install libonnx-testdata)`);
  const r = checkTestdata();
  assert.ok(r.supported >= 500, `expected hundreds of supported node tests, got ${r.supported}`);
  const ratio = r.matched / r.supported;
  assert.ok(ratio >= 0.95, `ratio ${ratio.toFixed(4)}; misses: ${r.misses.map((m) => m.name).join(', ')}`);
});
