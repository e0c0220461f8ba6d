// TFLite files store every tensor shape; running our own rules over the ops we support must agree
// with them on the shared models (a disagreement would be reported as shapes/declared-mismatch).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { computeCosts } from '../src/core/cost/computeCosts';
import { readTfliteFile } from '../src/core/tflite/readTflite';
import { inferShapesDetailed } from '../src/core/shapes/inferShapes';
import { sharedModelsDir } from './support/sharedModels';

const dir = sharedModelsDir();
const files = dir ? fs.readdirSync(path.join(dir, 'tflite')).filter((f) => f.endsWith('.tflite')).sort() : [];

for (const file of files) {
  test(`TFLite stored shapes agree with inference: ${file}`, () => {
    const model = readTfliteFile(path.join(dir!, 'tflite', file));
    const r = inferShapesDetailed(model);
    const mismatches = r.diagnostics.filter((d) => d.code === 'shapes/declared-mismatch').map((d) => d.message);
    assert.deepEqual(mismatches, []);
    const costs = computeCosts(model);
    // Either arithmetic is counted, or the nodes we cannot cost (e.g. an Ethos-U custom op) are listed: never a silent 0.
    assert.ok(costs.totals.macs > 0 || costs.totals.unknownNodes.length > 0, 'cost is counted or reported unknown');
  });
}

test('TFLite person_detect MACs are those of the MobileNet v1 0.25 backbone', (t) => {
  const file = dir ? path.join(dir, 'tflite', 'person_detect.tflite') : '';
  if (!dir || !fs.existsSync(file)) return t.skip('shared models not found (../shared/models)');
  const model = readTfliteFile(file);
  inferShapesDetailed(model);
  const c = computeCosts(model);
  assert.deepEqual(c.totals.unknownNodes, []);
  // 96x96 grayscale MobileNet v1 (width 0.25): about 7 M MACs.
  assert.ok(c.totals.macs > 6e6 && c.totals.macs < 8e6, `MACs ${c.totals.macs}`);
});
