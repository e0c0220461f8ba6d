// The quantizer's activation type, judged against ground truth. TFLite Micro's int8 kernels take int8
// activations only — the pinned CMSIS-NN conv kernel's Prepare:
//   tensorflow/tflite-micro@90b983c2b3 tensorflow/lite/micro/kernels/cmsis_nn/conv.cc:69-74
//     TF_LITE_ENSURE_EQ(context, input->type, output->type);
//     TF_LITE_ENSURE_MSG(context, input->type == kTfLiteFloat32 || input->type == kTfLiteInt16 ||
//                        input->type == kTfLiteInt8, "Input data type not supported");
// (and cmsis_nn/fully_connected.cc:84-86, the same for FULLY_CONNECTED) — so a QDQ model with uint8
// activations fails on the default TFLM target, while ONNX Runtime's NNAPI EP takes uint8 only. Here:
// the choice per built-in target from the profiles' own rules; the written int8 model runs in ONNX
// Runtime (child process) and agrees with the float model as the uint8 one did; and judged on the
// default target it gets the float model's verdict, while forcing uint8 brings the dtype errors back.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { quantizeCommand } from '../src/cli/quantizeCommand';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { activationTypeFor } from '../src/core/quantize/activationType';
import type { QuantizePreviewResult } from '../src/core/quantize/result';
import { readModelFile } from '../src/core/readModel';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';
import { quantizePreview } from '../src/jobs/quantizePreview';
import { OrtClient } from '../src/processes/ort/client';
import { repoRoot } from './support/sharedModels';

const hostScript = path.join(repoRoot(), 'dist', 'ortHost.js');
const ort = new OrtClient({ hostScript, timeoutMs: 60_000 });
after(() => ort.dispose());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-qact-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const DEFAULT = getBuiltinTarget(DEFAULT_TARGET_ID)!;

