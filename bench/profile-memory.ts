// Profiling aid (not part of `npm run bench`): what each stage of `deploylens analyze --format json`
// keeps alive (heap and RSS after a full GC) — `node --expose-gc out/bench/profile-memory.js MODEL [TARGET]`.
import * as fs from 'node:fs';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

const [file, targetId] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mark = (label: string) => {
  gc();
  const m = process.memoryUsage();
  console.log(`${label.padEnd(28)} heapUsed ${(m.heapUsed / 1e6).toFixed(0).padStart(5)} MB  external ${(m.external / 1e6).toFixed(0).padStart(4)} MB  rss ${(m.rss / 1e6).toFixed(0).padStart(5)} MB`);
};
mark('start');
const { model } = readModelFile(file!);
mark('read (IR)');
const prepared = prepareModel(model);
mark('+ shapes, costs');
const { report, analyses } = reportFor(prepared, [getBuiltinTarget(targetId ?? DEFAULT_TARGET_ID)!]);
mark('+ lowering, analyses, report');
const text = JSON.stringify(report, null, 2);
mark(`+ JSON text (${(text.length / 1e6).toFixed(0)} M chars)`);
void analyses;
const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
console.log(`peak RSS ${m ? (Number(m[1]) / 1024).toFixed(0) : '?'} MB`);
