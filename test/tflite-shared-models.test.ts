// Every real model in ../shared/models/tflite reads, matches an independent count of what the file
// holds, and shows the facts we know about it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mainGraph, type Model } from '../src/core/ir/model';
import { readTfliteFile } from '../src/core/tflite/readTflite';
import { BUILTIN_CUSTOM, BUILTIN_OPERATORS } from '../src/core/tflite/schema';
import { sharedModelsDir } from './support/sharedModels';
import { oracleCounts } from './support/tfliteOracle';

function tfliteDir(): string | null {
  const dir = sharedModelsDir();
  return dir && fs.existsSync(path.join(dir, 'tflite')) ? path.join(dir, 'tflite') : null;
}

const opsOf = (m: Model): string[] => mainGraph(m).nodes.map((n) => n.op);

test('every shared TFLite model reads and matches the independent count', (t) => {
  const dir = tfliteDir();
  if (!dir) { t.skip('../shared/models not present'); return; }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tflite'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const file = path.join(dir, f);
    const m = readTfliteFile(file);
    const oracle = oracleCounts(fs.readFileSync(file));
    assert.equal(m.graphs.length, oracle.subgraphs.length, f);
    assert.equal(m.signatures.length, oracle.signatures, f);
    oracle.subgraphs.forEach((sg, g) => {
      const graph = m.graphs[g]!;
      assert.equal(graph.tensors.size, sg.tensors, `${f} graph ${g} tensors`);
      assert.equal(graph.nodes.length, sg.operators.length, `${f} graph ${g} operators`);
      sg.operators.forEach(([code, custom], j) => {
        const expected = code === BUILTIN_CUSTOM ? custom : BUILTIN_OPERATORS[code];
        assert.equal(graph.nodes[j]!.op, expected, `${f} graph ${g} node ${j}`);
      });
    });
    assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), [], f);
  }
});

test('known facts of the shared models', (t) => {
  const dir = tfliteDir();
  if (!dir) { t.skip('../shared/models not present'); return; }
  const read = (f: string) => readTfliteFile(path.join(dir, f));

  const person = read('person_detect.tflite');
  assert.deepEqual([...new Set(opsOf(person))].sort(), ['AVERAGE_POOL_2D', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'RESHAPE', 'SOFTMAX']);
  const conv = mainGraph(person).nodes.find((n) => n.op === 'CONV_2D')!;
  assert.equal(conv.canonicalOp, 'Conv');
  assert.equal(conv.attributes.padding?.type, 'string');
  assert.equal(conv.attributes.strides?.type, 'ints');

  const vela = read('person_detect_vela.tflite');
  const custom = mainGraph(vela).nodes.filter((n) => n.domain === 'tflite.custom');
  assert.deepEqual(custom.map((n) => [n.op, n.customCode, n.canonicalOp]), [['ethos-u', 'ethos-u', 'custom:ethos-u']]);

  const audio = read('audio_preprocessor_int8.tflite');
  assert.ok(opsOf(audio).some((op) => op.startsWith('Signal')));

  const lstm = read('trained_lstm.tflite');
  const cell = mainGraph(lstm).nodes.find((n) => n.op === 'UNIDIRECTIONAL_SEQUENCE_LSTM');
  assert.ok(cell);
  assert.equal(cell.canonicalOp, 'LSTM');
  assert.equal(cell.attributes.time_major?.type, 'int');

  const mobilenet = read('mobilenet_v2_quantized_1x3x224x224.tflite');
  const g = mainGraph(mobilenet);
  const perChannel = g.nodes
    .filter((n) => n.op === 'CONV_2D')
    .map((n) => g.tensors.get(n.inputs[1]!)!)
    .filter((w) => w.constant && (w.quantization?.scale.length ?? 0) > 1);
  assert.ok(perChannel.length > 0);
  for (const w of perChannel) {
    const axis = w.quantization!.axis!;
    assert.equal(w.quantization!.scale.length, (w.shape as number[])[axis]);
  }
});
