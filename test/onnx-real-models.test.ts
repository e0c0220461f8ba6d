// Real models: the shared torchvision exports and Debian's ONNX test corpus must read without
// error, and what the streaming reader reports must match a full protobufjs decode of each file.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FileByteSource } from '../src/core/io/byteSource';
import type { Model } from '../src/core/ir/model';
import { readOnnx } from '../src/core/onnx/readOnnx';
import { oracleCounts } from './support/onnxOracle';
import { sharedModelsDir } from './support/sharedModels';

const TESTDATA = '/usr/share/libonnx-testdata/data';

function params(model: Model): number {
  let n = 0;
  for (const t of model.graphs[0]!.tensors.values()) {
    if (t.origin === 'initializer') n += (t.shape ?? []).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
  }
  return n;
}

function assertMatchesOracle(file: string): Model {
  const source = new FileByteSource(file);
  let model: Model;
  try {
    model = readOnnx(source);
  } finally {
    source.close();
  }
  const expected = oracleCounts(fs.readFileSync(file));
  assert.equal(model.graphs.length, expected.length, `${file}: graph count`);
  expected.forEach((want, i) => {
    const g = model.graphs[i]!;
    const initializers = [...g.tensors.values()].filter((t) => t.origin === 'initializer').length;
    const got = {
      nodes: g.nodes.length, initializers, tensors: g.tensors.size, inputs: g.inputs.length, outputs: g.outputs.length,
      params: i === 0 ? params(model) : want.params,
    };
    assert.deepEqual(got, want, `${file}: graph ${i}`);
  });
  return model;
}

const EXPECTED_PARAMS: Record<string, number> = {
  'mobilenet_v2.onnx': 3_475_008,
  'mobilenet_v3_small.onnx': 2_529_712,
  'efficientnet_b0.onnx': 5_242_196,
  'squeezenet1_1.onnx': 1_233_288,
  'shufflenet_v2_x1_0.onnx': 2_263_878,
  'kws_cnn.onnx': 300_556,
  'lstm_2layer.onnx': 61_066,
  'tiny_transformer_gelu.onnx': 260_354,
};

test('shared ONNX models read completely and match a full protobuf decode', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const files = fs.readdirSync(path.join(dir, 'onnx')).filter((f) => f.endsWith('.onnx')).sort();
  assert.ok(files.length > 0);
  for (const f of files) {
    const model = assertMatchesOracle(path.join(dir, 'onnx', f));
    assert.equal(model.diagnostics.filter((d) => d.severity === 'error').length, 0, `${f}: ${JSON.stringify(model.diagnostics)}`);
    assert.equal(model.opsets[''], 13, `${f}: opset`);
    assert.ok(model.graphs[0]!.nodes.every((n) => n.opVersion === 13), `${f}: node opVersion`);
    const expected = EXPECTED_PARAMS[f];
    if (expected !== undefined) assert.equal(params(model), expected, `${f}: params`);
  }
});

test('every model of the Debian ONNX test corpus reads and matches a full protobuf decode', (t) => {
  if (!fs.existsSync(TESTDATA)) return t.skip(`${TESTDATA} not present`);
  const files = (fs.readdirSync(TESTDATA, { recursive: true }) as string[])
    .filter((f) => f.endsWith('model.onnx')).sort().map((f) => path.join(TESTDATA, f));
  assert.ok(files.length > 100);
  for (const file of files) assertMatchesOracle(file);
});

test('reading mobilenet_v2 (14 MB) touches less than 1 MB of the file', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const source = new FileByteSource(path.join(dir, 'onnx', 'mobilenet_v2.onnx'));
  try {
    const model = readOnnx(source);
    assert.ok(model.graphs[0]!.nodes.length > 50);
    assert.ok(source.size > 10_000_000);
    assert.ok(source.bytesRead < 1_000_000, `read ${source.bytesRead} bytes`);
  } finally {
    source.close();
  }
});
