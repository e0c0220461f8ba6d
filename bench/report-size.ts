import * as v8 from 'node:v8';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';
const file = process.argv[2]!;
const { report } = reportFor(prepareModel(readModelFile(file).model), [getBuiltinTarget(DEFAULT_TARGET_ID)!], { weightPhase: false });
const r = report as unknown as Record<string, unknown>;
for (const k of Object.keys(r)) console.log(k.padEnd(14), (JSON.stringify(r[k]) ?? '').length);
const d = r.deployed as Record<string, unknown> | undefined;
if (d) for (const k of Object.keys(d)) console.log('  deployed.' + k.padEnd(14), (JSON.stringify(d[k]) ?? '').length);
const m = r.memory as Record<string, unknown> | undefined;
if (m) for (const k of Object.keys(m)) console.log('  memory.' + k.padEnd(14), (JSON.stringify(m[k]) ?? '').length);
const nodes = report.nodes;
const fields: Record<string, number> = {};
for (const n of nodes) for (const [k, v] of Object.entries(n)) fields[k] = (fields[k] ?? 0) + JSON.stringify(v).length;
console.log('node fields', fields);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now(); const buf = v8.serialize(report); const t1 = performance.now(); v8.deserialize(buf); const t2 = performance.now();
  const s = JSON.stringify(report); const t3 = performance.now(); JSON.parse(s); const t4 = performance.now();
  console.log(`v8 serialize ${(t1 - t0).toFixed(0)} ms ${(buf.length / 1e6).toFixed(1)} MB, deserialize ${(t2 - t1).toFixed(0)} ms; JSON stringify ${(t3 - t2).toFixed(0)} parse ${(t4 - t3).toFixed(0)} ms`);
}
if (process.argv[3] === 'sample') {
  console.log(JSON.stringify(report.nodes[200], null, 1).slice(0, 3000));
  const codes: Record<string, number> = {};
  for (const d of report.diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  console.log(codes, JSON.stringify(report.diagnostics.slice(0, 3)));
}
