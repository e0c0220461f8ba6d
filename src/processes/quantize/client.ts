// Host side of the quantization worker: one lazily started worker thread, requests by id,
// progress callbacks, cancellation, and a clear error if the thread dies.

import { Worker } from 'node:worker_threads';
import type { QuantizePreviewResult } from '../../core/quantize/result';
import type { WeightAnalysis } from '../../core/quantize/weights';
import type { QuantizeJobOptions, QuantizeWorkerRequest, QuantizeWorkerResponse } from './protocol';

type Handler = (m: QuantizeWorkerResponse) => void;

export class QuantizeError extends Error {
  constructor(message: string, readonly cancelled: boolean) {
    super(message);
  }
}

export class QuantizeWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly handlers = new Map<number, Handler>();

  constructor(private readonly workerScript: string, private readonly ortHostScript: string) {}

  weights(file: string): Promise<WeightAnalysis> {
    return new Promise((resolve, reject) => {
      this.send({ id: this.nextId++, kind: 'weights', file }, (m) => {
        if (m.kind === 'weights') resolve(m.weights);
        else if (m.kind === 'error') reject(new QuantizeError(m.message, m.cancelled));
      });
    });
  }

  /** Resolves with the result and its job id: save(job, …) writes that build's INT8 model. */
  preview(file: string, options: QuantizeJobOptions, progress: (message: string, fraction: number) => void, signal?: AbortSignal): Promise<{ result: QuantizePreviewResult; job: number }> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      signal?.addEventListener('abort', () => this.worker?.postMessage({ id: this.nextId++, kind: 'cancel', job: id } satisfies QuantizeWorkerRequest), { once: true });
      this.send({ id, kind: 'preview', file, options }, (m) => {
        if (m.kind === 'progress') progress(m.message, m.fraction);
        else if (m.kind === 'result') resolve({ result: m.result, job: id });
        else if (m.kind === 'error') reject(new QuantizeError(m.message, m.cancelled));
      });
    });
  }

  /** Writes the INT8 model of build `job` to `out` (in the worker); resolves with the absolute path. */
  save(job: number, out: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.send({ id: this.nextId++, kind: 'save', job, out }, (m) => {
        if (m.kind === 'saved') resolve(m.path);
        else if (m.kind === 'error') reject(new QuantizeError(m.message, m.cancelled));
      });
    });
  }

  /** Lets the worker drop build `job`'s bytes (a new build replaced it, or its panel moved on). */
  forget(job: number): void {
    this.worker?.postMessage({ id: this.nextId++, kind: 'forget', job } satisfies QuantizeWorkerRequest);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private send(request: QuantizeWorkerRequest, handler: Handler): void {
    this.handlers.set(request.id, handler);
    this.ensure().postMessage(request);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript, { workerData: { hostScript: this.ortHostScript } });
    worker.on('message', (m: QuantizeWorkerResponse) => {
      const h = this.handlers.get(m.id);
      if (!h) return;
      if (m.kind !== 'progress') this.handlers.delete(m.id);
      h(m);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, h] of this.handlers) h({ id, kind: 'error', message: `the quantization worker stopped (exit code ${code})`, cancelled: false });
      this.handlers.clear();
    });
    this.worker = worker;
    return worker;
  }
}
