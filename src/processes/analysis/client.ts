// The extension host's handle on the analysis worker (dist/worker.js, from main.ts): the shared RPC
// client (src/processes/rpc) on a worker thread with a bounded heap. It starts on first use
// (activation stays cheap) and restarts after a crash (the log says so). Callers depend on
// `Rpc<AnalysisMethods>`, so a pool of workers can stand in for this one client.

import * as path from 'node:path';
import { RpcClient } from '../rpc/client';
import { workerThread } from '../rpc/endpoint';
import type { AnalysisMethods } from './protocol';

export type AnalysisClient = RpcClient<AnalysisMethods>;

export interface AnalysisClientOptions {
  /** Heap cap of the worker, MB: a hostile model must not take the extension host's memory with it. */
  maxOldGenerationSizeMb?: number;
  /** Default time-out per request, ms; absent: none. */
  timeoutMs?: number;
}

export function analysisClient(distDir: string, log: { info(m: string): void; error(m: string): void }, options: AnalysisClientOptions = {}): AnalysisClient {
  return new RpcClient<AnalysisMethods>({
    name: 'the analysis worker',
    launch: workerThread(path.join(distDir, 'worker.js'), { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 2048 } }),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    log,
  });
}
