// Prints how many ONNX node-test models get exactly their declared output shapes back from
// shape inference, and lists every miss. Run: node scripts/build.mjs --only bench && node out/bench/shapes-testdata.js
import * as fs from 'node:fs';
import { checkTestdata, TESTDATA_DIR } from '../test/support/testdataShapes';

if (!fs.existsSync(TESTDATA_DIR)) {
  console.log(`${TESTDATA_DIR} not found (apt install libonnx-testdata); nothing to measure.`);
} else {
  const r = checkTestdata();
  console.log(`supported models: ${r.supported}, matched: ${r.matched}, ratio: ${(r.matched / Math.max(1, r.supported)).toFixed(4)}`);
  console.log(`models with an unsupported op: ${r.unsupported.length}; unreadable: ${r.unreadable.length}`);
  for (const m of r.misses) console.log(`MISS ${m.name}: ${m.detail}`);
  const ops = new Map<string, number>();
  for (const u of r.unsupported) for (const op of u.ops) ops.set(op, (ops.get(op) ?? 0) + 1);
  console.log(`unsupported ops: ${[...ops].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op}(${n})`).join(' ')}`);
  for (const u of r.unreadable) console.log(`UNREADABLE ${u.name}: ${u.error}`);
}
