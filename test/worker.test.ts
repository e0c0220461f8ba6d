// The analysis worker as the extension uses it: requests in, reports out, a bad model answered
// with a read error (not a dead worker), and a change of target served from the prepared model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { repoRoot } from './support/sharedModels';
import { READ_ERROR } from '../src/processes/analysis/protocol';
import { isRemoteError } from '../src/processes/rpc/processError';
import { testAnalysisClient } from './support/workerAsk';

test('dist/worker.js analyzes, survives a corrupt model, and re-targets from its cache', async () => {
  const file = path.join(repoRoot(), 'dist', 'worker.js');
  assert.ok(fs.existsSync(file), 'npm test builds dist/ first');
  const worker = testAnalysisClient();
  try {
    const m7 = getBuiltinTarget('tflm-cortex-m7')!;
    const tpu = getBuiltinTarget('coral-edgetpu')!;
    const first = await worker.request('analyze', { file: bundledExampleModel(), dims: {}, targets: [m7] });
    assert.equal(first.report.head.target?.id, 'tflm-cortex-m7');
    assert.ok(first.bytesRead > 0);

    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-worker-')), 'broken.onnx');
    fs.writeFileSync(broken, fs.readFileSync(bundledExampleModel()).subarray(0, 3000));
    await assert.rejects(worker.request('analyze', { file: broken, dims: {}, targets: [m7] }),
      (e: Error) => isRemoteError(e, READ_ERROR) && /broken\.onnx/.test(e.message));

    const retarget = await worker.request('analyze', { file: bundledExampleModel(), dims: {}, targets: [tpu] });
    assert.equal(retarget.report.head.target?.id, 'coral-edgetpu');
    assert.equal(retarget.bytesRead, 0, 'the prepared model came from the cache: nothing re-read');
    assert.equal(worker.restartCount, 0, 'a corrupt model does not cost the worker');

    // A node named with 100,000 scopes: the worker builds its module trees too (they overflowed its stack).
    const deep = path.join(path.dirname(broken), 'deep.onnx');
    fs.writeFileSync(deep, writeOnnxModel({ graph: new OnnxGraphBuilder('g').input('x', 'float32', [1, 8])
      .node('Relu', ['x'], ['y'], {}, { name: `/${'a/'.repeat(100_000)}Relu` }).output('y', 'float32', [1, 8]), opsets: { '': 17 } }));
    const deepResult = await worker.request('analyze', { file: deep, dims: {}, targets: [m7] });
    assert.equal(deepResult.modules?.modules.modules[0]?.totals.items, 1);


    const matrix = await worker.request('supportMatrix', { file: bundledExampleModel(), dims: {}, targets: [m7, tpu] });
    assert.deepEqual(matrix.rows.map((r) => r.target), ['tflm-cortex-m7', 'coral-edgetpu']);
    assert.equal(matrix.rows[0]!.support.length, first.report.index.nodes);
  } finally {
    worker.dispose();
  }
});
