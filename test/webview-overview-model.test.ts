// The overview's view model on the bundled example: what the panel shows, checked without a DOM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { analyzeFile } from '../src/core/analyze';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import type { LayerRow } from '../webview/overview/viewModel';
import { cellText, filterRows, overviewModel, sortRows } from '../webview/overview/viewModel';

function analyzed(targetId: string): Report {
  return analyzeFile(bundledExampleModel(), { targets: [getBuiltinTarget(targetId)!] }).report;
}

test('summary of kws_dscnn on TFLite Micro (Cortex-M7)', () => {
  const report = analyzed('tflm-cortex-m7');
  const m = overviewModel(report, 'kws_dscnn.onnx', 'tflm-cortex-m7', 12.5);
  assert.equal(m.fileName, 'kws_dscnn.onnx');
  assert.equal(m.format, 'ONNX');
  assert.equal(m.targetId, 'tflm-cortex-m7');
  assert.equal(m.verdict, report.summary.verdict);
  const byLabel = new Map(m.metrics.map((x) => [x.label, x]));
  assert.equal(byLabel.get('Parameters')?.value, report.summary.params.toLocaleString('en-US'));
  assert.equal(byLabel.get('MACs')?.value, '2.66M');
  assert.equal(byLabel.get('Model size')?.value, '92.9 KiB');
  const peak = byLabel.get('Activation peak');
  assert.ok(peak?.ratio !== undefined);
  assert.equal(peak.ratio, report.summary.activationPeakBytes! / report.target!.sramBytes!);
  assert.equal(peak.level, 'ok');
  assert.match(peak.detail ?? '', /% of 512 KiB SRAM/);
  // A single-processor target has no partitions to show.
  assert.equal(byLabel.has('Partitions'), false);
  assert.ok(byLabel.has('Latency (est.)'));
  // Histogram: most frequent first, bar lengths relative to it.
  assert.deepEqual(m.histogram.slice(0, 2).map((b) => [b.op, b.count, b.ratio]), [['Conv', 9, 1], ['Relu', 9, 1]]);
  assert.equal(m.histogram.reduce((s, b) => s + b.count, 0), report.summary.nodes);
});

test('the latency card of a tiny model reads in µs, not "0.00 ms"', () => {
  // A two-node head on an MCU is estimated at 0.3 µs: the card showed "0.00 ms" while the layer
  // table beside it showed each layer in µs.
  const report = analyzed('tflm-cortex-m7');
  const latencyOf = (ms: number) => new Map(overviewModel({ ...report, summary: { ...report.summary, latencyMs: ms } }, 'm.onnx', 'tflm-cortex-m7', 1)
    .metrics.map((x) => [x.label, x.value])).get('Latency (est.)');
  assert.equal(latencyOf(0), '< 1 µs'); // the report rounds to whole µs (buildReport)
  assert.equal(latencyOf(0.003), '3.0 µs');
  assert.equal(latencyOf(0.042), '42 µs');
  assert.equal(latencyOf(7.7), '7.70 ms');
});

test('one table row per node, with the target columns', () => {
  const report = analyzed('tflm-cortex-m7');
  const m = overviewModel(report, 'kws_dscnn.onnx', 'tflm-cortex-m7', 1);
  assert.deepEqual(m.columns.map((c) => c.id), ['index', 'name', 'op', 'shape', 'macs', 'params', 'workingSet', 'latency', 'placement']);
  assert.equal(m.rows.length, report.nodes.length);
  const first = m.rows[0]!;
  assert.equal(first.op, report.nodes[0]!.op);
  assert.equal(cellText(first, 'shape'), `[${report.tensors[report.nodes[0]!.outputs[0]!]!.shape!.join(', ')}]`);
  assert.equal(cellText(first, 'placement'), '✓');
  for (const r of m.rows) assert.notEqual(cellText(r, 'latency'), '');
});

