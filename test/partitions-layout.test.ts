// The Delegate Partition Preview's view model (webview/partitions/layoutModel.ts): partitions and
// colors must be the report's, chains collapse without hiding what fragments the graph, and the
// layout of a 1,000-node model stays small and fast.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { analyzeFile, analyzeModel } from '../src/core/analyze';
import type { Report } from '../src/core/report/report';
import { deployedView } from '../webview/shared/deployedView';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { chainLabel, collapseChains, partitionChipText, dataGraph, layoutItems, MAX_BOXES, MIN_CHAIN, NODE_WIDTH, nodeDetails, partitionSummaryText, partitionsModel, searchNodes } from '../webview/partitions/layoutModel';
import { dagre } from './support/dagre';
import { readBytes } from './support/onnxFixtures';
import { stackedBlocksModel } from './support/stackedModel';

const target = (id: string) => {
  const t = getBuiltinTarget(id);
  assert.ok(t, id);
  return t;
};
const example = (id: string): Report => analyzeFile(bundledExampleModel(), { targets: [target(id)] }).report;
const stacked = (id: string, blocks = 200): Report => analyzeModel(readBytes(stackedBlocksModel(blocks)), { targets: [target(id)] });

test('partitions and node colors are the report\'s: accelerator partitions numbered, CPU apart', () => {
  const report = stacked('tflite-gpu', 40);
  const m = partitionsModel(report);
  assert.ok(m.hasDelegate);
  assert.equal(m.partitions.length, report.partitions!.length);
  for (const [i, p] of report.partitions!.entries()) {
    for (const v of p.nodes) assert.equal(m.partitionOf[v], i);
    assert.equal(m.partitions[i]!.slot.kind, p.device === 'accelerator' ? 'accel' : 'cpu');
  }
  const accel = m.partitions.filter((p) => p.device === 'accelerator').map((p) => p.label);
  assert.deepEqual(accel, accel.map((_, i) => `P${i + 1}`));
  assert.equal(m.accelNodes + m.cpuNodes + m.folded, report.nodes.length);
  assert.equal(m.order.length, report.partitions!.reduce((k, p) => k + p.nodes.length, 0));
  // The deployed graph's view counts ops, and its counts are the summary's.
  const deployed = partitionsModel(deployedView(report)!);
  assert.equal(deployed.partitions.length, report.summary.partitions);
  assert.equal(deployed.accelNodes, report.summary.delegatedNodes);
  assert.equal(deployed.cpuNodes, report.summary.fallbackNodes);
  assert.equal(deployed.folded, 0, 'the deployed graph has nothing folded');
  // the Erf nodes are flagged with the target's reason
  const erfs = report.nodes.filter((n) => n.op === 'Erf').map((n) => n.index);
  assert.ok(erfs.length > 0);
  for (const v of erfs) assert.ok(m.flagged.get(v)?.length, `Erf ${v} not flagged`);
  // every fragmenting-op finding is flagged with its message
  for (const d of report.diagnostics.filter((x) => x.code === 'partition/fragmenting-op')) assert.ok(m.flagged.get(d.node!)?.includes(d.message));
});

test('a partition that runs only ops the conversion inserted says so, not "· 0" (Coral: QUANTIZE in, DEQUANTIZE out on the CPU)', () => {
  const report = example('coral-edgetpu');
  const m = partitionsModel(report);
  const inserted = m.partitions.filter((p) => p.nodes === 0);
  assert.ok(inserted.length > 0, 'the full-int8 conversion of a float model adds CPU-side QUANTIZE/DEQUANTIZE ops');
  for (const p of inserted) {
    const ops = report.partitions![p.id]!.ops!.map((o) => report.deployed!.nodes[o]!.op);
    assert.ok(ops.every((op) => op === 'QUANTIZE' || op === 'DEQUANTIZE'), ops.join());
    assert.equal(partitionChipText(p), `${p.label} · ${ops.length} inserted op${ops.length === 1 ? '' : 's'}`);
  }
  const real = m.partitions.find((p) => p.nodes > 0)!;
  assert.equal(partitionChipText(real), `${real.label} · ${real.nodes}`);
});

test('a target without a delegate has no partitions to show', () => {
  const m = partitionsModel(example('tflm-cortex-m7'));
  assert.equal(m.hasDelegate, false);
  assert.equal(m.flagged.size, 0);
  assert.ok(m.partitions.every((p) => p.slot.kind === 'none'));
});

