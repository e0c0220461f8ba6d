// The one RPC client every process boundary uses (src/processes/rpc), on both transports: a worker
// thread and a child process running the same test script. What a user relies on: a hung request
// ends with a time-out and a fresh process, a crash names its exit code and stderr, cancel stops
// one request without losing others, progress arrives, and a fatal error replaces the process.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { RpcClient } from '../src/processes/rpc/client';
import { childProcess, workerThread } from '../src/processes/rpc/endpoint';
import { isCancelled, isRemoteError, ProcessError } from '../src/processes/rpc/processError';
import type { TestMethods } from './support/rpcTestProcess';

const script = path.join(__dirname, 'support', 'rpcTestProcess.js');
const transports = {
  'worker thread': () => workerThread(script),
  'child process': () => childProcess(script),
};

for (const [transport, launch] of Object.entries(transports)) {
  test(`${transport}: a hung request times out, the process is replaced, the next request works`, async () => {
    const logged: string[] = [];
    const rpc = new RpcClient<TestMethods>({ name: 'the test process', launch: launch(), timeoutMs: 5000, log: { info: () => undefined, error: (m) => logged.push(m) } });
    try {
      const first = await rpc.request('echo', { value: 1 });
      assert.equal(first.value, 1);
      await assert.rejects(rpc.request('hang', {}, { timeoutMs: 200 }), (e: Error) =>
        e instanceof ProcessError && e.kind === 'timeout' && e.process === 'the test process' && /did not answer 'hang' within 200 ms/.test(e.message));
      const second = await rpc.request('echo', { value: 2 });
      assert.equal(second.value, 2);
      assert.equal(rpc.restartCount, 1);
      assert.deepEqual(logged, [], 'a process the client stopped itself is not logged as a crash');
    } finally {
      rpc.dispose();
    }
  });

  test(`${transport}: a crash fails every pending request with the exit code, then restarts`, async () => {
    const rpc = new RpcClient<TestMethods>({ name: 'the test process', launch: launch() });
    try {
      const hanging = rpc.request('hang', {});
      const crash = rpc.request('crash', { code: 7 });
      for (const p of [hanging, crash]) {
        await assert.rejects(p, (e: Error) => e instanceof ProcessError && e.kind === 'exited' && e.exitCode === 7 && /the test process exited with code 7/.test(e.message));
      }
      if (transport === 'child process') await assert.rejects(rpc.request('crash', { code: 3 }), /about to crash/);
      assert.equal((await rpc.request('echo', { value: 3 })).value, 3);
    } finally {
      rpc.dispose();
    }
  });

  test(`${transport}: progress arrives; cancel stops one request and the process keeps serving`, async () => {
    const rpc = new RpcClient<TestMethods>({ name: 'the test process', launch: launch(), cancel: 'notify' });
    try {
      const steps: number[] = [];
      assert.deepEqual(await rpc.request('count', { steps: 3, delayMs: 1 }, { onProgress: (p) => steps.push(p.step) }), { counted: 3 });
      assert.deepEqual(steps, [1, 2, 3]);
      const ac = new AbortController();
      const long = rpc.request('count', { steps: 1000, delayMs: 5 }, { signal: ac.signal, onProgress: (p) => { if (p.step === 2) ac.abort(); } });
      const other = rpc.request('echo', { value: 4 });
      await assert.rejects(long, (e: Error) => isCancelled(e));
      assert.equal((await other).value, 4);
      assert.equal(rpc.restartCount, 0, "'notify' cancels inside the process");
    } finally {
      rpc.dispose();
    }
  });

  test(`${transport}: remote errors carry their code; a fatal one replaces the process; bad params are refused`, async () => {
    const rpc = new RpcClient<TestMethods>({ name: 'the test process', launch: launch() });
    try {
      const before = await rpc.request('echo', { value: 5 });
      await assert.rejects(rpc.request('fail', { fatal: false }), (e: Error) => isRemoteError(e, 'abort') && e.message === 'the instance aborted');
      assert.equal((await rpc.request('echo', { value: 6 })).pid, before.pid);
      await assert.rejects(rpc.request('fail', { fatal: true }), (e: Error) => isRemoteError(e, 'abort'));
      await rpc.request('echo', { value: 7 });
      assert.equal(rpc.restartCount, 1, 'a fatal error replaced the process');
      await assert.rejects(rpc.request('echo', { value: 'x' } as never), (e: Error) => isRemoteError(e, 'invalid'));
    } finally {
      rpc.dispose();
    }
  });
}

test('a missing script and a disposed client fail with their own kinds', async () => {
  const missing = new RpcClient<TestMethods>({ name: 'the test process', launch: workerThread(path.join(__dirname, 'no-such.js')) });
  await assert.rejects(missing.request('echo', { value: 1 }), (e: Error) => e instanceof ProcessError && e.kind === 'unavailable' && /no-such\.js not found/.test(e.message));
  const rpc = new RpcClient<TestMethods>({ name: 'the test process', launch: workerThread(script) });
  const pending = rpc.request('hang', {});
  rpc.dispose();
  await assert.rejects(pending, (e: Error) => e instanceof ProcessError && e.kind === 'disposed');
  await assert.rejects(rpc.request('echo', { value: 1 }), (e: Error) => e instanceof ProcessError && e.kind === 'disposed');
});
