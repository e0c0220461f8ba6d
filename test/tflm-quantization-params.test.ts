// TFLite Micro's checks of quantization parameters (tflm-cortex-m7's quantizationParams, each citing
// the kernel line that refuses; test/oracle-tflm-kernel-types.test.ts runs them against TFLM): how a
// user meets them — a finding on a .tflite model whose parameters a kernel refuses, with the fix —
// and where they do not apply: an ONNX model's Q/DQ parameters, which the converter picks again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { readTflite } from '../src/core/tflite/readTflite';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { probeCases, quantParamCases } from './fixtures/tflmTypeProbe';
import { IrBuilder } from './support/irBuilder';

const m7 = getBuiltinTarget('tflm-cortex-m7')!;
const tflite = (id: string, model: Uint8Array) => readTflite(new MemoryByteSource(`${id}.tflite`, model));

test('an int8 SOFTMAX output off zero point -128, scale 1/256 is an error naming both and the kernel line, with the converter as the fix', () => {
  // softmax_common.cc:103-104 at tensorflow/tflite-micro@90b983c2b3: TF_LITE_ENSURE_EQ(output zero point, -128), scale == 1.f / 256.
  const moved = quantParamCases(['SOFTMAX']).find((c) => c.id === 'SOFTMAX:int8:output 0 zeroPoint')!;
  const { report } = reportFor(prepareModel(tflite(moved.id, moved.model)), [m7]);
  const finding = report.diagnostics.find((d) => d.code === 'compat/constraint')!;
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /Cannot run — output 0 \('softmax_int8_moved', int8\) has zero point -123; the kernel needs zero point -128, scale 1\/256 \(0\.00390625\) \(softmax_common\.cc:103\)/);
  assert.match(finding.fix ?? '', /TFLite converter's full-integer quantization/);
  assert.equal(report.summary.verdict, 'fail');
  // The model as the converter writes it passes.
  const base = probeCases(['SOFTMAX'], ['int8'])[0]!;
  const ok = reportFor(prepareModel(tflite(base.id, base.model)), [m7]).report;
  assert.equal(ok.diagnostics.filter((d) => d.code.startsWith('compat/')).length, 0);
});

test('an int16 tensor with a zero point is refused by the int16 kernels that want it symmetric', () => {
  // cmsis_nn/conv.cc:158, cmsis_nn/add.cc:314, mul_common.cc:73 (TF_LITE_ENSURE_EQ(..., zero_point, 0)).
  for (const id of ['CONV_2D:int16:input 0 zeroPoint', 'ADD:int16:input 1 zeroPoint', 'MUL:int16:output 0 zeroPoint']) {
    const op = id.split(':')[0]!;
    const c = quantParamCases([op]).find((x) => x.id === id)!;
    const { report } = reportFor(prepareModel(tflite(c.id, c.model)), [m7]);
    const messages = report.diagnostics.filter((d) => d.code === 'compat/constraint').map((d) => d.message);
    assert.equal(messages.length, 1, id);
    assert.match(messages[0]!, /has zero point 7; the kernel needs zero point 0/, id);
  }
});

test("an ONNX model's Q/DQ parameters are not judged by TFLM's checks: the converter picks them again", () => {
  // DQ → Softmax → Q at scale 0.05, zero point 0: as a .tflite int8 SOFTMAX TFLM would refuse it
  // (softmax_common.cc:103); converted, the TFLite converter writes the output at 1/256, -128.
  const model = new IrBuilder(13)
    .input('x', 'float32', [1, 8])
    .constant('s', 'float32', []).constant('z', 'int8', [])
    .node('QuantizeLinear', ['x', 's', 'z'], ['xq'])
    .node('DequantizeLinear', ['xq', 's', 'z'], ['xd'])
    .node('Softmax', ['xd'], ['p'], { axis: -1 })
    .node('QuantizeLinear', ['p', 's', 'z'], ['pq'])
    .node('DequantizeLinear', ['pq', 's', 'z'], ['y'])
    .declare('y', 'float32', [1, 8]).output('y').build();
  const { analyses } = reportFor(prepareModel(model), [m7]);
  const a = analyses[0]!;
  const g = a.lowering.model.graphs[0]!;
  const softmax = g.nodes.find((n) => n.op === 'SOFTMAX')!;
  assert.equal(g.tensors.get(softmax.outputs[0]!)!.dtype, 'int8', 'judged as the int8 kernel');
  const reasons = a.supports[softmax.index]!.reasons;
  assert.ok(!reasons.some((r) => r.constraint?.includes('quantizationParams')), reasons.map((r) => r.message).join('; '));
});
