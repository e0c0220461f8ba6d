// Delegate partitioning with each runtime's semantics, on graphs whose answers are worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fragmentingOps, partitionGraph, supportedGroups } from '../src/core/analysis/partition';
import { chain, miniGraph } from './support/graphBuilder';

const supportedUnless = (graph: { nodes: { op: string }[] }, bad: string) => graph.nodes.map((n) => n.op !== bad);

test('greedy: one unsupported op in a chain splits it into two delegated partitions around a CPU one', () => {
  const g = chain(['Conv', 'Relu', 'Erf', 'Conv', 'Relu']);
  const r = partitionGraph(g, supportedUnless(g, 'Erf'), { kind: 'greedy' });
  assert.deepEqual(r.partitions.map((p) => [p.device, p.nodes]), [['accelerator', [0, 1]], ['cpu', [2]], ['accelerator', [3, 4]]]);
  assert.equal(r.delegatedNodes, 4);
  assert.equal(r.fallbackNodes, 1);
  assert.equal(r.transitions, 2);
  // t1 (4 bytes) crosses into the CPU partition, t2 back out.
  assert.deepEqual([r.partitions[1]!.inputs, r.partitions[1]!.bytesIn, r.partitions[1]!.outputs], [['t1'], 4, ['t2']]);
});

test('greedy: a side branch through an unsupported op does not cut the independent main path', () => {
  // x -> A -> a ; a -> B(unsupported) -> b ; a -> C -> c ; (b, c) -> D -> d
  const g = miniGraph([
    { op: 'A', in: ['x'], out: ['a'] },
    { op: 'Bad', in: ['a'], out: ['b'] },
    { op: 'C', in: ['a'], out: ['c'] },
    { op: 'D', in: ['b', 'c'], out: ['d'] },
  ], { x: 1, a: 1, b: 1, c: 1, d: 1 }, ['x'], ['d']);
  // A and C are ready before Bad finishes, so they form one group; D waits on Bad and starts another.
  assert.deepEqual(supportedGroups(g, supportedUnless(g, 'Bad')), [[0, 2], [3]]);
});

test('greedy with maxPartitions 1 (TFLite GPU default) keeps only the largest partition', () => {
  const g = chain(['Conv', 'Erf', 'Conv', 'Relu', 'Conv']);
  const r = partitionGraph(g, supportedUnless(g, 'Erf'), { kind: 'greedy', maxPartitions: 1 });
  assert.deepEqual(r.deviceOf, ['cpu', 'cpu', 'accelerator', 'accelerator', 'accelerator']);
  assert.match(r.demoted.get(0)!, /at most 1 partition/);
  assert.equal(r.partitions.length, 2);
});

