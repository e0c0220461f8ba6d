// Runs Arm Vela 3.10 (../shared/oracles/vela) as a test oracle. Vela is found in
// $DEPLOYLENS_VELA_DIR (CI installs it there with ../shared/oracles/vela/setup.sh), /work/vela or
// /tmp/deploylens-vela, and runs under Debian's /usr/bin/python3 (its numpy, flatbuffers, lxml).
// A Vela that crashes or times out gives no answer, never a verdict.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PYTHON = '/usr/bin/python3';

export function velaDir(): string | null {
  const candidates = [process.env.DEPLOYLENS_VELA_DIR, '/work/vela', '/tmp/deploylens-vela'].filter((d): d is string => !!d);
  if (!fs.existsSync(PYTHON)) return null;
  return candidates.find((d) => fs.existsSync(path.join(d, 'ethosu', 'vela', 'vela.py'))) ?? null;
}

export type VelaRun = { ok: true; text: string } | { ok: false; why: string };

export function runVela(dir: string, model: string, outDir: string, timeoutMs = 300_000): Promise<VelaRun> {
  fs.mkdirSync(outDir, { recursive: true });
  const args = ['-m', 'ethosu.vela', model, '--accelerator-config', 'ethos-u55-128', '--output-dir', outDir, '--show-cpu-operations', '--verbose-operators'];
  return new Promise((resolve) => {
    execFile(PYTHON, args, { env: { ...process.env, PYTHONPATH: dir }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const text = `${stdout}\n${stderr}`;
      if (err || /Traceback \(most recent call last\)/.test(text)) {
        const last = text.trim().split('\n').filter((l) => l.trim()).pop() ?? String(err);
        resolve({ ok: false, why: err && 'killed' in err && err.killed ? `timed out after ${timeoutMs} ms` : `Vela failed: ${last.slice(0, 200)}` });
      } else resolve({ ok: true, text });
    });
  });
}

/** Runs jobs with at most `limit` at once (the machine has 2 cores; Vela is single-threaded). */
export async function pooled<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await job(items[i]!); }
  }));
  return out;
}
