// The one RPC client of every process boundary (analysis worker, quantization worker, ONNX Runtime
// child; see README "Layout"). It starts its process lazily on the first request, matches answers
// to requests by id, and keeps the failure convention of processError.ts:
//
//   const rpc = new RpcClient<AnalysisMethods>({ name: 'the analysis worker', launch: workerThread(script) });
//   const { report } = await rpc.request('analyze', params, { timeoutMs, signal, onProgress });
//
// - Per-request time-out (the request's own, else the client's default, else none): the request
//   rejects with kind 'timeout' and the process is killed (a stuck process cannot be trusted with
//   the next request); the next request starts a fresh one.
// - The process dies (crash, out of memory, killed): every request pending on it rejects with kind
//   'exited', naming the exit code or signal and the tail of its stderr; the next request restarts it.
// - An AbortSignal cancels one request (kind 'cancelled'). `cancel: 'notify'` tells the process
//   (its handler's signal aborts; other requests go on); `cancel: 'kill'` kills it, for runtimes
//   that cannot interrupt a call (ONNX Runtime).
// - An error answer rejects with kind 'remote' and the protocol's `code`; a `fatal` one (a wasm
//   abort leaves its instance unusable) also replaces the process.
//
// Anything that needs several processes (a pool, a second worker for a stuck request: pool.ts) wraps
// clients through the `Rpc` interface; `pending` tells it how busy each one is.

import type { Endpoint, ExitInfo, Launcher } from './endpoint';
import { ProcessError } from './processError';
import type { Methods, ProgressOf } from './wire';
import { isProcessToHost } from './wire';

export interface RequestOptions<P = unknown> {
  /** Overrides the client's default time-out for this request, ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

/** What a caller needs of a process boundary: a client, or anything that spreads requests over several. */
export interface Rpc<M extends Methods<M>> {
  request<K extends keyof M & string>(method: K, params: M[K]['params'], options?: RequestOptions<ProgressOf<M[K]>>): Promise<M[K]['result']>;
  dispose(): void;
}

export interface RpcClientOptions {
  /** Names the process in every error and log line: "the analysis worker", "the ONNX Runtime process". */
  name: string;
  launch: Launcher;
  /** Default time-out per request, ms; absent: none. A function is read at each request (a setting the user may change). */
  timeoutMs?: number | (() => number | undefined);
  /** How a cancelled request is stopped (default 'notify'). */
  cancel?: 'notify' | 'kill';
  log?: { info(message: string): void; error(message: string): void };
  /** Messages a process sends on its own (e.g. ONNX Runtime's 'ready'). */
  onEvent?: (event: string, data: unknown) => void;
}

interface Pending {
  method: string;
  endpoint: Endpoint;
  resolve(result: unknown): void;
  reject(error: ProcessError): void;
  progress: ((p: unknown) => void) | undefined;
  cleanup(): void;
}

export class RpcClient<M extends Methods<M>> implements Rpc<M> {
  private endpoint: Endpoint | null = null;
  private readonly pendingById = new Map<number, Pending>();
  /** Endpoints this client killed: their exit is expected, not worth a log line. */
  private readonly killed = new WeakSet<Endpoint>();
  private nextId = 1;
  private starts = 0;
  private disposed = false;

  constructor(private readonly options: RpcClientOptions) {}

  get name(): string { return this.options.name; }

  /** How many times a process was started after the first (crash, time-out, kill). */
  get restartCount(): number { return Math.max(0, this.starts - 1); }

  /** Process or thread id of the running process, if any. */
  get processId(): number | undefined { return this.endpoint?.alive() ? this.endpoint.id : undefined; }

  /** Whether a process is running now (a request would not start one). */
  get running(): boolean { return this.endpoint?.alive() ?? false; }

  /** Requests sent and not yet answered. */
  get pending(): number { return this.pendingById.size; }

