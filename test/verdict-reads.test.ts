// The verdict path reads no weight bytes: reading, shapes, costs, the lowering and every target
// analysis of a model with tens of MB of weights touch only its structure (≤ 1 MB of the file),
// and no byte inside a weight tensor's data. The weight phase (sparsity) runs after the verdict
// and samples. Measured on a generated model and, when present, on the shared real models.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor, weightFindings } from '../src/core/analyze';
import { recordReads, type FileRead } from '../src/core/io/readMeter';
import type { Model } from '../src/core/ir/model';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { sharedModelsDir } from './support/sharedModels';

const MB = 1024 * 1024;
/** The reader's window size (protoCursor.ts). */
const READ_AHEAD = 1024;
/** Targets that lower differently: float TFLite, int8 TFLite (Edge TPU, Vela), ONNX Runtime, TensorRT. */
const TARGETS = ['tflm-cortex-m7', 'coral-edgetpu', 'ethos-u55-128', 'ort-cpu-desktop', 'tensorrt-jetson-orin-nano', 'tflite-gpu'].map((id) => getBuiltinTarget(id)!);

/** Byte ranges of the weights (constants of more than 64 values) stored in the model file. */
function weightRanges(model: Model): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  for (const g of model.graphs) {
    for (const t of g.tensors.values()) {
      const n = t.shape?.reduce<number>((a, d) => a * (typeof d === 'number' ? d : 0), 1) ?? 0;
      if (t.data?.kind === 'embedded' && n > 64) out.push({ name: t.name, start: t.data.offset, end: t.data.offset + t.data.length });
    }
  }
  return out;
}

function verdictReads(file: string): { model: Model; reads: FileRead[] } {
  const { result: model, reads } = recordReads(() => {
    const { model } = readModelFile(file);
    const prepared = prepareModel(model);
    reportFor(prepared, TARGETS, { weightPhase: false });
    return model;
  });
  return { model, reads };
}

function assertNoWeightRead(file: string, model: Model, reads: FileRead[]): void {
  const total = reads.reduce((a, r) => a + r.length, 0);
  assert.ok(total <= MB, `${path.basename(file)}: the verdict path read ${total} bytes`);
  // The reader's positioned reads are 1 KiB windows (protoCursor.ts): the window that holds a
  // tensor's header may run into the first bytes of its payload (or over a small one). No read
  // starts inside a weight's payload or runs further into it.
  for (const w of weightRanges(model)) {
    const hit = reads.find((r) => (r.offset >= w.start && r.offset < w.end) || (r.offset < w.start && r.offset + r.length > w.start + READ_AHEAD));
    assert.equal(hit, undefined, `${path.basename(file)}: weight '${w.name}' [${w.start}, ${w.end}) was read by the verdict path`);
  }
}

test('a model with 40 MB of conv weights: the verdict path reads ≤ 1 MB and no weight byte; the weight phase samples', () => {
  const b = new OnnxGraphBuilder('deep').input('x', 'float32', [1, 256, 14, 14]);
  let x = 'x';
  for (let i = 0; i < 16; i++) {
    // 256×256×3×3 float32 = 2.25 MiB per layer, random-looking (dense) values.
    const w = Float32Array.from({ length: 256 * 256 * 9 }, (_, k) => Math.sin(k + i) * 0.1);
    b.initializer(`w${i}`, 'float32', [256, 256, 3, 3], w)
      .node('Conv', [x, `w${i}`], [`c${i}`], { pads: [1, 1, 1, 1], kernel_shape: [3, 3] }, { name: `conv${i}` })
      .node('Relu', [`c${i}`], [`r${i}`]);
    x = `r${i}`;
  }
  b.output(x);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-verdict-'));
  const file = path.join(dir, 'deep.onnx');
  try {
    fs.writeFileSync(file, writeOnnxModel({ graph: b }));
    assert.ok(fs.statSync(file).size > 36 * MB);
    const { model, reads } = verdictReads(file);
    assert.equal(weightRanges(model).length, 16);
    assertNoWeightRead(file, model, reads);
    // After the verdict, the weight phase reads a sample of each weight, not the weights.
    const { result: found, reads: later } = recordReads(() => weightFindings(prepareModel(model), [TARGETS[0]!]));
    assert.deepEqual(found, [[]]);
    const sampled = later.reduce((a, r) => a + r.length, 0);
    assert.ok(sampled <= 16 * 32 * 64, `weight phase read ${sampled} bytes`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const shared = sharedModelsDir();
test('shared real models: the verdict path on six targets reads ≤ 1 MB and no weight byte', { skip: shared === null ? 'shared models not present' : false }, () => {
  for (const name of ['efficientnet_b0', 'mobilenet_v2', 'squeezenet1_1', 'tiny_transformer_gelu', 'lstm_2layer']) {
    const file = path.join(shared!, 'onnx', `${name}.onnx`);
    if (!fs.existsSync(file)) continue;
    const { model, reads } = verdictReads(file);
    assertNoWeightRead(file, model, reads);
  }
});
