// Several processes behind one `Rpc`, so that one stuck request cannot hold up the others (issue
// 12): a hostile model that runs into its time-out occupies one worker while the next request is
// served by another. Generic over the protocol — the analysis workers use it, and any boundary
// whose requests may be slow (a wasm runtime) can.
//
//   const pool = new RpcPool<AnalysisMethods>({ size: 2, member: (i) => new RpcClient({ ... }) });
//   await pool.request('analyze', params);      // Rpc<M>, like one client
//
// - Each member runs one request at a time; the rest wait in the pool's queue (FIFO), so a
//   request's time-out (the member's, or the request's own) counts only its own run, never the
//   time it waited behind another.
// - A member starts on first need: a second process starts only while the first is busy.
// - `affinity` keeps requests about the same file on the member that served it last when that one
//   is free (its caches, e.g. the analysis worker's prepared models), else any free member serves.
// - A request cancelled while it waits leaves the queue at once (kind 'cancelled').
// - The members keep their own failure convention (time-out replaces the process, restart on
//   death): the pool only decides who runs what.
//
// `routed` sends some methods to another Rpc (the analysis worker's scripts and profiles go to a
// worker of their own, so a model's analysis never delays a keystroke's check).

import type { Rpc, RequestOptions, RpcClient } from './client';
import { ProcessError } from './processError';
import type { Methods, ProgressOf } from './wire';

export interface RpcPoolOptions<M extends Methods<M>> {
  /** Names the pool in its own errors ("the analysis workers"). */
  name: string;
  /** Most processes running at once (≥ 1). */
  size: number;
  /** Makes member `index` (called once per index, when it is first needed). */
  member(index: number): RpcClient<M>;
  /** A key for requests that profit from the same member (e.g. the file); undefined: any member. */
  affinity?: (method: string, params: unknown) => string | undefined;
}

interface Waiting {
  method: string;
  params: unknown;
  options: RequestOptions<unknown>;
  key: string | undefined;
  resolve(result: unknown): void;
  reject(error: unknown): void;
  detach(): void;
}

/** Keys remembered for affinity (least recently used dropped first). */
const AFFINITY_KEYS = 512;

export class RpcPool<M extends Methods<M>> implements Rpc<M> {
  private readonly members: (RpcClient<M> | undefined)[];
  private readonly busy: boolean[];
  private readonly queue: Waiting[] = [];
  private readonly lastMember = new Map<string, number>();
  private disposed = false;

  constructor(private readonly options: RpcPoolOptions<M>) {
    const size = Math.max(1, Math.floor(options.size));
    this.members = new Array<RpcClient<M> | undefined>(size).fill(undefined);
    this.busy = new Array<boolean>(size).fill(false);
  }

  get size(): number { return this.members.length; }

  /** Requests waiting for a free member. */
  get queued(): number { return this.queue.length; }

  /** Members running a request now. */
  get active(): number { return this.busy.filter(Boolean).length; }

  /** Restarts over all members (time-outs, crashes, kills). */
  get restartCount(): number { return this.members.reduce((n, m) => n + (m?.restartCount ?? 0), 0); }

  /** Process ids of the running members (tests, logs). */
  get processIds(): number[] { return this.members.flatMap((m) => (m?.processId !== undefined ? [m.processId] : [])); }

  request<K extends keyof M & string>(method: K, params: M[K]['params'], options: RequestOptions<ProgressOf<M[K]>> = {}): Promise<M[K]['result']> {
    if (this.disposed) return Promise.reject(new ProcessError('disposed', this.options.name, `${this.options.name} are shut down`));
    if (options.signal?.aborted) return Promise.reject(new ProcessError('cancelled', this.options.name, `'${method}' request cancelled`));
    return new Promise<M[K]['result']>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiting);
        if (at < 0) return; // already running: the member handles its cancel
        this.queue.splice(at, 1);
        reject(new ProcessError('cancelled', this.options.name, `'${method}' request cancelled`));
      };
      const waiting: Waiting = {
        method, params, options: options as RequestOptions<unknown>,
        key: this.options.affinity?.(method, params),
        resolve: resolve as (r: unknown) => void, reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiting);
      this.dispatch();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.queue.splice(0)) {
      w.detach();
      w.reject(new ProcessError('disposed', this.options.name, `${this.options.name} are shut down`));
    }
    for (const m of this.members) m?.dispose();
  }

  private dispatch(): void {
    while (!this.disposed && this.queue.length > 0) {
      const w = this.queue[0]!;
      const index = this.pick(w.key);
      if (index < 0) return;
      this.queue.shift();
      w.detach();
      this.start(index, w);
    }
  }

  /** A free member for a request: the one that served its key, else a running one, else a new one; -1 when all are busy. */
  private pick(key: string | undefined): number {
    const last = key === undefined ? undefined : this.lastMember.get(key);
    if (last !== undefined && !this.busy[last]) return last;
    let fresh = -1;
    for (let i = 0; i < this.members.length; i++) {
      if (this.busy[i]) continue;
      if (this.members[i]?.running) return i;
      if (fresh < 0) fresh = i;
    }
    return fresh;
  }

  private start(index: number, w: Waiting): void {
    const member = this.members[index] ??= this.options.member(index);
    this.busy[index] = true;
    if (w.key !== undefined) {
      this.lastMember.delete(w.key);
      this.lastMember.set(w.key, index);
      if (this.lastMember.size > AFFINITY_KEYS) this.lastMember.delete(this.lastMember.keys().next().value!);
    }
    const request = member.request as (method: string, params: unknown, options: RequestOptions<unknown>) => Promise<unknown>;
    // The member is free before the caller hears back, so a request the caller sends next can use it.
    const settle = (answer: () => void): void => {
      this.busy[index] = false;
      answer();
      this.dispatch();
    };
    request.call(member, w.method, w.params, w.options).then((r) => settle(() => w.resolve(r)), (e: unknown) => settle(() => w.reject(e)));
  }
}

/** One Rpc that sends the listed methods to `routes[method]` and every other method to `fallback`. */
export function routed<M extends Methods<M>>(routes: Partial<Record<keyof M & string, Rpc<M>>>, fallback: Rpc<M>): Rpc<M> {
  const targets = new Set<Rpc<M>>([fallback, ...Object.values(routes) as Rpc<M>[]]);
  return {
    request: (method, params, options) => ((Object.hasOwn(routes, method) ? routes[method] : undefined) ?? fallback).request(method, params, options),
    dispose: () => { for (const t of targets) t.dispose(); },
  };
}
