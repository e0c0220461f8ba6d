// Host side of the ONNX Runtime child process (no vscode import: the extension, the CLI, the
// quantization worker and the tests use it). ORT runs only in a forked child (dist/ortHost.js,
// built from src/processes/ort/main.ts): a native crash, a hang or an out-of-memory there ends the
// child, never the editor. The shared RPC client (src/processes/rpc) does the rest:
//
//   const ort = new OrtClient();                 // child starts lazily, on the first request
//   const io = await ort.run({ type: 'inspect', model });
//   const r = await ort.run({ type: 'run', model, feeds: { kind: 'random', seed: 1 } }, { timeoutMs: 30_000 });
//   ort.dispose();
//
// - Each request has a time-out (default 120 s): when it expires the child is killed, the request
//   rejects with ProcessError kind 'timeout', and the next request starts a fresh child.
// - When the child dies (crash, OOM, kill), every pending request rejects with kind 'exited'
//   naming the exit code / signal and the child's last stderr lines; the next request restarts it.
// - An AbortSignal cancels one request (kind 'cancelled'): the child is killed (ORT cannot
//   interrupt a run) and restarted on the next request.
// - ORT's own errors (a model it rejects) reject with kind 'remote' and ORT's message.
// - Memory: where the OS has a limit (Linux), the child runs under one — RLIMIT_DATA, default 2 GiB
//   (DEFAULT_ORT_MEMORY_BYTES), which counts ONNX Runtime's native allocations too — so a model that
//   allocates without bound fails that allocation ("out of memory") instead of taking the machine's
//   memory; its V8 heap is capped below it with --max-old-space-size. Before a model runs, the jobs
//   compare its static peak estimate with the same budget (src/jobs/ortBudget.ts).

import * as path from 'node:path';
import { RpcClient, type RequestOptions } from '../rpc/client';
import { childProcess } from '../rpc/endpoint';
import { ProcessError } from '../rpc/processError';
import { formatBytes } from '../../core/units';
import type { OrtMethods, OrtProgress, OrtReadyEvent, OrtRequest, OrtResultOf } from './protocol';

export interface OrtClientOptions {
  /** The child entry (dist/ortHost.js). Default: ortHost.js beside this bundle (dist/). */
  hostScript?: string;
  /** Default time-out per request, ms. */
  timeoutMs?: number;
  /** V8 heap cap of the child, MB (default: half the memory limit). */
  maxOldSpaceMb?: number;
  /** OS memory limit of the child, bytes (default DEFAULT_ORT_MEMORY_BYTES); enforced where the platform has one. */
  memoryLimitBytes?: number;
  /** Log sink (child stderr lines, restarts). */
  log?: (message: string) => void;
}

/** The code of an error answer when ONNX Runtime ran out of its memory budget. */
export const ORT_OUT_OF_MEMORY = 'out-of-memory';

/**
 * Whether a failed ONNX Runtime request ran out of memory: ORT's own "Failed to allocate memory …",
 * std::bad_alloc, a child the RPC layer saw die of memory — or, under an enforced limit, a child that
 * aborted on one of its arena's consistency checks. That last case is how a failed allocation
 * sometimes ends: in onnxruntime's `core/framework/bfc_arena.cc` (microsoft/onnxruntime@009aae13,
 * `BFCArena::Extend` → `AllocateChunk`) the arena registers a new region and then grows its chunk
 * vector (`chunks_.resize(h + 1)`), which can throw std::bad_alloc half-way; the next free then
 * trips `RemoveFreeChunkFromBin`'s ORT_ENFORCE and the process aborts with SIGABRT and only that
 * check on stderr (seen in CI on the 2^62-iteration Loop under a 1 GiB RLIMIT_DATA).
 */
export function isOrtAllocationFailure(e: ProcessError, limitEnforced: boolean): boolean {
  if (e.kind !== 'remote' && e.kind !== 'exited') return false;
  if (e.outOfMemory || /Failed to allocate memory|std::bad_alloc/.test(e.message)) return true;
  return e.kind === 'exited' && limitEnforced && /bfc_arena\.cc:\d+ .*BFCArena::/.test(e.stderrTail ?? e.message);
}

