// Refactoring aid (not part of `npm run bench`): one line per model × built-in target with a
// digest of the full report JSON (weight phase included), so that a performance change can be
// checked to leave every report byte-identical: run it before and after, and diff the outputs.
// `node out/bench/report-digest.js MODEL...`
import { createHash } from 'node:crypto';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { listBuiltinTargets } from '../src/core/targets/builtins';

for (const file of process.argv.slice(2)) {
  let prepared;
  try {
    prepared = prepareModel(readModelFile(file).model);
  } catch (e) {
    console.log(`${file} read-error ${(e as Error).message.slice(0, 80)}`);
    continue;
  }
  for (const t of listBuiltinTargets()) {
    const { report } = reportFor(prepared, [t]);
    console.log(`${file} ${t.id} ${createHash('sha1').update(JSON.stringify(report)).digest('hex').slice(0, 16)}`);
  }
  const both = reportFor(prepared, listBuiltinTargets().slice(0, 3));
  console.log(`${file} compare3 ${createHash('sha1').update(JSON.stringify(both.report)).digest('hex').slice(0, 16)}`);
}
