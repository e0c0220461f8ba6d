// The TFLite reader on generated fixtures: every feature with its asserted value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryByteSource, type ByteSource } from '../src/core/io/byteSource';
import { ModelReadError } from '../src/core/ir/errors';
import { mainGraph } from '../src/core/ir/model';
import { readTflite } from '../src/core/tflite/readTflite';
import { appendedStart, builtin, writeTflite, type ModelSpec } from './fixtures/tfliteWriter';
import { BIAS_APPENDED, CONV_WEIGHTS, featureModelSpec } from './fixtures/tfliteFeatureModel';

/** Records every range read, to prove which bytes were touched. */
class RecordingSource implements ByteSource {
  readonly ranges: [number, number][] = [];
  private readonly inner: MemoryByteSource;
  constructor(readonly label: string, bytes: Uint8Array) { this.inner = new MemoryByteSource(label, bytes); }
  get size(): number { return this.inner.size; }
  get bytesRead(): number { return this.inner.bytesRead; }
  read(offset: number, length: number): Uint8Array { this.ranges.push([offset, offset + length]); return this.inner.read(offset, length); }
  close(): void {}
}

const read = (bytes: Uint8Array) => readTflite(new MemoryByteSource('fixture.tflite', bytes));
const f32 = (xs: number[]) => xs.map(Math.fround);

test('model-level fields: schema version, description, producer from min_runtime_version, metadata', () => {
  const m = read(writeTflite(featureModelSpec()));
  assert.equal(m.format, 'tflite');
  assert.equal(m.irVersion, 3);
  assert.equal(m.description, 'feature fixture');
  assert.deepEqual(m.producer, { name: 'TFLite', version: '1.14.0' });
  // Metadata names are file text, so the record has no prototype (issue 12): compare its entries.
  assert.deepEqual({ ...m.metadata }, { min_runtime_version: '1.14.0', blob: '<4 bytes>' });
  assert.deepEqual(m.graphs.map((g) => g.name), ['main', 'then']);
});

test('operators: builtin names incl. deprecated_builtin_code rule, custom code, versions, canonical ops', () => {
  const g = mainGraph(read(writeTflite(featureModelSpec())));
  assert.deepEqual(g.nodes.map((n) => n.op), ['CONV_2D', 'MyCustom', 'GELU', 'SOFTMAX', 'IF']);
  assert.deepEqual(g.nodes.map((n) => n.domain), ['tflite', 'tflite.custom', 'tflite', 'tflite', 'tflite']);
  assert.deepEqual(g.nodes.map((n) => n.canonicalOp), ['Conv', 'custom:MyCustom', 'Gelu', 'Softmax', 'If']);
  assert.deepEqual(g.nodes.map((n) => n.opVersion), [3, 2, 1, 1, 1]);
  assert.equal(g.nodes[1]!.customCode, 'MyCustom');
  assert.deepEqual(g.nodes[1]!.attributes.custom_options_bytes, { type: 'int', value: 3 });
  assert.deepEqual(g.order, [0, 1, 2, 3, 4]);
});

test('builtin options become attributes with ONNX-like names', () => {
  const g = mainGraph(read(writeTflite(featureModelSpec())));
  const conv = g.nodes[0]!.attributes;
  assert.deepEqual(conv.padding, { type: 'string', value: 'SAME' });
  assert.deepEqual(conv.auto_pad, { type: 'string', value: 'SAME_UPPER' });
  assert.deepEqual(conv.strides, { type: 'ints', value: [1, 2] });
  assert.deepEqual(conv.dilations, { type: 'ints', value: [2, 1] });
  assert.deepEqual(conv.fused_activation_function, { type: 'string', value: 'RELU6' });
  assert.deepEqual(g.nodes[2]!.attributes.approximate, { type: 'string', value: 'tanh' });
  assert.deepEqual(g.nodes[3]!.attributes.beta, { type: 'float', value: 0.5 });
});

test('IF refers to subgraphs; a reference to a missing subgraph is reported and dropped', () => {
  const m = read(writeTflite(featureModelSpec()));
  const ifNode = mainGraph(m).nodes[4]!;
  assert.deepEqual(ifNode.subgraphs, [1]);
  assert.deepEqual(ifNode.attributes.then_branch, { type: 'graph', graph: 1 });
  assert.equal(ifNode.attributes.else_branch, undefined);
  assert.ok(m.diagnostics.some((d) => d.code === 'read/bad-subgraph-ref' && d.node === 4));
});

