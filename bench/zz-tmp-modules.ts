import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { reportModuleTree } from '../src/core/modules/moduleTree';
import { getBuiltinTarget } from '../src/core/targets/builtins';
const f = '/work/wt/i16b/out/bench-models/decoder/decoder_48l_kv.onnx';
const r = reportFor(prepareModel(readModelFile(f).model), [getBuiltinTarget('ethos-u55-128')!], { weightPhase: false }).report;
for (let i = 0; i < 5; i++) {
  const t1 = performance.now();
  reportModuleTree(r);
  const t2 = performance.now();
  reportModuleTree(r, 'deployed');
  const t3 = performance.now();
  console.log('original', (t2 - t1).toFixed(0), 'deployed', (t3 - t2).toFixed(0));
}
