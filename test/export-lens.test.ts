// The training script's export CodeLens and inlay hints say the verdict and units (issue 17): a
// model that does not fit reads "FAIL — … peak 6.13 MiB over 512 KiB SRAM", not "0 unsupported ops".
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { exportLensTitle } from '../src/core/python/modelLink';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { shortenMiddle } from '../src/core/units';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const reportOf = (file: string, target: string) => reportFor(prepareModel(readModelFile(file).model), [getBuiltinTarget(target)!]).report;

test('a model over SRAM: the lens leads with FAIL and says "over" the SRAM', (t) => {
  const shared = sharedModelsDir();
  if (!shared) return t.skip('../shared/models is absent');
  const report = reportOf(path.join(shared, 'onnx', 'mobilenet_v2.onnx'), 'tflm-cortex-m7');
  assert.equal(report.summary.verdict, 'fail');
  const title = exportLensTitle('mobilenet_v2.onnx', report);
  assert.match(title, /^FAIL — mobilenet_v2\.onnx on TFLite Micro on Cortex-M7.*: .*peak [\d.]+ MiB over 512 KiB SRAM.* — open overview$/);
  assert.doesNotMatch(title, /0 unsupported/);
});

test('a model that fits: PASS and "of" the SRAM; ops it cannot run are counted on the deployed graph', () => {
  const report = reportOf(path.join(repoRoot(), 'examples', 'kws_dscnn.onnx'), 'tflm-cortex-m7');
  assert.match(exportLensTitle('kws.onnx', report), /^PASS — kws\.onnx on .*: peak [\d.]+ KiB of 512 KiB SRAM — open overview$/);
});

test('names cut in the middle keep their distinctive end', () => {
  const names = [0, 1, 2].map((i) => `/features/features.2/block/block.${i}/block.${i}.0/Conv`);
  const cut = names.map((n) => shortenMiddle(n, 26));
  assert.equal(new Set(cut).size, 3, `three different layers must stay three: ${cut.join(' | ')}`);
  for (const c of cut) assert.equal(c.length, 26);
  assert.match(cut[1]!, /block\.1\.0\/Conv$/);
  assert.equal(shortenMiddle('short', 26), 'short');
});
