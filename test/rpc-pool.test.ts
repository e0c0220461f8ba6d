// Several processes behind one Rpc (src/processes/rpc/pool.ts), on the RPC test process. What the
// editor relies on (issue 12): a stuck request occupies one process while the next is answered by
// another; a time-out counts only a request's own run, not its wait in the queue; a request
// cancelled while it waits leaves at once; requests about one file go to the process that has it.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { RpcClient } from '../src/processes/rpc/client';
import { childProcess } from '../src/processes/rpc/endpoint';
import { RpcPool, routed } from '../src/processes/rpc/pool';
import { isCancelled, ProcessError } from '../src/processes/rpc/processError';
import type { TestMethods } from './support/rpcTestProcess';

const script = path.join(__dirname, 'support', 'rpcTestProcess.js');

function pool(size: number, timeoutMs?: number, affinity?: (method: string, params: unknown) => string | undefined): RpcPool<TestMethods> {
  return new RpcPool<TestMethods>({
    name: 'the test processes', size,
    member: (i) => new RpcClient<TestMethods>({ name: `test process ${i + 1}`, launch: childProcess(script), ...(timeoutMs !== undefined ? { timeoutMs } : {}) }),
    ...(affinity ? { affinity } : {}),
  });
}

test('a hung request occupies one process; the next request is answered by another meanwhile', async () => {
  const p = pool(2, 20_000);
  try {
    const first = await p.request('echo', { value: 1 });
    const hung = p.request('hang', {});
    hung.catch(() => undefined);
    const t0 = performance.now();
    const other = await p.request('echo', { value: 2 });
    assert.equal(other.value, 2);
    assert.ok(performance.now() - t0 < 5000, 'answered long before the hung request ends');
    assert.notEqual(other.pid, first.pid, 'a second process answered');
    assert.equal(p.processIds.length, 2);
    p.dispose();
    await assert.rejects(hung, (e: Error) => e instanceof ProcessError && e.kind === 'disposed');
  } finally {
    p.dispose();
  }
});

test('processes start only when needed: one at a time needs one process', async () => {
  const p = pool(3);
  try {
    for (let i = 0; i < 5; i++) await p.request('echo', { value: i });
    assert.equal(p.processIds.length, 1);
    const pids = new Set((await Promise.all([0, 1, 2].map((i) => p.request('count', { steps: 3, delayMs: 20 }).then(() => p.request('echo', { value: i }))))).map((r) => r.pid));
    assert.ok(pids.size >= 1);
    assert.ok(p.processIds.length <= 3);
  } finally {
    p.dispose();
  }
});

test('a time-out counts a request\'s own run, not its wait behind another', async () => {
  // 600 ms time-out; each request runs ~300 ms; the third waits ~600 ms for the only process.
  const p = pool(1, 600);
  try {
    const runs = [1, 2, 3].map(() => p.request('count', { steps: 5, delayMs: 60 }));
    assert.deepEqual(await Promise.all(runs), [{ counted: 5 }, { counted: 5 }, { counted: 5 }]);
    assert.equal(p.restartCount, 0);
    // A request that does run too long is still stopped, and its process replaced.
    await assert.rejects(p.request('hang', {}), (e: Error) => e instanceof ProcessError && e.kind === 'timeout' && /within 600 ms/.test(e.message));
    assert.equal((await p.request('echo', { value: 9 })).value, 9);
    assert.equal(p.restartCount, 1);
  } finally {
    p.dispose();
  }
});

test('a request cancelled while it waits leaves the queue at once', async () => {
  const p = pool(1, 20_000);
  try {
    const hung = p.request('hang', {});
    hung.catch(() => undefined);
    const ac = new AbortController();
    const waiting = p.request('echo', { value: 1 }, { signal: ac.signal });
    assert.equal(p.queued, 1);
    ac.abort();
    await assert.rejects(waiting, (e: Error) => isCancelled(e));
    assert.equal(p.queued, 0);
  } finally {
    p.dispose();
  }
});

test('requests with the same key go back to the process that served it when that one is free', async () => {
  const p = pool(2, undefined, (_m, params) => ((params as { value?: number }).value !== undefined ? `k${(params as { value: number }).value % 2}` : undefined));
  try {
    // Both processes busy at once, so each key lands on its own process.
    const [a, b] = await Promise.all([p.request('echo', { value: 0 }), p.request('echo', { value: 1 })]);
    const [a2, b2] = [await p.request('echo', { value: 2 }), await p.request('echo', { value: 3 })];
    assert.equal(a2.pid, a.pid, 'key k0 returns to its process');
    assert.equal(b2.pid, b.pid, 'key k1 returns to its process');
  } finally {
    p.dispose();
  }
});

test('routed: the listed methods go to their own Rpc, the rest to the fallback', async () => {
  const lane = pool(1);
  const rest = pool(1);
  const rpc = routed<TestMethods>({ count: lane }, rest);
  try {
    const hung = rest.request('hang', {});
    hung.catch(() => undefined);
    // The fallback's only process is stuck; the routed method is still answered.
    assert.deepEqual(await rpc.request('count', { steps: 1, delayMs: 1 }), { counted: 1 });
    assert.equal(lane.processIds.length, 1);
  } finally {
    rpc.dispose();
  }
});