/** `onProgress`: where a long request is (profile: each run), as the child reports it. */
export type OrtRequestOptions = RequestOptions<OrtProgress>;

/** Default location of the child bundle: beside the running bundle (dist/extension.js, dist/cli.js). */
export function defaultOrtHostScript(): string {
  return path.join(__dirname, 'ortHost.js');
}

/** Memory the ONNX Runtime child may commit: ORT's arena, the model's weights and activations, Node itself. */
export const DEFAULT_ORT_MEMORY_BYTES = 2 * 1024 ** 3;

export class OrtClient {
  private readonly rpc: RpcClient<OrtMethods>;
  /** The child's memory budget, bytes (the jobs refuse models whose static estimate exceeds it). */
  readonly memoryLimitBytes: number;
  /** Whether the OS enforces the limit on the running child (false before the first start, and off Linux). */
  limitEnforced = false;

  constructor(options: OrtClientOptions = {}) {
    const log = options.log ?? (() => undefined);
    this.memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_ORT_MEMORY_BYTES;
    this.rpc = new RpcClient<OrtMethods>({
      name: 'the ONNX Runtime process',
      launch: childProcess(options.hostScript ?? defaultOrtHostScript(), {
        // --expose-gc: calibration runs collect each sample's intermediate tensors at once (main.ts).
        execArgv: [`--max-old-space-size=${options.maxOldSpaceMb ?? Math.max(256, Math.floor(this.memoryLimitBytes / 2 / 2 ** 20))}`, '--expose-gc'],
        stderrLine: (line) => log(`[ort] ${line}`),
        memoryLimitBytes: this.memoryLimitBytes,
        onMemoryLimit: (enforced) => { this.limitEnforced = enforced; },
      }),
      timeoutMs: options.timeoutMs ?? 120_000,
      cancel: 'kill',
      log: { info: log, error: log },
      onEvent: (event, data) => {
        if (event !== 'ready') return;
        const ready = data as OrtReadyEvent;
        log(ready.error ? `[ort] ${ready.error}` : `[ort] ONNX Runtime ${ready.ortVersion ?? '?'} ready (pid ${this.pid ?? '?'})`);
      },
    });
  }

  /** How many times a child was started after the first (crash, time-out, cancel). */
  get restartCount(): number { return this.rpc.restartCount; }

  /** PID of the running child, if any. */
  get pid(): number | undefined { return this.rpc.processId; }

  run<R extends OrtRequest>(request: R, options: OrtRequestOptions = {}): Promise<OrtResultOf<R>> {
    return (this.rpc.request(request.type, request as never, options) as Promise<OrtResultOf<R>>)
      .catch((e: unknown) => { throw this.memoryError(e); });
  }

  /** ORT's "Failed to allocate memory …" / std::bad_alloc, or a child killed by its limit, in the user's words. */
  private memoryError(e: unknown): unknown {
    if (!(e instanceof ProcessError) || !isOrtAllocationFailure(e, this.limitEnforced)) return e;
    const size = /requested buffer of size (\d+)/.exec(e.message)?.[1];
    const what = size ? `it asked for a buffer of ${formatBytes(Number(size))}` : 'an allocation failed';
    const limit = this.limitEnforced ? `the ${formatBytes(this.memoryLimitBytes)} memory budget of its process` : 'the memory available to it';
    return new ProcessError(e.kind, e.process, `ONNX Runtime ran out of memory: the model needs more than ${limit} (${what})${e.kind === 'exited' ? '; the process was stopped and restarts on the next request' : ''}`, {
      code: ORT_OUT_OF_MEMORY, outOfMemory: true, ...(e.stderrTail !== undefined ? { stderrTail: e.stderrTail } : {}),
      ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}), ...(e.signal !== undefined ? { signal: e.signal } : {}),
    });
  }

  dispose(): void {
    this.rpc.dispose();
  }
}
