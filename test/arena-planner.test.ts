// Issue 12: the arena planner, the low-peak reordering and the delegate grouping became n·log n.
// Their answers must not move: each is compared with the plain quadratic scan it replaced
// (test/support/referencePlanners.ts) on every shared model, on every target's alignment, and on
// seeded generated graphs (chains, wide fan-outs, random DAGs with mixed sizes and ties).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { MAX_ARENA_OVERLAP_WORK, planArenaFast } from '../src/core/analysis/arenaPlanner';
import { lifetimes, lowPeakOrder, type ArenaPlan } from '../src/core/analysis/memory';
import { fragmentingOps, partitionGraph, supportedGroups, type PartitionSemantics } from '../src/core/analysis/partition';
import { nodeDependencies } from '../src/core/ir/dependencies';
import { prepareModel } from '../src/core/analyze';
import type { Graph } from '../src/core/ir/model';
import { readModelFile } from '../src/core/readModel';
import { prng } from '../src/core/util/prng';
import { miniGraph, type MiniNode } from './support/graphBuilder';
import { referenceLowPeakOrder, referencePlanArena, referenceSupportedGroups } from './support/referencePlanners';
import { sharedModelsDir } from './support/sharedModels';

function samePlan(fast: ArenaPlan, ref: ArenaPlan, what: string): void {
  assert.equal(fast.arenaBytes, ref.arenaBytes, `${what}: arena bytes`);
  const at = (p: ArenaPlan) => new Map(p.buffers.map((b) => [b.tensor, `${b.offset}+${b.alignedBytes}`]));
  assert.deepEqual(at(fast), at(ref), `${what}: offsets`);
  assert.equal(fast.approximate, undefined, `${what}: exact`);
}

function compareAll(graph: Graph, what: string, rand: () => number): void {
  const { lifetimes: lts } = lifetimes(graph);
  for (const alignment of [1, 16, 64]) samePlan(planArenaFast(lts, alignment), referencePlanArena(lts, alignment), `${what} alignment ${alignment}`);
  assert.deepEqual(lowPeakOrder(graph), referenceLowPeakOrder(graph), `${what}: low-peak order`);
  for (let k = 0; k < 3; k++) {
    const supported = graph.nodes.map(() => rand() < 0.7);
    assert.deepEqual(supportedGroups(graph, supported).map((g) => [...g].sort((a, b) => a - b)), referenceSupportedGroups(graph, supported), `${what}: groups`);
  }
}

/** A random DAG: each node reads 1–3 earlier tensors; sizes from a small set so ties are common. */
function randomDag(rand: () => number, n: number, width: number): Graph {
  const nodes: MiniNode[] = [];
  const sizes: Record<string, number> = { x: 64 };
  const pick = [1, 16, 48, 64, 64, 100, 256, 1000];
  const tensors = ['x'];
  for (let i = 0; i < n; i++) {
    const reads = 1 + Math.floor(rand() * 3);
    const ins = new Set<string>();
    for (let r = 0; r < reads; r++) ins.add(tensors[Math.max(0, tensors.length - 1 - Math.floor(rand() * width))]!);
    const outs = rand() < 0.15 ? [`t${i}a`, `t${i}b`] : [`t${i}`];
    for (const o of outs) {
      sizes[o] = pick[Math.floor(rand() * pick.length)]!;
      tensors.push(o);
    }
    nodes.push({ op: 'Op', in: [...ins], out: outs });
  }
  const used = new Set(nodes.flatMap((nd) => nd.in));
  const outputs = tensors.filter((t) => !used.has(t) && t !== 'x');
  // File order shuffled a little: the topological sort must restore a valid order.
  for (let i = nodes.length - 1; i > 0; i--) if (rand() < 0.1) [nodes[i], nodes[i - 1]] = [nodes[i - 1]!, nodes[i]!];
  return miniGraph(nodes, sizes, ['x'], outputs);
}

