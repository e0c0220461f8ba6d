// TensorFlow Lite Micro's answer as the editor shows it: the overview's TFLM card and layer column
// (webview/overview/tflmView.ts, viewModel.ts), the memory panel's arena (webview/memory/viewModel.ts)
// and the model text view's header and node lines (src/core/report/modelText.ts) — answered, rejected,
// still allocating, and not applicable. Reports get TFLM's real answer from the engine in-process.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { withTflm } from '../src/core/oracles/tflmVerdict';
import type { Report } from '../src/core/report/report';
import { renderModelText } from '../src/core/report/modelText';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { toAnswer } from '../src/jobs/tflmOracle';
import { memoryViewModel } from '../webview/memory/viewModel';
import { overviewModel } from '../webview/overview/viewModel';
import { int8TransposeConv, unsupportedOpModel } from './fixtures/tflmModels';
import { tflmEngine } from './support/tflm';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-views-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const target = getBuiltinTarget('tflm-cortex-m7')!;

async function judged(name: string, bytes: Uint8Array): Promise<{ before: Report; after: Report }> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  const before = analyzeFile(file, { targets: [target] }).report;
  const measured = await (await tflmEngine('cmsis_nn')).measureArena(bytes);
  return { before, after: withTflm(before, target, toAnswer({ ...measured, millis: 12 }, 'cmsis-nn')) };
}

test('overview: TFLM\'s arena card with head and tail beside the planner; TFLM allocating; not applicable', async () => {
  const { before, after: r } = await judged('tconv.tflite', int8TransposeConv());
  assert.equal(overviewModel(before, 'tconv.tflite', target.id, 1).tflm, null, 'no answer and not pending: no card');
  const pending = overviewModel(before, 'tconv.tflite', target.id, 1, 'tflm').tflm!;
  assert.equal(pending.state, 'pending');
  assert.match(pending.summary, /allocating this model/);

  const card = overviewModel(r, 'tconv.tflite', target.id, 1).tflm!;
  assert.equal(card.state, 'answered');
  assert.equal(card.summaryLevel, 'ok');
  const [arena, head, tail] = card.metrics;
  assert.equal(arena!.value, `${r.tflm!.arena!.minimumBytes.toLocaleString('en-US')} B`);
  assert.equal(arena!.label, 'Tensor arena (TFLM)');
  assert.ok(arena!.ratio! > 0 && arena!.ratio! < 0.01);
  assert.equal(head!.value, '2,352 B');
  // The planner's 1.50 KiB against TFLM's 2,352 B head: named, with how far under it is.
  assert.match(head!.detail!, /DeployLens's planner 1\.50 KiB \(35% under\)/);
  assert.equal(tail!.value, `${r.tflm!.arena!.tailBytes.toLocaleString('en-US')} B`);
  assert.ok(card.categories.some((c) => c.name === 'Kernel buffers (persistent)'));
  assert.match(card.subtitle, /CMSIS-NN kernels · answered in 12 ms/);
  // The key numbers say where the arena comes from.
  const peak = overviewModel(r, 'tconv.tflite', target.id, 1).metrics.find((m) => m.label === 'Activation peak')!;
  assert.match(peak.detail!, /TFLM arena 2\.78 KiB/);
});

test('overview: a model TFLM rejects — TFLM\'s text on the failing node, clickable, and that node\'s layer row', async () => {
  const { after: r } = await judged('gelu.tflite', unsupportedOpModel());
  const m = overviewModel(r, 'gelu.tflite', target.id, 1);
  assert.equal(m.verdict, 'fail');
  const card = m.tflm!;
  assert.equal(card.state, 'rejected');
  assert.equal(card.summaryLevel, 'error');
  assert.match(card.summary, /fails at node 1 GELU 'gelu'/);
  assert.deepEqual(card.lines.map((l) => [l.node, l.level]), [[1, 'error']]);
  assert.match(card.lines[0]!.text, /^TFLM says: Didn't find op for builtin opcode 'GELU'/);
  assert.match(card.log, /Didn't find op/);
  assert.equal(m.rows[1]!.placement, '✗ TFLM');
  assert.equal(m.rows[0]!.placement, '✓');
});

test('memory panel: TFLM\'s arena above DeployLens\'s plan, the plan kept as the explanation', async () => {
  const { before, after: r } = await judged('tconv.tflite', int8TransposeConv());
  const without = memoryViewModel(before, 'tconv.tflite', target.id);
  assert.ok(without.ok);
  assert.equal(without.model.tflm, null);
  const v = memoryViewModel(r, 'tconv.tflite', target.id);
  assert.ok(v.ok);
  assert.equal(v.model.tflm!.bytes, r.tflm!.arena!.minimumBytes);
  assert.equal(v.model.tflm!.headBytes, 2352);
  assert.match(v.model.tflm!.text, /^TensorFlow Lite Micro itself needs [\d,]+ B .*head of 2,352 B.*The plan below is DeployLens's \(1\.50 KiB, under TFLM's head/);
  // The plan (rectangles) is unchanged: the planner's.
  assert.equal(v.model.arena.bytes, 1536);
  assert.deepEqual(v.model.arena.rects, without.model.arena.rects);
});

test('text view: TFLM\'s arena in the header, TFLM\'s verdict on the node line', async () => {
  const { after: ok } = await judged('tconv.tflite', int8TransposeConv());
  assert.match(renderModelText({ report: ok }).text.split('\n')[1]!, /tensor arena [\d,]+ B \(TFLite Micro's own\)/);
  const { after: bad } = await judged('gelu.tflite', unsupportedOpModel());
  const layout = renderModelText({ report: bad });
  const lines = layout.text.split('\n');
  assert.match(lines[1]!, /TFLite Micro cannot run it/);
  assert.match(lines[layout.nodeLine.get(1)!]!, /✗ TFLite Micro fails here/);
  assert.doesNotMatch(lines[layout.nodeLine.get(0)!]!, /TFLite Micro/);
});
