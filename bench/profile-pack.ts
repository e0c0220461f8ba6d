// Profiling aid (not part of `npm run bench`): what the analysis worker does after the verdict
// before the editor gets its answer (processes/analysis/main.ts analyze: packReport with the text
// view and the partition graph, reportModuleTrees), piece by piece, median CPU time of RUNS.
// `node --expose-gc out/bench/profile-pack.js MODEL [RUNS] [TARGET]`. Each run builds the report
// afresh (the pieces then see a report as young as the worker's); the whole step is timed too.
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
const times = new Map<string, number[]>();
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time<T>(name: string, f: () => T): T {
  const t0 = cpuMs();
  const r = f();
  const list = times.get(name) ?? [];
  list.push(cpuMs() - t0);
  times.set(name, list);
  return r;
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
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
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [k, v] of times) console.log(`${k.padEnd(34)} ${med(v).toFixed(2).padStart(9)} ms  (min ${Math.min(...v).toFixed(1)})`);
