import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCompatibility, compatibilityDiagnostics } from '../src/core/analysis/compatibility';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { buildModel, int, ints } from './support/targetIr';

const m7 = getBuiltinTarget('tflm-cortex-m7')!;
const U55 = getBuiltinTarget('ethos-u55-128')!;
const f32 = (shape: number[]) => ({ dtype: 'float32' as const, shape });

test('ONNX Erf on a TFLite target: no builtin after conversion, with the GELU fix', () => {
  const model = buildModel('onnx', { x: f32([1, 32, 64]), y: f32([1, 32, 64]) }, [{ op: 'Erf', inputs: ['x'], outputs: ['y'] }]);
  const s = checkCompatibility(model, m7);
  assert.equal(s[0]!.status, 'unsupported');
  assert.match(s[0]!.reasons[0]!.message, /^after conversion, Erf has no TFLite builtin/);
  const [d] = compatibilityDiagnostics(model, m7, s);
  assert.equal(d!.code, 'compat/unsupported-op');
  assert.match(d!.fix!, /tanh approximation/);
});

test('ONNX Conv is judged as CONV_2D or DEPTHWISE_CONV_2D by group, and the message says so', () => {
  const conv = (group: number, wShape: number[], stride: number) => buildModel('onnx', {
    x: { dtype: 'int8', shape: [1, 8, 16, 16] }, w: { dtype: 'int8', shape: wShape, constant: true }, y: { dtype: 'int8', shape: [1, 8, 8, 8] },
  }, [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attributes: { group: int(group), strides: ints([stride, stride]) } }]);
  const dw = checkCompatibility(conv(8, [8, 1, 3, 3], 4), U55)[0]!;
  assert.deepEqual(dw.judgedAs, ['DEPTHWISE_CONV_2D']);
  assert.equal(dw.status, 'constraint-violated');
  const [d] = compatibilityDiagnostics(conv(8, [8, 1, 3, 3], 4), U55, [dw]);
  assert.match(d!.message, /\(after conversion, Conv becomes DEPTHWISE_CONV_2D \(group = 8, one input channel per group\)\): Placing on .* instead — Stride values for both width and height must be between 1 and 3 — stride 4 exceeds the maximum of 3/);
  assert.deepEqual(checkCompatibility(conv(1, [8, 8, 3, 3], 1), U55)[0]!.judgedAs, ['CONV_2D']);
  assert.deepEqual(checkCompatibility(conv(2, [8, 4, 3, 3], 1), U55)[0]!.judgedAs, ['SPLIT', 'CONV_2D', 'CONCATENATION']);
});

test('Sigmoid → LOGISTIC, Gemm → FULLY_CONNECTED, LSTM → UNIDIRECTIONAL_SEQUENCE_LSTM, Clip(0,6) → RELU6', () => {
  const model = buildModel('onnx', {
    x: f32([1, 16]), w: { dtype: 'float32', shape: [16, 16], constant: true }, a: f32([1, 16]), b: f32([1, 16]), c: f32([1, 16]),
    s: f32([1, 5, 16]), h: f32([1, 1, 5, 16]),
  }, [
    { op: 'Sigmoid', inputs: ['x'], outputs: ['a'] },
    { op: 'Gemm', inputs: ['a', 'w'], outputs: ['b'] },
    { op: 'LSTM', inputs: ['s'], outputs: ['h'] },
    { op: 'Clip', inputs: ['b'], outputs: ['c'], attributes: { min: { type: 'float', value: 0 }, max: { type: 'float', value: 6 } } },
  ]);
  const s = checkCompatibility(model, m7);
  assert.deepEqual(s.map((x) => x.judgedAs), [['LOGISTIC'], ['FULLY_CONNECTED'], ['UNIDIRECTIONAL_SEQUENCE_LSTM'], ['RELU6']]);
  assert.deepEqual(s.map((x) => x.status), ['supported', 'supported', 'supported', 'supported']);
  assert.equal(s[0]!.reasons[0]!.message, 'after conversion, Sigmoid becomes LOGISTIC');
});

test('SiLU written as Sigmoid + Mul gets the HardSwish suggestion where Sigmoid cannot run', () => {
  const model = buildModel('onnx', { x: f32([1, 8, 4, 4]), s: f32([1, 8, 4, 4]), y: f32([1, 8, 4, 4]) }, [
    { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
    { op: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
  ]);
  const ortMobileNoSigmoid = { ...getBuiltinTarget('ort-cpu-desktop')!, unlistedOperators: 'unsupported' as const, operators: { Mul: { supported: true } } };
  const s = checkCompatibility(model, ortMobileNoSigmoid);
  const [d] = compatibilityDiagnostics(model, ortMobileNoSigmoid, s);
  assert.equal(d!.node, 0);
  assert.match(d!.fix!, /SiLU\/Swish; HardSwish/);
});

test('a TFLite model on an ONNX target is judged by the ONNX op tf2onnx produces', () => {
  const model = buildModel('tflite', { x: f32([1, 8]), y: f32([1, 8]) }, [{ op: 'HARD_SWISH', canonicalOp: 'HardSwish', inputs: ['x'], outputs: ['y'] }]);
  const s = checkCompatibility(model, getBuiltinTarget('ort-mobile')!)[0]!;
  assert.deepEqual(s.judgedAs, ['HardSwish']);
  assert.equal(s.status, 'unsupported');
  assert.match(s.reasons.map((r) => r.message).join('\n'), /after conversion to ONNX, HARD_SWISH becomes HardSwish/);
});
