// The extension host's handle on the analysis worker: started on first use (activation stays
// cheap), restarted if it dies, and every pending request answered even then.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions } from '../core/analyze';
import type { WorkerRequest, WorkerResponse } from '../worker/protocol';

type Pending = { resolve: (r: WorkerResponse) => void };

export class WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly distDir: string, private readonly log: (message: string) => void) {}

  analyze(file: string, options: AnalyzeOptions = {}): Promise<WorkerResponse> {
    const id = this.nextId++;
    const request: WorkerRequest = { id, kind: 'analyze', file, options };
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.ensureWorker().postMessage(request);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.distDir, 'worker.js'));
    worker.on('message', (response: WorkerResponse) => {
      const p = this.pending.get(response.id);
      if (!p) return;
      this.pending.delete(response.id);
      p.resolve(response);
    });
    worker.on('error', (e) => this.log(`analysis worker failed: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (code !== 0) this.log(`analysis worker exited with code ${code}; it restarts on the next request`);
      for (const [id, p] of this.pending) p.resolve({ id, kind: 'error', message: `analysis worker stopped (exit code ${code})`, readError: false });
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }
}