test('greedy with minPartitionNodes leaves small partitions on the CPU', () => {
  const g = chain(['Conv', 'Erf', 'Conv', 'Relu', 'Conv']);
  const r = partitionGraph(g, supportedUnless(g, 'Erf'), { kind: 'greedy', minPartitionNodes: 2 });
  assert.equal(r.deviceOf[0], 'cpu');
  assert.match(r.demoted.get(0)!, /fewer than the delegate's minimum of 2/);
  assert.equal(r.delegatedNodes, 3);
});

test('single-segment (Edge TPU): everything after the first unmapped op runs on the CPU', () => {
  const g = chain(['Conv', 'Relu', 'LSTM', 'Conv', 'Softmax']);
  const r = partitionGraph(g, supportedUnless(g, 'LSTM'), { kind: 'single-segment' });
  assert.deepEqual(r.deviceOf, ['accelerator', 'accelerator', 'cpu', 'cpu', 'cpu']);
  assert.deepEqual(r.partitions.map((p) => p.nodes), [[0, 1], [2, 3, 4]]);
  assert.match(r.demoted.get(3)!, /first unmapped operator/);
  assert.equal(r.demoted.has(2), false, 'the unmapped op itself is unsupported, not demoted');
});

test('none: one processor runs everything', () => {
  const g = chain(['Conv', 'Erf']);
  const r = partitionGraph(g, supportedUnless(g, 'Erf'), { kind: 'none' });
  assert.equal(r.partitions.length, 1);
  assert.equal(r.transitions, 0);
});

test('fragmenting ops are ranked by the delegated nodes their replacement brings back', () => {
  // Edge TPU: the first Erf cuts off 5 nodes; the second only 1.
  const g = chain(['Conv', 'Erf', 'Conv', 'Conv', 'Relu', 'Erf2', 'Conv']);
  const supported = g.nodes.map((n) => !n.op.startsWith('Erf'));
  const ranked = fragmentingOps(g, supported, { kind: 'single-segment' });
  assert.deepEqual(ranked.map((f) => [f.node, f.nodesBroughtBack]), [[1, 4]]);
  // Greedy: each Erf splits the graph; supporting either merges two partitions into one.
  const greedy = fragmentingOps(g, supported, { kind: 'greedy' });
  assert.deepEqual(greedy.map((f) => [f.node, f.nodesBroughtBack, f.partitionsSaved]), [[1, 1, 2], [5, 1, 2]]);
});

test('TFLite delegates keep the largest partition, wherever it is (GetFirstNLargestPartitions)', () => {
  // tensorflow/lite/delegates/utils.cc: partitions sorted by size, the first N kept. Here the first
  // supported run has 1 node and the later one 3: with max 1 partition, the later one is delegated.
  const g = chain(['Conv', 'Erf', 'Conv', 'Relu', 'Conv', 'Erf', 'Conv']);
  const r = partitionGraph(g, supportedUnless(g, 'Erf'), { kind: 'greedy', algorithm: 'tflite', maxPartitions: 1 });
  assert.deepEqual(r.deviceOf, ['cpu', 'cpu', 'accelerator', 'accelerator', 'accelerator', 'cpu', 'cpu']);
  assert.equal(r.delegatedNodes + r.fallbackNodes, g.nodes.length);
  assert.equal(r.partitions.length, 3);
  assert.equal(r.transitions, r.partitions.length - 1, 'TFLite subsets alternate devices');
});

test('TFLite node subsets: the first ready node decides an epoch\'s type (graph_info.cc)', () => {
  // x → Bad → b ; x → A → a ; (a, b) → C. Execution order [Bad, A, C]: Bad is ready first, so the
  // first subset is the unsupported one; A and C follow in one delegated subset.
  const g = miniGraph([
    { op: 'Bad', in: ['x'], out: ['b'] },
    { op: 'A', in: ['x'], out: ['a'] },
    { op: 'C', in: ['a', 'b'], out: ['c'] },
  ], { x: 1, a: 1, b: 1, c: 1 }, ['x'], ['c']);
  const r = partitionGraph(g, supportedUnless(g, 'Bad'), { kind: 'greedy', algorithm: 'tflite' });
  assert.deepEqual(r.partitions.map((p) => [p.device, p.nodes]), [['cpu', [0]], ['accelerator', [1, 2]]]);
});

test('ONNX Runtime groups: an unsupported node on the group border waits for the next group (partitioning_utils.cc)', () => {
  // x → A → a ; a → Bad → b ; a → C → c ; (b, c) → D. A, C close a group; D depends on Bad (border) and starts a new one.
  const g = miniGraph([
    { op: 'A', in: ['x'], out: ['a'] },
    { op: 'Bad', in: ['a'], out: ['b'] },
    { op: 'C', in: ['a'], out: ['c'] },
    { op: 'D', in: ['b', 'c'], out: ['d'] },
  ], { x: 1, a: 1, b: 1, c: 1, d: 1 }, ['x'], ['d']);
  const r = partitionGraph(g, supportedUnless(g, 'Bad'), { kind: 'greedy', algorithm: 'ort' });
  assert.deepEqual(r.partitions.filter((p) => p.device === 'accelerator').map((p) => p.nodes), [[0, 2], [3]]);
  assert.equal(r.bytesCrossing, 2 * 4, 'a → Bad and b → D cross devices (one float32 each)');
});
