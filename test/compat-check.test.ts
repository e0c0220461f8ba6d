import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCompatibility, compatibilityDiagnostics } from '../src/core/analysis/compatibility';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import type { TargetProfile } from '../src/core/targets/profile';
import { buildModel, ints, q, str, tfliteConv } from './support/targetIr';

const target = (id: string): TargetProfile => {
  const t = getBuiltinTarget(id);
  assert.ok(t, id);
  return t;
};
const U55 = target('ethos-u55-128');

test('Vela stride limit: DEPTHWISE_CONV_2D with stride 4 is placed on the CPU, with the constraint named', () => {
  const model = tfliteConv({ op: 'DEPTHWISE_CONV_2D', stride: 4 });
  const [s] = checkCompatibility(model, U55);
  assert.equal(s!.status, 'constraint-violated');
  const r = s!.reasons.find((x) => x.kind === 'stride')!;
  // Vela's docstring first (SUPPORTED_OPS.md, DEPTHWISE_CONV_2D), then what DeployLens found.
  assert.equal(r.message, 'Stride values for both width and height must be between 1 and 3 — stride 4 exceeds the maximum of 3');
  assert.equal(r.constraint, 'operators.DEPTHWISE_CONV_2D.strides');
  const [d] = compatibilityDiagnostics(model, U55, [s!]);
  assert.equal(d!.code, 'compat/constraint');
  assert.equal(d!.severity, 'warning');
  assert.match(d!.message, /^Node 'depthwise_conv_2d_0' \(DEPTHWISE_CONV_2D\) on Arm Ethos-U55.*: Placing on Cortex-M55 CPU \(TFLite Micro \+ CMSIS-NN\) instead — Stride values for both width and height must be between 1 and 3 — stride 4 exceeds the maximum of 3\.$/);
  assert.ok(d!.fix, 'a fix is suggested');
  assert.equal(checkCompatibility(tfliteConv({ op: 'DEPTHWISE_CONV_2D', stride: 2 }), U55)[0]!.status, 'supported');
});

test('Vela kernel limit uses the dilated kernel: 65x1 exceeds height 64; 3x3 dilation 2 (5x5) fits', () => {
  const tall = checkCompatibility(tfliteConv({ kh: 65, kw: 1 }), U55)[0]!;
  assert.equal(tall.status, 'constraint-violated');
  assert.ok(tall.reasons.some((r) => r.message === 'Dilated kernel height must be in the range [1, 64] — dilated kernel 65x1: height 65 exceeds the maximum of 64'));
  const dilated = tfliteConv({ kh: 3, kw: 3, attrs: { dilations: ints([2, 2]) } });
  assert.equal(checkCompatibility(dilated, U55)[0]!.status, 'supported');
  const area = checkCompatibility(tfliteConv({ kh: 33, kw: 33, attrs: { dilations: ints([2, 2]) } }), U55)[0]!;
  // (33 - 1) * 2 + 1 = 65 per side: both height and area limits fail.
  assert.ok(area.reasons.some((r) => r.message === 'Product of dilated kernel width and height must be in the range [1, 4096] — dilated kernel 65x65: area 4225 exceeds the maximum of 4096'));
});

test('float activations on a full-int8 target are reported as float-on-int8 with a quantize fix', () => {
  const model = tfliteConv({ dtype: 'float32' });
  const coral = target('coral-edgetpu');
  const supports = checkCompatibility(model, coral);
  assert.equal(supports[0]!.status, 'constraint-violated');
  assert.ok(supports[0]!.reasons.some((r) => r.message === "input 0 ('x') is float32; only int8, uint8, int32 are supported"));
  const diags = compatibilityDiagnostics(model, coral, supports);
  const d = diags.find((x) => x.code === 'compat/float-on-int8-target')!;
  assert.ok(d);
  assert.match(d.fix!, /full int8/);
});

