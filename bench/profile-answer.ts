// Profiling aid (not part of `npm run bench`): the analysis worker's whole answer to the editor for a
// model it has not prepared yet (processes/analysis/main.ts analyze): read → shapes and costs → the
// target's analyses and the report (the verdict) → the packed report with the text view and the
// partition graph, and the module trees. CPU time per stage and in all, median of RUNS, each run from
// a collected heap. `node --expose-gc out/bench/profile-answer.js MODEL [RUNS] [TARGET[,TARGET…]]`
import { gc, StageTimes } from './stageTimes';
import { prepareModel, reportFor } from '../src/core/analyze';
import { reportModuleTrees } from '../src/core/modules/moduleTree';
import { readModelFile } from '../src/core/readModel';
import { packReport } from '../src/core/report/packedReport';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

const [file, runsText, targetIds] = process.argv.slice(2);
const targets = (targetIds ?? DEFAULT_TARGET_ID).split(',').map((id) => getBuiltinTarget(id)!);
const stages = new StageTimes();
for (let i = 0; i < Number(runsText ?? 7); i++) {
  gc();
  stages.time('answer (all)', () => {
    const prepared = stages.time('  read + shapes + costs', () => prepareModel(readModelFile(file!).model));
    const { report } = stages.time('  verdict (reportFor)', () => reportFor(prepared, targets, { weightPhase: true }));
    return stages.time('  pack + module trees', () => [packReport(report, { text: true, graph: true }), reportModuleTrees(report)]);
  });
}
stages.print(30, true);
