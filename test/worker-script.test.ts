// The worker's 'script' request (issue 6): the document's text goes in (never a path that is read),
// the analysis comes back with the findings on the exact range, judged on the request's target.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { isWorkerRequest } from '../src/processes/analysis/protocol';
import { repoRoot } from './support/sharedModels';
import { ask } from './support/workerAsk';

const SCRIPT = 'import torch.nn as nn\n\nact = nn.GELU()\n';

test('a script request carries text, and a malformed one is not taken for a request', () => {
  const target = getBuiltinTarget('tflm-cortex-m7')!;
  assert.ok(isWorkerRequest({ id: 1, kind: 'script', file: 'Untitled-1', text: SCRIPT, target }));
  assert.ok(!isWorkerRequest({ id: 1, kind: 'script', file: 'a.py', target }), 'no text');
  assert.ok(!isWorkerRequest({ id: 1, kind: 'script', file: 'a.py', text: SCRIPT }), 'no target');
});

test('dist/worker.js checks a script from its text on the given target', async () => {
  const file = path.join(repoRoot(), 'dist', 'worker.js');
  assert.ok(fs.existsSync(file), 'npm test builds dist/ first');
  const worker = new Worker(file);
  try {
    // a path that does not exist: the worker must use the text, not read the file
    const request = { kind: 'script', file: 'no/such/dir/Untitled-1', text: SCRIPT, opset: 17 } as const;
    const m7 = await ask(worker, { ...request, id: 1, target: getBuiltinTarget('tflm-cortex-m7')! });
    assert.equal(m7.kind, 'script');
    if (m7.kind !== 'script') return;
    const gelu = m7.analysis.diagnostics.find((d) => d.range.start.line === 2);
    assert.ok(gelu, JSON.stringify(m7.analysis.diagnostics));
    assert.deepEqual(gelu.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 15 } });
    assert.equal(gelu.target, 'tflm-cortex-m7');
    assert.ok(gelu.fixes.length > 0);

    const desktop = await ask(worker, { ...request, id: 2, target: getBuiltinTarget('ort-cpu-desktop')! });
    assert.equal(desktop.kind, 'script');
    if (desktop.kind === 'script') assert.equal(desktop.analysis.diagnostics.filter((d) => d.severity === 'error').length, 0);
  } finally {
    await worker.terminate();
  }
});
