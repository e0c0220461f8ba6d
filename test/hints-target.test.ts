// Target-dependent design hints: activations a target lacks or runs slowly when it supports a
// cheaper one, and channel counts that waste a target's vector width. Silent without a target.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { designHints } from '../src/core/analysis/hints';
import { findActivationPatterns } from '../src/core/analysis/hints/activationPatterns';
import type { Model } from '../src/core/ir/model';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { readBytes } from './support/onnxFixtures';
import { nodeIndex, withCode } from './support/hintAssertions';
import { IrBuilder } from './support/irBuilder';

function target(id: string) {
  const t = getBuiltinTarget(id);
  if (!t) throw new Error(id);
  return t;
}

const activationCodes = (model: Model, id: string | null) =>
  designHints(model, id ? target(id) : null).filter((h) => h.code.endsWith('-activation'));

/** x → Conv → SiLU (Sigmoid + Mul) → output. */
function siluModel(): Model {
  const b = new OnnxGraphBuilder('silu')
    .input('x', 'float32', [1, 3, 8, 8])
    .initializer('w', 'float32', [16, 3, 1, 1], new Float32Array(48).fill(0.1))
    .node('Conv', ['x', 'w'], ['c'], {}, { name: 'conv' })
    .node('Sigmoid', ['c'], ['s'], {}, { name: 'sig' })
    .node('Mul', ['c', 's'], ['y'], {}, { name: 'mul' })
    .output('y');
  return readBytes(writeOnnxModel({ graph: b }));
}

/** The Erf form torch.onnx.export writes for nn.GELU(): x * (1 + erf(x / √2)) * 0.5. */
function erfGeluModel(): Model {
  const b = new OnnxGraphBuilder('gelu')
    .input('x', 'float32', [1, 16])
    .initializer('sqrt2', 'float32', [], [Math.SQRT2])
    .initializer('one', 'float32', [], [1])
    .initializer('half', 'float32', [], [0.5])
    .node('Div', ['x', 'sqrt2'], ['d'])
    .node('Erf', ['d'], ['e'])
    .node('Add', ['e', 'one'], ['a'])
    .node('Mul', ['x', 'a'], ['m'])
    .node('Mul', ['m', 'half'], ['y'])
    .output('y');
  return readBytes(writeOnnxModel({ graph: b }));
}

test('activation patterns: SiLU as Sigmoid + Mul, GELU as the 5-op Erf form, a plain Sigmoid gate is neither', () => {
  const silu = siluModel();
  const [p] = findActivationPatterns(silu.graphs[0]!);
  assert.equal(p!.family, 'silu');
  assert.deepEqual(p!.nodes.map((n) => n.name), ['sig', 'mul']);
  const gelu = findActivationPatterns(erfGeluModel().graphs[0]!);
  assert.equal(gelu.length, 1);
  assert.equal(gelu[0]!.family, 'gelu');
  assert.deepEqual(gelu[0]!.nodes.map((n) => n.op), ['Div', 'Erf', 'Add', 'Mul', 'Mul']);
  // Squeeze-and-excitation: x * Sigmoid(f(x)) multiplies by a gate of another tensor — not SiLU.
  const se = new OnnxGraphBuilder('se')
    .input('x', 'float32', [1, 4]).input('g', 'float32', [1, 4])
    .node('Sigmoid', ['g'], ['s']).node('Mul', ['x', 's'], ['y']).output('y');
  assert.deepEqual(findActivationPatterns(readBytes(writeOnnxModel({ graph: se })).graphs[0]!), []);
});

test('SiLU is costly on TFLite Micro (HardSwish supported there); fine on tflite-gpu, ort-mobile and without target', () => {
  const model = siluModel();
  const [h, ...rest] = activationCodes(model, 'tflm-cortex-m7');
  assert.equal(rest.length, 0);
  assert.equal(h!.code, 'hint/costly-activation');
  assert.equal(h!.severity, 'info');
  assert.equal(h!.node, nodeIndex(model, 'Sigmoid'));
  assert.deepEqual(h!.nodes, [nodeIndex(model, 'Sigmoid'), nodeIndex(model, 'Mul')]);
  assert.match(h!.message, /SiLU\/Swish written as Sigmoid 'sig' → Mul 'mul'/);
  assert.match(h!.message, /on TFLite Micro on Cortex-M7 \(CMSIS-NN\) Sigmoid is costly: TFLite Micro runs it with a reference kernel/);
  assert.match(h!.message, /HardSwish is supported there and cheaper/);
  assert.match(h!.fix, /nn\.Hardswish\(\)/);
  // The GPU delegate runs LOGISTIC well and has no HARD_SWISH; ORT mobile runs Sigmoid and lacks HardSwish.
  assert.deepEqual(activationCodes(model, 'tflite-gpu'), []);
  assert.deepEqual(activationCodes(model, 'ort-mobile'), []);
  assert.deepEqual(activationCodes(model, null), []);
});

