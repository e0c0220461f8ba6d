// The extension host's handle on the analysis worker: started on first use (activation stays
// cheap), restarted if it dies (the log says so), and every pending request answered even then.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './protocol';

type Pending = { resolve: (r: WorkerResponse) => void };
/** A request without its id (distributive, so each kind keeps its own fields). */
type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export class WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(private readonly distDir: string, private readonly log: { info(m: string): void; error(m: string): void }) {}

  request(body: RequestBody): Promise<WorkerResponse> {
    if (this.disposed) return Promise.resolve({ id: 0, kind: 'error', message: 'DeployLens is shutting down', readError: false });
    const id = this.nextId++;
    const request = { ...body, id } as WorkerRequest;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.ensureWorker().postMessage(request);
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // A bounded heap: a hostile model must not take the extension host's memory with it.
    const worker = new Worker(path.join(this.distDir, 'worker.js'), { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    worker.on('message', (response: WorkerResponse) => {
      const p = this.pending.get(response.id);
      if (!p) return;
      this.pending.delete(response.id);
      p.resolve(response);
    });
    worker.on('error', (e) => this.log.error(`analysis worker failed: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (!this.disposed && code !== 0) this.log.error(`analysis worker exited with code ${code}; it restarts on the next request`);
      for (const [id, p] of this.pending) p.resolve({ id, kind: 'error', message: `the analysis worker stopped (exit code ${code}) and was restarted`, readError: false });
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }
}