test('rank above 4 and a dynamic dim are named, with the dim; -1 in shape_signature is not dynamic for Vela', () => {
  const model = buildModel('tflite', {
    a: { dtype: 'int8', shape: [1, 2, 3, 4, 5], quantization: q() },
    b: { dtype: 'int8', shape: ['batch', 8], quantization: q() },
    c: { dtype: 'int8', shape: [1, 2, 3, 4, 5], quantization: q() },
    d: { dtype: 'int8', shape: [1, 8], shapeSignature: [-1, 8], quantization: q() },
  }, [
    { op: 'RELU', canonicalOp: 'Relu', inputs: ['a'], outputs: ['c'] },
    { op: 'RELU', canonicalOp: 'Relu', inputs: ['b'], outputs: ['d'] },
  ]);
  const [rank, dyn] = checkCompatibility(model, U55);
  assert.ok(rank!.reasons.some((r) => r.kind === 'rank' && r.message === "Input(s) and Output tensors must not be greater than 4D — input 0 ('a') has rank 5; the maximum is 4"));
  assert.ok(dyn!.reasons.some((r) => r.kind === 'dynamic-shape' && r.message.startsWith("input 0 ('b') dim 0 of [batch, 8] is dynamic ('batch')")));
  // Vela checks Tensor.shape, never shape_signature (ethos-u-vela@a6f65663db ethosu/vela/tflite_model_semantic.py:286,
  // constraint_tens_no_dynamic): Keras' -1 batch signature with a stored shape of 1 compiles.
  assert.ok(!dyn!.reasons.some((r) => r.message.includes('-1 in shape_signature')));
  const codes = compatibilityDiagnostics(model, U55, [rank!, dyn!]).map((d) => d.code);
  assert.deepEqual(codes, ['compat/constraint', 'compat/dynamic-shape']);
});

test('a tensor with several dynamic dims gets one reason naming them all (a transformer\'s [batch, seq, past_seq+seq])', () => {
  const model = buildModel('tflite', {
    x: { dtype: 'int8', shape: ['batch', 'seq', 64], quantization: q() },
    y: { dtype: 'int8', shape: ['batch', 'seq', 64], quantization: q() },
  }, [{ op: 'RELU', canonicalOp: 'Relu', inputs: ['x'], outputs: ['y'] }]);
  const [node] = checkCompatibility(model, U55);
  const dynamic = node!.reasons.filter((r) => r.kind === 'dynamic-shape');
  assert.deepEqual(dynamic.map((r) => [r.tensor, r.message]), [
    ['x', "input 0 ('x') dims 0, 1 of [batch, seq, 64] are dynamic ('batch', 'seq'); the target needs fixed shapes — pin them to sizes"],
    ['y', "output 0 ('y') dims 0, 1 of [batch, seq, 64] are dynamic ('batch', 'seq'); the target needs fixed shapes — pin them to sizes"],
  ]);
  assert.equal(node!.status, 'constraint-violated');
});

test('unknown shapes and dtypes are reported as not checked, never guessed', () => {
  const model = buildModel('tflite', { x: {}, y: {} }, [{ op: 'RELU', canonicalOp: 'Relu', inputs: ['x'], outputs: ['y'] }]);
  const [s] = checkCompatibility(model, U55);
  assert.equal(s!.status, 'unknown');
  assert.ok(s!.reasons.every((r) => r.outcome === 'unknown'));
  assert.ok(s!.reasons.some((r) => /shape of input 0 \('x'\) is not known/.test(r.message)));
  const [d] = compatibilityDiagnostics(model, U55, [s!]);
  assert.equal(d!.code, 'compat/not-checked');
  assert.equal(d!.severity, 'info');
});

test("the 'ethos-u' custom op is the NPU part on Ethos-U and an error on a Cortex-M-only target", () => {
  const model = buildModel('tflite', { x: { dtype: 'int8', shape: [1, 96, 96, 1], quantization: q() }, y: { dtype: 'int8', shape: [1, 2], quantization: q() } },
    [{ op: 'ethos-u', canonicalOp: 'custom:ethos-u', domain: 'tflite.custom', inputs: ['x'], outputs: ['y'] }]);
  const onNpu = checkCompatibility(model, U55);
  assert.equal(onNpu[0]!.status, 'supported');
  const info = compatibilityDiagnostics(model, U55, onNpu);
  assert.equal(info[0]!.code, 'compat/precompiled');
  assert.match(info[0]!.message, /Already compiled by Vela/);
  const m7 = target('tflm-cortex-m7');
  const onMcu = checkCompatibility(model, m7);
  assert.equal(onMcu[0]!.status, 'unsupported');
  const [d] = compatibilityDiagnostics(model, m7, onMcu);
  assert.equal(d!.code, 'compat/custom-op');
  assert.equal(d!.severity, 'error', 'TFLM has no fallback processor');
  assert.match(d!.message, /Vela-compiled Ethos-U command stream/);
});

