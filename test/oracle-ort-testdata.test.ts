// ort-cpu-desktop's verdicts on ONNX's own backend test models (Debian's libonnx-testdata, ~1,070
// models: every operator, version and element type ONNX tests) against ONNX Runtime 1.30 itself
// (the onnxruntime-node dependency), asked at session creation (graph optimizations off: a kernel
// for every node as written, the probe's terms, tools/ort-kernels/). A model ORT refuses for want of a CPU
// kernel ("Could not find an implementation for BitShift(11) node"), or whose CPU kernel refuses the
// node when it is created (LSTM with layout 1), must fail on ort-cpu-desktop; a model ORT loads must
// not fail there (an element type ORT has kernels for, an op version it runs, an attribute it takes).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { OrtClient } from '../src/processes/ort/client';
import { repoRoot } from './support/sharedModels';
import { TESTDATA_DIR } from './support/testdataShapes';

const ort = new OrtClient({ hostScript: path.join(repoRoot(), 'dist', 'ortHost.js'), timeoutMs: 120_000 });
after(() => ort.dispose());

/** ONNX Runtime's own words for a node its CPU EP has no kernel for (at session creation). */
const NO_KERNEL = /Could not find an implementation for|Failed to find kernel for|is not currently registered or supported/;
/**
 * onnxruntime-node's binding, not ONNX Runtime: its backend.js has no name for a graph input or
 * output of bfloat16 or float8 ("Unsupported data type: 16"), whatever the runtime's kernels take.
 */
const BINDING_ONLY = /Unsupported data type/;
/**
 * A CPU kernel's constructor refusing the node ("Batchwise recurrent operations (layout == 1) are
 * not supported", lstm_base.h) — but for StringNormalizer's locale, which this machine lacks
 * (en_US.UTF-8), not the model.
 */
const KERNEL_REFUSES = /^Exception during initialization: \S*\/providers\/cpu\/(?!.*Failed to construct locale)/;

function testModels(): string[] {
  const root = path.dirname(TESTDATA_DIR);
  const out: string[] = [];
  for (const sub of fs.readdirSync(root).sort()) {
    const dir = path.join(root, sub);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name, 'model.onnx');
      if (fs.existsSync(file)) out.push(file);
    }
  }
  return out;
}

test('ONNX\'s test models: ort-cpu-desktop fails every model ONNX Runtime 1.30\'s CPU kernels refuse, and no model it loads', { timeout: 900_000 }, async (t) => {
  if (!fs.existsSync(TESTDATA_DIR)) return t.skip(`${TESTDATA_DIR} not found (apt install libonnx-testdata)`);
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const missed: string[] = [];
  const falseFails: string[] = [];
  const counts = { models: 0, loads: 0, noKernel: 0, kernelRefuses: 0, bindingOnly: 0, other: 0 };
  for (const file of testModels()) {
    counts.models++;
    const name = path.relative(path.dirname(TESTDATA_DIR), path.dirname(file));
    let message = '';
    try {
      await ort.run({ type: 'inspect', model: file });
    } catch (e) {
      message = String((e as Error).message).split('\n')[0]!.slice(0, 240);
    }
    const { report } = analyzeFile(file, { targets: [target] });
    const errors = report.diagnostics.filter((d) => d.target === target.id && d.severity === 'error');
    if (!message) {
      counts.loads++;
      if (report.summary.verdict === 'fail') falseFails.push(`${name}: ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}`);
    } else if (BINDING_ONLY.test(message)) counts.bindingOnly++;
    else if (NO_KERNEL.test(message) || KERNEL_REFUSES.test(message)) {
      counts[NO_KERNEL.test(message) ? 'noKernel' : 'kernelRefuses']++;
      if (report.summary.verdict !== 'fail') missed.push(`${name}: ONNX Runtime says "${message}"; DeployLens: ${report.summary.verdict}`);
    } else counts.other++;
  }
  console.log(`${counts.models} ONNX test models on ort-cpu-desktop: ONNX Runtime loads ${counts.loads}, has no CPU kernel for ${counts.noKernel}, its kernel refuses the node in ${counts.kernelRefuses} (DeployLens fails ${counts.noKernel + counts.kernelRefuses - missed.length} of these), refuses ${counts.other} for other reasons (training ops, this machine's locale); ${counts.bindingOnly} only the node binding refuses`);
  assert.ok(counts.models >= 1000 && counts.noKernel >= 30 && counts.kernelRefuses >= 3, 'ONNX\'s test models, some of which ORT has no kernel for');
  assert.deepEqual(missed, [], 'models ONNX Runtime refuses that DeployLens passes');
  assert.deepEqual(falseFails, [], 'models ONNX Runtime loads that DeployLens fails');
});