test('tensors: unique names, index, shape and shape_signature, dtype, variables, optional inputs', () => {
  const g = mainGraph(read(writeTflite(featureModelSpec())));
  assert.deepEqual([...g.tensors.keys()], ['image', 'conv/weights', 'conv/bias', 'conv/out', 'dup', 'dup#5', '#6', 'state', 'cond']);
  assert.deepEqual([...g.tensors.values()].map((t) => t.index), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const image = g.tensors.get('image')!;
  assert.deepEqual(image.shape, [1, 8, 8, 3]);
  assert.deepEqual(image.shapeSignature, [-1, 8, 8, 3]);
  assert.equal(image.dtype, 'int8');
  assert.equal(image.isGraphInput, true);
  assert.equal(g.tensors.get('#6')!.isGraphOutput, true);
  assert.deepEqual(g.tensors.get('cond')!.shape, []);
  const state = g.tensors.get('state')!;
  assert.equal(state.variable, true);
  assert.equal(state.constant, false);
  assert.deepEqual(g.nodes[1]!.inputs, ['conv/out', '', 'state']);
  assert.deepEqual(g.tensors.get('conv/out')!.consumers, [1]);
  assert.equal(g.tensors.get('conv/out')!.producer, 0);
});

test('quantization: per-tensor and per-channel with axis, zero points, min/max', () => {
  const g = mainGraph(read(writeTflite(featureModelSpec())));
  assert.deepEqual(g.tensors.get('image')!.quantization, { scale: [0.5], zeroPoint: [-3] });
  assert.deepEqual(g.tensors.get('conv/weights')!.quantization, {
    scale: f32([0.1, 0.2, 0.3, 0.4]), zeroPoint: [0, 0, 0, 0], axis: 0, min: [-1, -2, -3, -4], max: [1, 2, 3, 4],
  });
  assert.equal(g.tensors.get('conv/out')!.quantization, undefined);
});

test('constants: embedded buffer located, offset/size buffer located but not read while parsing', () => {
  const spec = featureModelSpec();
  const bytes = writeTflite(spec);
  const start = appendedStart(spec);
  const source = new RecordingSource('fixture.tflite', bytes);
  const m = readTflite(source);
  assert.ok(source.ranges.every(([, end]) => end <= start), `read past ${start}: ${JSON.stringify(source.ranges.filter(([, e]) => e > start))}`);

  const g = mainGraph(m);
  const w = g.tensors.get('conv/weights')!;
  assert.equal(w.constant, true);
  assert.equal(w.dataBytes, CONV_WEIGHTS.byteLength);
  assert.deepEqual(m.weights.read(0, 'conv/weights'), CONV_WEIGHTS);
  const bias = g.tensors.get('conv/bias')!;
  assert.equal(bias.constant, true);
  assert.deepEqual(bias.data, { kind: 'embedded', offset: start, length: 16, encoding: 'raw' });
  assert.deepEqual(m.weights.read(0, 'conv/bias'), BIAS_APPENDED);
  assert.equal(g.tensors.get('image')!.constant, false);
  assert.throws(() => m.weights.read(0, 'image'));
});

test('signature defs map names to tensors of their subgraph', () => {
  const m = read(writeTflite(featureModelSpec()));
  assert.deepEqual(m.signatures, [{ key: 'serving_default', subgraph: 0, inputs: [{ name: 'image_in', tensor: 'image' }], outputs: [{ name: 'probs', tensor: '#6' }] }]);
});

function tiny(patch: (s: ModelSpec) => void): Uint8Array {
  const spec: ModelSpec = {
    operatorCodes: [builtin(0)],
    subgraphs: [{ tensors: [{ name: 'a', shape: [2] }, { name: 'b', shape: [2] }], inputs: [0], outputs: [1], operators: [{ opcode: 0, inputs: [0, 0], outputs: [1] }] }],
    buffers: [{}],
  };
  patch(spec);
  return writeTflite(spec);
}

test('broken references end in ModelReadError naming the field', () => {
  const cases: [string, (s: ModelSpec) => void, RegExp][] = [
    ['tensor index', (s) => { s.subgraphs[0]!.operators[0]!.inputs = [0, 9]; }, /subgraphs\[0\]\.operators\[0\]\.inputs/],
    ['opcode index', (s) => { s.subgraphs[0]!.operators[0]!.opcode = 4; }, /operators\[0\]\.opcode_index/],
    ['buffer index', (s) => { s.subgraphs[0]!.tensors[0]!.buffer = 3; }, /tensors\[0\]\.buffer/],
    ['graph output', (s) => { s.subgraphs[0]!.outputs = [-1]; }, /subgraphs\[0\]\.outputs/],
    ['signature tensor', (s) => { s.signatures = [{ key: 'k', subgraph: 0, inputs: [['x', 7]], outputs: [] }]; }, /signature_defs\[0\]\.inputs\[0\]\.tensor_index/],
  ];
  for (const [what, patch, field] of cases) {
    assert.throws(() => read(tiny(patch)), (e: unknown) => e instanceof ModelReadError && field.test(e.field ?? ''), what);
  }
});

test('an unknown builtin code is kept with a diagnostic; the name is still usable', () => {
  const m = read(tiny((s) => { s.operatorCodes = [builtin(250)]; }));
  assert.equal(mainGraph(m).nodes[0]!.op, 'BUILTIN_250');
  assert.equal(mainGraph(m).nodes[0]!.canonicalOp, 'tflite:BUILTIN_250');
  assert.ok(m.diagnostics.some((d) => d.code === 'read/tflite-unknown-op'));
});

test('a file that is not a flatbuffer fails clearly', () => {
  assert.throws(() => read(new Uint8Array(4)), ModelReadError);
  assert.throws(() => read(new TextEncoder().encode('this is not a tflite model at all')), ModelReadError);
});
