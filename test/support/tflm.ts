// Shared pieces of the TFLite Micro tests: the engines (one per kernel variant, loaded once per
// test file), the models TFLM's own tests use, the shared models, and deterministic inputs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { TflmEngine } from '../../src/processes/tflm/engine';
import type { TflmKernels } from '../../src/processes/tflm/wasmModule';
import type { TflmTensorInfo } from '../../src/processes/tflm/types';
import { repoRoot, sharedModelsDir } from './sharedModels';

const engines = new Map<TflmKernels, Promise<TflmEngine>>();

/** dist/tflm: what the VSIX ships (`npm test` builds dist first; CI rebuilds the wasm before). */
export function tflmWasmDir(): string {
  return path.join(repoRoot(), 'dist', 'tflm');
}

/** The engine over dist/tflm (what ships; `npm test` builds dist first). */
export function tflmEngine(kernels: TflmKernels = 'cmsis_nn'): Promise<TflmEngine> {
  let e = engines.get(kernels);
  if (!e) {
    e = TflmEngine.load({ kernels, wasmDir: tflmWasmDir() }).then((r) => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });
    engines.set(kernels, e);
  }
  return e;
}

/** TFLM's keyword benchmark model, pinned with the TFLM sources (third_party/tflm/SOURCES.md). */
export function keywordScrambled(): Uint8Array {
  return fs.readFileSync(path.join(repoRoot(), 'third_party', 'tflm', 'tensorflow', 'lite', 'micro', 'models', 'keyword_scrambled.tflite'));
}

/** `../shared/models/tflite/*.tflite` as [name, path], or null when shared/ is absent. */
export function sharedTfliteModels(): [string, string][] | null {
  const dir = sharedModelsDir();
  const tflite = dir ? path.join(dir, 'tflite') : null;
  if (!tflite || !fs.existsSync(tflite)) return null;
  return fs.readdirSync(tflite).filter((f) => f.endsWith('.tflite')).sort().map((f) => [`shared/${f}`, path.join(tflite, f)]);
}

/**
 * A fixed input for a tensor: a byte ramp for integer tensors, values in [-1, 1) for float32
 * (random bytes would make NaNs), so wasm and native runs see the same thing.
 */
export function rampInput(info: TflmTensorInfo, seed: number): Uint8Array {
  if (info.type === 'float32') {
    const f = new Float32Array(info.bytes / 4);
    for (let i = 0; i < f.length; i++) f[i] = (((i * 7 + seed * 13) % 256) - 128) / 128;
    return new Uint8Array(f.buffer);
  }
  return Uint8Array.from({ length: info.bytes }, (_, i) => (i * 7 + seed * 13) & 0xff);
}