test('fast planners give the reference answers on 300 seeded random graphs', () => {
  const rand = prng(12);
  for (let k = 0; k < 300; k++) {
    const n = 2 + Math.floor(rand() * 120);
    compareAll(randomDag(rand, n, 1 + Math.floor(rand() * 12)), `random graph ${k} (${n} nodes)`, rand);
  }
});

test('fast planners give the reference answers on chains and wide fan-outs', () => {
  const rand = prng(7);
  const chainNodes = Array.from({ length: 500 }, (_, i): MiniNode => ({ op: 'Relu', in: [i === 0 ? 'x' : `t${i - 1}`], out: [`t${i}`] }));
  const chainSizes: Record<string, number> = { x: 16 };
  chainNodes.forEach((_, i) => { chainSizes[`t${i}`] = [16, 32, 8][i % 3]!; });
  compareAll(miniGraph(chainNodes, chainSizes, ['x'], ['t499']), 'chain of 500', rand);
  const wide = Array.from({ length: 300 }, (_, i): MiniNode => ({ op: 'Relu', in: ['x'], out: [`y${i}`] }));
  const wideSizes: Record<string, number> = { x: 64 };
  wide.forEach((_, i) => { wideSizes[`y${i}`] = 1 + (i % 7) * 10; });
  compareAll(miniGraph(wide, wideSizes, ['x'], wide.map((w) => w.out[0]!)), 'fan-out of 300', rand);
});

test('the low-peak order reads a linked graph off its tensors and falls back to the node lists on broken ones', () => {
  // Linked and well formed: one producer per tensor, a node reading one tensor twice (listed once as a reader).
  const rand = prng(5);
  const ok = miniGraph([
    { op: 'A', in: ['x'], out: ['a', 'b'] }, { op: 'B', in: ['a', 'a'], out: ['c'] }, { op: 'C', in: ['b', 'x'], out: ['d'] },
    { op: 'D', in: ['c', 'd', 'b'], out: ['y'] },
  ], { x: 64, a: 100, b: 16, c: 48, d: 256, y: 1 }, ['x'], ['y']);
  compareAll(ok, 'linked graph', rand);
  // Broken: 'a' written by two nodes (read/duplicate-producer), an output listed twice, a reader listed
  // twice by hand: the walk must still give the reference order (from the nodes' own lists).
  const broken = miniGraph([
    { op: 'A', in: ['x'], out: ['a'] }, { op: 'A2', in: ['x'], out: ['a', 'e', 'e'] }, { op: 'B', in: ['a', 'e'], out: ['c'] },
    { op: 'C', in: ['x'], out: ['d'] }, { op: 'D', in: ['c', 'd'], out: ['y'] },
  ], { x: 64, a: 100, e: 8, c: 48, d: 256, y: 1 }, ['x'], ['y']);
  assert.deepEqual(lowPeakOrder(broken), referenceLowPeakOrder(broken), 'duplicate producers');
  // x listed as read twice by A: counting both would free x once A runs and move C before E.
  const twice = miniGraph([
    { op: 'A', in: ['x'], out: ['a'] }, { op: 'B', in: ['a'], out: ['b'] }, { op: 'C', in: ['x'], out: ['c'] }, { op: 'E', in: ['z'], out: ['e'] },
    { op: 'D', in: ['b', 'c', 'e'], out: ['y'] },
  ], { x: 64, a: 100, b: 16, c: 300, z: 1, e: 250, y: 1 }, ['x', 'z'], ['y']);
  twice.tensors.get('x')!.consumers.splice(0, 0, 0);
  assert.deepEqual(lowPeakOrder(twice), referenceLowPeakOrder(twice), 'a reader listed twice');
});

