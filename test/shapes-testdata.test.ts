// Done-criterion (2): on ONNX's node tests, with declared output shapes forgotten, inference gives
// them back for ≥ 95% of the models whose every operator has a shape rule.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { checkTestdata, TESTDATA_DIR } from './support/testdataShapes';

test('ONNX node tests: inferred output shapes equal the declared ones for >= 95% of supported models', (t) => {
  if (!fs.existsSync(TESTDATA_DIR)) return t.skip(`${TESTDATA_DIR} not found (apt install libonnx-testdata)`);
  const r = checkTestdata();
  assert.ok(r.supported >= 500, `expected hundreds of supported node tests, got ${r.supported}`);
  const ratio = r.matched / r.supported;
  assert.ok(ratio >= 0.95, `ratio ${ratio.toFixed(4)}; misses: ${r.misses.map((m) => m.name).join(', ')}`);
});

// Every model of ONNX's test data is valid (ONNX Runtime and ONNX's own checker run them): none may
// get an error finding of its own, which would fail it on every target. Guards the shape rules that
// call a node invalid (shapes/invalid-shape) against calling a valid one so — old-opset
// broadcasting included (pytorch-converted's PReLU-6 models).
test('no model of ONNX\'s test data is called invalid (no error finding of the model\'s own)', (t) => {
  const root = path.dirname(TESTDATA_DIR);
  if (!fs.existsSync(root)) return t.skip(`${root} not found (apt install libonnx-testdata)`);
  const invalid: string[] = [];
  let models = 0;
  for (const sub of fs.readdirSync(root).sort()) {
    const dir = path.join(root, sub);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name, 'model.onnx');
      if (!fs.existsSync(file)) continue;
      models++;
      const { model } = readModelFile(file);
      const errors = [...model.diagnostics, ...prepareModel(model).shapeDiagnostics].filter((d) => d.severity === 'error');
      if (errors.length > 0) invalid.push(`${sub}/${name}: ${errors.map((d) => d.message).join('; ')}`);
    }
  }
  assert.ok(models >= 1000, `expected ONNX's ~1,000 test models, found ${models}`);
  assert.deepEqual(invalid, []);
});
