// Memory, latency and partition findings on the bundled example with profiles made to trip them:
// each number in the assertions follows from the example's layer sizes (see the comments).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { readModelFile } from '../src/core/readModel';
import type { TargetProfile } from '../src/core/targets/profile';
import { TargetRegistry } from '../src/core/targets/targetRegistry';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { formatBytes } from '../src/core/units';

function profile(json: Record<string, unknown>): TargetProfile {
  return new TargetRegistry().add({ file: `${String(json.id)}.json`, text: JSON.stringify(json) });
}

function findings(target: TargetProfile) {
  const prepared = prepareModel(readModelFile(bundledExampleModel()).model);
  const { report, analyses } = reportFor(prepared, [target]);
  return { report, analysis: analyses[0]!, codes: report.diagnostics.map((d) => d.code) };
}

// The example's largest live set on a TFLite target: a depthwise convolution's padded input (the
// converter turns its explicit pads into a PAD op: float32 [1, 27, 7, 64] = 48,384 B) and the tensor
// it pads (float32 [1, 25, 5, 64] = 32,000 B), alive together while the PAD runs.
const PEAK = 48384 + 32000;

test('an MCU whose SRAM is below the planned arena gets memory/arena-exceeds-sram naming the peak', () => {
  const { report, codes } = findings(profile({ id: 'tiny-m4', extends: 'tflm-cortex-m4', name: 'Tiny M4', memory: { sramBytes: 48 * 1024 } }));
  assert.equal(report.summary.activationPeakBytes, PEAK);
  assert.ok(report.summary.arenaBytes! >= PEAK, 'a plan can never beat the live peak');
  assert.ok(codes.includes('memory/arena-exceeds-sram'));
  const d = report.diagnostics.find((x) => x.code === 'memory/arena-exceeds-sram')!;
  assert.equal(d.severity, 'error');
  assert.match(d.message, new RegExp(`${formatBytes(report.summary.arenaBytes!)} but Tiny M4 has 48\\.0 KiB of SRAM`));
  assert.match(d.message, /padded/, 'the peak names the padded tensor the PAD writes');
  assert.equal(report.summary.verdict, 'fail');
});

test('budgets: arena, model size and latency over budget are errors', () => {
  const { report, codes } = findings(profile({
    id: 'budgeted', extends: 'tflm-cortex-m7', name: 'Budgeted', budgets: { arenaBytes: 32 * 1024, modelBytes: 64 * 1024, latencyMs: 1 },
  }));
  for (const code of ['memory/arena-over-budget', 'memory/model-over-budget', 'latency/over-budget'] as const) assert.ok(codes.includes(code), code);
  const latency = report.diagnostics.find((d) => d.code === 'latency/over-budget')!;
  // The four 64x64 pointwise convolutions (512 K MACs each) are the slowest layers.
  assert.match(latency.message, /slowest: '\/blocks\/blocks\.\d\/pointwise\/Conv'/);
});

test('weights larger than flash, and parameters beyond the Edge TPU on-chip memory', () => {
  // 22,604 float32 parameters = 90,416 B of weights.
  const flash = findings(profile({ id: 'small-flash', extends: 'tflm-cortex-m4', name: 'Small flash', memory: { flashBytes: 64 * 1024 } }));
  assert.ok(flash.codes.includes('memory/weights-exceed-flash'));
  // On the Edge TPU the parameters are those of the int8 conversion: 22,604 int8 weights and biases
  // + int32 biases ≈ 23.8 KiB, so 32 KiB holds them and 16 KiB does not.
  const fits = findings(profile({ id: 'small-tpu', extends: 'coral-edgetpu', name: 'Small TPU', memory: { onChipParameterBytes: 32 * 1024 } }));
  assert.ok(!fits.codes.includes('memory/off-chip-parameters'), 'the int8 parameters fit 32 KiB (float ones would not)');
  assert.ok(fits.report.summary.deployedWeightBytes! < 32 * 1024 && fits.report.summary.deployedWeightBytes! > 22604);
  const tpu = findings(profile({ id: 'tiny-tpu', extends: 'coral-edgetpu', name: 'Tiny TPU', memory: { onChipParameterBytes: 16 * 1024 } }));
  const d = tpu.report.diagnostics.find((x) => x.code === 'memory/off-chip-parameters')!;
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /streams from host memory/);
});

test('a target with SRAM and DRAM flags the layers whose working set spills, and prices them at DRAM bandwidth', () => {
  // On the Ethos-U (int8 conversion) each 64-channel convolution holds an int8 [1, 25, 5, 64] input and
  // output: 16,000 B, plus its weights when the NPU keeps them in SRAM; a 12 KiB SRAM cannot hold it.
  const { report, analysis } = findings(profile({ id: 'npu-12k', extends: 'ethos-u55-128', name: 'NPU 12K', memory: { sramBytes: 12 * 1024 } }));
  const spills = report.diagnostics.filter((d) => d.code === 'memory/spill');
  assert.ok(spills.length >= 8, `spills: ${spills.length}`);
  assert.ok(spills.every((d) => /spills to DRAM/.test(d.message)));
  const pointwise = report.nodes.find((n) => n.name === '/blocks/blocks.0/pointwise/Conv')!;
  assert.ok(pointwise.workingSetBytes! >= 16000, 'int8 input and output');
  const relu = report.nodes.find((n) => n.name === '/blocks/blocks.0/relu2/Relu')!;
  assert.equal(relu.fate?.kind, 'fused', 'the ReLU runs inside the convolution');
  assert.equal(relu.latencyUs, 0, 'and costs nothing of its own');
  assert.equal(analysis.latency.nodes[pointwise.fate!.into!]!.bytesPerSecond, 5e8, 'DRAM bandwidth of the Ethos-U55 profile');
});

test('a delegate that lacks one op splits the graph; the op is ranked as the fragmenting one', () => {
  // A GPU-like delegate without Relu: every Relu falls back, fragmenting the graph around each Conv.
  const { report, codes } = findings(profile({
    id: 'no-relu', extends: 'ort-nnapi', name: 'No-ReLU EP', operators: { Relu: { supported: false, note: 'test profile' } },
  }));
  assert.ok(codes.includes('partition/fallback'));
  assert.equal(report.summary.fallbackNodes, 9);
  assert.ok(report.summary.partitions! >= 18, `partitions ${report.summary.partitions}`);
  const frag = report.diagnostics.filter((d) => d.code === 'partition/fragmenting-op');
  assert.ok(frag.length > 0 && frag.every((d) => report.nodes[d.node!]!.op === 'Relu'));
});

test('a float model on TFLite Micro is told it runs on reference kernels; an int8 model is not', () => {
  const { report } = findings(getBuiltinTarget('tflm-cortex-m7')!);
  const d = report.diagnostics.find((x) => x.code === 'hint/float-model-on-mcu')!;
  assert.equal(d.severity, 'info');
  assert.match(d.message, /reference kernels/);
  assert.match(d.message, /88\.3 KiB of float weights/);
  assert.ok(d.fix);
  const tpu = findings(getBuiltinTarget('coral-edgetpu')!);
  assert.ok(!tpu.codes.includes('hint/float-model-on-mcu'), 'only for microcontroller targets');
});
