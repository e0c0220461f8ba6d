// The ONNX Runtime child process: errors come back clearly, hangs and crashes restart the child,
// and profiling a small shared model times every node. Needs dist/ortHost.js (npm test builds it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeOnnxModel, OnnxGraphBuilder } from '../src/core/onnx/writeOnnx';
import { OrtClient } from '../src/processes/ort/client';
import { ProcessError } from '../src/processes/rpc/processError';
import { parseNpy } from '../src/processes/ort/feeds';
import { timeLayers } from '../src/jobs/layerTiming';
import { RangeCollector } from '../src/core/quantize/calibrate';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const hostScript = path.join(repoRoot(), 'dist', 'ortHost.js');
const client = new OrtClient({ hostScript, timeoutMs: 30_000 });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ort-'));
after(() => { client.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

function writeModel(name: string, op: string): string {
  const b = new OnnxGraphBuilder('g')
    .input('x', 'float32', [1, 4])
    .node(op, ['x'], ['y'], {}, { name: `${op.toLowerCase()}0` })
    .output('y', 'float32', [1, 4]);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 17 }, producer: { name: 'test', version: '1' } }));
  return file;
}

test('a model ORT rejects gives a clear error, and the client keeps working', async () => {
  const bad = writeModel('bad.onnx', 'NoSuchOp');
  await assert.rejects(client.run({ type: 'inspect', model: bad }), (e: Error) => e instanceof ProcessError && e.kind === 'remote' && /NoSuchOp/.test(e.message));
  const good = writeModel('relu.onnx', 'Relu');
  const io = await client.run({ type: 'inspect', model: good });
  assert.deepEqual(io.inputs, [{ name: 'x', dtype: 'float32', shape: [1, 4] }]);
  const r = await client.run({ type: 'run', model: good, feeds: { kind: 'tensors', tensors: { x: { dtype: 'float32', dims: [1, 4], data: Float32Array.of(-1, 2, -3, 4) } } } });
  assert.deepEqual([...(r.outputs['y']!.data as Float32Array)], [0, 2, 0, 4]);
  const rnd = await client.run({ type: 'run', model: good, feeds: { kind: 'random', seed: 7 }, returnFeeds: true });
  assert.equal((rnd.feeds!['x']!.data as Float32Array).length, 4);
});

test('calibration collects activation ranges in the child: the same ranges as collecting the returned activations, only the asked-for outputs come back', async () => {
  // x → Relu → h → Neg → y: h is an activation the caller does not want back.
  const b = new OnnxGraphBuilder('g').input('x', 'float32', [1, 64])
    .node('Relu', ['x'], ['h'], {}, { name: 'relu' }).node('Neg', ['h'], ['y'], {}, { name: 'neg' })
    .output('h', 'float32', [1, 64]).output('y', 'float32', [1, 64]);
  const model = path.join(tmp, 'calib.onnx');
  fs.writeFileSync(model, writeOnnxModel({ graph: b, opsets: { '': 17 }, producer: { name: 'test', version: '1' } }));
  for (const method of ['minmax', 'percentile'] as const) {
    const here = new RangeCollector(method === 'percentile');
    for (let seed = 1; seed <= 3; seed++) {
      const all = await client.run({ type: 'run', model, feeds: { kind: 'random', seed } });
      for (const [name, t] of Object.entries(all.outputs)) here.add(name, t.data as Float32Array);
      const kept = await client.run({ type: 'run', model, feeds: { kind: 'random', seed }, memoryArena: false, collect: { collector: `t-${method}`, returnOnly: ['y'], sample: method === 'percentile' } });
      assert.deepEqual(Object.keys(kept.outputs), ['y'], 'the activation stayed in the child');
    }
    const { ranges } = await client.run({ type: 'ranges', collector: `t-${method}`, method, percentile: 99 });
    assert.deepEqual(ranges, [...here.ranges(method, 99)]);
    await assert.rejects(client.run({ type: 'ranges', collector: `t-${method}`, method, percentile: 99 }), /not in this ONNX Runtime process/, 'a collector ends with its ranges');
  }
});

test('a hung request times out, the child is killed and the next request restarts it', async () => {
  const first = await client.run({ type: 'test', action: 'echo', value: 1 });
  await assert.rejects(client.run({ type: 'test', action: 'hang' }, { timeoutMs: 300 }), (e: Error) => e instanceof ProcessError && e.kind === 'timeout' && /ONNX Runtime.*'test'/.test(e.message));
  const second = await client.run({ type: 'test', action: 'echo', value: 2 });
  assert.equal(second.echo, 2);
  assert.notEqual(second.pid, first.pid);
});

test('a child that dies mid-request reports its exit code; a cancelled request stops the child', async () => {
  await assert.rejects(client.run({ type: 'test', action: 'exit', value: 7 }), (e: Error) => e instanceof ProcessError && e.kind === 'exited' && e.exitCode === 7 && /code 7/.test(e.message));
  const ac = new AbortController();
  const p = client.run({ type: 'test', action: 'hang' }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(p, (e: Error) => e instanceof ProcessError && e.kind === 'cancelled');
  assert.equal((await client.run({ type: 'test', action: 'echo', value: 3 })).echo, 3);
});

test('.npy feeds are parsed', () => {
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }";
  const padded = header.padEnd(118, ' ') + '\n';
  const bytes = new Uint8Array(10 + padded.length + 8);
  bytes.set([0x93, ...Buffer.from('NUMPY'), 1, 0, padded.length & 0xff, padded.length >> 8]);
  bytes.set(Buffer.from(padded), 10);
  new DataView(bytes.buffer).setFloat32(10 + padded.length, 1.5, true);
  const t = parseNpy(bytes);
  assert.deepEqual(t.dims, [1, 2]);
  assert.equal((t.data as Float32Array)[0], 1.5);
});

const shared = sharedModelsDir();
test('profiling kws_cnn.onnx times every kernel and covers every original node', { skip: shared ? false : 'no ../shared/models' }, async () => {
  const model = path.join(shared!, 'onnx', 'kws_cnn.onnx');
  const p = await timeLayers(client, { model, runs: 2, warmup: 1, optimization: 'all' });
  assert.equal(p.runs, 2);
  assert.ok(p.rows.length > 0 && p.rows.every((r) => r.medianUs > 0));
  const covered = new Set(p.rows.flatMap((r) => r.covers.map((c) => c.index)));
  for (const e of p.eliminated) covered.add(e.index);
  const d = await timeLayers(client, { model, runs: 1, warmup: 0, optimization: 'disabled' });
  assert.equal(covered.size, d.rows.length);
  assert.ok(p.rows.some((r) => r.fused));
});
