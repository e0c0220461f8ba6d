// The Quantization Preview panel on .tflite models, without VS Code: the open file's role (int8 or
// float) from its analysis, the partner candidates the pick offers, the comparison the panel runs
// (roles swapped for a float model, progress, cancel, time-out, a wrong reference, a model TFLM
// rejects — each with the message the page shows) against the job the CLI runs, and what the page
// says (tfliteView.ts). TFLM runs in its worker (dist/tflmWorker.js, built by `npm test`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../src/core/analyze';
import { comparisonPair, partnerCandidates, tfliteRole } from '../src/core/quantize/tflitePreview';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { runPanelComparison } from '../src/jobs/tfliteQuantizePanel';
import { compareWithReference } from '../src/jobs/tfliteQuantizePreview';
import { TflmClient } from '../src/processes/tflm/client';
import { comparisonLatency, comparisonRows, LATENCY_CAPTION, tfliteIntro } from '../webview/quantize/tfliteView';
import { int8ConvNet, unsupportedOpModel } from './fixtures/tflmModels';
import { repoRoot } from './support/sharedModels';
import { sharedTfliteModels } from './support/tflm';

const workerScript = path.join(repoRoot(), 'dist', 'tflmWorker.js');
const target = getBuiltinTarget('tflm-cortex-m7')!;
const roleOf = (file: string) => tfliteRole(analyzeFile(file, { targets: [target] }).report);

function sharedPair(): { int8: string; float: string; person: string | undefined } | null {
  const shared = new Map(sharedTfliteModels() ?? []);
  const int8 = shared.get('shared/hello_world_int8.tflite');
  const float = shared.get('shared/hello_world_float.tflite');
  return int8 && float ? { int8, float, person: shared.get('shared/person_detect.tflite') } : null;
}

