// Worker-thread entry (dist/quantizeWorker.js): the quantization preview's own work — whole-model
// reads, weight SQNR, the QDQ rewrite — runs here; ONNX Runtime still runs in its child process,
// driven from this thread through OrtClient.

import { parentPort, workerData } from 'node:worker_threads';
import { readOnnxFile } from '../core/onnx/readOnnx';
import { analyzeWeights } from '../core/quantize/weights';
import { OrtCancelledError, OrtClient } from '../runtime/ortClient';
import { quantizePreview } from './preview';
import type { QuantizeWorkerResponse } from './quantizeWorkerProtocol';
import { isQuantizeWorkerRequest } from './quantizeWorkerProtocol';

const port = parentPort;
if (!port) throw new Error('dist/quantizeWorker.js must run as a worker thread');
const { hostScript } = workerData as { hostScript: string };
let ort: OrtClient | null = null;
const jobs = new Map<number, AbortController>();
const send = (m: QuantizeWorkerResponse) => port.postMessage(m);

port.on('message', (message: unknown) => {
  if (!isQuantizeWorkerRequest(message)) return;
  if (message.kind === 'cancel') {
    jobs.get(message.job)?.abort();
    return;
  }
  if (message.kind === 'weights') {
    try {
      send({ id: message.id, kind: 'weights', weights: analyzeWeights(readOnnxFile(message.file)) });
    } catch (e) {
      send({ id: message.id, kind: 'error', message: e instanceof Error ? e.message : String(e), cancelled: false });
    }
    return;
  }
  const controller = new AbortController();
  jobs.set(message.id, controller);
  ort ??= new OrtClient({ hostScript });
  const { id } = message;
  quantizePreview(ort, message.file, {
    ...message.options,
    signal: controller.signal,
    progress: (text, fraction) => send({ id, kind: 'progress', message: text, fraction }),
  }).then(
    (result) => send({ id, kind: 'result', result }),
    (e: unknown) => {
      const cancelled = e instanceof OrtCancelledError || controller.signal.aborted;
      send({ id, kind: 'error', message: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e), cancelled });
    },
  ).finally(() => jobs.delete(id));
});
