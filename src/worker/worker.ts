// Runs the core engine off the extension host thread: reading and analyzing a large model must
// never freeze the editor.

import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../core/analyze';
import { ModelReadError } from '../core/ir/errors';
import type { WorkerResponse } from './protocol';
import { isWorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run as a worker thread');

port.on('message', (message: unknown) => {
  if (!isWorkerRequest(message)) return;
  const started = performance.now();
  let response: WorkerResponse;
  try {
    const { report, bytesRead } = analyzeFile(message.file, message.options);
    response = { id: message.id, kind: 'report', report, bytesRead, millis: performance.now() - started };
  } catch (e) {
    response = e instanceof ModelReadError
      ? { id: message.id, kind: 'error', message: e.message, readError: true }
      : { id: message.id, kind: 'error', message: `${message.file}: internal error: ${(e as Error).stack ?? String(e)}`, readError: false };
  }
  port.postMessage(response);
});
