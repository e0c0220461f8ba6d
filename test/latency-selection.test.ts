// The roofline latency charges a node its arithmetic or its memory traffic, whichever is slower. An
// embedding lookup on a microcontroller must be charged the rows it copies, not its whole table:
// TFLite Micro's gather copies `inner_size` elements per coordinate (tensorflow/tflite-micro@90b983c2b3
// tensorflow/lite/micro/kernels/gather.cc:84-93). Before, a 7.7 MB table made a one-token lookup the
// slowest op of the model, and a lookup of an unknown number of tokens counted as a known time.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';

function embeddingModel(tokens: number | string): string {
  const b = new OnnxGraphBuilder('embedding');
  b.input('ids', 'int64', [1, tokens]);
  b.initializer('table', 'float32', [30000, 64], new Float32Array(30000 * 64));
  b.node('Gather', ['table', 'ids'], ['emb'], { axis: 0 }, { name: 'lookup' });
  b.node('Relu', ['emb'], ['out'], {}, { name: 'relu' });
  b.output('out', 'float32', [1, tokens, 64]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-gather-')), `embedding-${tokens}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 17 } }));
  return file;
}

const M7 = getBuiltinTarget('tflm-cortex-m7')!;

test('an embedding lookup on Cortex-M7 is charged the rows it copies, not the 7.7 MB table', () => {
  const r = reportFor(prepareModel(readModelFile(embeddingModel(8)).model), [M7]).report;
  const lookup = r.deployed!.nodes.find((n) => n.canonicalOp === 'Gather')!;
  assert.ok(lookup, 'the premise: the deployed graph keeps the gather');
  // What the kernel moves: 8 rows of 64 int8/float values read and written, and the 8 indices.
  const outBytes = 8 * 64 * 4;
  const indexBytes = r.deployed!.tensors[lookup.inputs[1]!]!.bytes!;
  const moved = 2 * outBytes + indexBytes;
  const bandwidth = M7.compute.sramBandwidthBytesPerSecond ?? M7.compute.dramBandwidthBytesPerSecond!;
  const memoryUs = (moved / bandwidth) * 1e6;
  assert.ok(lookup.latencyUs !== null && lookup.latencyUs !== undefined);
  assert.ok(Math.abs(lookup.latencyUs - memoryUs) < 0.01 || lookup.bound === 'compute', `${lookup.latencyUs} µs vs ${memoryUs} µs of traffic`);
  // Reading the whole table (7.7 MB) would take over a thousand times longer.
  const tableUs = ((30000 * 64 * 4) / bandwidth) * 1e6;
  assert.ok(lookup.latencyUs < tableUs / 1000, `${lookup.latencyUs} µs, the table alone ${tableUs} µs`);
  assert.equal(lookup.paramBytes, 30000 * 64 * 4, 'the table stays the node\'s parameters (flash)');
});

test('a lookup of an unknown number of tokens has an unknown latency, left out of a lower-bound total', () => {
  const r = reportFor(prepareModel(readModelFile(embeddingModel('seq')).model), [M7]).report;
  const lookup = r.deployed!.nodes.find((n) => n.canonicalOp === 'Gather')!;
  assert.equal(lookup.latencyUs, null);
  assert.ok((r.summary.unknownLatencyOps ?? 0) >= 1);
});