test('an unknown custom op has no kernel; a registered TFLM signal op is fine', () => {
  const model = buildModel('tflite', { x: { dtype: 'int16', shape: [1, 160] }, y: { dtype: 'int16', shape: [1, 160] } }, [
    { op: 'MyFancyOp', canonicalOp: 'custom:MyFancyOp', domain: 'tflite.custom', inputs: ['x'], outputs: ['y'] },
    { op: 'SignalWindow', canonicalOp: 'custom:SignalWindow', domain: 'tflite.custom', inputs: ['x'], outputs: ['y'] },
  ]);
  const [fancy, window] = checkCompatibility(model, target('tflm-cortex-m4'));
  assert.equal(fancy!.status, 'unsupported');
  assert.equal(fancy!.reasons[0]!.message, "custom op 'MyFancyOp' has no kernel in tflite-micro / cmsis-nn");
  assert.equal(window!.status, 'supported');
});

test('ops outside a closed list are unsupported: HardSwish on ONNX Runtime Mobile', () => {
  const model = buildModel('onnx', { x: { dtype: 'float32', shape: [1, 16] }, y: { dtype: 'float32', shape: [1, 16] } },
    [{ op: 'HardSwish', inputs: ['x'], outputs: ['y'] }]);
  const mobile = target('ort-mobile');
  const s = checkCompatibility(model, mobile);
  assert.equal(s[0]!.status, 'unsupported');
  const [d] = compatibilityDiagnostics(model, mobile, s);
  assert.equal(d!.code, 'compat/unsupported-op');
  assert.equal(d!.severity, 'error');
  assert.match(d!.message, /HardSwish is not in ONNX Runtime Mobile \(reduced operator set\)'s supported-operator list/);
  assert.match(d!.fix!, /HardSigmoid/);
  assert.equal(checkCompatibility(model, target('ort-cpu-desktop'))[0]!.status, 'supported');
});

test('reflect padding is a constraint on NNAPI with a zero-pad fix; constant padding passes', () => {
  const mk = (mode: string) => buildModel('onnx', {
    x: { dtype: 'float32', shape: [1, 3, 8, 8] }, p: { dtype: 'int64', shape: [8], constant: true }, y: { dtype: 'float32', shape: [1, 3, 10, 10] },
  }, [{ op: 'Pad', inputs: ['x', 'p'], outputs: ['y'], attributes: { mode: str(mode) } }]);
  const nnapi = target('ort-nnapi');
  const s = checkCompatibility(mk('reflect'), nnapi);
  assert.equal(s[0]!.status, 'constraint-violated');
  const [d] = compatibilityDiagnostics(mk('reflect'), nnapi, s);
  assert.match(d!.message, /reflect padding is not supported \(allowed: constant\)/);
  assert.match(d!.fix!, /zero padding/);
  assert.equal(checkCompatibility(mk('constant'), nnapi)[0]!.status, 'supported');
});

test('NNAPI Conv needs constant weights and 2-D; a Conv with computed weights is named', () => {
  const model = buildModel('onnx', {
    x: { dtype: 'float32', shape: [1, 3, 8, 8] }, w: { dtype: 'float32', shape: [4, 3, 3, 3] }, y: { dtype: 'float32', shape: [1, 4, 6, 6] },
  }, [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attributes: { kernel_shape: ints([3, 3]) } }]);
  const s = checkCompatibility(model, target('ort-nnapi'))[0]!;
  assert.equal(s.status, 'constraint-violated');
  assert.ok(s.reasons.some((r) => r.message === "input 1 ('w') must be constant (known at compile time) but is computed at run time"));
});
