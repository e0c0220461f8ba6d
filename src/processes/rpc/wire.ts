// The one message shape every process boundary speaks (worker threads and child processes alike),
// so that one client (client.ts) and one server loop (server.ts) serve them all. A boundary's own
// protocol.ts only names its methods: `{ method: { params; result; progress? } }`.
//
//   host → process   { rpc: 'call', id, method, params }     a request
//                    { rpc: 'cancel', id }                   stop request `id` (its signal aborts)
//   process → host   { rpc: 'result', id, result }
//                    { rpc: 'error', id, message, code?, fatal? }   fatal: the process must be replaced
//                    { rpc: 'progress', id, progress }
//                    { rpc: 'event', event, data }           not tied to a request (e.g. 'ready')
//
// Plain data only (structured clone: typed arrays pass as they are). Free of Node APIs.

/** What a boundary's protocol declares per method. */
export interface MethodSpec {
  params: unknown;
  result: unknown;
  /** What the method reports while it runs (absent: nothing). */
  progress?: unknown;
}

/** A protocol's method table: `interface XMethods { name: { params; result; progress? } }` satisfies `Methods<XMethods>`. */
export type Methods<M> = { [K in keyof M]: MethodSpec };

/** Progress payload of a method, `never` when it reports none. */
export type ProgressOf<S extends MethodSpec> = S extends { progress: infer P } ? P : never;

export interface RpcCall { rpc: 'call'; id: number; method: string; params: unknown }
export interface RpcCancel { rpc: 'cancel'; id: number }
export type HostToProcess = RpcCall | RpcCancel;

export type ProcessToHost =
  | { rpc: 'result'; id: number; result: unknown }
  | { rpc: 'error'; id: number; message: string; code?: string; fatal?: boolean }
  | { rpc: 'progress'; id: number; progress: unknown }
  | { rpc: 'event'; event: string; data: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isHostToProcess(v: unknown): v is HostToProcess {
  if (!isRecord(v) || typeof v.id !== 'number') return false;
  return (v.rpc === 'call' && typeof v.method === 'string') || v.rpc === 'cancel';
}

export function isProcessToHost(v: unknown): v is ProcessToHost {
  if (!isRecord(v)) return false;
  if (v.rpc === 'event') return typeof v.event === 'string';
  if (typeof v.id !== 'number') return false;
  return v.rpc === 'result' || v.rpc === 'progress' || (v.rpc === 'error' && typeof v.message === 'string');
}
