// Worker-thread entry (dist/tflmWorker.js): TensorFlow Lite Micro in WebAssembly, off the extension
// host and the CLI's main thread. One engine per kernel variant, loaded on first use (the compiled
// module is cached, each request gets its own interpreter); the wasm files are dist/tflm/, beside
// this bundle. An abort() inside TFLM answers as a fatal remote error: the client replaces this
// worker, so no request ever runs in a module that trapped (engine.ts also re-instantiates in place
// while it searches for the smallest arena, where aborts are expected).

import * as fs from 'node:fs';
import { openRegularFile } from '../../core/io/regularFile';
import { prng } from '../../core/util/prng';
import { RemoteError, serve } from '../rpc/server';
import { TflmEngine } from './engine';
import type { TflmMethods, TflmModelSource, Timed } from './protocol';
import { encodeAborted, isTflmParams, TFLM_ABORTED, TFLM_READ_ERROR } from './protocol';
import type { TflmResult, TflmTensorInfo } from './types';
import type { TflmKernels } from './wasmModule';

/** TFLM runs models from flash; a file this large is not a microcontroller model (and would not fit the wasm heap). */
const MAX_MODEL_BYTES = 256 * 1024 * 1024;

const engines = new Map<TflmKernels, Promise<TflmResult<TflmEngine>>>();

function engine(kernels: TflmKernels): Promise<TflmResult<TflmEngine>> {
  let e = engines.get(kernels);
  if (!e) {
    e = TflmEngine.load({ kernels });
    engines.set(kernels, e);
    // A failed load is retried on the next request (the files may appear after a build).
    void e.then((r) => { if (!r.ok) engines.delete(kernels); });
  }
  return e;
}

function readModel(source: TflmModelSource): Uint8Array {
  if ('bytes' in source) return source.bytes;
  let fd: number;
  let size: number;
  try {
    ({ fd, size } = openRegularFile(source.file));
  } catch (e) {
    throw new RemoteError(e instanceof Error ? e.message : String(e), TFLM_READ_ERROR);
  }
  try {
    if (size > MAX_MODEL_BYTES) throw new RemoteError(`${source.file}: ${size} bytes; TensorFlow Lite Micro is run here on models up to ${MAX_MODEL_BYTES / 1024 / 1024} MiB`, TFLM_READ_ERROR);
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

/** TFLM's answer, timed; an abort becomes the fatal remote error that replaces this worker. */
async function timed<T>(kernels: TflmKernels, body: (e: TflmEngine) => Promise<TflmResult<T>>): Promise<Timed<T>> {
  const loaded = await engine(kernels);
  if (!loaded.ok) return { ...loaded, millis: 0 };
  const t0 = performance.now();
  const r = await body(loaded.value);
  if (!r.ok && r.error.kind === 'aborted') throw new RemoteError(encodeAborted(r.error), TFLM_ABORTED, true);
  return { ...r, millis: performance.now() - t0 };
}

/** Deterministic values for every input tensor: float32 in [-1, 1), bool 0/1, integer types uniform bytes. */
function randomInputs(seed: number, info: TflmTensorInfo[]): Uint8Array[] {
  const rand = prng(seed);
  return info.map((t) => {
    const bytes = new Uint8Array(t.bytes);
    if (t.type === 'float32') {
      const f = new Float32Array(bytes.buffer);
      for (let i = 0; i < f.length; i++) f[i] = rand() * 2 - 1;
    } else if (t.type === 'bool') {
      for (let i = 0; i < bytes.length; i++) bytes[i] = rand() < 0.5 ? 0 : 1;
    } else {
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    }
    return bytes;
  });
}

serve<TflmMethods>({
  measure: ({ model, kernels, maxArenaBytes }) => {
    const bytes = readModel(model);
    return timed(kernels, (e) => e.measureArena(bytes, maxArenaBytes !== undefined ? { maxArenaBytes } : {}));
  },
  allocate: ({ model, kernels, arenaBytes, recording }) => {
    const bytes = readModel(model);
    return timed(kernels, (e) => e.allocate(bytes, { arenaBytes, recording: recording ?? false }));
  },
  run: ({ model, kernels, invokes, inputs, arenaBytes }) => {
    const bytes = readModel(model);
    return timed(kernels, (e) => e.run(bytes, {
      invokes,
      ...(inputs ? { inputs: inputs.kind === 'given' ? inputs.data : (info: TflmTensorInfo[]) => randomInputs(inputs.seed, info) } : {}),
      ...(arenaBytes !== undefined ? { arenaBytes } : {}),
    }));
  },
}, { validate: isTflmParams });
