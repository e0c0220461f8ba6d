// TensorFlow Lite Micro's own arena and verdict, for the CLI and the editor: when the target's
// runtime is TFLite Micro and the model is a .tflite file, measure it in the TFLM worker
// (src/processes/tflm) with the profile's kernels and make TFLM's answer the report's verdict
// (src/core/oracles/tflmVerdict.ts). Answers are cached by file identity (path, mtime, size) and
// kernel build — the figures do not depend on anything else of the profile, so switching between
// two CMSIS-NN targets reuses them; a measurement in progress is shared by everyone asking for it.
// No vscode here.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TflmAnswer, TflmNodeAt } from '../core/oracles/tflmVerdict';
import { withTflm } from '../core/oracles/tflmVerdict';
export { tflmApplies } from '../core/oracles/tflmVerdict';
import type { Report } from '../core/report/report';
import type { TargetProfile, TflmKernelVariant } from '../core/targets/profile';
import { tflmKernelsOf } from '../core/targets/profile';
import { errorText } from '../core/util/errorText';
import type { TflmClient, TflmRequestOptions } from '../processes/tflm/client';
import type { Timed } from '../processes/tflm/protocol';
import type { TflmArenaMeasurement, TflmError } from '../processes/tflm/types';
import { TFLM_ALLOCATION_CATEGORIES } from '../processes/tflm/types';
import type { TflmKernels } from '../processes/tflm/wasmModule';
import { TFLM_RUNTIME } from '../processes/tflm/wasmModule';
import { ProcessError } from '../processes/rpc/processError';

/** The engine's name for a profile's kernel build. */
export function engineKernels(k: TflmKernelVariant): TflmKernels {
  return k === 'cmsis-nn' ? 'cmsis_nn' : 'reference';
}

/** Where TFLM failed, on a .tflite model: TFLM's subgraph and operator index are the model's graph and node. */
function nodeAt(e: TflmError): TflmNodeAt | undefined {
  const n = e.node;
  if (!n || n.index < 0 || n.subgraph < 0) return undefined;
  return { graph: n.subgraph, node: n.index, how: n.how, ...(n.opName ? { opName: n.opName } : {}) };
}

/** TFLM's errors that are not about the model: no verdict, only "no answer". */
const NOT_A_VERDICT = new Set(['load-failed', 'out-of-memory', 'bad-input']);

/** The worker's answer as the core's TflmAnswer. */
export function toAnswer(r: Timed<TflmArenaMeasurement>, kernels: TflmKernelVariant, at: (e: TflmError) => TflmNodeAt | undefined = nodeAt): TflmAnswer {
  const base = { kernels, runtime: TFLM_RUNTIME, millis: r.millis };
  if (r.ok) {
    const v = r.value;
    return {
      ...base, status: 'answered', headBytes: v.headBytes, tailBytes: v.tailBytes, usedBytes: v.usedBytes, minimumArenaBytes: v.minimumArenaBytes,
      resourceVariableSlots: v.resourceVariableSlots,
      categories: TFLM_ALLOCATION_CATEGORIES.map((name) => ({ name, ...v.categories[name] })),
    };
  }
  const e = r.error;
  if (NOT_A_VERDICT.has(e.kind)) return { ...base, status: 'failed', message: e.message };
  const where = at(e);
  // TFLM names a custom op only as "CUSTOM": its custom code comes from the model.
  const custom = e.node?.customCode;
  const message = custom && !e.message.includes(custom) ? `${e.message} (custom op '${custom}')` : e.message;
  return { ...base, status: 'rejected', kind: e.kind, message, log: e.log, ...(where ? { at: where } : {}), ...(e.arenaTooSmall ? { arenaTooSmall: true } : {}) };
}

/** The report with TFLM's answer as its verdict. */
export function attachTflm(report: Report, target: TargetProfile, answer: TflmAnswer): Report {
  return withTflm(report, target, answer);
}

export interface TflmOracleOptions {
  /** Answers kept (least recently used dropped first). */
  maxEntries?: number;
}

export class TflmOracle {
  private readonly answers = new Map<string, Promise<TflmAnswer>>();
  private readonly max: number;
  /** Measurements started (for the log and the tests). */
  runs = 0;

  constructor(private readonly client: () => TflmClient, options: TflmOracleOptions = {}) {
    this.max = options.maxEntries ?? 64;
  }

  /** The cache key: file identity + kernel build; null when the file cannot be read. */
  static key(file: string, kernels: TflmKernelVariant): string | null {
    try {
      const st = fs.statSync(file);
      return JSON.stringify([path.resolve(file), st.mtimeMs, st.size, kernels]);
    } catch {
      return null;
    }
  }

  /** TFLM's answer for `file` on `target` (cached); rejects only when cancelled (then nothing is cached). */
  answer(file: string, target: TargetProfile, options: TflmRequestOptions = {}): Promise<TflmAnswer> {
    const kernels = tflmKernelsOf(target);
    const key = TflmOracle.key(file, kernels);
    const cached = key ? this.answers.get(key) : undefined;
    if (key && cached) {
      this.answers.delete(key);
      this.answers.set(key, cached);
      return cached;
    }
    const p = this.compute(path.resolve(file), kernels, options);
    if (key) {
      this.answers.set(key, p);
      // A cancelled or failed run is not an answer to keep.
      p.then((a) => { if (a.status === 'failed') this.answers.delete(key); }, () => this.answers.delete(key));
      while (this.answers.size > this.max) this.answers.delete(this.answers.keys().next().value!);
    }
    return p;
  }

  /** The cached answer, if there is one and the file is unchanged (no run). */
  peek(file: string, target: TargetProfile): Promise<TflmAnswer> | undefined {
    const key = TflmOracle.key(file, tflmKernelsOf(target));
    return key ? this.answers.get(key) : undefined;
  }

  clear(): void {
    this.answers.clear();
  }

  private async compute(file: string, kernels: TflmKernelVariant, options: TflmRequestOptions): Promise<TflmAnswer> {
    this.runs++;
    const t0 = performance.now();
    try {
      return toAnswer(await this.client().measure({ file }, engineKernels(kernels), options), kernels);
    } catch (e) {
      if (e instanceof ProcessError && e.kind === 'cancelled') throw e;
      return { kernels, runtime: TFLM_RUNTIME, millis: performance.now() - t0, status: 'failed', message: errorText(e) };
    }
  }
}