  request<K extends keyof M & string>(method: K, params: M[K]['params'], options: RequestOptions<ProgressOf<M[K]>> = {}): Promise<M[K]['result']> {
    const name = this.options.name;
    if (this.disposed) return Promise.reject(new ProcessError('disposed', name, `${name} is shut down`));
    if (options.signal?.aborted) return Promise.reject(new ProcessError('cancelled', name, `'${method}' request cancelled`));
    let endpoint: Endpoint;
    try {
      endpoint = this.ensureEndpoint();
    } catch (e) {
      return Promise.reject(new ProcessError('unavailable', name, `${name} could not start: ${e instanceof Error ? e.message : String(e)}`));
    }
    const id = this.nextId++;
    const fallback = this.options.timeoutMs;
    const timeoutMs = options.timeoutMs ?? (typeof fallback === 'function' ? fallback() : fallback);
    return new Promise<M[K]['result']>((resolve, reject) => {
      const onAbort = (): void => {
        this.settle(id, new ProcessError('cancelled', name, `'${method}' request cancelled`));
        if (this.options.cancel === 'kill') this.kill(endpoint);
        else void endpoint.send({ rpc: 'cancel', id }).catch(() => undefined);
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.settle(id, new ProcessError('timeout', name, `${name} did not answer '${method}' within ${formatSeconds(timeoutMs)}; it was stopped and restarts on the next request`));
        this.kill(endpoint);
      }, timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pendingById.set(id, {
        method, endpoint,
        resolve: resolve as (r: unknown) => void,
        reject,
        progress: options.onProgress as ((p: unknown) => void) | undefined,
        cleanup: () => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      });
      endpoint.send({ rpc: 'call', id, method, params }).catch((e: unknown) => {
        this.settle(id, new ProcessError('unavailable', name, `could not send '${method}' to ${name}: ${e instanceof Error ? e.message : String(e)}`));
      });
    });
  }

  /** Stops the process (pending requests reject with kind 'exited'); the next request starts a new one. */
  restart(): void {
    if (this.endpoint) this.kill(this.endpoint);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const name = this.options.name;
    for (const id of [...this.pendingById.keys()]) this.settle(id, new ProcessError('disposed', name, `${name} is shut down`));
    if (this.endpoint) this.kill(this.endpoint);
  }

  private ensureEndpoint(): Endpoint {
    if (this.endpoint?.alive()) return this.endpoint;
    const endpoint = this.options.launch();
    this.starts++;
    this.endpoint = endpoint;
    endpoint.onMessage((m) => this.onMessage(endpoint, m));
    endpoint.onExit((info) => this.onExit(endpoint, info));
    return endpoint;
  }

  private onMessage(endpoint: Endpoint, m: unknown): void {
    if (!isProcessToHost(m)) return;
    if (m.rpc === 'event') {
      this.options.onEvent?.(m.event, m.data);
      return;
    }
    const p = this.pendingById.get(m.id);
    if (!p || p.endpoint !== endpoint) return;
    if (m.rpc === 'progress') {
      p.progress?.(m.progress);
    } else if (m.rpc === 'result') {
      this.settle(m.id, null, m.result);
    } else {
      this.settle(m.id, new ProcessError('remote', this.options.name, m.message, m.code !== undefined ? { code: m.code } : {}));
      if (m.fatal) this.kill(endpoint);
    }
  }

  private onExit(endpoint: Endpoint, info: ExitInfo): void {
    if (this.endpoint === endpoint) this.endpoint = null;
    const mine = [...this.pendingById].filter(([, p]) => p.endpoint === endpoint).map(([id]) => id);
    const error = exitError(this.options.name, info);
    if (mine.length === 0) {
      if (!this.disposed && !this.killed.has(endpoint) && info.code !== 0) this.options.log?.error(error.message);
      return;
    }
    for (const id of mine) this.settle(id, error);
  }

  /** Resolves (error null) or rejects request `id` once; later answers for it are ignored. */
  private settle(id: number, error: ProcessError | null, result?: unknown): void {
    const p = this.pendingById.get(id);
    if (!p) return;
    this.pendingById.delete(id);
    p.cleanup();
    if (error) p.reject(error);
    else p.resolve(result);
  }

  private kill(endpoint: Endpoint): void {
    if (this.endpoint === endpoint) this.endpoint = null;
    this.killed.add(endpoint);
    endpoint.kill();
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** How V8, a worker's resourceLimits, the C++ runtime and ONNX Runtime say an allocation failed. */
const OUT_OF_MEMORY = /heap out of memory|std::bad_alloc|ERR_WORKER_OUT_OF_MEMORY|reaching memory limit|Failed to allocate memory|out of memory/i;

/** "the ONNX Runtime process exited with code 7 (out of memory): <stderr tail>; it restarts on the next request" */
export function exitError(name: string, info: ExitInfo): ProcessError {
  const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
  const outOfMemory = OUT_OF_MEMORY.test(info.detail);
  const tail = info.detail.trim().split('\n').slice(-3).join(' | ');
  return new ProcessError('exited', name, `${name} ${how}${outOfMemory ? ' (out of memory)' : ''}${tail ? `: ${tail}` : ''}; it restarts on the next request`, {
    exitCode: info.code, signal: info.signal, stderrTail: info.detail, outOfMemory,
  });
}
