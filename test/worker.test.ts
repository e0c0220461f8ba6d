// The analysis worker as the extension uses it: requests in, reports out, a bad model answered
// with a read error (not a dead worker), and a change of target served from the prepared model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { getBuiltinTarget, listBuiltinTargets } from '../src/core/targets/builtins';
import { analyzeFile } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { repoRoot } from './support/sharedModels';
import { READ_ERROR, reasonOf, supportOf } from '../src/processes/analysis/protocol';
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

test("the worker's support table (hovers) agrees with a full analysis on every built-in target, node by node", async () => {
  // MatMul → Erf → Relu: Erf runs on some targets and not on others, with a reason.
  const b = new OnnxGraphBuilder('support');
  b.input('x', 'float32', [1, 8]);
  b.initializer('W', 'float32', [8, 8], new Float32Array(64).map((_, i) => (i % 7) / 7 - 0.5));
  b.node('MatMul', ['x', 'W'], ['h'], {}, { name: 'mm' });
  b.node('Erf', ['h'], ['e'], {}, { name: 'erf' });
  b.node('Relu', ['e'], ['y'], {}, { name: 'relu' });
  for (const v of ['h', 'e']) b.valueInfo(v, 'float32', [1, 8]);
  b.output('y', 'float32', [1, 8]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-worker-')), 'support.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 13 } }));
  const worker = testAnalysisClient();
  try {
    const targets = listBuiltinTargets();
    const { rows } = await worker.request('supportMatrix', { file, dims: {}, targets });
    assert.deepEqual(rows.map((r) => r.target), targets.map((t) => t.id));
    const erfVerdicts = new Set<string>();
    for (const [t, target] of targets.entries()) {
      const full = analyzeFile(file, { targets: [target] }).report;
      assert.equal(rows[t]!.support.length, full.nodes.length, target.id);
      for (const [i, node] of full.nodes.entries()) {
        assert.equal(supportOf(rows[t]!, i), node.support ?? 'unknown', `${target.id}: ${node.name}`);
        const violated = node.reasons?.find((r) => r.outcome === 'violated')?.message ?? null;
        assert.equal(reasonOf(rows[t]!, i), violated, `${target.id}: ${node.name}'s reason`);
      }
      erfVerdicts.add(supportOf(rows[t]!, 1));
    }
    assert.ok(erfVerdicts.has('supported') && erfVerdicts.size > 1, `Erf should run on some targets and not on others: ${[...erfVerdicts].join(', ')}`);
  } finally {
    worker.dispose();
  }
});
