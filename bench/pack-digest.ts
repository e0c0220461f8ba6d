// Refactoring aid (not part of `npm run bench`): one line per model × target with a digest of what
// the analysis worker sends the editor — the packed report (head, parts, bytes, index, text, outline,
// graph) and the module trees — so that a change to packing can be checked to leave it
// byte-identical: run it before and after, and diff the outputs.
// `node out/bench/pack-digest.js MODEL...` (targets: the default, a partitioned NPU, a delegate, a comparison)
import { createHash } from 'node:crypto';
import { prepareModel, reportFor } from '../src/core/analyze';
import { reportModuleTrees } from '../src/core/modules/moduleTree';
import { readModelFile } from '../src/core/readModel';
import { packReport } from '../src/core/report/packedReport';
import { getBuiltinTarget } from '../src/core/targets/builtins';

const TARGET_SETS = [['tflm-cortex-m7'], ['ethos-u55-128'], ['tflite-nnapi'], ['ort-cpu-desktop'], ['tflm-cortex-m7', 'coral-edgetpu']];

const typed = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v);

for (const file of process.argv.slice(2)) {
  let prepared;
  try {
    prepared = prepareModel(readModelFile(file).model);
  } catch (e) {
    console.log(`${file} read-error ${(e as Error).message.slice(0, 80)}`);
    continue;
  }
  for (const ids of TARGET_SETS) {
    const targets = ids.map((id) => getBuiltinTarget(id)!);
    const { report } = reportFor(prepared, targets);
    const packed = packReport(report, { text: true, graph: true });
    const modules = reportModuleTrees(report);
    const { bytes, ...rest } = packed;
    const h = createHash('sha1');
    h.update(bytes);
    h.update(JSON.stringify(rest, typed));
    h.update(JSON.stringify(modules));
    console.log(`${file} ${ids.join('+')} ${createHash('sha1').update(bytes).digest('hex').slice(0, 12)} ${h.digest('hex').slice(0, 16)}`);
  }
}