test('edges carry the bytes of the tensors they stand for; boundary edges cross partitions', () => {
  const report = example('tflite-gpu');
  const g = dataGraph(report);
  for (const e of g.edges) {
    const sum = e.tensors.reduce<number | null>((s, t) => (s === null || report.tensors[t]?.bytes == null ? null : s + report.tensors[t]!.bytes!), 0);
    assert.equal(e.bytes, sum);
  }
  const m = partitionsModel(report);
  const items = collapseChains(report, g, m, null, new Set(), Number.POSITIVE_INFINITY);
  const laid = layoutItems(dagre, items, g);
  assert.equal(laid.items.length, report.nodes.length);
  for (const e of laid.edges) {
    const a = Number(e.from.slice(1));
    const b = Number(e.to.slice(1));
    assert.equal(e.boundary, m.partitionOf[a] !== m.partitionOf[b]);
    assert.ok(e.points.length >= 2, 'dagre routes every edge');
  }
});

test('chains collapse within one partition, never over a flagged node, and expand on request', () => {
  const report = stacked('tflite-gpu', 40);
  const g = dataGraph(report);
  const m = partitionsModel(report);
  const items = collapseChains(report, g, m, null, new Set());
  // every node in exactly one item
  const seen = items.flatMap((i) => i.nodes).sort((a, b) => a - b);
  assert.deepEqual(seen, report.nodes.map((n) => n.index));
  const chains = items.filter((i) => i.kind === 'chain');
  assert.ok(chains.length > 0);
  for (const c of chains) {
    assert.ok(c.nodes.length >= MIN_CHAIN);
    assert.ok(c.nodes.every((v) => m.partitionOf[v] === c.partition), 'a chain stays in one partition');
    assert.ok(c.nodes.every((v) => !m.flagged.has(v)), 'flagged nodes stay visible');
    for (let k = 1; k < c.nodes.length; k++) assert.deepEqual(g.preds[c.nodes[k]!], [c.nodes[k - 1]]);
  }
  assert.match(chainLabel(report, chains[0]!.nodes), /^\d+ nodes: (Conv → Relu|Relu → Conv) → …$/);
  const expanded = collapseChains(report, g, m, null, new Set([chains[0]!.id]));
  assert.equal(expanded.length, items.length + chains[0]!.nodes.length - 1);
  assert.ok(expanded.filter((i) => i.chain === chains[0]!.id).length === chains[0]!.nodes.length);
});

test('comparing two targets splits chains where either target changes partition', () => {
  const report = stacked('tflite-gpu', 20);
  const other = stacked('coral-edgetpu', 20);
  const g = dataGraph(report);
  const a = partitionsModel(report);
  const b = partitionsModel(other);
  const items = collapseChains(report, g, a, b, new Set());
  for (const c of items.filter((i) => i.kind === 'chain')) assert.ok(c.nodes.every((v) => b.partitionOf[v] === c.comparePartition));
});

test('the 1,000-node model lays out in well under a second with far fewer boxes than nodes', () => {
  const report = stacked('tflite-gpu', 200);
  assert.equal(report.nodes.length, 1000);
  const t0 = performance.now();
  const g = dataGraph(report);
  const m = partitionsModel(report);
  const items = collapseChains(report, g, m, null, new Set());
  const laid = layoutItems(dagre, items, g);
  const ms = performance.now() - t0;
  assert.ok(items.length <= 500, `${items.length} boxes`);
  assert.ok(laid.width > 0 && laid.height > 0);
  // no two boxes overlap on the same rank
  const byY = new Map<number, number[]>();
  for (const it of laid.items) byY.set(Math.round(it.y), [...(byY.get(Math.round(it.y)) ?? []), it.x]);
  for (const xs of byY.values()) {
    xs.sort((p, q) => p - q);
    for (let k = 1; k < xs.length; k++) assert.ok(xs[k]! - xs[k - 1]! >= NODE_WIDTH, 'boxes overlap');
  }
  assert.ok(ms < 3000, `layout took ${ms.toFixed(0)} ms`);
});

