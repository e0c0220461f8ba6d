// Runs a program that is not ours (Arm Vela, the user's Python for an export, edgetpu_compiler) as a
// child process with the same guarantees as every other boundary: a time-out and a cancel that
// stop the whole process group, a cap on the output kept, an optional OS memory limit (Linux
// `prlimit --as`), and failures reported as a ProcessError. The program's own exit code is a
// result, not a failure: a compiler that rejects a model exits non-zero and the caller reads why.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withMemoryLimit } from '../rpc/memoryLimit';
import { ProcessError } from '../rpc/processError';

export interface ToolRun {
  /** What messages call the program ("Arm Vela", "the export script"). */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the program's stdin, then stdin is closed (default: stdin closed at once). */
  input?: string;
  timeoutMs: number;
  /** Bytes of stdout and of stderr kept (the tail beyond it is dropped and `truncated` is set). Default 4 MiB. */
  maxOutputBytes?: number;
  /** Address-space limit of the program, where the OS can enforce one (Linux, `prlimit`); ignored elsewhere. */
  memoryLimitBytes?: number;
  signal?: AbortSignal;
  /** Each complete stderr line as it arrives (progress, logs). */
  onStderrLine?: (line: string) => void;
}

export interface ToolResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when output beyond `maxOutputBytes` was dropped. */
  truncated: boolean;
  millis: number;
  /** The command line as run (shown to the user in the log). */
  commandLine: string;
}

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;
const TAIL_CHARS = 2000;

/** Shell-style quoting, for the command line shown to the user only (nothing runs through a shell). */
export function quoteForDisplay(parts: readonly string[]): string {
  return parts.map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`)).join(' ');
}

class Capture {
  private chunks: Buffer[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  add(chunk: Buffer): void {
    if (this.bytes >= this.max) {
      this.truncated = true;
      return;
    }
    const room = this.max - this.bytes;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.chunks.push(kept);
    this.bytes += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export function runTool(run: ToolRun): Promise<ToolResult> {
  const started = performance.now();
  let command = run.command;
  let args = [...run.args];
  const limited = run.memoryLimitBytes !== undefined ? withMemoryLimit(run.memoryLimitBytes, 'as', command, args) : null;
  if (limited) ({ command, args } = limited);
  const commandLine = quoteForDisplay([run.command, ...run.args]);
  return new Promise<ToolResult>((resolve, reject) => {
    if (run.signal?.aborted) {
      reject(new ProcessError('cancelled', run.name, `${run.name} was cancelled before it started`));
      return;
    }
    const child = spawn(command, args, {
      cwd: run.cwd,
      env: run.env ?? process.env,
      // Its own process group, so that a time-out or cancel also stops what the program started.
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const max = run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const out = new Capture(max);
    const err = new Capture(max);
    let stderrTail = '';
    let pendingLine = '';
    let settled = false;
    let stopReason: 'timeout' | 'cancelled' | null = null;

    const stop = (reason: 'timeout' | 'cancelled') => {
      if (stopReason || child.exitCode !== null || child.signalCode !== null) return;
      stopReason = reason;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
    const onAbort = () => stop('cancelled');
    run.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      fn();
    };

    child.stdout.on('data', (c: Buffer) => out.add(c));
    child.stderr.on('data', (c: Buffer) => {
      err.add(c);
      const text = c.toString('utf8');
      stderrTail = (stderrTail + text).slice(-TAIL_CHARS);
      if (run.onStderrLine) {
        const lines = (pendingLine + text).split('\n');
        pendingLine = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) run.onStderrLine(line);
      }
    });
    child.stdin.on('error', () => undefined); // a program that never reads its stdin
    child.stdin.end(run.input ?? '');

    child.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(new ProcessError(
      'unavailable', run.name,
      e.code === 'ENOENT' ? `${run.name} could not be started: '${run.command}' was not found` : `${run.name} could not be started: ${e.message}`,
      { code: e.code },
    ))));
    child.on('close', (code, signal) => finish(() => {
      if (pendingLine.trim()) run.onStderrLine?.(pendingLine);
      if (stopReason === 'timeout') {
        reject(new ProcessError('timeout', run.name, `${run.name} did not finish within ${Math.round(run.timeoutMs / 1000)} s and was stopped`, { signal, stderrTail }));
        return;
      }
      if (stopReason === 'cancelled') {
        reject(new ProcessError('cancelled', run.name, `${run.name} was cancelled`, { signal, stderrTail }));
        return;
      }
      resolve({ exitCode: code, signal, stdout: out.text(), stderr: err.text(), truncated: out.truncated || err.truncated, millis: performance.now() - started, commandLine });
    }));
  });
}

/** A private temporary folder for one run, removed afterwards whatever happens (also on time-out). */
export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
