// The host's handle on the TFLite Micro worker (dist/tflmWorker.js, from main.ts): the shared RPC
// client (src/processes/rpc) on a worker thread, started on first use. No vscode: the extension,
// the CLI and the tests use it.
//
//   const tflm = new TflmClient();                       // worker starts on the first request
//   const r = await tflm.measure({ file }, 'cmsis_nn');  // TFLM's arena, or TFLM's verdict
//   tflm.dispose();
//
// - TFLM's verdicts are answers: `{ ok: false, error }` with TFLM's text and the node it failed on.
// - An abort() inside TFLM comes back as a fatal remote error (the worker is replaced) and is turned
//   back into `{ ok: false, error: { kind: 'aborted', … } }` here, with TFLM's log and node.
// - A time-out (default 60 s per request) kills the worker and rejects with ProcessError 'timeout';
//   a crash rejects with 'exited'; the next request starts a fresh worker either way.
// - Cancelling a request kills the worker too: a wasm call cannot be interrupted.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { RpcClient, type RequestOptions } from '../rpc/client';
import { workerThread } from '../rpc/endpoint';
import { isRemoteError } from '../rpc/processError';
import type { TflmInputs, TflmMethods, TflmModelSource, Timed } from './protocol';
import { decodeAborted, TFLM_ABORTED } from './protocol';
import type { TflmAllocation, TflmArenaMeasurement, TflmRun } from './types';
import type { TflmKernels } from './wasmModule';

export interface TflmClientOptions {
  /** The worker bundle (dist/tflmWorker.js). Default: beside the running bundle (dist/). */
  workerScript?: string;
  /** Default time-out per request, ms (default 60 s). */
  timeoutMs?: number;
  log?: { info(message: string): void; error(message: string): void };
}

export type TflmRequestOptions = Omit<RequestOptions, 'onProgress'>;

/** dist/tflmWorker.js: beside the running bundle (dist/*.js), or reached from out/{test,bench}/*.js. */
export function defaultTflmWorkerScript(): string {
  const candidates = [path.join(__dirname, 'tflmWorker.js'), path.join(__dirname, '..', '..', 'dist', 'tflmWorker.js')];
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[0]!;
}

export class TflmClient {
  private readonly rpc: RpcClient<TflmMethods>;

  constructor(options: TflmClientOptions = {}) {
    this.rpc = new RpcClient<TflmMethods>({
      name: 'the TFLite Micro worker',
      // The wasm heap is not V8's: this caps only the JS side (inputs, outputs, logs).
      launch: workerThread(options.workerScript ?? defaultTflmWorkerScript(), { resourceLimits: { maxOldGenerationSizeMb: 512 } }),
      timeoutMs: options.timeoutMs ?? 60_000,
      cancel: 'kill',
      ...(options.log ? { log: options.log } : {}),
    });
  }

  /** Workers started after the first (abort, time-out, crash, cancel). */
  get restartCount(): number { return this.rpc.restartCount; }

  /** Thread id of the running worker, if any. */
  get threadId(): number | undefined { return this.rpc.processId; }

  measure(model: TflmModelSource, kernels: TflmKernels, options: TflmRequestOptions & { maxArenaBytes?: number } = {}): Promise<Timed<TflmArenaMeasurement>> {
    const { maxArenaBytes, ...request } = options;
    return this.call('measure', { model, kernels, ...(maxArenaBytes !== undefined ? { maxArenaBytes } : {}) }, request);
  }

  allocate(model: TflmModelSource, kernels: TflmKernels, arenaBytes: number, options: TflmRequestOptions & { recording?: boolean } = {}): Promise<Timed<TflmAllocation>> {
    const { recording, ...request } = options;
    return this.call('allocate', { model, kernels, arenaBytes, ...(recording !== undefined ? { recording } : {}) }, request);
  }

  run(model: TflmModelSource, kernels: TflmKernels, run: { invokes: number; inputs?: TflmInputs; arenaBytes?: number }, options: TflmRequestOptions = {}): Promise<Timed<TflmRun>> {
    return this.call('run', { model, kernels, ...run }, options);
  }

  dispose(): void {
    this.rpc.dispose();
  }

  private async call<K extends keyof TflmMethods>(method: K, params: TflmMethods[K]['params'], options: TflmRequestOptions): Promise<TflmMethods[K]['result']> {
    const t0 = performance.now();
    try {
      return await this.rpc.request(method, params, options);
    } catch (e) {
      if (isRemoteError(e, TFLM_ABORTED)) return { ok: false, error: decodeAborted(e.message), millis: performance.now() - t0 } as TflmMethods[K]['result'];
      throw e;
    }
  }
}
