// Profiling aid (not part of `npm run bench`): runs the verdict path (read + shapes + costs + the
// default target's analyses + report) on one model RUNS times and prints the stage times, so that
// `node --cpu-prof out/bench/profile-verdict.js MODEL [RUNS] [TARGET]` profiles exactly what the bench measures.
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

const [file, runsText, targetId] = process.argv.slice(2);
if (!file) {
  console.error('usage: node out/bench/profile-verdict.js MODEL [RUNS] [TARGET]');
  process.exit(2);
}
const target = getBuiltinTarget(targetId ?? DEFAULT_TARGET_ID)!;
const runs = Number(runsText ?? 5);
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const { model } = readModelFile(file);
  const t1 = performance.now();
  const prepared = prepareModel(model);
  const t2 = performance.now();
  const { report } = reportFor(prepared, [target], { weightPhase: false });
  const t3 = performance.now();
  const json = JSON.stringify(report);
  const t4 = performance.now();
  console.log(`run ${i}: read ${(t1 - t0).toFixed(1)} ms, prepare ${(t2 - t1).toFixed(1)} ms, analyses+report ${(t3 - t2).toFixed(1)} ms (total ${(t3 - t0).toFixed(1)}), JSON ${(t4 - t3).toFixed(1)} ms ${(json.length / 1e6).toFixed(1)} MB; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}
