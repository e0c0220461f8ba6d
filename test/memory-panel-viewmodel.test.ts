// The memory timeline panel's view model (webview/memory/viewModel.ts): the sizes the charts draw
// must be the report's, on the bundled example and on a generated 1,000-node model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { analyzeFile, analyzeModel } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import type { Report } from '../src/core/report/report';
import { deployedView } from '../webview/shared/deployedView';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import type { MemoryViewModel } from '../webview/memory/viewModel';
import { aliveAt, byteTicks, liveBytesForOrder, memoryViewModel, shortTensorName, yRange } from '../webview/memory/viewModel';
import { readBytes } from './support/onnxFixtures';

const M7 = () => getBuiltinTarget('tflm-cortex-m7')!;

function viewOf(report: Report, fileName = 'model.onnx'): MemoryViewModel {
  const r = memoryViewModel(report, fileName, report.target?.id ?? '');
  assert.ok(r.ok, r.ok ? '' : `${r.title}: ${r.detail}`);
  return r.model;
}

/** 200 blocks of 5 nodes: two 4x expansions of x written before either is reduced (a bad order). */
function wideModel(blocks = 200, channels = 32): Uint8Array {
  const b = new OnnxGraphBuilder('wide');
  b.input('x0', 'float32', [1, channels]);
  b.initializer('W', 'float32', [4 * channels, channels]);
  for (let i = 0; i < blocks; i++) {
    const x = `x${i}`;
    b.node('Concat', [x, x, x, x], [`e1_${i}`], { axis: 1 }, { name: `b${i}/expand1` });
    b.node('Concat', [x, x, x, x], [`e2_${i}`], { axis: 1 }, { name: `b${i}/expand2` });
    b.node('MatMul', [`e1_${i}`, 'W'], [`r1_${i}`], {}, { name: `b${i}/reduce1` });
    b.node('MatMul', [`e2_${i}`, 'W'], [`r2_${i}`], {}, { name: `b${i}/reduce2` });
    b.node('Add', [`r1_${i}`, `r2_${i}`], [`x${i + 1}`], {}, { name: `b${i}/add` });
  }
  b.output(`x${blocks}`, 'float32', [1, channels]);
  return writeOnnxModel({ graph: b, opsets: { '': 17 } });
}

/** The checks every model must pass: the view's numbers are the report's numbers. */
function assertMatchesReport(original: Report, m: MemoryViewModel): void {
  // The memory plan is the deployed graph's; steps name the original node each op anchors on.
  const report = deployedView(original)!;
  const mem = report.memory!;
  assert.equal(m.steps.length, mem.timeline.order.length);
  m.steps.forEach((s, i) => {
    const op = report.nodes[mem.timeline.order[i]!]!;
    assert.equal(s.step, i);
    assert.equal(s.node, op.covers![0]);
    assert.equal(s.liveBytes, mem.timeline.liveBytes[i]);
    assert.equal(s.workingSetBytes, op.workingSetBytes ?? null);
  });
  // Peak: the report's bytes, step and tensors.
  assert.equal(m.peak.bytes, mem.timeline.peakBytes);
  assert.equal(m.peak.step, mem.timeline.peakStep);
  assert.deepEqual(m.peak.tensors.map((t) => t.tensor), mem.timeline.peakTensors);
  assert.equal(m.peak.tensors.reduce((s, t) => s + t.bytes, 0), mem.timeline.peakBytes);
  // Arena: one rectangle per planned buffer, same geometry, and the top of the highest is the arena.
  assert.equal(m.arena.bytes, mem.arena.bytes);
  assert.deepEqual(m.arena.rects.map((r) => [r.tensor, r.offset, r.bytes, r.first, r.last]), mem.arena.buffers.map((b) => [b.tensor, b.offset, b.bytes, b.first, b.last]));
  assert.equal(Math.max(...m.arena.rects.map((r) => r.offset + r.bytes)), mem.arena.bytes);
  // A tooltip's tensors alive at a step add up to the curve at that step.
  for (const s of m.steps) assert.equal(aliveAt(m, report, s.step).reduce((sum, t) => sum + t.bytes, 0), s.liveBytes, `step ${s.step}`);
  // The same lifetime rule replayed on the report's own order gives the report's curve.
  assert.deepEqual(liveBytesForOrder(report, mem, mem.timeline.order), mem.timeline.liveBytes);
  // Every rectangle clicks through to a node of the model.
  for (const r of m.arena.rects) assert.ok(r.node !== null && r.node < original.nodes.length, r.tensor);
}

