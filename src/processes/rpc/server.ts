// The process side of the RPC (wire.ts): the loop every src/processes/<name>/main.ts runs. It
// validates each call, runs the method's handler with an AbortSignal (aborted by the host's cancel)
// and a progress callback, and answers with the result or the error:
//
//   serve<AnalysisMethods>({
//     analyze: (params, { signal, progress }) => ...,
//   }, { validate: isAnalysisParams });
//
// A handler that throws RemoteError chooses the error's code (and `fatal`: the process must be
// replaced, e.g. after a wasm abort); any other error answers with its message.

import { parentPort } from 'node:worker_threads';
import type { Methods, ProcessToHost, ProgressOf } from './wire';
import { isHostToProcess } from './wire';

export class RemoteError extends Error {
  constructor(message: string, readonly code?: string, readonly fatal = false) {
    super(message);
  }
}

export interface CallContext<P> {
  /** Aborted when the host cancels this request. */
  signal: AbortSignal;
  progress(progress: P): void;
}

export type Handlers<M extends Methods<M>> = {
  [K in keyof M]: (params: M[K]['params'], context: CallContext<ProgressOf<M[K]>>) => M[K]['result'] | Promise<M[K]['result']>;
};

export interface ServeOptions {
  /** Checks a call's params (the host is trusted, but a message is still data): false answers with code 'invalid'. */
  validate?: (method: string, params: unknown) => boolean;
}

/** The channel to the host: the worker thread's parentPort, or the fork IPC channel of a child process. */
function hostChannel(): { post(m: ProcessToHost): void; listen(l: (m: unknown) => void): void } {
  const port = parentPort;
  if (port) return { post: (m) => port.postMessage(m), listen: (l) => port.on('message', l) };
  if (process.send) return { post: (m) => { process.send?.(m); }, listen: (l) => process.on('message', l) };
  throw new Error('this bundle runs as a worker thread or a forked child process');
}

/** Sends a message not tied to a request (the client's onEvent receives it). */
export function emit(event: string, data: unknown): void {
  hostChannel().post({ rpc: 'event', event, data });
}

export function serve<M extends Methods<M>>(handlers: Handlers<M>, options: ServeOptions = {}): void {
  const channel = hostChannel();
  const running = new Map<number, AbortController>();
  channel.listen((m: unknown) => {
    if (!isHostToProcess(m)) return;
    if (m.rpc === 'cancel') {
      running.get(m.id)?.abort();
      return;
    }
    const { id, method, params } = m;
    const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? handlers[method as keyof M] : undefined;
    if (!handler || (options.validate && !options.validate(method, params))) {
      channel.post({ rpc: 'error', id, message: `malformed '${method}' request`, code: 'invalid' });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const context: CallContext<never> = { signal: controller.signal, progress: (progress) => channel.post({ rpc: 'progress', id, progress }) };
    Promise.resolve()
      .then(() => handler(params, context))
      .then(
        (result) => channel.post({ rpc: 'result', id, result }),
        (e: unknown) => {
          const r = e instanceof RemoteError ? e : null;
          channel.post({
            rpc: 'error', id, message: e instanceof Error ? e.message : String(e),
            ...(r?.code !== undefined ? { code: r.code } : {}), ...(r?.fatal ? { fatal: true } : {}),
          });
        },
      )
      .finally(() => running.delete(id));
  });
}
