// Verdicts on the deployed graph against the real toolchains and the upstream rules:
// - Vela (Ethos-U): per-op placement of the shared TFLite models equals Vela's own summary;
// - a float .tflite file is judged as it is (Vela: every op on the CPU; Edge TPU: nothing maps →
//   FAIL), with the int8 what-if beside it;
// - `deploylens quantize` output (QDQ) is judged int8 on Coral and Ethos-U: one Edge TPU segment,
//   int8 parameter bytes, int8 activation peak;
// - TFLite delegates keep the largest partition (GetFirstNLargestPartitions).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

function report(file: string, targetId: string) {
  const prepared = prepareModel(readModelFile(file).model);
  return reportFor(prepared, [getBuiltinTarget(targetId)!]).report;
}

/** Vela's "CPU operators = N" / "NPU operators = N", or null when no Vela is installed here. */
function vela(file: string): { cpu: number; npu: number } | null {
  const dirs = [process.env.DEPLOYLENS_VELA_DIR, '/tmp/vela'].filter((d): d is string => !!d && fs.existsSync(path.join(d, 'ethosu', 'vela')));
  if (dirs.length === 0) return null;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-vela-'));
  try {
    const r = spawnSync('/usr/bin/python3', ['-m', 'ethosu.vela', file, '--accelerator-config', 'ethos-u55-128', '--output-dir', out], { env: { ...process.env, PYTHONPATH: dirs[0] }, encoding: 'utf8', timeout: 300_000 });
    const cpu = /CPU operators = (\d+)/.exec(r.stdout)?.[1];
    const npu = /NPU operators = (\d+)/.exec(r.stdout)?.[1];
    return cpu !== undefined && npu !== undefined ? { cpu: Number(cpu), npu: Number(npu) } : null;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

test('Ethos-U placement of the shared TFLite models equals Vela\'s (PAD fused as hardware padding)', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const files = ['mobilenet_v2_quantized_1x3x224x224.tflite', 'hello_world_float.tflite', 'person_detect.tflite'];
  let compared = 0;
  for (const name of files) {
    const file = path.join(dir, 'tflite', name);
    const oracle = vela(file);
    if (!oracle) return t.skip('Vela is not installed (bash ../shared/oracles/vela/setup.sh /tmp/vela)');
    const r = report(file, 'ethos-u55-128');
    // Vela counts its own NPU operations after its rewrites (person_detect: 31 TFLite ops become 60
    // NPU operations), so the CPU side is compared exactly everywhere and the NPU side where Vela
    // keeps one operation per op (MobileNetV2: 84 ops − 18 PADs fused as hardware padding = 65 + 1).
    assert.equal(r.summary.fallbackNodes, oracle.cpu, `${name}: ops on the Cortex-M, DeployLens vs Vela`);
    assert.equal(r.summary.delegatedNodes! > 0, oracle.npu > 0, `${name}: anything on the NPU`);
    if (name.startsWith('mobilenet_v2')) assert.equal(r.summary.delegatedNodes, oracle.npu, `${name}: NPU ops`);
    compared++;
  }
  assert.equal(compared, files.length);
});

test('a float .tflite file is judged as it is: all on the Cortex-M for Vela, FAIL on the Edge TPU, the int8 what-if beside it', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const file = path.join(dir, 'tflite', 'hello_world_float.tflite');
  const u55 = report(file, 'ethos-u55-128');
  assert.equal(u55.summary.delegatedNodes, 0, 'Vela places every float op on the CPU');
  assert.match(u55.summary.conversion!, /judged as it is/);
  const reasons = u55.nodes.flatMap((n) => n.reasons ?? []).filter((x) => x.outcome === 'violated').map((x) => x.message).join('\n');
  assert.match(reasons, /Tensors must be of type: int16, int32, int8, uint8.*float32/, 'the accelerator\'s own reason (Vela\'s generic type constraint)');
  const tpu = report(file, 'coral-edgetpu');
  assert.equal(tpu.summary.verdict, 'fail');
  const nothing = tpu.diagnostics.find((d) => d.code === 'partition/nothing-delegated')!;
  assert.equal(nothing.severity, 'error');
  for (const r of [u55, tpu]) {
    assert.ok(r.whatIf, 'the what-if is there');
    assert.equal(r.whatIf.label, 'after full-integer quantization');
    assert.ok(r.whatIf.summary.weightBytes < r.summary.deployedWeightBytes!, 'int8 weights are smaller');
    const finding = r.diagnostics.find((d) => d.code === 'compat/float-model')!;
    assert.match(finding.fix!, /what-if/, 'the fix leads to the what-if');
  }
});

