// How the RPC client starts and talks to one running process: a Launcher starts an Endpoint; the
// client (client.ts) never knows whether it is a worker thread or a child process. Two launchers
// exist; another transport (e.g. a Python child speaking JSON lines on stdio) is one more
// function returning an Endpoint, with no change to the client.

import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { withMemoryLimit } from './memoryLimit';
import type { HostToProcess } from './wire';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** The last lines of stderr (child process), or the uncaught error a worker thread died of. */
  detail: string;
}

export interface Endpoint {
  /** Process id (child) or thread id (worker), for logs and tests. */
  readonly id: number | undefined;
  /** Whether messages can still be sent. */
  alive(): boolean;
  /** Sends one message; rejects when it cannot be delivered (e.g. it cannot be cloned). */
  send(message: HostToProcess): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process ends for any reason. */
  onExit(listener: (info: ExitInfo) => void): void;
  /** Stops the process now (SIGKILL / Worker.terminate); onExit follows. */
  kill(): void;
}

/** Starts a process; throws when it cannot (e.g. its script is not built). */
export type Launcher = () => Endpoint;

/** Lines of stderr a child process's error messages quote. */
const TAIL_CHARS = 2000;

function requireScript(script: string): void {
  if (!fs.existsSync(script)) throw new Error(`${script} not found (run the build)`);
}

export interface WorkerLaunchOptions {
  workerData?: unknown;
  /** A bounded heap: a hostile input must not take the host's memory with it. */
  resourceLimits?: ResourceLimits;
}

/** A worker thread running `script` (a bundle from src/processes/<name>/main.ts). */
export function workerThread(script: string, options: WorkerLaunchOptions = {}): Launcher {
  return () => {
    requireScript(script);
    const worker = new Worker(script, {
      ...(options.workerData !== undefined ? { workerData: options.workerData } : {}),
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    let exited = false;
    let failure = '';
    worker.on('error', (e) => { failure = e.stack ?? e.message; });
    worker.on('exit', () => { exited = true; });
    return {
      id: worker.threadId,
      alive: () => !exited,
      send: async (m) => worker.postMessage(m),
      onMessage: (listener) => worker.on('message', listener),
      // 'error' fires before 'exit', so the failure is known by then.
      onExit: (listener) => worker.on('exit', (code) => listener({ code, signal: null, detail: failure })),
      kill: () => { void worker.terminate(); },
    };
  };
}

export interface ChildLaunchOptions {
  /** Node flags of the child, e.g. --max-old-space-size. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Each non-empty stderr line of the child. */
  stderrLine?: (line: string) => void;
  /**
   * An OS limit on the memory the child commits (native allocations included), where the platform
   * has one (Linux: RLIMIT_DATA through prlimit, memoryLimit.ts); ignored elsewhere. `onLimit` says
   * whether it is enforced, once per start.
   */
  memoryLimitBytes?: number;
  onMemoryLimit?: (enforced: boolean) => void;
}

/**
 * A Node child process running `script` over the fork IPC channel with `serialization: 'advanced'`
 * (structured clone, so typed arrays incl. BigInt64Array pass as they are). Under Electron (the
 * extension host) ELECTRON_RUN_AS_NODE makes the child a plain Node.
 */
export function childProcess(script: string, options: ChildLaunchOptions = {}): Launcher {
  return () => {
    requireScript(script);
    // fork runs `execPath ...execArgv script`: through prlimit, that is `prlimit --data=N -- node ...`,
    // and the IPC channel (an inherited descriptor) survives both execs.
    const limited = options.memoryLimitBytes !== undefined ? withMemoryLimit(options.memoryLimitBytes, 'data', process.execPath, options.execArgv ?? []) : null;
    options.onMemoryLimit?.(limited !== null);
    const child = fork(script, [], {
      serialization: 'advanced',
      ...(limited ? { execPath: limited.command, execArgv: limited.args } : { execArgv: options.execArgv ?? [] }),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-TAIL_CHARS);
      for (const line of chunk.split('\n')) if (line.trim()) options.stderrLine?.(line);
    });
    child.stdout?.on('data', () => undefined);
    child.on('error', (e) => options.stderrLine?.(`child error: ${e.message}`));
    return {
      id: child.pid,
      alive: () => child.exitCode === null && child.signalCode === null && child.connected,
      send: (m) => new Promise<void>((resolve, reject) => {
        child.send(m, (err) => (err ? reject(err) : resolve()));
      }),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal, detail: tail })),
      kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
    };
  };
}
