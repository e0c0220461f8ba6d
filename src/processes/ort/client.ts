// Host side of the ONNX Runtime child process (no vscode import: the extension, the CLI and the
// tests use it). ORT runs only in a forked child (dist/ortHost.js, built from src/processes/ort/main.ts):
// a native crash, a hang or an out-of-memory there ends the child, never the editor.
//
//   const ort = new OrtClient();                 // child starts lazily, on the first request
//   const io = await ort.run({ type: 'inspect', model });
//   const r = await ort.run({ type: 'run', model, feeds: { kind: 'random', seed: 1 } }, { timeoutMs: 30_000 });
//   ort.dispose();
//
// - Each request has a time-out (default 120 s): when it expires the child is killed, the request
//   fails with OrtTimeoutError, and the next request starts a fresh child.
// - When the child dies (crash, OOM, kill), every pending request fails with OrtChildExitError
//   naming the exit code / signal; the next request restarts it.
// - An AbortSignal cancels one request: the child is killed (ORT cannot interrupt a run) and
//   restarted on the next request.
// - The child's V8 heap is capped with --max-old-space-size (default 4096 MB; ORT's own native
//   allocations are not counted there).

import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrtChildMessage, OrtRequest, OrtRequestEnvelope, OrtResultOf } from './protocol';
import { isOrtChildMessage } from './protocol';

export class OrtError extends Error {}
/** The request ran out of time; the child was killed. */
export class OrtTimeoutError extends OrtError {}
/** The child process ended while requests were pending. */
export class OrtChildExitError extends OrtError {}
/** The request was cancelled by its AbortSignal. */
export class OrtCancelledError extends OrtError {}

export interface OrtClientOptions {
  /** The child entry (dist/ortHost.js). Default: ortHost.js beside this bundle (dist/). */
  hostScript?: string;
  /** Default time-out per request, ms. */
  timeoutMs?: number;
  /** V8 heap cap of the child, MB. */
  maxOldSpaceMb?: number;
  /** Log sink (child stderr lines, restarts). */
  log?: (message: string) => void;
}

export interface OrtRequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  cleanup: () => void;
  child: ChildProcess;
}

/** Default location of the child bundle: beside the running bundle (dist/extension.js, dist/cli.js). */
export function defaultOrtHostScript(): string {
  return path.join(__dirname, 'ortHost.js');
}

export class OrtClient {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  private restarts = 0;
  private readonly hostScript: string;
  private readonly timeoutMs: number;
  private readonly maxOldSpaceMb: number;
  private readonly log: (m: string) => void;

  constructor(options: OrtClientOptions = {}) {
    this.hostScript = options.hostScript ?? defaultOrtHostScript();
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.maxOldSpaceMb = options.maxOldSpaceMb ?? 4096;
    this.log = options.log ?? (() => undefined);
  }

  /** How many times a child was started after the first (crash, time-out, cancel). */
  get restartCount(): number { return this.restarts; }

  /** PID of the running child, if any. */
  get pid(): number | undefined { return this.child?.pid; }

  run<R extends OrtRequest>(request: R, options: OrtRequestOptions = {}): Promise<OrtResultOf<R>> {
    if (this.disposed) return Promise.reject(new OrtError('the ONNX Runtime client is disposed'));
    if (options.signal?.aborted) return Promise.reject(new OrtCancelledError('cancelled'));
    let child: ChildProcess;
    try {
      child = this.ensureChild();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new OrtError(String(e)));
    }
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return new Promise<OrtResultOf<R>>((resolve, reject) => {
      const onAbort = (): void => {
        this.fail(id, new OrtCancelledError(`'${request.type}' request cancelled`));
        this.killChild(child);
      };
      const timer = setTimeout(() => {
        this.fail(id, new OrtTimeoutError(`ONNX Runtime did not answer '${request.type}' within ${Math.round(timeoutMs / 1000)} s; its process was stopped and restarts on the next request`));
        this.killChild(child);
      }, timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        timer,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
        child,
      });
      const envelope: OrtRequestEnvelope = { id, request };
      child.send(envelope, (err) => {
        if (err) this.fail(id, new OrtError(`could not send the request to ONNX Runtime: ${err.message}`));
      });
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.fail(id, new OrtError('the ONNX Runtime client is disposed'));
    if (this.child) this.killChild(this.child);
    this.child = null;
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null && this.child.connected) return this.child;
    if (!fs.existsSync(this.hostScript)) throw new OrtError(`ONNX Runtime host not found at ${this.hostScript} (run the build)`);
    if (this.child) this.restarts++;
    const child = fork(this.hostScript, [], {
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${this.maxOldSpaceMb}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child = child;
    let stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
      for (const line of chunk.split('\n')) if (line.trim()) this.log(`[ort] ${line}`);
    });
    child.stdout?.on('data', () => undefined);
    child.on('message', (m: unknown) => {
      if (!isOrtChildMessage(m)) return;
      this.onMessage(m);
    });
    child.on('error', (err) => this.log(`[ort] child error: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const mine = [...this.pending].filter(([, p]) => p.child === child).map(([id]) => id);
      if (mine.length === 0) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
      const oom = /heap out of memory|std::bad_alloc/i.test(stderrTail) ? ' (out of memory)' : '';
      const err = new OrtChildExitError(`the ONNX Runtime process ${how}${oom}${tail ? `: ${tail}` : ''}; it restarts on the next request`);
      for (const id of mine) this.fail(id, err);
    });
    return child;
  }

  private onMessage(m: OrtChildMessage): void {
    if (m.kind === 'ready') {
      if (m.error) this.log(`[ort] ${m.error}`);
      else this.log(`[ort] ONNX Runtime ${m.ortVersion ?? '?'} ready (pid ${this.child?.pid ?? '?'})`);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    p.cleanup();
    if (m.ok) p.resolve(m.result);
    else p.reject(new OrtError(m.error));
  }

  private fail(id: number, err: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.cleanup();
    p.reject(err);
  }

  private killChild(child: ChildProcess): void {
    if (this.child === child) this.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
