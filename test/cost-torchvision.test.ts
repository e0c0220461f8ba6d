// Done-criterion (3): total MACs of the shared torchvision exports agree within 2% with the
// figures torchvision publishes (its "GFLOPS" column counts multiply-accumulates; values from
// the `_ops` field of each weights' metadata in torchvision's model builders).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { computeCosts } from '../src/core/cost/computeCosts';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { inferShapes } from '../src/core/shapes/inferShapes';
import { sharedModelsDir } from './support/sharedModels';

const PUBLISHED_GMACS: Record<string, number> = {
  mobilenet_v2: 0.301,
  squeezenet1_1: 0.349,
  mobilenet_v3_small: 0.057,
  efficientnet_b0: 0.386,
  shufflenet_v2_x1_0: 0.145,
};

const dir = sharedModelsDir();

for (const [name, gmacs] of Object.entries(PUBLISHED_GMACS)) {
  test(`MACs of ${name} match torchvision's ${gmacs} G within 2%`, (t) => {
    const file = dir ? path.join(dir, 'onnx', `${name}.onnx`) : null;
    if (!file || !fs.existsSync(file)) return t.skip('shared models not found (../shared/models)');
    const model = readOnnxFile(file);
    inferShapes(model);
    const costs = computeCosts(model);
    assert.deepEqual(costs.totals.unknownNodes, [], 'every node has a known cost');
    const measured = costs.totals.macs / 1e9;
    const error = Math.abs(measured - gmacs) / gmacs;
    assert.ok(error <= 0.02, `${name}: ${measured.toFixed(4)} GMACs vs published ${gmacs} (${(error * 100).toFixed(2)}% off)`);
  });
}
