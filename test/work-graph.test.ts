// The work graph against the plain computation: live() (a cache filtered after removals, sorted
// again only after an add or a move) must equal the filtered, sorted nodes; and whatever the passes
// share with the original model (tensors, arrays, attributes), a lowering must leave the original
// untouched and give the deployed graph tensors of its own, linked as a fresh linkGraph links them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel } from '../src/core/analyze';
import { linkGraph } from '../src/core/ir/link';
import type { Graph, Model, Tensor } from '../src/core/ir/model';
import { lowerFor } from '../src/core/lowering/lower';
import { WorkGraph, type WorkNode } from '../src/core/lowering/workGraph';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { prng } from '../src/core/util/prng';
import { IrBuilder } from './support/irBuilder';
import { sharedModelsDir } from './support/sharedModels';

/** A chain of n Relu nodes x → t1 → … → y. */
function reluChain(n: number): Model {
  const b = new IrBuilder(13).input('x', 'float32', [1, 4]);
  for (let i = 0; i < n; i++) b.node('Relu', [i === 0 ? 'x' : `t${i}`], [i === n - 1 ? 'y' : `t${i + 1}`]);
  return b.declare('y', 'float32', [1, 4]).output('y').build();
}

/** What live() means: the nodes not removed, in pos order. */
function plainLive(g: WorkGraph): WorkNode[] {
  return g.nodes.filter((n) => !n.removed).sort((a, b) => a.pos - b.pos);
}

test('live() equals the filtered, sorted nodes after any mix of drops, merges, bypasses, adds and moves', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rand = prng(seed);
    const g = new WorkGraph(reluChain(40), new Set());
    for (let step = 0; step < 60; step++) {
      const live = g.live();
      assert.deepEqual(live, plainLive(g), `seed ${seed} step ${step}`);
      const r = rand();
      const pick = live[Math.floor(rand() * live.length)];
      if (!pick) break;
      if (r < 0.25) g.drop(pick, 'elided', 'test');
      else if (r < 0.45) {
        const other = live[Math.floor(rand() * live.length)]!;
        if (other !== pick) g.merge(pick, other, 'fused', 'test');
      } else if (r < 0.6) g.bypass(pick, 'elided', 'test');
      else if (r < 0.75) {
        g.add({ op: 'Relu', domain: '', canonicalOp: 'Relu', name: `added${step}`, inputs: [pick.outputs[0]!], outputs: [g.freshName('a')], covers: [], pos: pick.pos + 0.5 });
      } else if (r < 0.9) {
        pick.pos = rand() * 50;
        g.moved();
      }
      // else: ask twice in a row with no change (the cached array itself).
    }
  }
});

/** Producer, readers and graph I/O flags of every tensor, by name. */
function links(graph: Graph): Map<string, string> {
  const out = new Map<string, string>();
  graph.tensors.forEach((t, name) => out.set(name, JSON.stringify([t.producer, t.consumers, t.isGraphInput, t.isGraphOutput, t.shape, t.dtype, t.constant])));
  return out;
}

/** The deployed graph relinked from scratch, on fresh copies of its tensors. */
function relinked(graph: Graph): Graph {
  const tensors = new Map<string, Tensor>();
  graph.tensors.forEach((t, name) => tensors.set(name, { ...t, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false }));
  const copy: Graph = { ...graph, tensors, order: [] };
  linkGraph(copy, false, []);
  return copy;
}

function checkLowering(model: Model, targetIds: string[], what: string): void {
  const prepared = prepareModel(model); // shape inference fills the original's shapes: taken after it
  const before = links(model.graphs[0]!);
  const originals = new Set(model.graphs[0]!.tensors.values());
  for (const id of targetIds) {
    const l = lowerFor({ ...prepared, lowerings: new Map() }, getBuiltinTarget(id)!);
    const deployed = l.model.graphs[0]!;
    let own = 0;
    deployed.tensors.forEach((t) => { if (!originals.has(t)) own++; });
    assert.equal(own, deployed.tensors.size, `${what} on ${id}: every deployed tensor is an object of its own`);
    assert.deepEqual(links(deployed), links(relinked(deployed)), `${what} on ${id}: deployed links as a fresh linkGraph gives them`);
    assert.deepEqual(links(model.graphs[0]!), before, `${what} on ${id}: the original graph is untouched`);
  }
}

const TARGETS = ['tflm-cortex-m7', 'ethos-u55-128', 'ort-cpu-desktop', 'tflite-gpu', 'tensorrt-jetson-orin-nano'];

test('lowering leaves the original tensors untouched and links the deployed graph as linkGraph would (built model)', () => {
  // Conv with explicit pads (PAD + converter constant), its weights reshaped, a Relu fused, an int64
  // Reshape shape narrowed to int32, a folded Shape: tensors the work graph makes or copies.
  const model = new IrBuilder(13)
    .input('x', 'float32', [1, 8, 16, 16])
    .constant('w', 'float32', [16, 8, 3, 3]).constant('b', 'float32', [16])
    .node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] })
    .node('Relu', ['c'], ['r'])
    .node('Shape', ['r'], ['s'])
    .constant('flat', 'int64', [2], [1, -1])
    .node('Reshape', ['r', 'flat'], ['y'])
    .declare('y', 'float32', [1, 4096]).output('y').build();
  checkLowering(model, TARGETS, 'conv model');
});

test('lowering leaves the original tensors untouched and links the deployed graph as linkGraph would (shared models)', (t) => {
  const dir = sharedModelsDir();
  if (!dir) {
    t.skip('../shared/models is absent');
    return;
  }
  for (const file of ['onnx/mobilenet_v3_small.onnx', 'onnx/kws_cnn.onnx', 'onnx/lstm_2layer.onnx']) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) continue;
    checkLowering(readModelFile(full).model, TARGETS, file);
  }
});
