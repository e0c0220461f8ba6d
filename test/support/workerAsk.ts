// Sends one request to the analysis worker and waits for the response with the same id.
import type { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../../src/processes/analysis/protocol';

export function ask(worker: Worker, request: WorkerRequest): Promise<WorkerResponse> {
  return new Promise((resolve) => {
    const onMessage = (r: WorkerResponse) => {
      if (r.id !== request.id) return;
      worker.off('message', onMessage);
      resolve(r);
    };
    worker.on('message', onMessage);
    worker.postMessage(request);
  });
}
