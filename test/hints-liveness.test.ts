// The dead-code hint's liveness walk off the linked tensors (liveness.ts, linkedLiveness) must mark
// exactly the nodes the walk over input names marks: on real and generated graphs (dead branches,
// a name read twice by one node, an output read by a nested graph, a node without outputs), and it
// must step aside (null) on a graph whose links point outside it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { linkedLiveness, namedLiveness } from '../src/core/analysis/hints/liveness';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { readBytes } from './support/onnxFixtures';
import { sharedModelsDir } from './support/sharedModels';

function sameLiveness(graph: Parameters<typeof namedLiveness>[0], outerReads = new Set<string>()): Uint8Array {
  const linked = linkedLiveness(graph, outerReads);
  assert.ok(linked, 'a linked graph takes the linked walk');
  const named = namedLiveness(graph, outerReads);
  assert.deepEqual([...linked], [...named]);
  return linked;
}

test('linked and named liveness agree on a graph with dead branches and a doubly read input', () => {
  const b = new OnnxGraphBuilder('dead')
    .input('x', 'float32', [4])
    .node('Relu', ['x'], ['a'], {}, { name: 'live_relu' })
    .node('Add', ['a', 'a'], ['y'], {}, { name: 'live_add' })
    .node('Relu', ['x'], ['b'], {}, { name: 'dead_relu' })
    .node('Neg', ['b'], ['c'], {}, { name: 'dead_neg' })
    .node('Split', ['a'], ['s1', 's2'], { axis: 0 }, { name: 'split' })
    .node('Abs', ['s1'], ['z'], {}, { name: 'outer_read' })
    .output('y');
  const model = readBytes(writeOnnxModel({ graph: b }));
  const graph = model.graphs[0]!;
  const byName = (n: string) => graph.nodes.find((x) => x.name === n)!.index;
  const live = sameLiveness(graph);
  assert.deepEqual(['live_relu', 'live_add', 'dead_relu', 'dead_neg', 'split', 'outer_read'].map((n) => live[byName(n)]), [1, 1, 0, 0, 0, 0]);
  // A name a nested graph reads keeps its producer (and what feeds it) alive.
  const withOuter = sameLiveness(graph, new Set(['z']));
  assert.deepEqual(['split', 'outer_read', 'dead_neg'].map((n) => withOuter[byName(n)]), [1, 1, 0]);
});

test('linked liveness steps aside on a graph whose links point outside it', () => {
  const b = new OnnxGraphBuilder('g').input('x', 'float32', [4]).node('Relu', ['x'], ['y']).output('y');
  const graph = readBytes(writeOnnxModel({ graph: b })).graphs[0]!;
  graph.tensors.get('y')!.consumers.push(graph.nodes.length + 3);
  assert.equal(linkedLiveness(graph, new Set()), null);
});

const dir = sharedModelsDir();

test('linked and named liveness agree on the real models of shared/', { skip: dir === null ? 'shared models not present' : false }, () => {
  for (const sub of ['onnx', 'tflite']) {
    for (const f of fs.readdirSync(path.join(dir!, sub)).filter((x) => /\.(onnx|tflite)$/.test(x))) {
      const model = readModelFile(path.join(dir!, sub, f)).model;
      for (const graph of model.graphs) sameLiveness(graph);
    }
  }
});
