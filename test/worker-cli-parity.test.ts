// One engine, one answer: the editor's worker and the CLI give the same report for the same file,
// target and dims. The worker is asked the way the editor asks it — the file's absolute path plus a
// workspace-relative label — which is what once made them differ: shape inference re-opened
// `model.path` (the label) to read small embedded attribute tensors, so in the editor vit_b_16's
// class-token Expand stayed `[expand_0, expand_1, expand_2]` while the CLI resolved `[1, 1, 768]`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { main } from '../src/cli/cli';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { attr, OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { sharedModelsDir } from './support/sharedModels';
import { testAnalysisClient } from './support/workerAsk';
import { unpackReport } from '../src/core/report/packedReport';

const TARGETS = ['tflm-cortex-m7', 'coral-edgetpu', 'tflite-gpu', 'ort-nnapi'];

function cliReport(file: string, targets: string[]): unknown {
  let out = '';
  const code = main(['analyze', file, ...targets.flatMap((t) => ['--target', t]), '--format', 'json'], { stdout: (s) => { out += s; }, stderr: () => {} });
  assert.equal(code, 0, `CLI on ${file}`);
  return JSON.parse(out);
}

/**
 * vit_b_16's class token in small: Shape → Gather → Unsqueeze → Concat builds [batch, 1, 8], whose
 * `1` comes from a ConstantOfShape whose `value` attribute is a tensor embedded in the file.
 */
function classTokenModel(): string {
  const b = new OnnxGraphBuilder('class-token');
  b.input('x', 'float32', [1, 4, 8]);
  b.initializer('cls', 'float32', [1, 1, 8]);
  b.initializer('zero', 'int64', [1], [0]);
  b.initializer('ones_shape', 'int64', [1], [1]);
  b.node('Shape', ['x'], ['s']);
  b.node('Gather', ['s', 'zero'], ['batch'], { axis: 0 });
  b.node('ConstantOfShape', ['ones_shape'], ['ones'], { value: attr.tensor({ name: 'v', dtype: 'int64', dims: [1], data: [1] }) });
  b.node('Concat', ['batch', 'ones'], ['shape'], { axis: 0 });
  b.node('Expand', ['cls', 'shape'], ['tok']);
  b.node('Concat', ['tok', 'x'], ['y'], { axis: 1 });
  b.output('y', 'float32', null);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-parity-')), 'class_token.onnx');
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 13 } }));
  return file;
}

test('the worker (editor) and the CLI produce the same report on every shared model and the example', async (t) => {
  const dir = sharedModelsDir();
  const files = [bundledExampleModel(), classTokenModel()];
  if (dir) for (const sub of ['onnx', 'tflite']) for (const f of fs.readdirSync(path.join(dir, sub)).sort()) if (/\.(onnx|tflite)$/.test(f)) files.push(path.join(dir, sub, f));
  if (!dir) t.diagnostic('../shared/models not present: only the bundled example is compared');
  const worker = testAnalysisClient();
  try {
    for (const file of files) {
      // The editor's label: relative to a workspace folder, not to the worker's working directory.
      const label = path.join('workspace-folder', path.basename(file));
      const response = await worker.request('analyze', { file, label, dims: {}, targets: TARGETS.map((x) => getBuiltinTarget(x)!) });
      // The worker sends the report packed; unpacked (every section parsed by JSON.stringify), it is the CLI's.
      const report = unpackReport(response.report);
      const fromWorker = JSON.parse(JSON.stringify(report).split(JSON.stringify(label).slice(1, -1)).join(JSON.stringify(file).slice(1, -1)));
      assert.deepEqual(fromWorker, cliReport(file, TARGETS), `${path.basename(file)}: worker and CLI differ`);
      if (file.endsWith('class_token.onnx')) assert.deepEqual(report.tensors.tok!.shape, [1, 1, 8], 'the class token is resolved in the editor too');
    }
  } finally {
    worker.dispose();
  }
});