test('kws_dscnn on TFLite Micro (Cortex-M7): timeline, peak, arena and bars are the report\'s', () => {
  const report = analyzeFile(bundledExampleModel(), { targets: [M7()] }).report;
  const m = viewOf(report, 'kws_dscnn.onnx');
  assertMatchesReport(report, m);
  assert.equal(m.sramBytes, report.target!.sramBytes);
  assert.equal(m.targetName, report.target!.name);
  const peakNode = deployedView(report)!.nodes[report.memory!.timeline.order[report.memory!.timeline.peakStep]!]!;
  assert.match(m.peak.label, new RegExp(`^Peak [\\d.]+ KiB at step ${m.peak.step}: `));
  assert.ok(m.peak.label.includes(`${peakNode.name} (${peakNode.op})`), m.peak.label);
  assert.ok(m.peak.label.endsWith(`${report.memory!.timeline.peakTensors.length} tensors alive`), m.peak.label);
  assert.match(m.peak.sramText ?? '', /% of 512 KiB SRAM$/);
  assert.equal(m.peak.level, 'ok');
  assert.match(m.arena.text, /^Arena [\d.]+ KiB \(\d+ buffers, 16-byte aligned/);
  assert.equal(m.maxWorkingSetBytes, Math.max(...report.deployed!.nodes.map((n) => n.workingSetBytes ?? 0)));
  assert.equal(m.overSram, 0);
  assert.equal(m.unknown, null, 'every size of the example is known');
  if (report.memory!.reordering) assert.equal(Math.max(...m.reordering!.liveBytes), report.memory!.reordering.peakBytes);
  else assert.equal(m.reordering, null);
});

test('a generated 1,000-node model: the same sizes, and the suggested reordering with its saving', () => {
  const report = analyzeModel(readBytes(wideModel()), { targets: [M7()] });
  assert.equal(report.nodes.length, 1000);
  const t0 = Date.now();
  const m = viewOf(report);
  const ms = Date.now() - t0;
  assert.ok(ms < 500, `view model took ${ms} ms`);
  assertMatchesReport(report, m);
  // x (128 B) + two 512 B expansions alive together: the file order's peak; the reordering saves 1/3.
  const r = report.memory!.reordering;
  assert.ok(r, 'the analysis suggests a reordering');
  assert.ok(m.reordering);
  assert.equal(m.reordering.savedBytes, r.savedBytes);
  assert.equal(m.reordering.peakBytes, r.peakBytes);
  assert.equal(Math.max(...m.reordering.liveBytes), r.peakBytes, 'the dashed curve peaks where the report says');
  assert.equal(m.reordering.liveBytes.length, 1000);
  assert.ok(m.reordering.moves.length > 0);
  const anchor = (v: number) => report.deployed!.nodes[v]!.covers![0];
  for (const mv of m.reordering.moves) {
    assert.equal(anchor(r.order[mv.step]!), mv.node);
    assert.equal(anchor(report.memory!.timeline.order[mv.was]!), mv.node);
  }
  assert.match(m.reordering.summary, /lowers the activation peak from .+ to .+ \(−.+, \d+%\)\.$/);
});

test('unknown sizes name the tensors and the dims that --dim / deploylens.dims pin', () => {
  const b = new OnnxGraphBuilder('dyn');
  b.input('x', 'float32', ['batch', 8]);
  b.node('Relu', ['x'], ['y'], {}, { name: 'relu' });
  b.node('Sigmoid', ['y'], ['z'], {}, { name: 'sig' });
  b.output('z', 'float32', ['batch', 8]);
  const bytes = writeOnnxModel({ graph: b, opsets: { '': 17 } });
  const m = viewOf(analyzeModel(readBytes(bytes), { targets: [M7()] }));
  assert.ok(m.unknown);
  assert.deepEqual([...m.unknown.tensors].sort(), ['x', 'y', 'z']);
  assert.deepEqual(m.unknown.dims, ['batch']);
  assert.match(m.unknown.message, /^3 tensor\(s\) have unknown sizes/);
  assert.match(m.unknown.message, /--dim batch=1/);
  assert.match(m.unknown.message, /deploylens\.dims/);
  // The peak over no known tensor is no figure at all, never "0 B of SRAM" that fits.
  assert.match(m.peak.label, /^Peak unknown /);
  assert.notEqual(m.peak.level, 'ok');
  assert.doesNotMatch(m.peak.sramText ?? '', /%/);
  // Pinned: nothing unknown, and the curve counts them.
  const pinned = viewOf(analyzeModel(readBytes(bytes), { targets: [M7()], dims: { batch: 1 } }));
  assert.equal(pinned.unknown, null);
  assert.equal(pinned.peak.bytes, 2 * 8 * 4);
  assert.match(pinned.peak.label, /^Peak 64 B /);
  assert.equal(pinned.peak.level, 'ok');
  assert.match(pinned.peak.sramText ?? '', /% of 512 KiB SRAM/);
});

test('a report without a target says why there is nothing to chart', () => {
  const report = analyzeFile(bundledExampleModel()).report;
  const r = memoryViewModel(report, 'kws_dscnn.onnx', '');
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.detail, /Select a target/);
});

