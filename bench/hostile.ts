// `node out/bench/hostile.js [filter]`: runs the hostile corpus (test/hostile/corpus.ts) through the
// built CLI, one child process per input, and prints exit code, time, peak RSS and the first line
// of the answer per input — the table behind README's "Reliability" section. `--show` prints the
// whole answer of the cases that match the filter.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOSTILE_CASES } from '../test/hostile/corpus';
import { runCli } from '../test/hostile/runCli';

const show = process.argv.includes('--show');
const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-hostile-bench-'));
const firstAnswerLine = (s: string, re: RegExp): string => {
  const line = s.split('\n').find((l) => re.test(l)) ?? s.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 110);
};
try {
  console.log(`${'input'.padEnd(38)} ${'exit'.padStart(4)} ${'wall ms'.padStart(7)} ${'CPU ms'.padStart(6)} ${'RSS MB'.padStart(6)}  answer`);
  for (const c of HOSTILE_CASES) {
    if (filter && !c.id.includes(filter)) continue;
    const dir = path.join(root, c.id.replace(/[^\w.-]/g, '_'));
    fs.mkdirSync(dir);
    const r = runCli(c.build(dir), { cwd: dir, timeoutMs: Number(process.env.HOSTILE_TIMEOUT_MS ?? 60000) });
    const rss = r.rssBytes === null ? '?' : (r.rssBytes / 2 ** 20).toFixed(0);
    const code = r.timedOut ? 'T/O' : r.code === null ? String(r.signal) : String(r.code);
    const cpu = r.cpuMs === null ? '?' : r.cpuMs.toFixed(0);
    console.log(`${c.id.padEnd(38)} ${code.padStart(4)} ${r.ms.toFixed(0).padStart(7)} ${cpu.padStart(6)} ${rss.padStart(6)}  ${firstAnswerLine(`${r.stderr}\n${r.stdout}`, c.expect)}`);
    if (show) console.log(`--- stdout\n${r.stdout.slice(0, 20000)}\n--- stderr\n${r.stderr.slice(0, 5000)}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
