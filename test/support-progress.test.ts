// A text view hover waits (up to HOVER_WAIT_MS) for the 16-target support table only when it is
// about to be ready: on a 10,000-node model the table takes seconds, and waiting only delayed the
// first hovers after the view opened by the whole wait.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedSupportMs } from '../src/extension/supportProgress';

test('a support table of 16 targets at 270 ms each is seconds away after its first target: a hover does not wait for it', () => {
  assert.equal(expectedSupportMs({ started: 1000, done: 1, total: 16 }, 1270), 14 * 270 / 2);
  assert.ok(expectedSupportMs({ started: 1000, done: 1, total: 16 }, 1270) > 60);
  // The first target in flight for 100 ms: the 15 others take about as long each.
  assert.equal(expectedSupportMs({ started: 0, done: 0, total: 16 }, 100), 1500);
});

test('a small model\'s table (a few ms a target) or the last target in flight: ready soon, a hover may wait', () => {
  assert.ok(expectedSupportMs({ started: 0, done: 10, total: 16 }, 5) < 60);
  assert.equal(expectedSupportMs({ started: 0, done: 15, total: 16 }, 4000), 0, 'the last target in flight');
  assert.equal(expectedSupportMs({ started: 50, done: 0, total: 16 }, 50), 0, 'just started: no pace known yet');
  assert.equal(expectedSupportMs({ started: 0, done: 16, total: 16 }, 10), 0, 'done');
});
