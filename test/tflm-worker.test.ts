// The TFLite Micro process boundary (src/processes/tflm: worker thread over the shared RPC): the
// same figures as the engine in-process, TFLM's verdicts as answers, an abort() that replaces the
// worker without losing TFLM's text, time-outs, unreadable files, runs with random inputs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TflmClient } from '../src/processes/tflm/client';
import { ProcessError } from '../src/processes/rpc/processError';
import { int8ConvNet, int8TransposeConv, unsupportedOpModel } from './fixtures/tflmModels';
import { repoRoot } from './support/sharedModels';
import { keywordScrambled, sharedTfliteModels, tflmEngine } from './support/tflm';

const workerScript = path.join(repoRoot(), 'dist', 'tflmWorker.js');
const client = (timeoutMs?: number): TflmClient => new TflmClient({ workerScript, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });

test('measure through the worker: the same figures as the engine in-process, from a file or from bytes', async () => {
  const tflm = client();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-worker-'));
  try {
    const file = path.join(dir, 'keyword.tflite');
    fs.writeFileSync(file, keywordScrambled());
    const fromFile = await tflm.measure({ file }, 'cmsis_nn');
    assert.ok(fromFile.ok, fromFile.ok ? '' : fromFile.error.message);
    const direct = await (await tflmEngine('cmsis_nn')).measureArena(keywordScrambled());
    assert.ok(direct.ok);
    assert.equal(fromFile.value.headBytes, 672);
    assert.deepEqual({ ...fromFile.value, allocations: 0, abortsDuringSearch: 0 }, { ...direct.value, allocations: 0, abortsDuringSearch: 0 });
    assert.ok(fromFile.millis >= 0);
    const fromBytes = await tflm.measure({ bytes: int8ConvNet(), label: 'conv' }, 'reference');
    assert.ok(fromBytes.ok);
    assert.equal(fromBytes.value.kernels, 'reference');
  } finally {
    tflm.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a model TFLM cannot run is an answer with TFLM\'s text and node, not an error', async () => {
  const tflm = client();
  try {
    const r = await tflm.measure({ bytes: unsupportedOpModel(), label: 'gelu' }, 'cmsis_nn');
    assert.ok(!r.ok);
    assert.match(r.error.message, /Didn't find op for builtin opcode 'GELU'/);
    assert.deepEqual(r.error.node, { subgraph: 0, index: 1, how: 'unresolved-op', builtinCode: 150, opName: 'GELU' });
    assert.equal(tflm.restartCount, 0);
  } finally {
    tflm.dispose();
  }
});

test('TFLM abort(): the answer keeps TFLM\'s text and node, and the next request runs in a new worker', async (t) => {
  const person = sharedTfliteModels()?.find(([n]) => n === 'shared/person_detect.tflite')?.[1];
  if (!person) { t.skip('../shared/models not present'); return; }
  const tflm = client();
  try {
    const first = await tflm.allocate({ file: person }, 'cmsis_nn', 136 * 1024);
    assert.ok(first.ok);
    const thread = tflm.threadId;
    // 20 KiB: a temporary allocation fails inside a Prepare and TFLITE_DCHECK abort()s (tflm-engine.test.ts).
    const r = await tflm.allocate({ file: person }, 'cmsis_nn', 20 * 1024);
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'aborted');
    assert.match(r.error.log, /Failed to allocate temp memory/);
    assert.equal(r.error.node?.how, 'last-log-position');
    assert.equal(r.error.arenaTooSmall, true);
    const again = await tflm.allocate({ file: person }, 'cmsis_nn', 136 * 1024, { recording: true });
    assert.ok(again.ok);
    assert.equal(again.value.figures.headBytes, 55_296);
    assert.equal(tflm.restartCount, 1);
    assert.notEqual(tflm.threadId, thread);
  } finally {
    tflm.dispose();
  }
});

test('a request over its time-out stops the worker; the next request gets a fresh one', async () => {
  const tflm = client();
  try {
    await assert.rejects(tflm.measure({ bytes: keywordScrambled(), label: 'kw' }, 'cmsis_nn', { timeoutMs: 1 }), (e: unknown) => e instanceof ProcessError && e.kind === 'timeout');
    const r = await tflm.measure({ bytes: keywordScrambled(), label: 'kw' }, 'cmsis_nn');
    assert.ok(r.ok);
    assert.equal(r.value.headBytes, 672);
  } finally {
    tflm.dispose();
  }
});

test('an unreadable model file is a remote read error naming it; the worker keeps serving', async () => {
  const tflm = client();
  try {
    await assert.rejects(tflm.measure({ file: '/nonexistent/model.tflite' }, 'cmsis_nn'), (e: unknown) => e instanceof ProcessError && e.kind === 'remote' && e.code === 'read' && /nonexistent\/model\.tflite/.test(e.message));
    await assert.rejects(tflm.measure({ file: os.tmpdir() }, 'cmsis_nn'), (e: unknown) => e instanceof ProcessError && e.code === 'read' && /not a regular file/.test(e.message));
    const r = await tflm.measure({ bytes: int8ConvNet(), label: 'conv' }, 'cmsis_nn');
    assert.ok(r.ok);
    assert.equal(tflm.restartCount, 0);
  } finally {
    tflm.dispose();
  }
});

test('runs with deterministic random inputs: per-op times for every invoke, the same outputs for the same seed', async () => {
  const tflm = client();
  try {
    const a = await tflm.run({ bytes: int8TransposeConv(), label: 'tconv' }, 'cmsis_nn', { invokes: 3, inputs: { kind: 'random', seed: 7 } });
    const b = await tflm.run({ bytes: int8TransposeConv(), label: 'tconv' }, 'cmsis_nn', { invokes: 1, inputs: { kind: 'random', seed: 7 } });
    const c = await tflm.run({ bytes: int8TransposeConv(), label: 'tconv' }, 'cmsis_nn', { invokes: 1, inputs: { kind: 'random', seed: 8 } });
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(a.value.invocations.length, 3);
    assert.ok(a.value.invocations.every((inv) => inv.ops.length > 0));
    assert.deepEqual(a.value.outputs.map((o) => [...o.data]), b.value.outputs.map((o) => [...o.data]));
    assert.notDeepEqual(b.value.outputs.map((o) => [...o.data]), c.value.outputs.map((o) => [...o.data]));
  } finally {
    tflm.dispose();
  }
});
