// Runs Arm Vela for a user's model, through runTool (time-out and cancel that stop the process
// group, capped output, an OS memory limit) in a private temporary folder that is removed
// afterwards: Vela writes its compiled model and CSVs there, DeployLens reads only what it prints.
// A Vela that crashes, times out or exits non-zero is "no answer" (`ok: false` with why), never a
// verdict. Which Vela: a `vela` executable on PATH, or the command the user configured (a program
// and its leading arguments, e.g. `env PYTHONPATH=/opt/vela python3 -m ethosu.vela`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VelaSpec } from '../../core/targets/profile';
import { ProcessError } from '../rpc/processError';
import { quoteForDisplay, runTool, withTempDir } from './runTool';

/** A program and the arguments that come before Vela's own (`python3 -m ethosu.vela`). */
export interface ToolCommand {
  command: string;
  args: string[];
}

export interface VelaRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Address-space limit (Linux); default 6 GiB — Vela on a large model stays well below it. */
  memoryLimitBytes?: number;
  env?: NodeJS.ProcessEnv;
}

export type VelaOutcome =
  | { ok: true; text: string; commandLine: string; millis: number }
  | { ok: false; error: string; commandLine: string; millis: number };

const DEFAULT_MEMORY_LIMIT = 6 * 1024 ** 3;
const TOOL_NAME = 'Arm Vela';

/** The first `name` on PATH that is an executable file (null when there is none). */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | null {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').concat(['']) : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        const st = fs.statSync(candidate);
        if (st.isFile()) {
          if (process.platform !== 'win32') fs.accessSync(candidate, fs.constants.X_OK);
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  return null;
}

/**
 * Splits a command line the way a POSIX shell splits words (spaces separate; single and double
 * quotes and backslashes group) — nothing is expanded and nothing runs through a shell.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in the command '${line}'`);
  if (inWord) words.push(word);
  return words;
}

/** A configured command (words) or, when none is configured, `vela` on PATH; null when neither exists. */
export function resolveVelaCommand(configured: readonly string[] | null, envPath?: string): ToolCommand | null {
  if (configured && configured.length > 0 && configured[0]) return { command: configured[0], args: configured.slice(1) };
  const found = findOnPath('vela', envPath);
  return found ? { command: found, args: [] } : null;
}

/** Vela's arguments for one model: the profile's configuration and the outputs DeployLens reads. */
export function velaArguments(model: string, outputDir: string, spec: VelaSpec): string[] {
  const args = [model, '--accelerator-config', spec.acceleratorConfig];
  if (spec.configFile) args.push('--config', spec.configFile);
  if (spec.systemConfig) args.push('--system-config', spec.systemConfig);
  if (spec.memoryMode) args.push('--memory-mode', spec.memoryMode);
  args.push('--output-dir', outputDir, '--show-cpu-operations', '--verbose-operators', '--verbose-performance');
  return args;
}

/** The command line shown to the user (the temporary output folder written as OUT). */
export function velaCommandLine(cmd: ToolCommand, model: string, spec: VelaSpec): string {
  return quoteForDisplay([cmd.command, ...cmd.args, ...velaArguments(model, 'OUT', spec)]);
}

const versions = new Map<string, Promise<string | null>>();

/** `vela --version` ("3.10.0"), asked once per command; null when it does not say. */
export function velaVersion(cmd: ToolCommand, options: Pick<VelaRunOptions, 'env'> = {}): Promise<string | null> {
  const key = JSON.stringify([cmd.command, cmd.args]);
  let p = versions.get(key);
  if (!p) {
    p = runTool({ name: TOOL_NAME, command: cmd.command, args: [...cmd.args, '--version'], timeoutMs: 30_000, env: options.env, maxOutputBytes: 64 * 1024 })
      .then((r) => (r.exitCode === 0 ? /^\s*(\d+\.\d+\.\d+\S*)\s*$/m.exec(r.stdout)?.[1] ?? null : null), () => null);
    versions.set(key, p);
  }
  return p;
}

function lastLine(text: string): string {
  return text.trim().split('\n').map((l) => l.trim()).filter(Boolean).pop()?.slice(0, 300) ?? '';
}

/**
 * Runs Vela on `model` (an absolute path) for the profile's configuration. Resolves with Vela's
 * output, or with why there is none; rejects only when cancelled.
 */
export async function runVela(cmd: ToolCommand, model: string, spec: VelaSpec, options: VelaRunOptions): Promise<VelaOutcome> {
  const commandLine = velaCommandLine(cmd, model, spec);
  const started = performance.now();
  return withTempDir('deploylens-vela-', async (dir) => {
    try {
      const r = await runTool({
        name: TOOL_NAME, command: cmd.command, args: [...cmd.args, ...velaArguments(model, path.join(dir, 'out'), spec)],
        cwd: dir, env: options.env, timeoutMs: options.timeoutMs, signal: options.signal,
        memoryLimitBytes: options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT,
      });
      const text = `${r.stdout}\n${r.stderr}`;
      const millis = performance.now() - started;
      if (r.exitCode !== 0 || /Traceback \(most recent call last\)/.test(text)) {
        const why = r.signal ? `stopped by ${r.signal}` : `exit code ${r.exitCode}`;
        return { ok: false, error: `Vela failed (${why}): ${lastLine(r.stderr) || lastLine(r.stdout) || 'no output'}`, commandLine, millis };
      }
      if (!/Network summary for /.test(r.stdout)) return { ok: false, error: `Vela printed no network summary: ${lastLine(text) || 'no output'}`, commandLine, millis };
      return { ok: true, text, commandLine, millis };
    } catch (e) {
      if (e instanceof ProcessError && e.kind === 'cancelled') throw e;
      return { ok: false, error: e instanceof Error ? e.message : String(e), commandLine, millis: performance.now() - started };
    }
  });
}
