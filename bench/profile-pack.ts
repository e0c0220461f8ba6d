// Profiling aid (not part of `npm run bench`): what the analysis worker does after the verdict
// before the editor gets its answer (processes/analysis/main.ts analyze: packReport with the text
// view and the partition graph, reportModuleTrees), piece by piece, median CPU time of RUNS.
// `node --expose-gc out/bench/profile-pack.js MODEL [RUNS] [TARGET]`. Each run builds the report
// afresh (the pieces then see a report as young as the worker's); the whole step is timed too.
import { gc, StageTimes } from './stageTimes';
import { prepareModel, reportFor } from '../src/core/analyze';
import { reportModuleTrees } from '../src/core/modules/moduleTree';
import { readModelFile } from '../src/core/readModel';
import { renderModelText } from '../src/core/report/modelText';
import { packReport } from '../src/core/report/packedReport';
import { partitionGraphOf } from '../src/core/report/partitionGraph';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

const [file, runsText, targetId] = process.argv.slice(2);
const target = getBuiltinTarget(targetId ?? DEFAULT_TARGET_ID)!;
const runs = Number(runsText ?? 7);
const stages = new StageTimes();
const time = <T>(name: string, f: () => T): T => stages.time(name, f);
// `once`: the worker's first analyze() of the model, as it runs there (wall time; run it under
// `node --trace-gc` and take the largest heap before a GC for the peak).
if (process.argv[5] === 'once') {
  const t0 = performance.now();
  const p = prepareModel(readModelFile(file!).model);
  const { report } = reportFor(p, [target]);
  const t1 = performance.now();
  const packed = packReport(report, { text: true, graph: true });
  const modules = reportModuleTrees(report);
  const t2 = performance.now();
  console.log(`analyze ${(t2 - t0).toFixed(1)} ms, of which pack + module trees ${(t2 - t1).toFixed(1)} ms; ${packed.bytes.length} bytes, ${modules.modules.modules.length} modules; heap used at the end ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`);
  process.exit(0);
}
const prepared = prepareModel(readModelFile(file!).model);
for (let i = 0; i < runs; i++) {
  prepared.lowerings.clear();
  gc();
  const { report } = time('reportFor', () => reportFor(prepared, [target]));
  gc();
  // The worker's step as it runs there, then its pieces one by one.
  time('analyze: pack + module trees', () => [packReport(report, { text: true, graph: true }), reportModuleTrees(report)]);
  gc();
  time('  pages etc. (packReport bare)', () => packReport(report));
  time('  renderModelText', () => renderModelText({ report }));
  time('  outline JSON', () => JSON.stringify([report.nodes.map((n) => n.name), report.nodes.map((n) => n.op)]));
  time('  partitionGraphOf + JSON', () => JSON.stringify(partitionGraphOf(report)));
  time('  reportModuleTrees', () => reportModuleTrees(report));
}
stages.print(34, true);