test('the SRAM line is drawn when it is within 3x the data, else named only', () => {
  assert.deepEqual(yRange(100, 200), { max: 216, sramVisible: true });
  assert.equal(yRange(100, 1000).sramVisible, false);
  assert.ok(Math.abs(yRange(100, 1000).max - 112) < 1e-9);
  assert.equal(yRange(100, null).sramVisible, false);
  assert.ok(yRange(0, null).max > 0, 'an empty model still has a y range');
});

test('byte axes tick in binary units', () => {
  const t = byteTicks(55_296, 4);
  assert.deepEqual(t.ticks.map((x) => x.label), ['0 KiB', '20 KiB', '40 KiB', '60 KiB']);
  assert.equal(t.max, 60 * 1024);
  assert.equal(byteTicks(55_296 * 1.12, 4).max, 80 * 1024, 'the top tick is at or above the data');
  assert.deepEqual(byteTicks(600 * 1024, 4).ticks.map((x) => x.label), ['0 KiB', '200 KiB', '400 KiB', '600 KiB']);
  assert.equal(byteTicks(3 * 1024 * 1024, 4).ticks.at(-1)!.label, '3 MiB');
  assert.deepEqual(byteTicks(100, 4).ticks.map((x) => x.label), ['0 B', '25 B', '50 B', '75 B', '100 B']);
  assert.equal(byteTicks(0).ticks.length, 2, 'an empty chart still has an axis');
});

test('arena labels keep the distinctive part of a tensor path', () => {
  const name = 'MobilenetV1/MobilenetV1/Conv2d_1_pointwise/Relu6';
  assert.equal(shortTensorName(name, 80), name);
  assert.equal(shortTensorName(name, 24), 'Conv2d_1_pointwise/Relu6');
  assert.equal(shortTensorName(name, 20), 'Conv2d_1_pointwise');
  assert.equal(shortTensorName(name, 10), 'Conv2d_1_…');
  assert.equal(shortTensorName('/blocks.0/dw/Conv_output_0', 16), 'dw/Conv_output_0');
  assert.equal(shortTensorName('input', 3), 'in…');
});