test('beyond MAX_BOXES the boxes merge into groups: the layout stays bounded, every node is in one box, groups stay put when a chain inside opens', () => {
  const report = stacked('tflite-gpu', 200);
  const g = dataGraph(report);
  const m = partitionsModel(report);
  const all = collapseChains(report, g, m, null, new Set(), MIN_CHAIN, Number.POSITIVE_INFINITY);
  const max = 60;
  const items = collapseChains(report, g, m, null, new Set(), MIN_CHAIN, max);
  assert.ok(all.length > max);
  // Groups never span partitions, so a partition change may cut one short: a few more than `max`.
  assert.ok(items.length <= max + m.partitions.length, `${items.length} boxes`);
  const seen = new Map<number, number>();
  for (const it of items) for (const v of it.nodes) seen.set(v, (seen.get(v) ?? 0) + 1);
  assert.deepEqual([...seen.keys()].sort((a, b) => a - b), all.flatMap((it) => it.nodes).sort((a, b) => a - b));
  assert.ok([...seen.values()].every((k) => k === 1), 'a node in two boxes');
  for (const it of items) assert.ok(it.nodes.every((v) => m.partitionOf[v] === it.partition), `${it.id} spans partitions`);
  const group = items.find((it) => it.id.startsWith('g'))!;
  assert.ok(group, 'some boxes were grouped');
  // Expanded, the group shows its boxes (each can collapse it again); the other groups are unchanged.
  const opened = collapseChains(report, g, m, null, new Set([group.id]), MIN_CHAIN, max);
  const inside = opened.filter((it) => it.nodes.some((v) => group.nodes.includes(v)));
  assert.ok(inside.length > 1 && inside.every((it) => it.chain === group.id || it.kind === 'chain'));
  const others = (list: typeof items) => list.filter((it) => it.id.startsWith('g') && it.id !== group.id).map((it) => it.id);
  assert.deepEqual(others(opened), others(items));
  // Opening a chain inside the opened group moves no group either.
  const chain = inside.find((it) => it.id.startsWith('c'));
  if (chain) assert.deepEqual(others(collapseChains(report, g, m, null, new Set([group.id, chain.id]), MIN_CHAIN, max)), others(items));
  // The default bound holds for this 1,000-node model too.
  assert.ok(collapseChains(report, g, m, null, new Set()).length <= MAX_BOXES + m.partitions.length);
});

test('search finds nodes by name and op; details carry shapes, reasons, working set and MACs', () => {
  const report = stacked('tflite-gpu', 20);
  const m = partitionsModel(report);
  assert.deepEqual(searchNodes(report, m.order, 'ERF').map((v) => report.nodes[v]!.op), ['Erf', 'Erf']);
  assert.equal(searchNodes(report, m.order, 'block3/conv1').length, 1);
  assert.deepEqual(searchNodes(report, m.order, '  '), []);
  const erf = report.nodes.find((n) => n.op === 'Erf')!;
  const d = nodeDetails(report, m, erf.index)!;
  assert.equal(d.op, 'Erf');
  assert.deepEqual(d.inputs[0]!.shape, '[1, 8, 8, 8]');
  assert.ok(d.reasons.length > 0);
  assert.match(d.partition, /^CPU/);
  const conv = nodeDetails(report, m, 0)!;
  assert.ok((conv.macs ?? 0) > 0);
  assert.equal(conv.workingSetBytes, report.nodes[0]!.workingSetBytes);
  assert.equal(nodeDetails(report, m, 10_000), undefined);
});

test('the legend counts ops as the overview and the CLI do (deployed graph), with the exported nodes beside them', () => {
  // The example on Ethos-U: Conv+Relu pairs are one op each after fusion, so nodes and ops differ.
  const report = example('ethos-u55-128');
  const delegated = report.summary.delegatedNodes!;
  const ops = delegated + report.summary.fallbackNodes!;
  assert.ok(ops < report.nodes.length, 'fusion makes fewer ops than nodes');
  const text = partitionSummaryText(partitionsModel(report), report);
  assert.match(text, new RegExp(`; ${delegated} of ${ops} ops delegated \\(${report.nodes.length} exported nodes`));
  // The deployed view of the same report says the same op counts.
  const deployed = deployedView(report)!;
  assert.match(partitionSummaryText(partitionsModel(deployed), deployed), new RegExp(`; ${delegated} of ${ops} ops delegated`));
});
