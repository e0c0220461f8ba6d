// The activation peak, the arena and the latency are sums over what is known. A model with a
// symbolic dim (a batch, a sequence length) leaves the tensors of unknown size out of the peak and the
// arena, and the ops of unknown cost out of the latency: those figures are then lower bounds, and
// "36 B of 512 KiB SRAM" printed plainly would read as a fit nobody has checked (the 10k-node decoder
// said exactly that). The report counts what was left out, and every place that shows the figures
// says "≥" and how much was left out; pinned dims give exact figures at or above the bounds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { renderModelText } from '../src/core/report/modelText';
import { formatMarkdown, formatText } from '../src/core/report/renderText';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { moduleLatencyText } from '../src/core/units';
import { reportModuleTree } from '../src/core/modules/moduleTree';
import { compareCell } from '../webview/compareTargets/viewModel';
import { metrics } from '../webview/overview/viewModel';

/** A fixed-size branch (z: [1, 256] through a MatMul) beside a branch of symbolic batch (x: [batch, 64]). */
function mixedModel(): string {
  const b = new OnnxGraphBuilder('mixed');
  b.input('x', 'float32', ['batch', 64]);
  b.input('z', 'float32', [1, 256]);
  b.initializer('w', 'float32', [256, 256], new Float32Array(256 * 256).fill(0.01));
  b.node('Relu', ['x'], ['x1'], {}, { name: 'relu_x' });
  b.node('Sigmoid', ['x1'], ['y1'], {}, { name: 'sigmoid_x' });
  b.node('MatMul', ['z', 'w'], ['z1'], {}, { name: 'mm_z' });
  b.node('Tanh', ['z1'], ['y2'], {}, { name: 'tanh_z' });
  b.output('y1', 'float32', ['batch', 64]);
  b.output('y2', 'float32', [1, 256]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-bounds-')), 'mixed.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 17 } }));
  return file;
}

const M7 = getBuiltinTarget('tflm-cortex-m7')!;

function analyzed(file: string, dims: Record<string, number> = {}): Report {
  return reportFor(prepareModel(readModelFile(file).model, { dims }), [M7, getBuiltinTarget('ort-cpu-desktop')!]).report;
}

test('symbolic dims: the summary counts the tensors and ops left out, and the deployed graph agrees', () => {
  const r = analyzed(mixedModel());
  const s = r.summary;
  // Ground truth from the report's own deployed graph: its activations without a known size.
  const unknown = Object.values(r.deployed!.tensors).filter((t) => !t.constant && t.bytes === null).length;
  assert.ok(unknown >= 2, `the premise: x's branch has activations of unknown size (${unknown})`);
  assert.equal(s.unknownSizeTensors, unknown);
  // The deployed ops whose latency is unknown: the ones on the symbolic branch.
  const unknownOps = r.deployed!.nodes.filter((n) => n.latencyUs === null).length;
  assert.ok(unknownOps >= 1 && unknownOps < r.deployed!.nodes.length, `the premise: some ops of unknown cost, not all (${unknownOps} of ${r.deployed!.nodes.length})`);
  assert.equal(s.unknownLatencyOps, unknownOps);
  assert.ok(s.latencyMs !== null && s.latencyMs !== undefined && s.latencyMs > 0, 'the fixed branch has a latency');
  // The comparison rows carry the same counts.
  assert.equal(r.comparison?.[0]?.unknownSizeTensors, unknown);
  assert.equal(r.comparison?.[0]?.unknownLatencyOps, unknownOps);
});

test('pinned dims give exact figures, at or above the lower bounds, with nothing left out', () => {
  const file = mixedModel();
  const bound = analyzed(file).summary;
  const exact = analyzed(file, { batch: 4 }).summary;
  assert.equal(exact.unknownSizeTensors, 0);
  assert.equal(exact.unknownLatencyOps, 0);
  assert.ok(exact.activationPeakBytes! >= bound.activationPeakBytes!, `peak ${exact.activationPeakBytes} ≥ bound ${bound.activationPeakBytes}`);
  assert.ok(exact.arenaBytes! >= bound.arenaBytes!, `arena ${exact.arenaBytes} ≥ bound ${bound.arenaBytes}`);
  assert.ok(exact.latencyMs! > bound.latencyMs!, `latency ${exact.latencyMs} > bound ${bound.latencyMs}`);
});

