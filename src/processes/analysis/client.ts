// The extension host's handle on the analysis worker (dist/worker.js, from main.ts): the shared RPC
// client (src/processes/rpc) on worker threads, each with a per-request time-out and a bounded
// heap. A worker that goes over either is stopped and replaced, and the request fails with a clear
// "analysis stopped: over the … budget" (analysisStopped) instead of taking the editor with it.
//
// analysisWorkers() is what the extension uses: a pool of model workers (a stuck model occupies one
// while the others keep serving) and a worker of its own for training scripts and target profiles,
// so a hostile model never delays a keystroke's check. Callers depend on `Rpc<AnalysisMethods>`.
// Workers start on first use (activation stays cheap) and restart after a crash (the log says so).

import * as path from 'node:path';
import { RpcClient, type Rpc } from '../rpc/client';
import { workerThread } from '../rpc/endpoint';
import { RpcPool, routed } from '../rpc/pool';
import { ProcessError } from '../rpc/processError';
import type { AnalysisMethods } from './protocol';

export type AnalysisClient = RpcClient<AnalysisMethods>;

type Log = { info(m: string): void; error(m: string): void };

/** Time one request may take before its worker is stopped, ms (`deploylens.analysisTimeoutSeconds`). */
export const DEFAULT_ANALYSIS_TIMEOUT_MS = 10_000;

/**
 * Old-generation heap of one worker, MB (`deploylens.analysisMemoryMb`). The hostile corpus peaks at
 * ~260 MB of heap (a 50,000-node model, the node limit) and real models far below; 768 MB leaves
 * room for the largest legitimate models while three workers stay far from the editor's memory.
 */
export const DEFAULT_ANALYSIS_MEMORY_MB = 768;

export interface AnalysisClientOptions {
  /** Heap cap of the worker, MB: a hostile model must not take the extension host's memory with it. */
  maxOldGenerationSizeMb?: number;
  /** Default time-out per request, ms (a function: read at each request); absent: none. */
  timeoutMs?: number | (() => number | undefined);
  /** Names the worker in errors and logs (default "the analysis worker"). */
  name?: string;
}

export function analysisClient(distDir: string, log: Log, options: AnalysisClientOptions = {}): AnalysisClient {
  return new RpcClient<AnalysisMethods>({
    name: options.name ?? 'the analysis worker',
    launch: workerThread(path.join(distDir, 'worker.js'), { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 2048 } }),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    log,
  });
}

export interface AnalysisWorkersOptions {
  /** Model workers (default 2). */
  models?: number;
  /** Per-request time-out, ms; a function is read at each request (default DEFAULT_ANALYSIS_TIMEOUT_MS). */
  timeoutMs?: number | (() => number);
  /** Heap of each worker, MB (default DEFAULT_ANALYSIS_MEMORY_MB). */
  memoryMb?: number;
}

/** Methods served by the script worker: they come with typing, or decide the target of everything else. */
const SCRIPT_LANE = ['script', 'exportPlan', 'profiles', 'toolLog'] as const;

export interface AnalysisWorkers extends Rpc<AnalysisMethods> {
  /** The model pool (tests, logs). */
  readonly models: RpcPool<AnalysisMethods>;
  /** The worker of scripts and profiles. */
  readonly scripts: AnalysisClient;
}

export function analysisWorkers(distDir: string, log: Log, options: AnalysisWorkersOptions = {}): AnalysisWorkers {
  const memory = options.memoryMb ?? DEFAULT_ANALYSIS_MEMORY_MB;
  const timeoutMs = options.timeoutMs ?? DEFAULT_ANALYSIS_TIMEOUT_MS;
  const size = Math.max(1, options.models ?? 2);
  const models = new RpcPool<AnalysisMethods>({
    name: 'the analysis workers',
    size,
    member: (i) => analysisClient(distDir, log, { name: size > 1 ? `analysis worker ${i + 1}` : 'the analysis worker', maxOldGenerationSizeMb: memory, timeoutMs }),
    // Requests about one file go where its prepared model is cached.
    affinity: (_method, params) => (params as { file?: string }).file,
  });
  const scripts = analysisClient(distDir, log, { name: 'the script worker', maxOldGenerationSizeMb: memory, timeoutMs });
  const rpc = routed<AnalysisMethods>(Object.fromEntries(SCRIPT_LANE.map((m) => [m, scripts])), models);
  return { ...rpc, models, scripts };
}

/**
 * The user's words for a request a budget stopped: "analysis stopped: over the 10 s time budget",
 * "… over the 768 MB memory budget"; null when `e` is something else (a read error, a cancel).
 */
export function analysisStopped(e: unknown, budgets: { timeoutMs: number; memoryMb: number }): string | null {
  if (!(e instanceof ProcessError)) return null;
  if (e.kind === 'timeout') return `analysis stopped: over the ${formatSeconds(budgets.timeoutMs)} time budget (the worker was stopped and restarted)`;
  if (e.kind === 'exited' && e.outOfMemory) return `analysis stopped: over the ${budgets.memoryMb} MB memory budget (the worker was stopped and restarted)`;
  if (e.kind === 'exited') return `analysis stopped: ${e.message}`;
  return null;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
