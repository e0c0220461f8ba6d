// Design hints that find redundancy: no-op nodes, cancelling/repeated layout ops, dead code and
// unfolded constants, each on a small generated ONNX graph with the answer worked out by hand.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { designHints } from '../src/core/analysis/hints';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readBytes } from './support/onnxFixtures';
import { codes, nodeIndex, withCode } from './support/hintAssertions';

test('Identity, Dropout and a Cast to the same type are no-ops; a real Cast is not', () => {
  const b = new OnnxGraphBuilder('noops')
    .input('x', 'float32', [1, 4, 8, 8])
    .node('Identity', ['x'], ['a'])
    .node('Dropout', ['a'], ['b', 'mask'])
    .node('Cast', ['x'], ['c'], { to: 1 }) // float32 → float32
    .node('Cast', ['x'], ['d'], { to: 10 }) // float32 → float16: a real conversion
    .node('Add', ['b', 'c'], ['e'])
    .node('Mul', ['e', 'd'], ['y'])
    .output('y', 'float32', [1, 4, 8, 8]);
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = designHints(model, null);
  // Dropout's unread mask is part of the Dropout hint, not an unused-output finding.
  assert.deepEqual(codes(hints), ['hint/dropout', 'hint/identity', 'hint/noop-cast']);
  assert.equal(withCode(hints, 'hint/identity')[0]!.node, nodeIndex(model, 'Identity'));
  assert.equal(withCode(hints, 'hint/dropout')[0]!.node, nodeIndex(model, 'Dropout'));
  const cast = withCode(hints, 'hint/noop-cast')[0]!;
  assert.equal(cast.node, nodeIndex(model, 'Cast', 0));
  assert.match(cast.message, /to float32, the type it already has/);
  for (const h of hints) {
    assert.equal(h.severity, 'info');
    assert.ok(h.fix.length > 0 && !h.message.includes(h.fix), 'the fix travels in its own field');
  }
});

test('an Identity on an initializer is named as a shared-weight alias', () => {
  const b = new OnnxGraphBuilder('alias')
    .input('x', 'float32', [1, 3, 8, 8])
    .initializer('w', 'float32', [4, 3, 1, 1], new Float32Array(12).fill(1))
    .node('Identity', ['w'], ['w2'])
    .node('Conv', ['x', 'w'], ['c1'])
    .node('Conv', ['x', 'w2'], ['c2'])
    .node('Add', ['c1', 'c2'], ['y'])
    .output('y');
  const hints = designHints(readBytes(writeOnnxModel({ graph: b })), null);
  // Not also a constant-subgraph finding: Identity-only groups are left to the no-op hint.
  assert.deepEqual(codes(hints), ['hint/identity']);
  assert.match(hints[0]!.message, /aliases the constant 'w'/);
});

test('a Transpose followed by its inverse is reported once; a non-cancelling pair is not', () => {
  const b = new OnnxGraphBuilder('transposes')
    .input('x', 'float32', [1, 2, 3, 4])
    .node('Transpose', ['x'], ['t1'], { perm: [0, 2, 3, 1] }) // NCHW → NHWC
    .node('Transpose', ['t1'], ['t2'], { perm: [0, 3, 1, 2] }) // NHWC → NCHW: undoes t1
    .node('Relu', ['t2'], ['r'])
    .node('Transpose', ['r'], ['t3'], { perm: [0, 2, 3, 1] })
    .node('Transpose', ['t3'], ['t4'], { perm: [0, 2, 3, 1] }) // composes to [0, 3, 1, 2]: not identity
    .output('t4')
    // Default perms reverse the axes: twice is the identity (rank from the declared shapes).
    .input('z', 'float32', [2, 3])
    .node('Transpose', ['z'], ['zt'])
    .valueInfo('zt', 'float32', [3, 2])
    .node('Transpose', ['zt'], ['ztt'])
    .output('ztt');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = withCode(designHints(model, null), 'hint/inverse-transpose');
  assert.equal(hints.length, 2);
  assert.equal(hints[0]!.node, nodeIndex(model, 'Transpose', 1));
  assert.deepEqual(hints[0]!.nodes, [nodeIndex(model, 'Transpose', 1), nodeIndex(model, 'Transpose', 0)]);
  assert.match(hints[0]!.message, /perm \[0, 2, 3, 1\] then \[0, 3, 1, 2\]/);
  assert.equal(hints[1]!.node, nodeIndex(model, 'Transpose', 5));
});

