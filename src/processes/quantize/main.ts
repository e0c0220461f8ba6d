// Worker-thread entry (dist/quantizeWorker.js): the quantization preview's own work — whole-model
// reads, weight SQNR, the QDQ rewrite — runs here; ONNX Runtime still runs in its child process,
// driven from this thread through OrtClient. The INT8 bytes of the latest builds stay here, keyed
// by job, so "Save INT8 model" writes what was measured instead of building it again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readOnnxFile } from '../../core/onnx/readOnnx';
import { analyzeWeights } from '../../core/quantize/weights';
import { OrtCancelledError, OrtClient } from '../ort/client';
import { buildQuantizePreview } from '../../jobs/quantizePreview';
import type { QuantizeWorkerResponse } from './protocol';
import { isQuantizeWorkerRequest } from './protocol';

/** Builds whose bytes are kept (one per open panel is typical); older ones are dropped first. */
const KEPT_BUILDS = 4;

const port = parentPort;
if (!port) throw new Error('dist/quantizeWorker.js must run as a worker thread');
const { hostScript } = workerData as { hostScript: string };
let ort: OrtClient | null = null;
const jobs = new Map<number, AbortController>();
const built = new Map<number, Uint8Array>();
const send = (m: QuantizeWorkerResponse) => port.postMessage(m);
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function keep(job: number, bytes: Uint8Array): void {
  built.set(job, bytes);
  for (const old of built.keys()) if (built.size > KEPT_BUILDS) built.delete(old);
}

port.on('message', (message: unknown) => {
  if (!isQuantizeWorkerRequest(message)) return;
  switch (message.kind) {
    case 'cancel':
      jobs.get(message.job)?.abort();
      return;
    case 'forget':
      built.delete(message.job);
      return;
    case 'save': {
      const bytes = built.get(message.job);
      try {
        if (!bytes) throw new Error('the INT8 model of that build is no longer kept: build it again');
        fs.writeFileSync(message.out, bytes);
        send({ id: message.id, kind: 'saved', path: path.resolve(message.out) });
      } catch (e) {
        send({ id: message.id, kind: 'error', message: errorText(e), cancelled: false });
      }
      return;
    }
    case 'weights':
      try {
        send({ id: message.id, kind: 'weights', weights: analyzeWeights(readOnnxFile(message.file)) });
      } catch (e) {
        send({ id: message.id, kind: 'error', message: errorText(e), cancelled: false });
      }
      return;
    case 'preview': {
      const controller = new AbortController();
      const { id } = message;
      jobs.set(id, controller);
      ort ??= new OrtClient({ hostScript });
      buildQuantizePreview(ort, message.file, {
        ...message.options,
        signal: controller.signal,
        progress: (text, fraction) => send({ id, kind: 'progress', message: text, fraction }),
      }).then(
        ({ result, int8 }) => {
          keep(id, int8);
          send({ id, kind: 'result', result });
        },
        (e: unknown) => {
          const cancelled = e instanceof OrtCancelledError || controller.signal.aborted;
          send({ id, kind: 'error', message: cancelled ? 'Cancelled.' : errorText(e), cancelled });
        },
      ).finally(() => jobs.delete(id));
    }
  }
});
