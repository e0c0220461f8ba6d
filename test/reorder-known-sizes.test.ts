// "Running the graph's branches in another order lowers the activation peak" (memory/reorder) is a
// claim about the peak, so it is made only when every activation's size is known: with a symbolic
// dim both peaks are lower bounds over the known tensors, and the unknown ones could dominate either
// order. Pinning the dim brings the suggestion back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';

/**
 * Two branches from x: a big one (x → 1000 → 10) and a small one (x → 600 → 10), joined, in the
 * file order big1, small1, big2, small2 that keeps both wide tensors alive at once. With `side`, an
 * independent input of symbolic length n runs through a Relu to its own output.
 */
function branchy(side: boolean): string {
  const b = new OnnxGraphBuilder('branchy');
  b.input('x', 'float32', [1, 128]);
  const w = (name: string, k: number, n: number) => b.initializer(name, 'float32', [k, n], new Float32Array(k * n).fill(0.01));
  w('W1', 128, 1000); w('W2', 1000, 10); w('S1', 128, 600); w('S2', 600, 10);
  b.node('MatMul', ['x', 'W1'], ['b1'], {}, { name: 'big1' });
  b.node('MatMul', ['x', 'S1'], ['s1'], {}, { name: 'small1' });
  b.node('MatMul', ['b1', 'W2'], ['b2'], {}, { name: 'big2' });
  b.node('MatMul', ['s1', 'S2'], ['s2'], {}, { name: 'small2' });
  b.node('Add', ['b2', 's2'], ['y'], {}, { name: 'join' });
  b.output('y', 'float32', [1, 10]);
  if (side) {
    b.input('z', 'float32', ['n', 4]);
    b.node('Relu', ['z'], ['z1'], {}, { name: 'side' });
    b.output('z1', 'float32', ['n', 4]);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-reorder-')), `branchy-${side}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 17 } }));
  return file;
}

const M7 = getBuiltinTarget('tflm-cortex-m7')!;
const codes = (file: string, dims: Record<string, number> = {}) => {
  const r = reportFor(prepareModel(readModelFile(file).model, { dims }), [M7]).report;
  return { codes: r.diagnostics.map((d) => d.code), reordering: r.memory?.reordering ?? null };
};

test('a reordering is suggested only when every activation size is known', () => {
  const known = codes(branchy(false));
  assert.ok(known.codes.includes('memory/reorder'), 'the premise: with known sizes the small branch first lowers the peak');
  assert.ok(known.reordering && known.reordering.savedBytes > 0);

  const unknown = codes(branchy(true));
  assert.ok(unknown.codes.includes('memory/unknown-sizes'), 'the premise: the side branch has tensors of unknown size');
  assert.ok(!unknown.codes.includes('memory/reorder'), 'no claim about the peak between lower bounds');
  assert.equal(unknown.reordering, null);

  const pinned = codes(branchy(true), { n: 2 });
  assert.ok(pinned.codes.includes('memory/reorder'), 'pinned: the suggestion is back');
});