test('a chain of reshape ops is reported once at its end, as a no-op when shapes match', () => {
  const b = new OnnxGraphBuilder('reshapes')
    .input('y', 'float32', [2, 6])
    .initializer('s1', 'int64', [3], BigInt64Array.of(2n, 3n, 2n))
    .initializer('s2', 'int64', [2], BigInt64Array.of(2n, 6n))
    .node('Reshape', ['y', 's1'], ['r1'])
    .node('Flatten', ['r1'], ['r2'], { axis: 1 })
    .node('Reshape', ['r2', 's2'], ['r3'])
    .output('r3', 'float32', [2, 6])
    // A single Reshape is fine.
    .input('v', 'float32', [4])
    .initializer('s3', 'int64', [2], BigInt64Array.of(2n, 2n))
    .node('Reshape', ['v', 's3'], ['v2'])
    .output('v2');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = designHints(model, null);
  assert.deepEqual(codes(hints), ['hint/reshape-chain']);
  const [h] = hints;
  assert.equal(h!.node, nodeIndex(model, 'Reshape', 1));
  assert.deepEqual(h!.nodes, [nodeIndex(model, 'Reshape', 1), nodeIndex(model, 'Reshape', 0), nodeIndex(model, 'Flatten')]);
  assert.match(h!.message, /^3 reshape ops in a row .* end with the shape they started from/);
});

test('dead branches, unread outputs and unused initializers; bodies keep outer initializers alive', () => {
  const thenBody = new OnnxGraphBuilder('then').node('Add', ['x', 'outer_w'], ['t_out']).output('t_out', 'float32', [4]);
  const elseBody = new OnnxGraphBuilder('else').node('Sub', ['x', 'outer_w'], ['e_out']).output('e_out', 'float32', [4]);
  const b = new OnnxGraphBuilder('dead')
    .input('x', 'float32', [4])
    .input('cond', 'bool', [])
    .initializer('outer_w', 'float32', [4], [1, 2, 3, 4])
    .initializer('unused_w', 'float32', [10], new Float32Array(10))
    .node('Relu', ['x'], ['a'], {}, { name: 'live_relu' })
    .node('Sigmoid', ['a'], ['y'])
    .node('Relu', ['x'], ['b'], {}, { name: 'dead_relu' })
    .node('Neg', ['b'], ['c'], {}, { name: 'dead_neg' }) // c: read by nobody, not an output
    .node('Split', ['x'], ['s1', 's2'], { axis: 0 }, { name: 'split' })
    .node('Add', ['s1', 's1'], ['s_sum'])
    .node('If', ['cond'], ['if_out'], { then_branch: thenBody, else_branch: elseBody })
    .output('y').output('s_sum').output('if_out');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = designHints(model, null);
  assert.deepEqual(codes(hints), ['hint/dead-node', 'hint/unused-initializer', 'hint/unused-output']);
  const dead = withCode(hints, 'hint/dead-node')[0]!;
  assert.equal(dead.severity, 'warning');
  assert.equal(dead.node, nodeIndex(model, 'Neg'));
  assert.deepEqual(dead.nodes, [nodeIndex(model, 'Neg'), model.graphs[0]!.nodes.find((n) => n.name === 'dead_relu')!.index]);
  assert.match(dead.message, /1 more node\(s\) feed only this dead branch/);
  const unusedOut = withCode(hints, 'hint/unused-output')[0]!;
  assert.equal(unusedOut.node, nodeIndex(model, 'Split'));
  assert.equal(unusedOut.tensor, 's2');
  const init = withCode(hints, 'hint/unused-initializer')[0]!;
  assert.equal(init.tensor, 'unused_w');
  assert.match(init.message, /\(40 bytes\)/);
});

test('nodes computing only from constants: weight math is a warning, shape math an info', () => {
  const b = new OnnxGraphBuilder('consts')
    .input('x', 'float32', [2, 3])
    .initializer('w', 'float32', [4, 3], new Float32Array(12).fill(0.5))
    .node('Transpose', ['w'], ['wt'], { perm: [1, 0] }) // folds into a stored [3, 4] weight
    .node('MatMul', ['x', 'wt'], ['m'])
    .constant({ name: 'dims', dtype: 'int64', dims: [2], data: BigInt64Array.of(4n, 2n) })
    .initializer('one', 'int64', [1], BigInt64Array.of(1n))
    .node('Mul', ['dims', 'one'], ['shape'])
    .node('Reshape', ['m', 'shape'], ['y'])
    // DequantizeLinear of int8 weights is the intended QDQ form: never "unfolded".
    .initializer('wq', 'int8', [3, 3], new Int8Array(9).fill(1))
    .initializer('sc', 'float32', [], [0.1])
    .node('DequantizeLinear', ['wq', 'sc'], ['wd'])
    .node('MatMul', ['x', 'wd'], ['y2'])
    .output('y').output('y2');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = withCode(designHints(model, null), 'hint/constant-subgraph');
  assert.equal(hints.length, 2);
  const weightMath = hints.find((h) => h.node === nodeIndex(model, 'Transpose'))!;
  assert.equal(weightMath.severity, 'warning');
  assert.match(weightMath.message, /constant folding would store the result/);
  const shapeMath = hints.find((h) => h.node === nodeIndex(model, 'Mul'))!;
  assert.equal(shapeMath.severity, 'info');
  assert.match(shapeMath.message, /small shape computation/);
  assert.match(shapeMath.fix, /do_constant_folding=True/);
});

test('a plain graph gets no hints', () => {
  const b = new OnnxGraphBuilder('plain').input('x', 'float32', [1, 8]).node('Relu', ['x'], ['y']).output('y');
  assert.deepEqual(designHints(readBytes(writeOnnxModel({ graph: b })), null), []);
});
