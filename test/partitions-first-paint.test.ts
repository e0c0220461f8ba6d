// The Delegate Partition Preview's first screen is drawn before the node table arrives: from the
// partition graph the worker packs (src/core/report/partitionGraph.ts, rebuilt by the page in
// webview/partitions/graphReport.ts), the order, the partitions and the findings that flag nodes —
// the only findings the page is sent (isPartitionsFinding). What the panel shows must not change:
// every figure the view model (webview/partitions/layoutModel.ts) computes is the same from that
// first report, from the page's whole report (without the other findings and the memory plan) and
// from the full report the CLI writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v8 from 'node:v8';
import { analyzeModel, prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { packReport, reportForWebview, reviseReport, unpackReport, packedFormOf } from '../src/core/report/packedReport';
import { PARTITION_GRAPH_KEY } from '../src/core/report/partitionGraph';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { deployedView } from '../webview/shared/deployedView';
import { isPartitionsFinding, PARTITIONS_UNREAD_SECTIONS } from '../webview/shared/protocol';
import { ReportAssembly } from '../webview/shared/reportAssembly';
import { graphReport } from '../webview/partitions/graphReport';
import { chainLabel, collapseChains, dataGraph, layoutItems, nodeDetails, partitionSummaryText, partitionsModel, searchNodes } from '../webview/partitions/layoutModel';
import { dagre } from './support/dagre';
import { readBytes } from './support/onnxFixtures';
import { stackedBlocksModel } from './support/stackedModel';
import { writeSmallDecoder } from './support/transformerDecoder';

function decoderFile(): string {
  return writeSmallDecoder('dl-first-paint-');
}

/** What the worker sends (packed with the partition graph), after the structured clone of the worker boundary. */
function sent(report: Report): Report {
  return unpackReport(v8.deserialize(v8.serialize(packReport(report, { graph: true }))));
}

const target = (id: string) => getBuiltinTarget(id)!;

/** The parts the host sends the partition page (analysisPayload.ts toPayload with PARTITIONS_PANEL's options), as it receives them. */
function partitionPage(report: Report): { first: Report; whole: Report; firstBytes: number; allBytes: number; firstKeys: Set<string> } {
  const split = reportForWebview(report, { findingsAsPart: true, partitionGraph: true, findings: isPartitionsFinding })!;
  const unread = new Set(PARTITIONS_UNREAD_SECTIONS);
  const parts = split.parts.filter((p) => !unread.has(p.key));
  const keys = parts.map((p) => p.key);
  assert.deepEqual(keys.slice(keys.indexOf('order'), keys.indexOf(PARTITION_GRAPH_KEY) + 1), ['order', 'partitions', PARTITION_GRAPH_KEY], 'the (few) findings, the small sections, then the graph');
  assert.equal(keys[keys.indexOf('order') - 1], 'diagnostics');
  const got: { first?: Report; whole?: Report; firstBytes?: number } = {};
  let bytes = 0;
  const assembly = new ReportAssembly();
  // The page's `needs` when the graph is among the parts (webview/partitions/main.ts).
  assembly.begin('analysis', { ok: true, fileName: 'm.onnx', targetId: 't', millis: 1, report: split.head as Report, parts: { seq: 1, count: parts.length, keys } },
    (p) => { if (p.ok) got.whole = p.report; },
    { keys: ['diagnostics', PARTITION_GRAPH_KEY, 'order', 'partitions'], ready: (p) => { got.first = p.report; got.firstBytes = bytes; } });
  const firstKeys = new Set<string>();
  for (const [index, p] of parts.entries()) {
    const b = p.bytes();
    bytes += b.byteLength;
    if (!got.first) firstKeys.add(p.key);
    assembly.part({ type: 'reportPart', seq: 1, index, key: p.key, ...(p.start !== undefined ? { start: p.start } : {}), bytes: b });
  }
  assert.ok(got.first && got.whole, 'drawn early, then whole');
  assert.equal(got.first.nodes, undefined, 'the first screen comes before the node table');
  const first = graphReport(got.first);
  assert.ok(first);
  return { first, whole: got.whole, firstBytes: got.firstBytes!, allBytes: bytes, firstKeys };
}

/** Everything the panel shows that layoutModel.ts computes, as plain data. */
function viewModel(report: Report, expanded: string[] = []): unknown {
  const m = partitionsModel(report);
  const g = dataGraph(report);
  const items = collapseChains(report, g, m, null, new Set(expanded));
  return {
    model: { ...m, partitionOf: [...m.partitionOf], flagged: [...m.flagged] },
    summary: partitionSummaryText(m, report),
    // The layout (layoutItems) is a function of these two alone; laying each out costs seconds.
    graph: g,
    items,
    // The boxes' texts and tooltips (main.ts drawGraph): ops and names of the nodes they stand for.
    labels: items.map((it) => [chainLabel(report, it.nodes), ...it.nodes.slice(0, 12).map((v) => `${report.nodes[v]!.op} ${report.nodes[v]!.name}`)]),
    search: ['matmul', 'layers.1', 'Softmax', 'zzz'].map((q) => searchNodes(report, m.order, q)),
  };
}

const cases: [string, () => Report][] = [
  ...['coral-edgetpu', 'tflite-gpu', 'ethos-u55-128', 'tflm-cortex-m7'].map((t): [string, () => Report] => [`decoder on ${t}`, () => reportFor(prepareModel(readModelFile(decoderFile()).model), [target(t)]).report]),
  // Stacked blocks with Erf on the GPU delegate: fragmenting-op findings flag nodes.
  ['stacked blocks on tflite-gpu', () => analyzeModel(readBytes(stackedBlocksModel(40)), { targets: [target('tflite-gpu')] })],
];

test('the partition page\'s first screen, drawn from the partition graph before the node table, is the one the full report gives', () => {
  let flaggedByFinding = 0;
  for (const [name, make] of cases) {
    const original = make();
    const report = sent(original);
    const { first, whole, firstBytes, allBytes, firstKeys } = partitionPage(report);
    for (const k of ['nodes', 'tensors', 'deployed', 'deployed.nodes']) assert.ok(!firstKeys.has(k), `${name}: ${k} is not waited for`);
    assert.ok(firstBytes < allBytes / 2, `${name}: the first screen waits for ${firstBytes} of ${allBytes} bytes`);
    const expected = viewModel(original);
    assert.deepEqual(viewModel(first), expected, `${name}: first screen`);
    assert.deepEqual(viewModel(whole), expected, `${name}: the page's whole report`);
    // With chains expanded (a restored panel, or a click before the node table is in).
    const chains = (partitionsModel(original).order.length ? collapseChains(original, dataGraph(original), partitionsModel(original), null, new Set()) : []).filter((it) => it.kind === 'chain').slice(0, 3).map((it) => it.id);
    assert.deepEqual(viewModel(first, chains), viewModel(original, chains), `${name}: chains expanded`);
    // The details pane (drawn from the whole report) and the deployed ops view.
    const mWhole = partitionsModel(whole);
    const mFull = partitionsModel(original);
    for (let v = 0; v < original.nodes.length; v++) assert.deepEqual(nodeDetails(whole, mWhole, v), nodeDetails(original, mFull, v), `${name}: details of node ${v}`);
    const dWhole = deployedView(whole);
    const dFull = deployedView(original);
    assert.equal(dWhole === null, dFull === null);
    if (dWhole && dFull) assert.deepEqual(viewModel(dWhole), viewModel(dFull), `${name}: deployed ops`);
    // The page got only the findings it reads.
    assert.deepEqual(whole.diagnostics, original.diagnostics.filter(isPartitionsFinding));
    assert.equal(whole.memory, undefined, 'no memory plan');
    flaggedByFinding += whole.diagnostics.length;
  }
  assert.ok(flaggedByFinding > 0, 'some case flags nodes from findings');
});

test('the first screen\'s layout is the full report\'s', () => {
  const original = analyzeModel(readBytes(stackedBlocksModel(12)), { targets: [target('tflite-gpu')] });
  const { first } = partitionPage(sent(original));
  const laid = (r: Report) => {
    const g = dataGraph(r);
    return layoutItems(dagre, collapseChains(r, g, partitionsModel(r), null, new Set()), g);
  };
  assert.deepEqual(laid(first), laid(original));
});

test('the partition graph is kept when only findings are added and dropped when the nodes change; a report without one draws from the node table', () => {
  const report = sent(reportFor(prepareModel(readModelFile(decoderFile()).model), [target('coral-edgetpu')]).report);
  assert.ok(packedFormOf(report)!.graph);
  const withFinding = reviseReport(report, { diagnostics: [...report.diagnostics, { ...report.diagnostics[0]!, message: 'a finding of the weight phase' }] });
  assert.ok(reportForWebview(withFinding, { partitionGraph: true })!.parts.some((p) => p.key === PARTITION_GRAPH_KEY));
  const renumbered = reviseReport(report, { nodes: report.nodes });
  assert.ok(!reportForWebview(renumbered, { partitionGraph: true })!.parts.some((p) => p.key === PARTITION_GRAPH_KEY));
  // Other pages are not sent it.
  assert.ok(!reportForWebview(report, { findingsAsPart: true })!.parts.some((p) => p.key === PARTITION_GRAPH_KEY));
  // Without the graph, graphReport has nothing to rebuild: the page waits for nodes and tensors.
  assert.equal(graphReport({ ...report, nodes: undefined } as unknown as Report), undefined);
});