test('the role of a .tflite: int8 for quantized models (int8 interfaces, or a QUANTIZE of a float input), float otherwise; null for ONNX', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-qtfl-'));
  try {
    const conv = path.join(dir, 'conv.tflite');
    fs.writeFileSync(conv, int8ConvNet());
    assert.equal(roleOf(conv), 'int8');
    assert.equal(roleOf(path.join(repoRoot(), 'examples', 'kws_dscnn.onnx')), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const shared = new Map(sharedTfliteModels() ?? []);
  if (!shared.size) { t.skip('../shared/models not present'); return; }
  // Ground truth: the file names of TFLM's own example models (hello_world_int8/float,
  // trained_lstm/_int8), and the converter's quantized models.
  const expected: Record<string, 'int8' | 'float'> = {
    'shared/hello_world_int8.tflite': 'int8', 'shared/hello_world_float.tflite': 'float',
    'shared/trained_lstm_int8.tflite': 'int8', 'shared/trained_lstm.tflite': 'float',
    'shared/person_detect.tflite': 'int8', 'shared/mobilenet_v2_quantized_1x3x224x224.tflite': 'int8',
  };
  for (const [name, role] of Object.entries(expected)) {
    const file = shared.get(name);
    if (file) assert.equal(roleOf(file), role, name);
  }
});

test('partner candidates: the partner\'s precision by name first, then the same folder, never the file itself', () => {
  const files = ['/w/b/other.tflite', '/w/a/model_int8.tflite', '/w/a/zeta.tflite', '/w/c/model_float.tflite', '/w/a/model_float.tflite', '/w/a/notes.txt', '/w/a/model_int8.tflite'];
  const forInt8 = partnerCandidates('/w/a/model_int8.tflite', 'int8', files);
  assert.deepEqual(forInt8.map((c) => c.file), ['/w/a/model_float.tflite', '/w/c/model_float.tflite', '/w/a/zeta.tflite', '/w/b/other.tflite']);
  assert.deepEqual(forInt8.map((c) => c.namedAsPartner), [true, true, false, false]);
  const forFloat = partnerCandidates('/w/a/model_float.tflite', 'float', files);
  assert.deepEqual(forFloat.map((c) => c.file), ['/w/a/model_int8.tflite', '/w/a/zeta.tflite', '/w/b/other.tflite', '/w/c/model_float.tflite']);
  // Windows paths split the same way.
  assert.deepEqual(partnerCandidates('C:\\m\\x_int8.tflite', 'int8', ['C:\\m\\x_fp32.tflite', 'C:\\n\\y.tflite']).map((c) => [c.namedAsPartner, c.sameFolder]), [[true, true], [false, false]]);
  assert.deepEqual(comparisonPair('/f.tflite', 'float', '/q.tflite'), { model: '/q.tflite', reference: '/f.tflite' });
  assert.deepEqual(comparisonPair('/q.tflite', 'int8', '/f.tflite'), { model: '/q.tflite', reference: '/f.tflite' });
});

test('the panel comparison: the same figures as the CLI\'s job, from the int8 model or its float reference, with progress and file names only', async (t) => {
  const pair = sharedPair();
  if (!pair) { t.skip('../shared/models not present'); return; }
  const tflm = new TflmClient({ workerScript });
  try {
    const expected = await compareWithReference(tflm, { model: pair.int8, reference: pair.float, samples: 6, kernels: 'cmsis-nn' });
    const progress: [string, number][] = [];
    const fromInt8 = await runPanelComparison(tflm, { file: pair.int8, role: 'int8', partner: pair.float, kernels: 'cmsis-nn', samples: 6 }, { onProgress: (m, f) => progress.push([m, f]) });
    const fromFloat = await runPanelComparison(tflm, { file: pair.float, role: 'float', partner: pair.int8, kernels: 'cmsis-nn', samples: 6 });
    for (const answer of [fromInt8, fromFloat]) {
      assert.ok(answer.ok, JSON.stringify(answer));
      assert.deepEqual(answer.comparison.agreement, expected.agreement);
      assert.equal(answer.comparison.model, 'hello_world_int8.tflite');
      assert.equal(answer.comparison.reference, 'hello_world_float.tflite');
      assert.equal(answer.comparison.inputs, expected.inputs);
    }
    // hello_world's output is one value per input: the notes say what its cosine means.
    assert.ok(expected.notes.includes('output 0 is one value per input: its cosine only says whether the signs agree; read its errors and SQNR.'), expected.notes.join('\n'));
    assert.equal(progress.length, 7);
    assert.match(progress[0]![0], /^Loading hello_world_int8\.tflite and hello_world_float\.tflite in TensorFlow Lite Micro \(cmsis-nn kernels, WebAssembly\)/);
    assert.deepEqual(progress.slice(1).map(([, f]) => f), [1, 2, 3, 4, 5, 6].map((i) => i / 6));
    assert.equal(progress[6]![0], 'Input 6 of 6 through both models…');
    // What the page shows of it.
    const a = expected.agreement[0]!;
    assert.ok(fromInt8.ok);
    assert.deepEqual(comparisonRows(fromInt8.comparison), [{ output: 'output 0', maxAbsError: a.maxAbsError.toPrecision(3), meanAbsError: a.meanAbsError.toPrecision(3), cosine: a.cosine.toFixed(5), sqnr: `${a.sqnrDb.toFixed(1)} dB`, top1: '—' }]);
    assert.deepEqual(comparisonLatency(fromInt8.comparison).map((l) => l.label), ['int8 invoke (median)', 'float invoke (median)']);
    assert.match(LATENCY_CAPTION, /WebAssembly wall-clock on this machine/);
  } finally {
    tflm.dispose();
  }
});

test('the panel comparison\'s errors: a reference of another model, a model TFLM rejects (TFLM\'s words), a time-out, a cancel', async (t) => {
  const pair = sharedPair();
  if (!pair) { t.skip('../shared/models not present'); return; }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-qtfl-'));
  const tflm = new TflmClient({ workerScript });
  try {
    if (pair.person) {
      const wrong = await runPanelComparison(tflm, { file: pair.int8, role: 'int8', partner: pair.person, kernels: 'cmsis-nn', samples: 2 });
      assert.deepEqual(wrong, { ok: false, cancelled: false, error: 'person_detect.tflite is not a float version of hello_world_int8.tflite: input 0 has shape [1, 1] in the int8 model and [1, 96, 96, 1] in the reference' });
    }
    const gelu = path.join(dir, 'gelu.tflite');
    fs.writeFileSync(gelu, unsupportedOpModel());
    const rejected = await runPanelComparison(tflm, { file: pair.float, role: 'float', partner: gelu, kernels: 'cmsis-nn', samples: 2 });
    assert.ok(!rejected.ok && !rejected.cancelled);
    assert.match(rejected.error, /^TensorFlow Lite Micro cannot run gelu\.tflite: .*Didn't find op for builtin opcode 'GELU'/);

    // A fresh worker: loading the wasm alone takes longer than the time-out.
    const fresh = new TflmClient({ workerScript });
    const slow = await runPanelComparison(fresh, { file: pair.int8, role: 'int8', partner: pair.float, kernels: 'cmsis-nn', samples: 2 }, { timeoutMs: 1 });
    assert.ok(!slow.ok && !slow.cancelled);
    fresh.dispose();
    assert.match(slow.error, /^TensorFlow Lite Micro did not finish one run within 1 ms, so it was stopped/);

    const controller = new AbortController();
    const cancelled = runPanelComparison(tflm, { file: pair.int8, role: 'int8', partner: pair.float, kernels: 'cmsis-nn', samples: 200 }, { signal: controller.signal, onProgress: (_m, f) => { if (f > 0) controller.abort(); } });
    assert.deepEqual(await cancelled, { ok: false, error: 'Cancelled.', cancelled: true });
    // The worker comes back for the next comparison.
    assert.ok((await runPanelComparison(tflm, { file: pair.int8, role: 'int8', partner: pair.float, kernels: 'cmsis-nn', samples: 1 })).ok);
  } finally {
    tflm.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('what the page says: an int8 model is compared, a float model is quantized by the TFLite converter (full-integer, representative dataset)', () => {
  const int8 = tfliteIntro('int8', 'm_int8.tflite');
  assert.equal(int8.pickLabel, 'Choose float reference…');
  assert.match(int8.paragraphs.join(' '), /nothing left to quantize.*TensorFlow Lite Micro/);
  assert.equal(int8.recipe, undefined);
  const float = tfliteIntro('float', 'm.tflite');
  assert.equal(float.pickLabel, 'Choose int8 model…');
  assert.match(float.paragraphs[0]!, /done by the TFLite converter, not by DeployLens.*full-integer quantization and a representative dataset/);
  assert.match(float.recipe!, /representative_dataset/);
  assert.match(float.recipe!, /TFLITE_BUILTINS_INT8/);
});
