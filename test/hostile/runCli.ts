// Runs the built CLI (dist/cli.js) in a child process the way a user or CI does, and measures
// what the input cost it: CPU time (user + system) and peak RSS, from getrusage in the child
// (a preload writes them to a side file on exit), plus wall time. CPU time is the budget: on a
// shared 2-core machine wall time measures the neighbours too. The child is killed when its wall
// time passes the timeout, so a hang (a FIFO read) cannot stall the suite.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size in bytes; null when the child died before it could report. */
  rssBytes: number | null;
  /** User + system CPU time of the child in ms; null when it died before it could report. */
  cpuMs: number | null;
  timedOut: boolean;
}

const PRELOAD = `const fs = require('fs');
// Peak RSS: /proc/self/status VmHWM where there is one (it starts at exec; getrusage's maxRSS on
// Linux keeps the spawning process's RSS from before exec, which would charge the test's own memory).
const peak = () => { try { const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8')); if (m) return Number(m[1]) * 1024; } catch {} return process.resourceUsage().maxRSS * 1024; };
process.on('exit', () => { try { const u = process.resourceUsage(); fs.writeFileSync(process.env.DEPLOYLENS_RSS_FILE, JSON.stringify({ rss: peak(), cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); } catch {} });
`;

export function runCli(args: string[], options: { cwd: string; timeoutMs: number; extraEnv?: Record<string, string> }): CliRun {
  const preload = path.join(options.cwd, '..', `rss-preload-${process.pid}.cjs`);
  if (!fs.existsSync(preload)) fs.writeFileSync(preload, PRELOAD);
  const rssFile = path.join(options.cwd, '..', `rss-${process.pid}-${Date.now()}.txt`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, DEPLOYLENS_RSS_FILE: rssFile, ...options.extraEnv },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssBytes: number | null = null;
  let cpuMs: number | null = null;
  if (fs.existsSync(rssFile)) {
    const u = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { rss: number; cpuMs: number };
    rssBytes = u.rss;
    cpuMs = u.cpuMs;
    fs.rmSync(rssFile);
  }
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, rssBytes, cpuMs, timedOut };
}