test('an int8 .tflite file on the Edge TPU runs as one segment; its parameters are its int8 bytes', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const r = report(path.join(dir, 'tflite', 'mobilenet_v2_quantized_1x3x224x224.tflite'), 'coral-edgetpu');
  assert.equal(r.summary.partitions, 1);
  assert.equal(r.summary.fallbackNodes, 0);
  assert.equal(r.summary.deployedWeightBytes, r.summary.weightBytes);
  assert.ok(!r.diagnostics.some((d) => d.code === 'memory/off-chip-parameters'), '3.4 MiB of int8 parameters fit the 8 MiB');
});

function quantize(model: string): string | null {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-q-')), `${path.basename(model, '.onnx')}.int8.onnx`);
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'quantize', model, '--out', out, '--format', 'json'], { encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 && fs.existsSync(out) ? out : null;
}

function checkInt8(file: string, floatFile: string): void {
  // The float export judged as its assumed full-int8 conversion: the QDQ model must deploy the same.
  const float = report(floatFile, 'coral-edgetpu');
  const tpu = report(file, 'coral-edgetpu');
  // One Edge TPU segment, cut where an op truly cannot run: the Edge TPU compiler has no HARD_SWISH
  // (google-coral/edgetpu#272, #353: "MobileNetV3 … Hard_swish not supported"), and MobileNetV3's stem
  // is Conv + Hardswish. Everything before the first HARD_SWISH but the float input's QUANTIZE maps;
  // from it on the host runs the rest (single segment), and the finding names the reason.
  const ops = tpu.deployed!.nodes;
  const position = new Map(tpu.deployed!.order.map((v, i) => [v, i]));
  const inOrder = [...ops].sort((a, b) => position.get(a.index)! - position.get(b.index)!);
  const cut = inOrder.findIndex((n) => n.op === 'HARD_SWISH');
  assert.ok(cut > 0, 'MobileNetV3 deploys HARD_SWISH');
  assert.deepEqual(inOrder.slice(0, cut).filter((n) => n.device === 'cpu').map((n) => n.op), ['QUANTIZE'], 'before the cut only the float boundary QUANTIZE is on the host');
  assert.ok(inOrder.slice(0, cut).some((n) => n.device === 'accelerator'), 'the ops before the cut map to the Edge TPU');
  assert.ok(inOrder.slice(cut).every((n) => n.device === 'cpu'), 'one segment: everything from the cut on runs on the host');
  const why = (inOrder[cut]!.reasons ?? []).filter((x) => x.outcome === 'violated').map((x) => `${x.message} ${x.source ?? ''}`).join(' ');
  assert.match(why, /HARD_SWISH/);
  assert.match(why, /edgetpu/);
  assert.notEqual(tpu.summary.verdict, 'fail');
  // Parameters count as int8: about one byte per parameter (+ int32 biases), a quarter of the float bytes.
  const params = tpu.summary.params;
  assert.ok(tpu.summary.deployedWeightBytes! < params * 1.1, `${tpu.summary.deployedWeightBytes} B for ${params} params`);
  assert.ok(!tpu.diagnostics.some((d) => d.code === 'memory/off-chip-parameters' && tpu.summary.deployedWeightBytes! < 8 * 1024 * 1024));
  // Activations are int8: the same peak and arena as the float export's int8 conversion, op for op.
  assert.deepEqual(tpu.deployed!.nodes.map((n) => n.op), float.deployed!.nodes.map((n) => n.op));
  assert.equal(tpu.summary.activationPeakBytes, float.summary.activationPeakBytes);
  assert.equal(tpu.summary.arenaBytes, float.summary.arenaBytes);
  assert.ok(Math.abs(tpu.summary.deployedWeightBytes! - float.summary.deployedWeightBytes!) / float.summary.deployedWeightBytes! < 0.02);
  const onGpu = report(floatFile, 'tflite-gpu');
  assert.ok(tpu.summary.arenaBytes! < onGpu.summary.arenaBytes!, 'smaller than the float model deployed in float');
  const u55 = report(file, 'ethos-u55-128');
  assert.deepEqual(u55.deployed!.nodes.filter((n) => n.device === 'cpu').map((n) => n.op).sort(), ['DEQUANTIZE', 'QUANTIZE', 'TRANSPOSE'], 'only the layout TRANSPOSE and the float boundary leave the NPU');
}

