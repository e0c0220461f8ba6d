// Worker-thread entry (dist/quantizeWorker.js): the quantization preview's own work — whole-model
// reads, weight SQNR, the QDQ rewrite — runs here; ONNX Runtime still runs in its child process,
// driven from this thread through OrtClient. The INT8 bytes of the latest builds stay here, keyed
// by job, so "Save INT8 model" writes what was measured instead of building it again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { workerData } from 'node:worker_threads';
import { readOnnxFile } from '../../core/onnx/readOnnx';
import { analyzeWeights } from '../../core/quantize/weights';
import { OrtClient } from '../ort/client';
import { buildQuantizePreview } from '../../jobs/quantizePreview';
import { serve } from '../rpc/server';
import type { QuantizeMethods } from './protocol';
import { isQuantizeParams } from './protocol';

/** Builds whose bytes are kept (one per open panel is typical); older ones are dropped first. */
const KEPT_BUILDS = 4;

const { hostScript } = workerData as { hostScript: string };
let ort: OrtClient | null = null;
let nextJob = 1;
const built = new Map<number, Uint8Array>();

function keep(job: number, bytes: Uint8Array): void {
  built.set(job, bytes);
  for (const old of built.keys()) if (built.size > KEPT_BUILDS) built.delete(old);
}

serve<QuantizeMethods>({
  weights: ({ file }) => analyzeWeights(readOnnxFile(file)),
  // A cancel from the host aborts `signal`, which stops the ONNX Runtime run in progress.
  preview: async ({ file, options }, { signal, progress }) => {
    ort ??= new OrtClient({ hostScript });
    const { result, int8 } = await buildQuantizePreview(ort, file, {
      ...options, signal, progress: (message, fraction) => progress({ message, fraction }),
    });
    const job = nextJob++;
    keep(job, int8);
    return { result, job };
  },
  save: ({ job, out }) => {
    const bytes = built.get(job);
    if (!bytes) throw new Error('the INT8 model of that build is no longer kept: build it again');
    fs.writeFileSync(out, bytes);
    return { path: path.resolve(out) };
  },
  forget: ({ job }) => {
    built.delete(job);
    return null;
  },
}, { validate: isQuantizeParams });
