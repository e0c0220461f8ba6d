// How much slower than usual this machine runs right now, for the hostile corpus's CPU budget.
//
// CPU time on a shared virtual machine is not a fixed quantity: the same CLI run on the same
// 50k-node input measured 3.1 to 5.5 s of CPU on this 2-core VM within one day (other guests'
// contention for caches and memory bandwidth is counted as our CPU time), and a clean CI run failed
// the 5 s budget on it while the code had not changed. So, next to each large input, a fixed
// JavaScript workload is timed in a child process, and the budget scales by how much slower it ran
// than on the quiet machine. The workload runs none of DeployLens's code: a slower DeployLens cannot
// raise its own budget. It allocates as an analysis does (small objects in Maps and arrays, a
// sort, strings), so it slows down under the same contention.

import { spawnSync } from 'node:child_process';

/** The workload's CPU time on this 2-core VM when quiet (the least of 33 runs, 2026-12-02: 534 to 700 ms). */
export const QUIET_CALIBRATION_CPU_MS = 530;
/** A machine more than this much slower is too loaded to judge: the factor stops here. */
export const MAX_SLOWDOWN = 3;

const WORKLOAD = `
const t0 = process.cpuUsage();
const kept = [];
const m = new Map();
for (let i = 0; i < 150000; i++) {
  const o = { name: 't' + i, shape: [1, i % 64, 8], producer: i - 1, consumers: [i + 1], even: (i & 1) === 0 };
  m.set(o.name, o);
}
const lifetimes = [];
m.forEach((o) => { if (o.even) lifetimes.push({ tensor: o.name, bytes: o.shape[1] * 32, first: o.producer, last: o.producer + 2 }); });
lifetimes.sort((a, b) => b.bytes - a.bytes || a.first - b.first);
let text = '';
for (let i = 0; i < lifetimes.length; i += 7) text += lifetimes[i].tensor + ' ' + lifetimes[i].bytes + '\\n';
kept.push(m.size, text.length);
const u = process.cpuUsage(t0);
process.stdout.write(String((u.user + u.system) / 1000));
`;

/** The workload's CPU time in ms now (null if the child failed). */
export function calibrationCpuMs(): number | null {
  const r = spawnSync(process.execPath, ['-e', WORKLOAD], { encoding: 'utf8', timeout: 60_000 });
  const ms = Number(r.stdout);
  return r.status === 0 && Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** How many times slower than quiet the machine runs now, in [1, MAX_SLOWDOWN]; 1 when it cannot be measured. */
export function slowdown(calibrationMs: number | null): number {
  if (calibrationMs === null) return 1;
  return Math.min(MAX_SLOWDOWN, Math.max(1, calibrationMs / QUIET_CALIBRATION_CPU_MS));
}
