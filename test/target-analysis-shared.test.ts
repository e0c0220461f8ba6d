// The deployment verdicts on real models that users of each target would check first.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { sharedModelsDir } from './support/sharedModels';

function analyze(rel: string, targetId: string) {
  const dir = sharedModelsDir()!;
  const prepared = prepareModel(readModelFile(path.join(dir, rel)).model);
  const target = getBuiltinTarget(targetId);
  assert.ok(target, targetId);
  const { report, analyses } = reportFor(prepared, [target]);
  return { report, analysis: analyses[0]!, prepared };
}

test('person_detect_vela.tflite: the ethos-u custom op cannot run on a Cortex-M, and is the NPU part on Ethos-U', (t) => {
  if (!sharedModelsDir()) return t.skip('../shared/models not present');
  const m7 = analyze('tflite/person_detect_vela.tflite', 'tflm-cortex-m7').report;
  const custom = m7.diagnostics.find((d) => d.code === 'compat/custom-op');
  assert.ok(custom, 'a custom-op finding');
  assert.equal(custom.severity, 'error');
  assert.match(custom.message, /ethos-u/);
  assert.equal(m7.summary.verdict, 'fail');

  const u55 = analyze('tflite/person_detect_vela.tflite', 'ethos-u55-128').report;
  assert.ok(u55.diagnostics.some((d) => d.code === 'compat/precompiled' && /Vela/.test(d.message)));
  assert.equal(u55.summary.delegatedNodes, 1);
  assert.equal(u55.summary.verdict, 'pass');
});

test('tiny_transformer_gelu.onnx on TFLite Micro reports its GELU written with Erf, with a fix', (t) => {
  if (!sharedModelsDir()) return t.skip('../shared/models not present');
  const { report } = analyze('onnx/tiny_transformer_gelu.onnx', 'tflm-cortex-m7');
  const erf = report.diagnostics.filter((d) => d.code === 'compat/unsupported-op' && d.nodeName?.endsWith('/Erf'));
  assert.equal(erf.length, 2, 'both encoder layers');
  assert.match(erf[0]!.message, /after conversion, Erf has no TFLite builtin/);
  assert.ok(report.diagnostics.some((d) => d.code === 'hint/unsupported-activation' && /GELU/.test(d.message) && d.fix));
  assert.equal(report.summary.verdict, 'fail');
});

test('lstm_2layer.onnx on the Edge TPU: the single segment ends at the first LSTM and everything after runs on the CPU', (t) => {
  if (!sharedModelsDir()) return t.skip('../shared/models not present');
  const { report, analysis } = analyze('onnx/lstm_2layer.onnx', 'coral-edgetpu');
  // The deployed graph is the int8 TFLite conversion: QUANTIZE (host) → TRANSPOSE → LSTM → …
  const graph = analysis.lowering.model.graphs[0]!;
  const ops = graph.order.map((v) => graph.nodes[v]!.op);
  assert.deepEqual(ops.slice(0, 3), ['QUANTIZE', 'TRANSPOSE', 'UNIDIRECTIONAL_SEQUENCE_LSTM']);
  const device = graph.order.map((v) => analysis.partition.deviceOf[v]);
  assert.deepEqual(device.slice(0, 3), ['cpu', 'accelerator', 'cpu'], 'the float input conversion stays on the host without ending the segment');
  assert.ok(device.slice(2).every((d) => d === 'cpu'), 'nothing after the cut is delegated');
  const lstmNode = graph.order[2]!;
  const original = analysis.lowering.covers[lstmNode]![0]!;
  assert.equal(report.nodes[original]!.op, 'LSTM');
  const lstm = report.diagnostics.find((d) => d.node === original && d.code.startsWith('compat/'))!;
  assert.match(lstm.message, /only the 3 innermost dimensions/);
  assert.ok(report.diagnostics.some((d) => d.code === 'compat/float-model' && /TFLite full-int8 conversion/.test(d.message)), 'the float model is told which conversion it is judged as');
  assert.deepEqual(report.partitions!.map((p) => p.device), ['cpu', 'accelerator', 'cpu']);
});

test('every shared model analyzes on every built-in target without an internal error', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const models = ['onnx/mobilenet_v2.onnx', 'onnx/efficientnet_b0.onnx', 'onnx/shufflenet_v2_x1_0.onnx', 'tflite/person_detect.tflite', 'tflite/dtln_noise_suppression.tflite', 'tflite/audio_preprocessor_int8.tflite'];
  for (const rel of models) {
    const prepared = prepareModel(readModelFile(path.join(dir, rel)).model);
    for (const id of ['tflm-cortex-m4', 'tflm-cortex-m7', 'ethos-u55-128', 'coral-edgetpu', 'tflite-gpu', 'tflite-nnapi', 'ort-nnapi', 'ort-coreml', 'ort-mobile', 'tensorrt-jetson-orin-nano', 'rpi5-cpu-xnnpack', 'ort-cpu-desktop']) {
      const { report } = reportFor(prepared, [getBuiltinTarget(id)!]);
      assert.ok(report.summary.verdict, `${rel} on ${id}`);
      // Counts are the deployed graph's, and they add up everywhere they are shown.
      const ops = report.deployed!.nodes.length;
      assert.equal(report.summary.delegatedNodes! + report.summary.fallbackNodes!, ops, `${rel} on ${id}: every deployed op is placed once`);
      assert.equal(report.deployed!.partitions.reduce((n, p) => n + p.nodes.length, 0), ops, `${rel} on ${id}: partitions hold every op once`);
      assert.equal(report.summary.partitions, report.partitions!.length, `${rel} on ${id}: one partition count`);
      const placed = report.nodes.filter((n) => n.fate?.into !== undefined).length;
      assert.equal(report.partitions!.reduce((n, p) => n + p.nodes.length, 0), placed, `${rel} on ${id}: every original node that runs is in one partition`);
    }
  }
});

test('person_detect.tflite fits a Cortex-M7: int8 everywhere, arena well under SRAM, latency estimated', (t) => {
  if (!sharedModelsDir()) return t.skip('../shared/models not present');
  const { report } = analyze('tflite/person_detect.tflite', 'tflm-cortex-m7');
  assert.equal(report.summary.verdict, 'pass', JSON.stringify(report.diagnostics.filter((d) => d.severity !== 'info')));
  assert.ok(report.summary.arenaBytes! > 0 && report.summary.arenaBytes! < 512 * 1024);
  assert.ok(report.summary.arenaBytes! >= report.summary.activationPeakBytes!, 'a plan can never beat the live peak');
  assert.ok((report.summary.latencyMs ?? 0) > 1, 'a 7 MMAC network takes milliseconds on an MCU');
});