test('every view of the figures says "≥" and what was left out, and only when something was', () => {
  const file = mixedModel();
  const bound = analyzed(file);
  const exact = analyzed(file, { batch: 4 });

  const text = formatText(bound);
  assert.match(text, /activation peak\s+≥ \S+ \S+ of 512 KiB SRAM \(\d+ tensor\(s\) of unknown size left out; pin symbolic dims with --dim\)/);
  assert.match(text, /tensor arena\s+≥ /);
  assert.match(text, new RegExp(`latency \\(est\\.\\)\\s+≥ .*\\(${bound.summary.unknownLatencyOps} op\\(s\\) of unknown cost left out\\)`));
  assert.match(formatMarkdown(bound), /≥ /);
  const exactText = formatText(exact);
  assert.doesNotMatch(exactText, /≥|left out/);

  // The comparison table (several targets): each row's own bound.
  assert.match(text.split('\n').find((l) => l.startsWith('tflm-cortex-m7')) ?? '', /≥ /);

  // The text view's header line.
  assert.match(renderModelText({ report: bound }).text.split('\n')[1] ?? '', /≥ \S+ MACs .*activation peak ≥ .*latency ≥ /);
  assert.doesNotMatch(renderModelText({ report: exact }).text.split('\n')[1] ?? '', /≥/);

  // The overview cards: a lower bound that fits is not shown as a comfortable fit.
  const peak = metrics(bound).find((m) => m.label === 'Activation peak')!;
  assert.match(peak.value, /^≥ /);
  assert.match(peak.detail ?? '', /tensor\(s\) of unknown size left out/);
  assert.notEqual(peak.level, 'ok');
  assert.equal(peak.ratio, undefined, 'no share-of-SRAM bar for a lower bound');
  assert.match(metrics(bound).find((m) => m.label === 'MACs')!.value, /^≥ /);
  assert.match(text, /MACs\s+≥ \S+ \(\d+ node\(s\) of unknown cost left out\)/);
  const latency = metrics(bound).find((m) => m.label === 'Latency (est.)')!;
  assert.match(latency.value, /^≥ /);
  assert.match(latency.detail ?? '', /op\(s\) of unknown cost left out/);
  const exactPeak = metrics(exact).find((m) => m.label === 'Activation peak')!;
  assert.doesNotMatch(exactPeak.value, /≥/);
  assert.equal(exactPeak.level, 'ok');

  // The Compare Targets panel's cells.
  const row = { ...bound.comparison![0]!, name: M7.name, delegate: '', partitioning: 'none', sramBytes: M7.memory.sramBytes ?? null };
  assert.match(compareCell(row, 'activationPeak'), /^≥ /);
  assert.doesNotMatch(compareCell(row, 'activationPeak'), /%/, 'no share of SRAM for a lower bound');
  assert.match(compareCell(row, 'arena'), /^≥ /);
  assert.match(compareCell(row, 'latency'), /^≥ /);
  const exactRow = { ...exact.comparison![0]!, name: M7.name, delegate: '', partitioning: 'none', sramBytes: M7.memory.sramBytes ?? null };
  assert.doesNotMatch(`${compareCell(exactRow, 'activationPeak')} ${compareCell(exactRow, 'arena')} ${compareCell(exactRow, 'latency')}`, /≥/);
});

test('the layer table by module sums known latencies as a lower bound too ("≥"), and only then', () => {
  const file = mixedModel();
  const latencyCell = (r: Report) => {
    // The latency column of every layer table by module (webview/shared/moduleTreeView.ts) shows this text.
    const tree = reportModuleTree(r, 'deployed');
    return { cell: moduleLatencyText(tree.modules[0]!.totals, (us) => (us === null ? '—' : `${us.toFixed(2)} µs`)), unknown: tree.modules[0]!.totals.latencyUnknown };
  };
  const bound = latencyCell(analyzed(file));
  assert.ok(bound.unknown > 0, 'the premise: kernels of unknown latency under the root');
  assert.match(bound.cell, /^≥ /);
  const exact = latencyCell(analyzed(file, { batch: 4 }));
  assert.equal(exact.unknown, 0);
  assert.doesNotMatch(exact.cell, /≥/);
});
