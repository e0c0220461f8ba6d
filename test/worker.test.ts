// The analysis worker as the extension uses it: requests in, reports out, a bad model answered
// with a read error (not a dead worker), and a change of target served from the prepared model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { repoRoot } from './support/sharedModels';
import { ask } from './support/workerAsk';

test('dist/worker.js analyzes, survives a corrupt model, and re-targets from its cache', async () => {
  const file = path.join(repoRoot(), 'dist', 'worker.js');
  assert.ok(fs.existsSync(file), 'npm test builds dist/ first');
  const worker = new Worker(file);
  try {
    const m7 = getBuiltinTarget('tflm-cortex-m7')!;
    const tpu = getBuiltinTarget('coral-edgetpu')!;
    const first = await ask(worker, { id: 1, kind: 'analyze', file: bundledExampleModel(), dims: {}, targets: [m7] });
    assert.equal(first.kind, 'report');
    if (first.kind !== 'report') return;
    assert.equal(first.report.target?.id, 'tflm-cortex-m7');
    assert.ok(first.bytesRead > 0);

    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-worker-')), 'broken.onnx');
    fs.writeFileSync(broken, fs.readFileSync(bundledExampleModel()).subarray(0, 3000));
    const bad = await ask(worker, { id: 2, kind: 'analyze', file: broken, dims: {}, targets: [m7] });
    assert.equal(bad.kind, 'error');
    if (bad.kind === 'error') {
      assert.equal(bad.readError, true);
      assert.match(bad.message, /broken\.onnx/);
    }

    const retarget = await ask(worker, { id: 3, kind: 'analyze', file: bundledExampleModel(), dims: {}, targets: [tpu] });
    assert.equal(retarget.kind, 'report');
    if (retarget.kind === 'report') {
      assert.equal(retarget.report.target?.id, 'coral-edgetpu');
      assert.equal(retarget.bytesRead, 0, 'the prepared model came from the cache: nothing re-read');
    }

    const matrix = await ask(worker, { id: 4, kind: 'supportMatrix', file: bundledExampleModel(), dims: {}, targets: [m7, tpu] });
    assert.equal(matrix.kind, 'supportMatrix');
    if (matrix.kind === 'supportMatrix') {
      assert.deepEqual(matrix.rows.map((r) => r.target), ['tflm-cortex-m7', 'coral-edgetpu']);
      assert.equal(matrix.rows[0]!.support.length, first.report.nodes.length);
    }
  } finally {
    await worker.terminate();
  }
});
