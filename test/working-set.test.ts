// The per-node working set counts each tensor a node touches once, whether the node names it once
// or several times (x·x reads x twice; a Concat of many copies): the bytes a kernel needs in memory
// do not double because an input is listed twice. Short name lists are scanned, long ones use a set:
// both must count the same.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeWorkingSet } from '../src/core/analysis/workingSet';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { miniGraph } from './support/graphBuilder';

const target = getBuiltinTarget('tflm-cortex-m7')!;

test('a tensor listed twice by a node counts once in its working set', () => {
  // float32: 4 bytes per element.
  const g = miniGraph([{ op: 'Mul', in: ['x', 'x'], out: ['y'] }], { x: 10, y: 10 }, ['x'], ['y']);
  const ws = nodeWorkingSet(g.nodes[0]!, g, target);
  assert.equal(ws.activationBytes, 80);
  assert.equal(ws.bytes, 80);
});

test('short and long name lists count the same tensors (a Concat of 40 inputs, some repeated)', () => {
  const names = Array.from({ length: 40 }, (_, i) => `t${i % 25}`);
  const sizes: Record<string, number> = { y: 1000 };
  for (let i = 0; i < 25; i++) sizes[`t${i}`] = i + 1;
  const distinct = Array.from({ length: 25 }, (_, i) => (i + 1) * 4).reduce((a, b) => a + b, 0);
  const long = miniGraph([{ op: 'Concat', in: names, out: ['y'] }], sizes, names.slice(0, 25), ['y']);
  assert.equal(nodeWorkingSet(long.nodes[0]!, long, target).activationBytes, distinct + 4000);
  // The same kind of repeat in a short list (6 names, 3 distinct inputs).
  const short = miniGraph([{ op: 'Concat', in: ['t0', 't1', 't0', 't2', 't1'], out: ['y'] }], sizes, ['t0', 't1', 't2'], ['y']);
  assert.equal(nodeWorkingSet(short.nodes[0]!, short, target).activationBytes, (1 + 2 + 3) * 4 + 4000);
  // An output that is also read (a node writing what it reads) counts once too.
  const loop = miniGraph([{ op: 'Add', in: ['a', 'b'], out: ['b'] }], { a: 5, b: 5 }, ['a'], ['b']);
  assert.equal(nodeWorkingSet(loop.nodes[0]!, loop, target).activationBytes, 40);
});