/** x[1,3,8,8] → Conv 3→8 → Relu → depthwise Conv → Relu → GlobalAveragePool → Flatten → Gemm 8→4. */
function smallModel(): string {
  const w = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k + 1) * 0.5);
  const b = new OnnxGraphBuilder('small');
  b.input('x', 'float32', [1, 3, 8, 8]);
  b.initializer('w1', 'float32', [8, 3, 3, 3], w(216, 0.7));
  b.initializer('b1', 'float32', [8], w(8, 1.1));
  b.initializer('w2', 'float32', [8, 1, 3, 3], w(72, 1.9));
  b.initializer('w3', 'float32', [4, 8], w(32, 0.3));
  b.initializer('b3', 'float32', [4], w(4, 2.3));
  b.node('Conv', ['x', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  b.node('Relu', ['c1'], ['r1']);
  b.node('Conv', ['r1', 'w2'], ['c2'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: 8 });
  b.node('Relu', ['c2'], ['r2']);
  b.node('GlobalAveragePool', ['r2'], ['g']);
  b.node('Flatten', ['g'], ['f']);
  b.node('Gemm', ['f', 'w3', 'b3'], ['y'], { transB: 1 });
  b.output('y', 'float32', [1, 4]);
  const file = path.join(tmp, 'small.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 13 } }));
  return file;
}

function judged(file: string): { verdict: string; errors: string[] } {
  const report = reportFor(prepareModel(readModelFile(file).model), [DEFAULT]).report;
  return { verdict: report.summary.verdict ?? '', errors: report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`) };
}

/** The element type of every QuantizeLinear's zero point (input 2) in a written model. */
function zeroPointTypes(file: string): Set<string> {
  const g = readOnnxFile(file).graphs[0]!;
  return new Set(g.nodes.filter((n) => n.op === 'QuantizeLinear').map((n) => g.tensors.get(n.inputs[2] ?? '')?.dtype ?? 'missing'));
}

test('the cited upstream line: TFLM CMSIS-NN CONV_2D accepts float32, int16, int8 inputs, no uint8', (t) => {
  const file = path.join(repoRoot(), 'third_party', 'upstream', 'tflite-micro', 'tensorflow', 'lite', 'micro', 'kernels', 'cmsis_nn', 'conv.cc');
  if (!fs.existsSync(file)) return t.skip('third_party/upstream/tflite-micro is not here');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  assert.match(lines[68]!, /TF_LITE_ENSURE_EQ\(context, input->type, output->type\)/);
  const check = lines.slice(69, 74).join('\n');
  assert.match(check, /kTfLiteInt8/);
  assert.match(check, /Input data type not supported/);
  assert.doesNotMatch(check, /kTfLiteUInt8/);
  // The profile says the same (its rule is what the choice reads).
  assert.ok(!DEFAULT.operators['CONV_2D']!.dtypes!.includes('uint8'));
});

test('activation type per built-in target, from the profiles: int8 on the TFLite family and open runtimes, uint8 on ORT NNAPI', () => {
  const model = readOnnxFile(smallModel());
  const expected: Record<string, 'int8' | 'uint8'> = {
    'tflm-cortex-m7': 'int8', 'tflm-cortex-m4': 'int8', 'battery-sensor-m4': 'int8', 'ethos-u55-128': 'int8', 'coral-edgetpu': 'int8',
    'tflite-gpu': 'int8', 'tflite-nnapi': 'int8', 'ort-cpu-desktop': 'int8', 'ort-mobile': 'int8', 'tensorrt-jetson-orin-nano': 'int8',
    // ONNX Runtime's NNAPI EP: QuantizeLinear/DequantizeLinear take uint8 only (op_builder_helpers.cc IsQuantizedIOSupported).
    'ort-nnapi': 'uint8',
  };
  for (const [id, type] of Object.entries(expected)) {
    const target = getBuiltinTarget(id);
    assert.ok(target, id);
    const choice = activationTypeFor(model, target);
    assert.equal(choice.type, type, `${id}: ${choice.reason}`);
    assert.ok(choice.reason.includes(target.name), choice.reason);
  }
  assert.match(activationTypeFor(model, getBuiltinTarget('ort-nnapi')!).reason, /QuantizeLinear/);
});

test('deploylens quantize (no --target): int8 activations for the default target; the model runs in ORT and keeps the float verdict there', async () => {
  const file = smallModel();
  const out = path.join(tmp, 'small.int8.onnx');
  let stdout = '', stderr = '';
  const code = await quantizeCommand([file, '--per-channel', '--samples', '4', '--format', 'json', '--out', out],
    { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } }, { hostScript });
  assert.equal(code, 0, stderr);
  const r = JSON.parse(stdout) as QuantizePreviewResult;
  assert.equal(r.qdq.activations.type, 'int8');
  assert.ok(r.qdq.activations.reason.includes(DEFAULT.name), r.qdq.activations.reason);
  assert.deepEqual([...zeroPointTypes(out)], ['int8']);
  // ORT ran it (the agreement is measured on its outputs) and it agrees with the float model.
  assert.ok(r.agreement[0]!.cosine > 0.999, `cosine ${r.agreement[0]!.cosine}`);
  assert.ok(r.agreement[0]!.sqnrDb > 25, `SQNR ${r.agreement[0]!.sqnrDb}`);
  const float = judged(file), int8 = judged(out);
  assert.equal(int8.verdict, float.verdict, int8.errors.join('\n'));
  assert.deepEqual(int8.errors, float.errors);

  // Forcing uint8 writes what TFLM refuses: the dtype errors of the kernel check cited above.
  const u8 = path.join(tmp, 'small.uint8.onnx');
  stdout = '';
  assert.equal(await quantizeCommand([file, '--per-channel', '--samples', '4', '--format', 'json', '--activations', 'uint8', '--out', u8],
    { stdout: (s) => { stdout += s; }, stderr: () => undefined }, { hostScript }), 0);
  assert.equal((JSON.parse(stdout) as QuantizePreviewResult).qdq.activations.type, 'uint8');
  assert.deepEqual([...zeroPointTypes(u8)], ['uint8']);
  const bad = judged(u8);
  assert.equal(bad.verdict, 'fail');
  assert.ok(bad.errors.some((e) => /CONV_2D.*is uint8; only int8/.test(e)), bad.errors.join('\n'));
});

test('kws_dscnn example: the INT8 model on the default target passes like the float one, and agrees with float as the uint8 one did', async () => {
  const example = path.join(repoRoot(), 'examples', 'kws_dscnn.onnx');
  const int8Out = path.join(tmp, 'kws.int8.onnx'), uint8Out = path.join(tmp, 'kws.uint8.onnx');
  const int8 = await quantizePreview(ort, example, { perChannel: true, method: 'minmax', samples: 3, target: DEFAULT, out: int8Out });
  const uint8 = await quantizePreview(ort, example, { perChannel: true, method: 'minmax', samples: 3, target: DEFAULT, activationType: 'uint8', out: uint8Out });
  assert.equal(int8.qdq.activations.type, 'int8');
  assert.deepEqual([...zeroPointTypes(int8Out)], ['int8']);
  const [a, b] = [int8.agreement[0]!, uint8.agreement[0]!];
  // Both use all 256 levels on the same ranges: the same quantization error, give or take a rounding.
  assert.ok(a.cosine > 0.999 && Math.abs(a.sqnrDb - b.sqnrDb) < 1, `int8 ${a.sqnrDb} dB vs uint8 ${b.sqnrDb} dB`);
  assert.equal(a.top1Agreement, 1);
  const float = judged(example);
  assert.equal(float.verdict, 'pass');
  assert.equal(judged(int8Out).verdict, 'pass', judged(int8Out).errors.join('\n'));
  assert.deepEqual(judged(int8Out).errors, []);
  assert.ok(judged(uint8Out).errors.length > 0, 'the uint8 model is refused by TFLM');
});

test('TensorRT: symmetric activations (zero point 0), as its Q/DQ rules require (onnx-tensorrt docs/operators.md:141, "y_zero_point must be 0"); the asymmetric model breaks that rule', async () => {
  const trt = getBuiltinTarget('tensorrt-jetson-orin-nano')!;
  // The profile's rule, as pinned (what the choice reads).
  assert.deepEqual(trt.operators['QuantizeLinear']!.constantValues?.['2'], { allowed: [0] });
  // The pinned source both rules follow: zero point 0, and INT8 only through Q/DQ from a float type
  // (what lets a Q/DQ unit's Conv run as an INT8 layer although the Conv row lists FP32/FP16/BF16).
  const table = path.join(repoRoot(), 'third_party', 'upstream', 'onnx-tensorrt', '10.1-GA', 'docs', 'operators.md');
  if (fs.existsSync(table)) {
    const lines = fs.readFileSync(table, 'utf8').split('\n');
    assert.match(lines[10]!, /INT8, INT4, and FP8 are treated as `Quantized Types` in TensorRT, where support is available only through quantization from a floating-point type/);
    assert.match(lines[140]!, /^\| QuantizeLinear .*`y_zero_point` must be 0/);
    assert.match(lines[51]!, /^\| Conv +\| Y +\| FP32, FP16, BF16 \|/);
  }
  const file = smallModel();
  const choice = activationTypeFor(readOnnxFile(file), trt);
  assert.equal(choice.scheme, 'symmetric', choice.reason);
  assert.equal(activationTypeFor(readOnnxFile(file), DEFAULT).scheme, undefined, 'TFLM keeps asymmetric activations');
  // On TensorRT (ORT's TensorRT EP falls back to the CPU) a rule broken is a compat finding on the Q/DQ node.
  const judgedOnTrt = (out: string) => reportFor(prepareModel(readModelFile(out).model), [trt]).report;
  const onTrt = (out: string) => judgedOnTrt(out).diagnostics.filter((d) => d.code.startsWith('compat/') && /zero_point/.test(d.message)).map((d) => d.message);
  const sym = path.join(tmp, 'small.trt.int8.onnx');
  let stdout = '';
  assert.equal(await quantizeCommand([file, '--per-channel', '--samples', '4', '--format', 'json', '--target', 'tensorrt-jetson-orin-nano', '--out', sym],
    { stdout: (s) => { stdout += s; }, stderr: () => undefined }, { hostScript }), 0);
  const r = JSON.parse(stdout) as QuantizePreviewResult;
  assert.equal(r.qdq.activations.scheme, 'symmetric');
  assert.ok(r.agreement[0]!.cosine > 0.99, `ORT runs it and agrees with float: cosine ${r.agreement[0]!.cosine}`);
  assert.deepEqual(onTrt(sym), [], 'no Q/DQ zero-point finding on TensorRT');
  // Q/DQ units are INT8 layers of their float op on TensorRT (operators.md:11): every op stays on the GPU.
  assert.equal(judgedOnTrt(sym).summary.fallbackNodes, 0, judgedOnTrt(sym).diagnostics.map((d) => d.message).join('\n'));
  // The asymmetric model of the default target, judged on TensorRT, violates the rule: the check can fail.
  const asym = path.join(tmp, 'small.tflm.int8.onnx');
  assert.equal(await quantizeCommand([file, '--per-channel', '--samples', '4', '--format', 'json', '--out', asym],
    { stdout: () => undefined, stderr: () => undefined }, { hostScript }), 0);
  assert.ok(onTrt(asym).length > 0, 'an asymmetric zero point is flagged on TensorRT');
});
