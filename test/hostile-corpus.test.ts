// Issue 12: every input class of the hostile corpus (test/hostile/corpus.ts) ends in the CLI within
// the budget — 5 s of CPU and 512 MB of RSS per input, measured on a child process — with a clear
// finding or error, exit 0/1/2 and no stack trace. A child still running after WALL_KILL_MS of wall
// time is killed and fails (a hang). Large inputs are generated into a temp folder and deleted.
// The CPU budget of a large input is scaled by how slow the machine runs at that moment
// (test/hostile/machineSpeed.ts: a fixed workload timed next to it, at most 3×), and a breach is
// measured once more before it fails.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { HOSTILE_CASES } from './hostile/corpus';
import { calibrationCpuMs, slowdown } from './hostile/machineSpeed';
import { runCli } from './hostile/runCli';

export const CPU_BUDGET_MS = 5000;
export const RSS_BUDGET_BYTES = 512 * 1024 * 1024;
/** Wall-clock kill switch: generous, because the machine may be shared; CPU time is the budget. */
export const WALL_KILL_MS = 30_000;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-hostile-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

for (const c of HOSTILE_CASES) {
  test(`hostile input ${c.id} (${c.klass}): bounded, clear, no stack trace`, (t) => {
    const dir = path.join(root, c.id.replace(/[^\w.-]/g, '_'));
    fs.mkdirSync(dir);
    try {
      const args = c.build(dir);
      const measure = () => {
        // Only large inputs come near the budget: the tiny ones are not worth a calibration each.
        const calibration = c.size === 'large' ? calibrationCpuMs() : null;
        return { calibration, budgetMs: CPU_BUDGET_MS * slowdown(calibration), r: runCli(args, { cwd: dir, timeoutMs: WALL_KILL_MS }) };
      };
      let m = measure();
      // A large input over its budget is measured once more and the better share of the budget
      // counts: a moment of contention on a shared VM passes, an input with unbounded work breaches twice.
      if (c.size === 'large' && !m.r.timedOut && m.r.cpuMs !== null && m.r.cpuMs > m.budgetMs) {
        const again = measure();
        t.diagnostic(`over the budget once (${m.r.cpuMs.toFixed(0)} of ${m.budgetMs.toFixed(0)} ms): measured again, ${again.r.cpuMs?.toFixed(0) ?? '?'} of ${again.budgetMs.toFixed(0)} ms`);
        if (again.r.cpuMs !== null && again.r.cpuMs / again.budgetMs < m.r.cpuMs / m.budgetMs) m = again;
      }
      const { calibration, budgetMs, r } = m;
      const all = `${r.stdout}\n${r.stderr}`;
      const speed = calibration === null ? '' : ` (budget ${budgetMs.toFixed(0)} ms: calibration ${calibration.toFixed(0)} ms)`;
      const where = `${c.id}: exit ${r.code} signal ${r.signal} in ${r.ms.toFixed(0)} ms wall, ${r.cpuMs?.toFixed(0) ?? '?'} ms CPU${speed}, RSS ${r.rssBytes === null ? '?' : (r.rssBytes / 2 ** 20).toFixed(0)} MB\n${r.stderr.slice(0, 2000)}`;
      // The margin of each large input, in the log: a budget crept up on shows before it fails.
      if (calibration !== null) t.diagnostic(`${r.cpuMs?.toFixed(0) ?? '?'} ms CPU of a ${budgetMs.toFixed(0)} ms budget (calibration ${calibration.toFixed(0)} ms)`);
      assert.ok(!r.timedOut, `killed after ${WALL_KILL_MS} ms of wall time (a hang?): ${where}`);
      assert.ok(r.cpuMs !== null && r.cpuMs <= budgetMs, `over the CPU budget: ${where}`);
      assert.ok(r.rssBytes !== null && r.rssBytes <= RSS_BUDGET_BYTES, `over the RSS budget: ${where}`);
      assert.ok((c.exits ?? [1]).includes(r.code ?? -1), `exit code: ${where}`);
      assert.doesNotMatch(all, /\n\s+at .+:\d+:\d+\)?\n|internal error/, `stack trace or internal error: ${where}`);
      assert.match(all, c.expect, `expected answer missing: ${where}\n${r.stdout.slice(0, 3000)}`);
      // Inside a Markdown code span nothing is interpreted: only the text outside them is checked.
      if (c.forbid) assert.doesNotMatch(r.stdout.replace(/(`+) [^\n]*? \1|(`+)[^`\n]+\2/g, ''), c.forbid, `injected text reached the output: ${where}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