test('Erf-GELU is unsupported on TFLite Micro (no Erf builtin) and in the ORT Mobile package → warning; full ORT runs Erf → nothing', () => {
  const model = erfGeluModel();
  const hints = activationCodes(model, 'tflm-cortex-m7');
  assert.equal(hints.length, 1);
  const [h] = hints;
  assert.equal(h!.code, 'hint/unsupported-activation');
  assert.equal(h!.severity, 'warning');
  assert.equal(h!.node, nodeIndex(model, 'Erf'));
  assert.equal(h!.nodes?.length, 5);
  assert.match(h!.message, /Erf is not supported on TFLite Micro on Cortex-M7 \(CMSIS-NN\), so the model cannot run there as it is/);
  assert.match(h!.message, /It takes 5 ops, one pass over the activation each\. HardSwish is supported there/);
  // Ethos-U: Div and Erf are not NPU ops; the pattern falls back to the Cortex-M55.
  const [npu] = activationCodes(model, 'ethos-u55-128');
  assert.match(npu!.message, /Div, Erf are not supported on .* falls back to Cortex-M55 CPU/);
  // The ORT Mobile package's op list has no Erf (onnxruntime@aad67dc8fe
  // tools/ci_build/github/android/mobile_package.required_operators.config:13); the full CPU build has it.
  assert.match(activationCodes(model, 'ort-mobile')[0]!.message, /Erf is not supported on ONNX Runtime Mobile/);
  assert.deepEqual(activationCodes(model, 'ort-cpu-desktop'), []);
});

test('HardSwish on ORT mobile (not in its build) → rewrite with Clip, which it has', () => {
  const b = new OnnxGraphBuilder('hs').input('x', 'float32', [1, 8]).node('HardSwish', ['x'], ['y']).output('y');
  const model = readBytes(writeOnnxModel({ graph: b, opsets: { '': 14 } }));
  const [h] = activationCodes(model, 'ort-mobile');
  assert.equal(h!.code, 'hint/unsupported-activation');
  assert.match(h!.message, /x · ReLU6\(x \+ 3\) \/ 6 is supported there/);
  assert.deepEqual(activationCodes(model, 'tflm-cortex-m7'), []);
});

/** Conv(24) → Relu → Conv(32) → Gemm head with 10 classes. */
function channelsModel(): Model {
  const b = new OnnxGraphBuilder('channels')
    .input('x', 'float32', [1, 3, 8, 8])
    .initializer('w1', 'float32', [24, 3, 3, 3], new Float32Array(648))
    .initializer('w2', 'float32', [32, 24, 1, 1], new Float32Array(768))
    .initializer('shape', 'int64', [2], BigInt64Array.of(1n, -1n))
    .initializer('fc', 'float32', [32 * 36, 10], new Float32Array(11520))
    .node('Conv', ['x', 'w1'], ['c1'], {}, { name: 'conv24' })
    .node('Relu', ['c1'], ['r1'])
    .node('Conv', ['r1', 'w2'], ['c2'], {}, { name: 'conv32' })
    .node('Reshape', ['c2', 'shape'], ['flat'])
    .node('Gemm', ['flat', 'fc'], ['logits'], {}, { name: 'head' })
    .node('Softmax', ['logits'], ['probs'])
    .output('probs');
  return readBytes(writeOnnxModel({ graph: b }));
}

test('channel alignment: 24 channels waste a 16-wide Ethos-U; the 10-class head is left alone', () => {
  const model = channelsModel();
  const hints = withCode(designHints(model, target('ethos-u55-128')), 'hint/channel-alignment');
  assert.equal(hints.length, 1);
  const [h] = hints;
  assert.equal(h!.node, nodeIndex(model, 'Conv', 0));
  assert.equal(h!.severity, 'info');
  assert.match(h!.message, /has 24 output channels, not a multiple of 16 on Arm Ethos-U55/);
  assert.match(h!.message, /processed as 32 channels \(25% of that work wasted\)/);
  assert.match(h!.fix, /^Use 32 \(or 16\) channels/);
  // 24 is a multiple of 8 (TensorRT, float) and 4 (GPU delegate); float layers on TFLM have no channel blocking.
  for (const id of ['tensorrt-jetson-orin-nano', 'tflite-gpu', 'tflm-cortex-m7']) {
    assert.deepEqual(withCode(designHints(model, target(id)), 'hint/channel-alignment'), [], id);
  }
  assert.deepEqual(withCode(designHints(model, null), 'hint/channel-alignment'), []);
});

test('channel alignment on TFLite: an int8 CONV_2D with 6 channels on CMSIS-NN (groups of 4)', () => {
  const b = new IrBuilder(1, 'tflite')
    .input('x', 'int8', [1, 8, 8, 3])
    .constant('w', 'int8', [6, 3, 3, 3])
    .node('CONV_2D', ['x', 'w'], ['c'])
    .node('RELU', ['c'], ['y'])
    .output('y');
  const model = b.build();
  model.graphs[0]!.nodes[0]!.canonicalOp = 'Conv';
  const [h, ...rest] = withCode(designHints(model, target('tflm-cortex-m7')), 'hint/channel-alignment');
  assert.equal(rest.length, 0);
  assert.match(h!.message, /has 6 output channels, not a multiple of 4 .*processed as 8 channels \(25% of that work wasted\)/);
  assert.match(h!.fix, /^Use 8 \(or 4\) channels/);
});
