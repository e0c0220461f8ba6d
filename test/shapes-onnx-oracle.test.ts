// Done-criterion (1): on every shared ONNX model, each tensor's inferred dtype and shape equal
// what ONNX's own shape inference (with data propagation) computes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { inferShapes } from '../src/core/shapes/inferShapes';
import { sharedModelsDir } from './support/sharedModels';
import { oracleShapes, oracleUnavailable } from './support/shapeOracle';

const dir = sharedModelsDir();
const models = dir ? fs.readdirSync(path.join(dir, 'onnx')).filter((f) => f.endsWith('.onnx')).sort() : [];
const unavailable = dir === null ? 'shared models not found (../shared/models)' : oracleUnavailable();

test('shared ONNX models have shared models to check', (t) => {
  if (unavailable) return t.skip(unavailable);
  assert.ok(models.length >= 5, `expected the shared ONNX models, found ${models.length}`);
});

for (const file of models) {
  test(`inferred shapes match ONNX shape inference: ${file}`, (t) => {
    if (unavailable) return t.skip(unavailable);
    const modelPath = path.join(dir!, 'onnx', file);
    const model = readOnnxFile(modelPath);
    const g = model.graphs[0]!;
    // Drop what the file declares for node outputs, so only inference can produce their shapes.
    for (const t of g.tensors.values()) if (t.producer !== null && !t.constant) t.shape = null;
    inferShapes(model);
    const oracle = oracleShapes(modelPath);
    const problems: string[] = [];
    let compared = 0;
    for (const [name, ref] of Object.entries(oracle)) {
      const mine = g.tensors.get(name);
      if (!mine) { problems.push(`${name}: missing`); continue; }
      compared++;
      if (mine.dtype !== ref.dtype) problems.push(`${name}: dtype ${mine.dtype} vs ${ref.dtype}`);
      if (ref.shape === null) continue;
      const s = mine.shape;
      const same = s !== null && s.length === ref.shape.length && ref.shape.every((d, i) => d === null || d === s[i]);
      if (!same) problems.push(`${name}: [${s?.join(',') ?? '?'}] vs [${ref.shape.join(',')}]`);
    }
    assert.ok(compared > 0);
    assert.deepEqual(problems, [], `${file}: ${problems.length} of ${compared} tensors differ`);
  });
}
