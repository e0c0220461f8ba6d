// Runs the export driver (dist/pythonExport.py) in the user's Python through runTool: a child
// process in its own process group with a time-out, cancel, capped output and an OS memory limit.
// Each run gets a private folder under the caller's cache folder (never next to the user's files):
// the request is written there too, so the command shown in the log can be re-run as it is.
// Bytecode is not written (-B, PYTHONDONTWRITEBYTECODE): importing the script must not leave a
// __pycache__ beside it. The caller owns the run folder afterwards (it holds the exported model).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { quoteForDisplay, runTool } from '../external/runTool';
import { ProcessError } from '../rpc/processError';
import { parseDriverResult, type DriverEntry, type DriverFailure, type DriverFailureKind, type DriverRequest, type DriverSuccess } from './protocol';
import type { ExportFramework } from '../../core/python/exportEntry';
import { readRegularTextFile } from '../../core/io/regularFile';

/** The driver's result.json: node and tensor names of the exported model, kilobytes to a few MB. */
const MAX_EXPORT_RESULT_BYTES = 64 * 1024 * 1024;

export const EXPORT_TOOL_NAME = 'the export script';

export interface ExportOptions {
  /** The interpreter: a path or a command on PATH. */
  python: string;
  /** dist/pythonExport.py. */
  driver: string;
  /** Absolute path of the training script. */
  script: string;
  entry: DriverEntry;
  framework: ExportFramework;
  opset: number;
  /** Folder the run's private folder is created in (created when missing). */
  cacheDir: string;
  /** Working directory of the script (the workspace folder: where training scripts are usually run from). */
  cwd: string;
  timeoutMs: number;
  memoryLimitBytes?: number;
  signal?: AbortSignal;
  /** Called with the exact command line before the process starts (for the log). */
  onStart?: (commandLine: string) => void;
  /** Each line the script or the exporter writes to stderr (warnings, progress). */
  onStderrLine?: (line: string) => void;
}

export type ExportFailureKind = DriverFailureKind | 'no-python' | 'timeout' | 'crashed' | 'invalid-result';

export interface ExportFailure extends Omit<DriverFailure, 'ok' | 'kind'> {
  kind: ExportFailureKind;
}

interface RunInfo {
  /** The run's folder (model, request.json, result.json). */
  runDir: string;
  /** What was run, as a shell line that re-runs it (shown in the output channel). */
  commandLine: string;
  millis: number;
  stdout: string;
  stderr: string;
}

export type ExportOutcome = (RunInfo & { ok: true; modelPath: string; result: DriverSuccess }) | (RunInfo & { ok: false; failure: ExportFailure });

/** The environment the driver runs in: the user's, minus bytecode writing, plus unbuffered output. */
export function driverEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
}

/** The interpreter's path when it can be found (a path that exists, or a command on PATH), else null. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const isFile = (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/') || command.includes('\\')) return isFile(command) ? command : null;
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const ext of exts) if (dir && isFile(path.join(dir, command + ext))) return path.join(dir, command + ext);
  }
  return null;
}

export async function runExport(o: ExportOptions): Promise<ExportOutcome> {
  fs.mkdirSync(o.cacheDir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(o.cacheDir, 'run-'));
  const request: DriverRequest = { script: o.script, entry: o.entry, framework: o.framework, opset: o.opset, outDir: runDir };
  const requestFile = path.join(runDir, 'request.json');
  const requestText = JSON.stringify(request);
  fs.writeFileSync(requestFile, requestText);
  const args = ['-B', o.driver];
  const commandLine = `cd ${quoteForDisplay([o.cwd])} && PYTHONDONTWRITEBYTECODE=1 ${quoteForDisplay([o.python, ...args])} < ${quoteForDisplay([requestFile])}`;
  o.onStart?.(commandLine);
  const started = performance.now();
  const info = (stdout = '', stderr = ''): RunInfo => ({ runDir, commandLine, millis: performance.now() - started, stdout, stderr });
  const fail = (kind: ExportFailureKind, message: string, stdout = '', stderr = ''): ExportOutcome => ({ ...info(stdout, stderr), ok: false, failure: { kind, message, frames: [] } });

  // Checked here: under the memory limiter (prlimit) a missing program is only an exit code 127.
  if (!findExecutable(o.python)) {
    return fail('no-python', `The Python interpreter '${o.python}' could not be started (not found). Select your training environment's interpreter (Python: Select Interpreter) or set deploylens.python.`);
  }
  let r;
  try {
    r = await runTool({
      name: EXPORT_TOOL_NAME, command: o.python, args, cwd: o.cwd, env: driverEnv(), input: requestText,
      timeoutMs: o.timeoutMs, maxOutputBytes: 1024 * 1024,
      ...(o.memoryLimitBytes !== undefined ? { memoryLimitBytes: o.memoryLimitBytes } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onStderrLine ? { onStderrLine: o.onStderrLine } : {}),
    });
  } catch (e) {
    if (e instanceof ProcessError && e.kind === 'unavailable') {
      return fail('no-python', `The Python interpreter '${o.python}' could not be started (${e.message.replace(/^.*?: /, '')}). Select your training environment's interpreter (Python: Select Interpreter) or set deploylens.python.`);
    }
    if (e instanceof ProcessError && e.kind === 'timeout') {
      return fail('timeout', `The export did not finish within ${Math.round(o.timeoutMs / 1000)} s and was stopped (deploylens.export.timeoutSeconds). Is training or data loading running at the script's top level?`, '', e.stderrTail ?? '');
    }
    throw e; // cancelled: the caller asked for it
  }
  const resultFile = path.join(runDir, 'result.json');
  if (!fs.existsSync(resultFile)) {
    const tail = r.stderr.trim().split('\n').slice(-6).join('\n');
    const why = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    const memory = o.memoryLimitBytes !== undefined && /MemoryError|Cannot allocate|std::bad_alloc|out of memory/i.test(r.stderr)
      ? ` — it ran out of the ${Math.round(o.memoryLimitBytes / 2 ** 20)} MiB memory limit (deploylens.export.memoryLimitMb)` : '';
    return fail('crashed', `Python ${why} before the export finished${memory}${tail ? `:\n${tail}` : ''}`, r.stdout, r.stderr);
  }
  let parsed;
  try {
    // Written by the user's Python (the script being exported runs there): a regular file of bounded size only.
    parsed = parseDriverResult(JSON.parse(readRegularTextFile(resultFile, MAX_EXPORT_RESULT_BYTES, "the export driver's result", 'result.json')));
  } catch (e) {
    return fail('invalid-result', `The export driver's result could not be read: ${(e as Error).message}`, r.stdout, r.stderr);
  }
  if ('invalid' in parsed) return fail('invalid-result', `The export driver's result is malformed: ${parsed.invalid}`, r.stdout, r.stderr);
  if (!parsed.ok) {
    const { ok: _ok, ...failure } = parsed;
    return { ...info(r.stdout, r.stderr), ok: false, failure };
  }
  const modelPath = path.join(runDir, parsed.model);
  if (!fs.existsSync(modelPath)) return fail('invalid-result', `The export finished but wrote no ${parsed.model}`, r.stdout, r.stderr);
  return { ...info(r.stdout, r.stderr), ok: true, modelPath, result: parsed };
}