test('sorting: numbers largest first on request, nulls last, stable', () => {
  const rows = overviewModel(analyzed('tflm-cortex-m7'), 'm', 't', 1).rows;
  const byMacs = sortRows(rows, { column: 'macs', descending: true });
  const macs = byMacs.map((r) => r.macs ?? -1);
  assert.deepEqual(macs, [...macs].sort((a, b) => b - a));
  const withNull: LayerRow[] = [{ ...rows[0]!, index: 100, macs: null }, ...rows];
  for (const descending of [false, true]) {
    assert.equal(sortRows(withNull, { column: 'macs', descending }).at(-1)!.index, 100);
  }
  // Equal keys keep their order (by index here).
  const byOp = sortRows(rows, { column: 'op', descending: false }).filter((r) => r.op === 'Relu').map((r) => r.index);
  assert.deepEqual(byOp, [...byOp].sort((a, b) => a - b));
});

test('filtering: every word must match; problems only', () => {
  const rows = overviewModel(analyzed('tflm-cortex-m7'), 'm', 't', 1).rows;
  const convs = filterRows(rows, { text: 'conv', problemsOnly: false });
  assert.ok(convs.length >= 9 && convs.every((r) => r.haystack.includes('conv')));
  assert.equal(filterRows(rows, { text: '  RELU  ', problemsOnly: false }).length, 9);
  assert.equal(filterRows(rows, { text: 'relu softmax', problemsOnly: false }).length, 0);
  assert.equal(filterRows(rows, { text: '', problemsOnly: true }).length, rows.filter((r) => r.placementLevel === 'error' || r.placementLevel === 'warn').length);
});

test('a delegating target shows partitions and where each node runs', () => {
  const report = analyzed('coral-edgetpu');
  const m = overviewModel(report, 'kws_dscnn.onnx', 'coral-edgetpu', 1);
  assert.ok(m.metrics.some((x) => x.label === 'Partitions'));
  assert.equal(m.columns.at(-1)!.label, 'Runs on');
  for (const [i, r] of m.rows.entries()) {
    const n = report.nodes[i]!;
    assert.equal(r.placement === 'CPU' || r.placement === 'CPU ✗', n.device === 'cpu', `node ${i}: ${r.placement}`);
    if (n.support === 'unsupported' || n.support === 'constraint-violated') assert.ok(r.reason, `node ${i} has a reason tooltip`);
  }
  // Findings: errors first, node findings keep their node for the click-through.
  const ranks = m.findings.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.equal(m.counts.error + m.counts.warning + m.counts.info, report.diagnostics.length);
});

test('an empty model (no nodes) and a report without target', () => {
  const report = analyzed('tflm-cortex-m7');
  const empty: Report = { ...report, nodes: [], target: undefined, summary: { ...report.summary, nodes: 0, opHistogram: {}, verdict: undefined, activationPeakBytes: undefined, latencyMs: undefined } };
  const m = overviewModel(empty, 'empty.onnx', 'tflm-cortex-m7', 1);
  assert.equal(m.rows.length, 0);
  assert.equal(m.histogram.length, 0);
  assert.equal(m.verdict, null);
  assert.equal(m.columns.length, 6);
});

test('a head without its findings or layers (their parts still arriving): numbers now, findings and rows pending', () => {
  const report = analyzed('coral-edgetpu');
  const { diagnostics: _d, nodes: _n, tensors: _t, ...head } = report;
  const m = overviewModel(head as Report, 'kws_dscnn.onnx', 'coral-edgetpu', 1);
  assert.equal(m.findingsPending, true);
  assert.equal(m.layersPending, report.summary.nodes);
  assert.deepEqual(m.findings, []);
  assert.deepEqual(m.counts, { error: 0, warning: 0, info: 0 });
  assert.equal(m.verdict, report.summary.verdict, 'the verdict and key numbers come with the head');
  assert.deepEqual(m.metrics, overviewModel(report, 'kws_dscnn.onnx', 'coral-edgetpu', 1).metrics);
  // The findings in, the table not yet.
  const withFindings = overviewModel({ ...head, diagnostics: report.diagnostics } as Report, 'kws_dscnn.onnx', 'coral-edgetpu', 1);
  assert.equal(withFindings.findingsPending, undefined);
  assert.equal(withFindings.layersPending, report.summary.nodes);
  assert.equal(withFindings.findings.length, report.diagnostics.length);
  assert.ok(report.diagnostics.length > 0, 'the example has findings on the Edge TPU');
});
