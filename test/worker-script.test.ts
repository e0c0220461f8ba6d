// The worker's 'script' request (issue 6): the document's text goes in (never a path that is read),
// the analysis comes back with the findings on the exact range, judged on the request's target.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { isAnalysisParams } from '../src/processes/analysis/protocol';
import { isRemoteError } from '../src/processes/rpc/processError';
import { testAnalysisClient } from './support/workerAsk';
import { repoRoot } from './support/sharedModels';

const SCRIPT = 'import torch.nn as nn\n\nact = nn.GELU()\n';

test('a script request carries text, and a malformed one is not taken for a request', () => {
  const target = getBuiltinTarget('tflm-cortex-m7')!;
  assert.ok(isAnalysisParams('script', { file: 'Untitled-1', text: SCRIPT, target }));
  assert.ok(!isAnalysisParams('script', { file: 'a.py', target }), 'no text');
  assert.ok(!isAnalysisParams('script', { file: 'a.py', text: SCRIPT }), 'no target');
});

test('dist/worker.js checks a script from its text on the given target', async () => {
  assert.ok(fs.existsSync(path.join(repoRoot(), 'dist', 'worker.js')), 'npm test builds dist/ first');
  const worker = testAnalysisClient();
  try {
    // a path that does not exist: the worker must use the text, not read the file
    const request = { file: 'no/such/dir/Untitled-1', text: SCRIPT, opset: 17 } as const;
    const m7 = await worker.request('script', { ...request, target: getBuiltinTarget('tflm-cortex-m7')! });
    const gelu = m7.analysis.diagnostics.find((d) => d.range.start.line === 2);
    assert.ok(gelu, JSON.stringify(m7.analysis.diagnostics));
    assert.deepEqual(gelu.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 15 } });
    assert.equal(gelu.target, 'tflm-cortex-m7');
    assert.ok(gelu.fixes.length > 0);

    const desktop = await worker.request('script', { ...request, target: getBuiltinTarget('ort-cpu-desktop')! });
    assert.equal(desktop.analysis.diagnostics.filter((d) => d.severity === 'error').length, 0);

    // A malformed request is answered (code 'invalid'), not left pending.
    await assert.rejects(worker.request('script', { file: 'a.py', text: SCRIPT } as never), (e: Error) => isRemoteError(e, 'invalid'));
  } finally {
    worker.dispose();
  }
});
