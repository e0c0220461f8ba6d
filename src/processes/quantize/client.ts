// Host side of the quantization worker (dist/quantizeWorker.js, from main.ts): the shared RPC
// client (src/processes/rpc) on a worker thread started on first use, with progress callbacks,
// cancellation (the worker stops the ONNX Runtime run) and the failure convention of ProcessError.

import type { QuantizePreviewResult } from '../../core/quantize/result';
import type { WeightAnalysis } from '../../core/quantize/weights';
import { RpcClient } from '../rpc/client';
import { workerThread } from '../rpc/endpoint';
import type { QuantizeJobOptions, QuantizeMethods } from './protocol';

export class QuantizeClient {
  private readonly rpc: RpcClient<QuantizeMethods>;

  constructor(workerScript: string, ortHostScript: string) {
    this.rpc = new RpcClient<QuantizeMethods>({
      name: 'the quantization worker',
      launch: workerThread(workerScript, { workerData: { hostScript: ortHostScript } }),
      cancel: 'notify',
    });
  }

  weights(file: string): Promise<WeightAnalysis> {
    return this.rpc.request('weights', { file });
  }

  /** Resolves with the result and its job id: save(job, …) writes that build's INT8 model. */
  preview(file: string, options: QuantizeJobOptions, progress: (message: string, fraction: number) => void, signal?: AbortSignal): Promise<{ result: QuantizePreviewResult; job: number }> {
    return this.rpc.request('preview', { file, options }, { onProgress: (p) => progress(p.message, p.fraction), ...(signal ? { signal } : {}) });
  }

  /** Writes the INT8 model of build `job` to `out` (in the worker); resolves with the absolute path. */
  async save(job: number, out: string): Promise<string> {
    return (await this.rpc.request('save', { job, out })).path;
  }

  /** Lets the worker drop build `job`'s bytes (a new build replaced it, or its panel moved on). */
  forget(job: number): void {
    // A worker that is not running keeps no builds: do not start one to forget.
    if (this.rpc.running) void this.rpc.request('forget', { job }).catch(() => undefined);
  }

  dispose(): void {
    this.rpc.dispose();
  }
}
