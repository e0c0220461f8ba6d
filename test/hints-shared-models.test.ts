// Design hints on the shared real models (skipped when ../shared is absent): the torchvision
// exports' Identity weight aliases, EfficientNet's SiLU on TFLite Micro, the transformer's Erf GELU,
// no false alarms from the redundancy checks, and answers in milliseconds.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { designHints, weightHints } from '../src/core/analysis/hints';
import { runScan } from '../src/core/analysis/hints/sparsityScan';
import type { Model } from '../src/core/ir/model';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { withCode } from './support/hintAssertions';
import { sharedModelsDir } from './support/sharedModels';

const dir = sharedModelsDir();
const skip = dir === null ? 'shared models not present' : false;

function load(rel: string): Model {
  return readModelFile(path.join(dir!, rel)).model;
}

function target(id: string) {
  const t = getBuiltinTarget(id);
  if (!t) throw new Error(id);
  return t;
}

test('mobilenet_v2.onnx: its 39 Identity nodes are reported as no-ops, and nothing else without a target', { skip }, () => {
  const model = load('onnx/mobilenet_v2.onnx');
  const hints = designHints(model, null);
  const identity = withCode(hints, 'hint/identity');
  assert.equal(identity.length, 39);
  for (const h of identity) {
    assert.equal(model.graphs[0]!.nodes[h.node!]!.op, 'Identity');
    assert.match(h.message, /aliases the constant/);
  }
  // Exported with constant folding, BatchNorm folded: no other finding.
  assert.equal(hints.length, 39);
});

test('efficientnet_b0.onnx on TFLite Micro: SiLU (Sigmoid + Mul) is costly, HardSwish suggested; SE gates are not SiLU', { skip }, () => {
  const model = load('onnx/efficientnet_b0.onnx');
  const graph = model.graphs[0]!;
  const hints = withCode(designHints(model, target('tflm-cortex-m7')), 'hint/costly-activation');
  // 65 Sigmoids: 49 are x * Sigmoid(x); the 16 squeeze-excitation gates multiply another tensor.
  assert.equal(hints.length, 49);
  for (const h of hints) {
    const [sig, mul] = (h.nodes ?? []).map((i) => graph.nodes[i]!);
    assert.equal(sig?.op, 'Sigmoid');
    assert.equal(mul?.op, 'Mul');
    assert.ok(mul!.inputs.includes(sig!.inputs[0]!) && mul!.inputs.includes(sig!.outputs[0]!));
    assert.match(h.fix, /HardSwish/);
  }
  // The Ethos-U NPU runs LOGISTIC and MUL: no activation finding there.
  assert.deepEqual(designHints(model, target('ethos-u55-128')).filter((h) => h.code.endsWith('-activation')), []);
});

test('tiny_transformer_gelu.onnx: both Erf GELUs are unsupported on TFLite Micro', { skip }, () => {
  const model = load('onnx/tiny_transformer_gelu.onnx');
  const hints = withCode(designHints(model, target('tflm-cortex-m7')), 'hint/unsupported-activation');
  assert.equal(hints.length, 2);
  for (const h of hints) {
    assert.equal(model.graphs[0]!.nodes[h.node!]!.op, 'Erf');
    assert.match(h.message, /GELU written as Div .* → Erf .* → Add .* → Mul .* → Mul/);
  }
});

test('every shared model: no dead code, unfolded constants or unfused BatchNorm claimed; each answers in milliseconds', { skip }, () => {
  const files = ['efficientnet_b0', 'kws_cnn', 'lstm_2layer', 'mobilenet_v2', 'mobilenet_v3_small', 'shufflenet_v2_x1_0', 'squeezenet1_1', 'tiny_transformer_gelu']
    .map((n) => `onnx/${n}.onnx`)
    .concat(['person_detect', 'keyword_scrambled_8bit', 'mobilenet_v2_quantized_1x3x224x224', 'trained_lstm', 'dtln_noise_suppression'].map((n) => `tflite/${n}.tflite`));
  for (const file of files) {
    const model = load(file);
    for (const t of [null, target('tflm-cortex-m7'), target('ethos-u55-128')]) {
      const start = performance.now();
      const hints = [...designHints(model, t), ...weightHints(model, t, runScan(model))];
      const ms = performance.now() - start;
      assert.ok(ms < 500, `${file}: ${ms.toFixed(0)} ms`);
      for (const code of ['hint/dead-node', 'hint/constant-subgraph', 'hint/unfused-batchnorm', 'hint/unused-initializer', 'hint/weight-sparsity']) {
        assert.deepEqual(withCode(hints, code), [], `${file} on ${t?.id ?? 'no target'}: ${code}`);
      }
    }
  }
});