test('partitions with shared node dependencies (fragmentingOps\' trials) equal those computed afresh', () => {
  // One Dependencies object reused across many partitionings must give each the answer it gets alone:
  // the walk counts down a copy, never the shared counts.
  const rand = prng(21);
  const semantics = { kind: 'greedy', algorithm: 'tflite' } as const;
  for (let k = 0; k < 40; k++) {
    const graph = randomDag(rand, 5 + Math.floor(rand() * 80), 1 + Math.floor(rand() * 8));
    const deps = nodeDependencies(graph);
    for (let trial = 0; trial < 4; trial++) {
      const supported = graph.nodes.map(() => rand() < 0.6);
      const shared = partitionGraph(graph, supported, semantics, deps);
      const fresh = partitionGraph(graph, supported, semantics);
      assert.deepEqual(shared.partitions.map((p) => [p.device, p.nodes]), fresh.partitions.map((p) => [p.device, p.nodes]), `graph ${k} trial ${trial}`);
      assert.deepEqual(shared.deviceOf, fresh.deviceOf);
    }
    assert.deepEqual(deps, nodeDependencies(graph), `graph ${k}: the shared dependencies are unchanged`);
    // fragmentingOps counts each trial's nodes and partitions without describing them: the same
    // ranking as full re-partitions (small graphs: every unsupported node is a candidate), also
    // where the delegate keeps only the largest subsets (minimum size, maximum count).
    const variants: PartitionSemantics[] = [
      { kind: 'greedy', algorithm: 'tflite' }, { kind: 'greedy', algorithm: 'ort' },
      { kind: 'greedy', algorithm: 'tflite', minPartitionNodes: 2, maxPartitions: 2 }, { kind: 'single-segment' },
    ];
    for (const sem of variants) {
      const algorithm = JSON.stringify(sem);
      const supported = graph.nodes.map(() => rand() < 0.6);
      const before = partitionGraph(graph, supported, sem);
      const reference = graph.nodes.filter((nd) => !supported[nd.index]).flatMap((nd) => {
        const after = partitionGraph(graph, supported.map((x, v) => x || v === nd.index), sem);
        const gained = after.delegatedNodes - before.delegatedNodes;
        const saved = before.partitions.length - after.partitions.length;
        return gained > 1 || saved > 0 ? [{ node: nd.index, nodesBroughtBack: gained, partitionsSaved: saved }] : [];
      }).sort((a, b) => b.nodesBroughtBack - a.nodesBroughtBack || b.partitionsSaved - a.partitionsSaved || a.node - b.node);
      assert.deepEqual(fragmentingOps(graph, supported, sem, before), reference, `graph ${k} ${algorithm}: fragmenting ops`);
    }
  }
});

test('fast planners give the reference answers on every shared model', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models is absent');
  const rand = prng(3);
  for (const sub of ['onnx', 'tflite']) {
    for (const f of fs.readdirSync(path.join(dir, sub)).filter((x) => /\.(onnx|tflite)$/.test(x))) {
      const { model } = readModelFile(path.join(dir, sub, f));
      prepareModel(model, { dims: { batch: 1, N: 1 } });
      compareAll(model.graphs[0]!, f, rand);
    }
  }
});

test('past the overlap budget the plan is marked approximate and is still valid', () => {
  // 8,000 buffers all alive to the end: 32M overlapping pairs, over MAX_ARENA_OVERLAP_WORK.
  const n = 8000;
  assert.ok((n * (n - 1)) / 2 > MAX_ARENA_OVERLAP_WORK);
  const lts = Array.from({ length: n }, (_, i) => ({ tensor: `y${i}`, bytes: 16 + (i % 5) * 16, first: i % 50, last: n }));
  const plan = planArenaFast(lts, 16);
  assert.equal(plan.approximate, true);
  // Valid: no two buffers alive at the same time share a byte (checked on a sample, all pairs would be slow).
  const sample = plan.buffers.filter((_, i) => i % 40 === 0);
  for (const a of sample) for (const b of sample) {
    if (a === b || a.last < b.first || b.last < a.first) continue;
    assert.ok(a.offset + a.alignedBytes <= b.offset || b.offset + b.alignedBytes <= a.offset, `${a.tensor} and ${b.tensor} overlap`);
  }
  // With no gaps to find, stacking is what first fit does: the arena is the sum of the aligned sizes.
  assert.equal(plan.arenaBytes, lts.reduce((s, l) => s + l.bytes, 0));
});
