// The weight phase opens each external data file once and closes it at its end — when the scan
// finishes, when it throws, and when the worker abandons it on a cancel — and holding the file
// open changes no count: the same scan as one that opens the file around every read.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScan, sparsityScan, SAMPLE_BYTES, SAMPLE_WINDOWS } from '../src/core/analysis/hints/sparsityScan';
import { recordReads } from '../src/core/io/readMeter';
import type { Model, WeightAccessor } from '../src/core/ir/model';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';

const canCountFds = fs.existsSync('/proc/self/fd');
const skip = canCountFds ? false : 'needs /proc/self/fd to count open descriptors';

/** Descriptors of this process open on `file` (resolved), read from /proc/self/fd. */
function openCount(file: string): number {
  const real = fs.realpathSync(file);
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === real) n++;
    } catch {
      // The directory's own descriptor, gone by the time it is read.
    }
  }
  return n;
}

const ROWS = 512;
const COLS = 1024;
const TENSOR_BYTES = ROWS * COLS * 4;

/**
 * Four 2 MiB float32 MatMul weights in one external file: dense, 70% zeros (counted exactly),
 * dense, all zeros. Each is sampled (32 windows), the two sparse ones also counted whole.
 */
function externalModel(): { dir: string; model: Model; weightsFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-weight-files-'));
  const fills = [(i: number) => 1 + (i % 7), (i: number) => (i % 10 < 7 ? 0 : 0.25), (i: number) => 0.5 + (i % 3), () => 0];
  const weightsFile = path.join(dir, 'w.bin');
  const all = new Uint8Array(TENSOR_BYTES * fills.length);
  fills.forEach((f, k) => all.set(new Uint8Array(Float32Array.from({ length: ROWS * COLS }, (_, i) => f(i)).buffer), k * TENSOR_BYTES));
  fs.writeFileSync(weightsFile, all);
  let b = new OnnxGraphBuilder('ext').input('x', 'float32', [1, ROWS]);
  let prev = 'x';
  fills.forEach((_, k) => {
    b = b.initializer(`w${k}`, 'float32', k % 2 === 0 ? [ROWS, COLS] : [COLS, ROWS], undefined, { external: { location: 'w.bin', offset: k * TENSOR_BYTES, length: TENSOR_BYTES } })
      .node('MatMul', [prev, `w${k}`], [`y${k}`], {}, { name: `fc${k}` });
    prev = `y${k}`;
  });
  b = b.output(prev);
  fs.writeFileSync(path.join(dir, 'ext.onnx'), writeOnnxModel({ graph: b }));
  return { dir, model: readModelFile(path.join(dir, 'ext.onnx')).model, weightsFile };
}

/** The same accessor without holdFilesOpen: every read opens and closes the file, as before. */
function unheld(weights: WeightAccessor): WeightAccessor {
  return { read: weights.read.bind(weights), readSlice: weights.readSlice!.bind(weights) };
}

test('a scan opens the external data file once, keeps it open between tensors and closes it at the end, with the counts of an unheld scan', { skip }, () => {
  const { dir, model, weightsFile } = externalModel();
  try {
    const before = openCount(weightsFile);
    const steps = sparsityScan(model, 0);
    const opened: number[] = [];
    let r = steps.next();
    while (!r.done) {
      opened.push(openCount(weightsFile) - before);
      r = steps.next();
    }
    // One step per candidate; one descriptor held across all of them, none left afterwards.
    assert.deepEqual(opened, [1, 1, 1, 1]);
    assert.equal(openCount(weightsFile), before);
    const held = r.value;
    assert.deepEqual(held.suspects, [
      // i % 10 < 7 over 524,288 values: 52,428 full runs of ten and 8 more, 7 of them zero.
      { tensor: 'w1', zeros: 52428 * 7 + 7, elements: ROWS * COLS, exact: true },
      { tensor: 'w3', zeros: ROWS * COLS, elements: ROWS * COLS, exact: true },
    ]);
    assert.equal(held.bytesRead, 4 * SAMPLE_WINDOWS * SAMPLE_BYTES + 2 * TENSOR_BYTES);
    // The general path (a file opened per read) reads the same ranges and finds the same.
    const general = { ...model, weights: unheld(model.weights) };
    const a = recordReads(() => runScan(general, 0));
    const b = recordReads(() => runScan(model, 0));
    assert.deepEqual(b.result, a.result);
    assert.deepEqual(b.reads, a.reads);
    assert.deepEqual(a.result, held);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a scan cancelled between tensors (return, as the worker does) or thrown into closes its file', { skip }, () => {
  const { dir, model, weightsFile } = externalModel();
  try {
    const before = openCount(weightsFile);
    const cancelled = sparsityScan(model, 0);
    cancelled.next();
    cancelled.next();
    assert.equal(openCount(weightsFile), before + 1);
    cancelled.return({ suspects: [], unchecked: [], bytesRead: 0 });
    assert.equal(openCount(weightsFile), before);

    const thrown = sparsityScan(model, 0);
    thrown.next();
    assert.equal(openCount(weightsFile), before + 1);
    assert.throws(() => thrown.throw(new Error('stop')), /stop/);
    assert.equal(openCount(weightsFile), before);

    // Reads that fail (the file cut short after the model was read) make those tensors
    // 'unchecked', and the descriptor is still closed at the end.
    fs.truncateSync(weightsFile, TENSOR_BYTES * 2 + 100);
    const scan = runScan(model, 0);
    assert.deepEqual(scan.unchecked, ['w2', 'w3']);
    assert.equal(openCount(weightsFile), before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('holds nest: the file stays open until the last release, and a release called twice releases once', { skip }, () => {
  const { dir, model, weightsFile } = externalModel();
  try {
    const before = openCount(weightsFile);
    const outer = model.weights.holdFilesOpen!();
    const inner = model.weights.holdFilesOpen!();
    model.weights.readSlice!(0, 'w0', 0, 64);
    model.weights.read(0, 'w1');
    assert.equal(openCount(weightsFile), before + 1);
    inner();
    inner();
    assert.equal(openCount(weightsFile), before + 1);
    model.weights.readSlice!(0, 'w2', 64, 64);
    outer();
    assert.equal(openCount(weightsFile), before);
    // Without a hold, a read opens and closes the file around itself.
    model.weights.readSlice!(0, 'w0', 0, 64);
    assert.equal(openCount(weightsFile), before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
