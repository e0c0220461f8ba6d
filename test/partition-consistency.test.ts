// One set of partition figures everywhere (report, deployed graph, overview card, text view header),
// adding up, and following TFLite's largest-N rule on delegates — on the models where they used to
// disagree ("197 partitions (2 delegated…)" vs "Partitions 2 — 3 delegated"): deeplabv3 and vit_b_16.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { supportedGroups } from '../src/core/analysis/partition';
import { readModelFile } from '../src/core/readModel';
import { renderModelText } from '../src/core/report/modelText';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { metrics } from '../webview/overview/viewModel';

/** `constructor` without pretrained weights (offline), exported as the team's export.py does. */
function exportTorchvision(constructor: string, name: string, size: number): string | null {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { encoding: 'utf8' }).status !== 0) return null;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tv-')), `${name}.onnx`);
  const script = `import torch, torchvision\nm = torchvision.models.${constructor}.eval()\n`
    + `torch.onnx.export(m, torch.zeros(1, 3, ${size}, ${size}), ${JSON.stringify(file)}, opset_version=13, do_constant_folding=True, input_names=['input'], output_names=['output'])\n`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 900_000 });
  assert.equal(r.status, 0, r.stderr);
  return file;
}

function assertConsistent(file: string, targetId: string): void {
  const prepared = prepareModel(readModelFile(file).model);
  const { report, analyses } = reportFor(prepared, [getBuiltinTarget(targetId)!]);
  const a = analyses[0]!;
  const s = report.summary;
  const ops = report.deployed!.nodes.length;
  assert.equal(s.delegatedNodes! + s.fallbackNodes!, ops, 'delegated + CPU = deployed ops');
  assert.equal(s.partitions, report.deployed!.partitions.length);
  assert.equal(s.partitions, report.partitions!.length);
  assert.equal(report.deployed!.partitions.filter((p) => p.device === 'accelerator').reduce((n, p) => n + p.nodes.length, 0), s.delegatedNodes);
  const card = metrics(report).find((m) => m.label === 'Partitions')!;
  assert.equal(card.value, String(s.partitions));
  assert.equal(card.detail, `${s.delegatedNodes} op(s) delegated, ${s.fallbackNodes} on CPU`);
  assert.ok(renderModelText({ report }).text.split('\n')[1]!.includes(`${s.partitions} partition(s): ${s.delegatedNodes} op(s) delegated, ${s.fallbackNodes} on CPU`));
  const fallback = report.diagnostics.find((d) => d.code === 'partition/fallback');
  if (fallback) assert.match(fallback.message, new RegExp(`${s.fallbackNodes} of ${ops} deployed ops .* ${s.partitions} partition\\(s\\)`));
  // Largest-N (GetFirstNLargestPartitions, max 1 on the GPU delegate): the delegated subset is the largest supported one.
  const g = a.lowering.model.graphs[0]!;
  const supported = g.nodes.map((n) => a.supports[n.index]!.status === 'supported' || a.supports[n.index]!.status === 'unknown');
  const largest = Math.max(...supportedGroups(g, supported).map((x) => x.length));
  assert.equal(s.delegatedNodes, largest);
}

test('deeplabv3_mobilenet_v3_large on the TFLite GPU delegate: one set of partition figures, largest partition delegated', (t) => {
  const file = exportTorchvision('segmentation.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None, aux_loss=False)', 'deeplabv3_mobilenet_v3_large', 224);
  if (!file) return t.skip('torch/torchvision not importable under /usr/bin/python3 (CI installs python3-torchvision)');
  assertConsistent(file, 'tflite-gpu');
});

test('vit_b_16 on the TFLite GPU delegate (346 MB: set DEPLOYLENS_BIG_MODELS=1)', (t) => {
  if (process.env.DEPLOYLENS_BIG_MODELS !== '1') return t.skip('vit_b_16 is exported only with DEPLOYLENS_BIG_MODELS=1');
  const file = exportTorchvision('vit_b_16(weights=None)', 'vit_b_16', 224);
  if (!file) return t.skip('torch/torchvision not importable under /usr/bin/python3');
  assertConsistent(file, 'tflite-gpu');
});
