// Working set and the arena plan (TFLite Micro's greedy planner rule), checked by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifetimes, lowPeakOrder, memoryTimeline, planArena } from '../src/core/analysis/memory';
import { chain, miniGraph } from './support/graphBuilder';

test('a chain needs two buffers at a time: arena = the two largest neighbours', () => {
  // x(100) -> t0(200) -> t1(48) -> t2(300); float32 = 4 bytes/element.
  const g = miniGraph([
    { op: 'A', in: ['x'], out: ['t0'] },
    { op: 'B', in: ['t0'], out: ['t1'] },
    { op: 'C', in: ['t1'], out: ['t2'] },
  ], { x: 100, t0: 200, t1: 48, t2: 300 }, ['x'], ['t2']);
  const { lifetimes: lts } = lifetimes(g);
  assert.deepEqual(lts.map((l) => [l.tensor, l.first, l.last]).sort(), [['t0', 0, 1], ['t1', 1, 2], ['t2', 2, 2], ['x', 0, 0]]);
  const tl = memoryTimeline(g);
  assert.deepEqual(tl.liveBytes, [1200, 992, 1392]);
  assert.equal(tl.peakBytes, 1392);
  assert.equal(tl.peakStep, 2);
  assert.deepEqual(tl.peakTensors, ['t2', 't1']);
  // Greedy: t2 (1200) at 0; t0 (800) overlaps only t1/x in time, not t2 -> 0; x (400) overlaps t0 -> 800;
  // t1 (192) overlaps t0 and t2 -> after t2, 1200.  Arena = 1392.
  const plan = planArena(lts, 16);
  const at = Object.fromEntries(plan.buffers.map((b) => [b.tensor, b.offset]));
  assert.deepEqual(at, { t2: 0, t0: 0, x: 800, t1: 1200 });
  assert.equal(plan.arenaBytes, 1392);
});

test('sizes are aligned before placing', () => {
  const plan = planArena([
    { tensor: 'a', bytes: 10, first: 0, last: 1 },
    { tensor: 'b', bytes: 10, first: 1, last: 2 },
  ], 16);
  assert.deepEqual(plan.buffers.map((b) => [b.tensor, b.offset, b.alignedBytes]), [['a', 0, 16], ['b', 16, 16]]);
  assert.equal(plan.arenaBytes, 32);
});

test('a buffer fills a gap left between two placed ones when it fits', () => {
  const plan = planArena([
    { tensor: 'big', bytes: 64, first: 0, last: 3 },
    { tensor: 'mid', bytes: 32, first: 2, last: 3 },
    { tensor: 'early', bytes: 32, first: 0, last: 1 },
    { tensor: 'small', bytes: 16, first: 1, last: 2 },
  ], 16);
  // big@0; mid overlaps big -> 64; early overlaps big only (not mid) -> 64; small overlaps big, mid and early -> 96.
  assert.deepEqual(Object.fromEntries(plan.buffers.map((b) => [b.tensor, b.offset])), { big: 0, mid: 64, early: 64, small: 96 });
  assert.equal(plan.arenaBytes, 112);
});

test('constants and unused tensors take no arena space', () => {
  const g = chain(['A', 'B'], 10);
  const w = g.tensors.get('t0')!;
  w.constant = true; // pretend t0 is a weight
  const names = lifetimes(g).lifetimes.map((l) => l.tensor).sort();
  assert.deepEqual(names, ['t1', 'x']);
});

test('reordering a branchy graph lowers the peak when a small branch can finish first', () => {
  // x -> Big1 -> b1(1000) -> Big2 -> b2(10);  x -> S1 -> s1(10) -> S2 -> s2(10); (b2, s2) -> J -> y(10)
  // File order runs S1 while b1 is still... run order Big1, S1, Big2, S2, J keeps b1 and s1 alive together;
  // running the small branch first keeps x alive longer but never holds b1 beside s1.
  const g = miniGraph([
    { op: 'Big1', in: ['x'], out: ['b1'] },
    { op: 'S1', in: ['x'], out: ['s1'] },
    { op: 'Big2', in: ['b1'], out: ['b2'] },
    { op: 'S2', in: ['s1'], out: ['s2'] },
    { op: 'J', in: ['b2', 's2'], out: ['y'] },
  ], { x: 500, b1: 1000, b2: 10, s1: 600, s2: 10, y: 10 }, ['x'], ['y']);
  const before = memoryTimeline(g).peakBytes;
  const order = lowPeakOrder(g);
  const after = memoryTimeline(g, order).peakBytes;
  // File order peak: step 1 (S1) holds x, b1, s1 = (500+1000+600)*4 = 8400.
  assert.equal(before, 8400);
  assert.ok(after < before, `reordered peak ${after} should be below ${before}`);
  assert.deepEqual(order.slice(0, 2), [1, 3], 'the small branch runs to completion first');
});
