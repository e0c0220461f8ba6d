// Design hints about structure: Conv + BatchNormalization left unfused, and large results of which
// only a slice is used (needs shapes: declared here as value_info, as shape inference would fill them).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { designHints } from '../src/core/analysis/hints';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readBytes } from './support/onnxFixtures';
import { codes, nodeIndex, withCode } from './support/hintAssertions';

function bnParams(b: OnnxGraphBuilder, prefix: string, channels: number): string[] {
  const names = ['scale', 'bias', 'mean', 'var'].map((p) => `${prefix}_${p}`);
  for (const n of names) b.initializer(n, 'float32', [channels], new Float32Array(channels).fill(1));
  return names;
}

test('Conv → BatchNormalization → Relu is one unfused-batchnorm warning naming all three', () => {
  const b = new OnnxGraphBuilder('bn')
    .input('x', 'float32', [1, 3, 8, 8])
    .initializer('w', 'float32', [8, 3, 3, 3], new Float32Array(216).fill(0.1))
    .node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] }, { name: 'conv' })
    .valueInfo('c', 'float32', [1, 8, 6, 6]);
  b.node('BatchNormalization', ['c', ...bnParams(b, 'bn', 8)], ['n'], {}, { name: 'bn' })
    .node('Relu', ['n'], ['r'], {}, { name: 'relu' })
    // A Conv whose output is also read elsewhere cannot absorb the BatchNorm: not reported.
    .initializer('w2', 'float32', [8, 8, 1, 1], new Float32Array(64).fill(0.1))
    .node('Conv', ['r', 'w2'], ['c2'], {}, { name: 'conv2' });
  b.node('BatchNormalization', ['c2', ...bnParams(b, 'bn2', 8)], ['n2'], {}, { name: 'bn2' })
    .node('Add', ['n2', 'c2'], ['y'])
    .output('y');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = designHints(model, null);
  assert.deepEqual(codes(hints), ['hint/unfused-batchnorm']);
  const [h] = hints;
  assert.equal(h!.severity, 'warning');
  assert.equal(h!.node, nodeIndex(model, 'BatchNormalization', 0));
  assert.deepEqual(h!.nodes, [nodeIndex(model, 'BatchNormalization', 0), nodeIndex(model, 'Conv', 0), nodeIndex(model, 'Relu')]);
  // 1 × 8 × 6 × 6 = 288 elements; BatchNorm and the Relu it blocks from fusing: 2 passes.
  assert.match(h!.message, /2 extra pass\(es\) over the activation \(288 elements each\)/);
  assert.match(h!.fix, /do_constant_folding=True/);
});

test('unfused BatchNorm is an ONNX-only hint and needs no shapes', () => {
  const b = new OnnxGraphBuilder('bn-noshape')
    .input('x', 'float32', null)
    .initializer('w', 'float32', [4, 3, 1, 1], new Float32Array(12).fill(1))
    .node('Conv', ['x', 'w'], ['c']);
  b.node('BatchNormalization', ['c', ...bnParams(b, 'bn', 4)], ['y']).output('y');
  const hints = designHints(readBytes(writeOnnxModel({ graph: b })), null);
  assert.deepEqual(codes(hints), ['hint/unfused-batchnorm']);
  assert.match(hints[0]!.message, /1 extra pass\(es\) over the activation that folding/);
});

test('a large result read only through a small Slice or one output of a Split is reported', () => {
  const b = new OnnxGraphBuilder('slices')
    .input('x', 'float32', [1, 64])
    .initializer('w', 'float32', [64, 8192])
    .node('MatMul', ['x', 'w'], ['m'], {}, { name: 'proj' })
    .valueInfo('m', 'float32', [1, 8192])
    .initializer('starts', 'int64', [1], BigInt64Array.of(0n))
    .initializer('ends', 'int64', [1], BigInt64Array.of(10n))
    .initializer('axes', 'int64', [1], BigInt64Array.of(1n))
    .node('Slice', ['m', 'starts', 'ends', 'axes'], ['s'])
    .valueInfo('s', 'float32', [1, 10])
    // Relu output split in 4; only the first quarter (25%, at the limit) is read.
    .node('Relu', ['m'], ['r_unused'])
    .input('z', 'float32', [1, 8192])
    .node('Relu', ['z'], ['zr'], {}, { name: 'zrelu' })
    .valueInfo('zr', 'float32', [1, 8192])
    .node('Split', ['zr'], ['q0', 'q1', 'q2', 'q3'], { axis: 1 })
    .valueInfo('q0', 'float32', [1, 2048])
    .valueInfo('q1', 'float32', [1, 2048])
    .valueInfo('q2', 'float32', [1, 2048])
    .valueInfo('q3', 'float32', [1, 2048])
    .output('s').output('q0').output('r_unused');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const hints = withCode(designHints(model, null), 'hint/partly-used-result');
  // 'm' is also read by a Relu, so it is not "only sliced": only the Split case remains.
  assert.equal(hints.length, 1);
  assert.equal(hints[0]!.node, nodeIndex(model, 'Relu', 1));
  assert.equal(hints[0]!.severity, 'info');
  assert.match(hints[0]!.message, /8,192 elements, but its readers \(Split\) keep only 2,048 \(25%\)/);
});

test('a heavy op whose output is only sliced is a warning; unknown shapes are skipped', () => {
  const build = (declare: boolean) => {
    const b = new OnnxGraphBuilder('slice')
      .input('x', 'float32', [1, 64])
      .initializer('w', 'float32', [64, 8192])
      .node('MatMul', ['x', 'w'], ['m'])
      .initializer('idx', 'int64', [], BigInt64Array.of(3n))
      .node('Gather', ['m', 'idx'], ['g'], { axis: 1 })
      .output('g');
    if (declare) b.valueInfo('m', 'float32', [1, 8192]).valueInfo('g', 'float32', [1]);
    return readBytes(writeOnnxModel({ graph: b }));
  };
  const hints = withCode(designHints(build(true), null), 'hint/partly-used-result');
  assert.equal(hints.length, 1);
  assert.equal(hints[0]!.severity, 'warning');
  assert.match(hints[0]!.message, /keep only 1 \(0%\)/);
  assert.deepEqual(withCode(designHints(build(false), null), 'hint/partly-used-result'), []);
});