test('deploylens quantize output (QDQ) of mobilenet_v3_small is judged int8 on Coral and Ethos-U', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const floatFile = path.join(dir, 'onnx', 'mobilenet_v3_small.onnx');
  const int8 = quantize(floatFile);
  assert.ok(int8, 'deploylens quantize wrote the model');
  checkInt8(int8, floatFile);
});

test('deploylens quantize output of torchvision mobilenet_v3_large: judged int8, the Edge TPU segment cut at HARD_SWISH, ≈5.2 MiB of int8 parameters', (t) => {
  if (!fs.existsSync('/usr/bin/python3')) return t.skip('no /usr/bin/python3');
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
  if (probe.status !== 0) return t.skip('torch/torchvision not importable under /usr/bin/python3 (CI installs python3-torchvision)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-mv3l-'));
  const onnx = path.join(dir, 'mobilenet_v3_large.onnx');
  const script = `import torch, torchvision\nm = torchvision.models.mobilenet_v3_large().eval()\ntorch.onnx.export(m, torch.zeros(1, 3, 224, 224), ${JSON.stringify(onnx)}, opset_version=13, input_names=['input'], output_names=['output'])\n`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const int8 = quantize(onnx);
  assert.ok(int8);
  checkInt8(int8, onnx);
  const tpu = report(int8, 'coral-edgetpu');
  const mib = tpu.summary.deployedWeightBytes! / 2 ** 20;
  assert.ok(mib > 5.0 && mib < 5.4, `${mib.toFixed(2)} MiB`);
});

test('an ONNX opset is not a TFLite op version: a converted model is not held to the delegate\'s op-version caps by its opset', () => {
  // The GPU delegate caps builtin versions (LiteRT model_builder.cc: CONV_2D up to 6, ADD up to 2);
  // the converter chooses those versions itself, so an opset-17 export must not fail on "version 17".
  const b = new OnnxGraphBuilder('v17');
  b.input('x', 'float32', [1, 8, 8, 8]);
  b.initializer('w', 'float32', [8, 8, 3, 3], new Float32Array(8 * 8 * 9).fill(0.1));
  b.node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  b.node('Relu', ['c'], ['r']);
  b.node('Add', ['x', 'r'], ['y']);
  b.output('y', 'float32', [1, 8, 8, 8]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-v17-')), 'v17.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 17 } }));
  const r = report(file, 'tflite-gpu');
  const versionReasons = (r.deployed?.nodes ?? []).flatMap((n) => n.reasons ?? []).filter((x) => x.kind === 'version');
  assert.deepEqual(versionReasons, []);
  assert.equal(r.summary.fallbackNodes, 0);
});
