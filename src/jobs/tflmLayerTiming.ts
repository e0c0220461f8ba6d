// Times a TFLite model per layer in TensorFlow Lite Micro itself: TFLM runs in its worker
// (src/processes/tflm) with deterministic random inputs, warm-up + measured invokes, and its
// per-op profiler events are mapped onto the model's report (src/core/layerTiming/tflmTiming.ts).
// No vscode: the CLI (`deploylens profile model.tflite`) and the Profile Layers panel use it.

import { prepareModel, reportFor } from '../core/analyze';
import type { LayerTiming } from '../core/layerTiming/layerTiming';
import { tflmLayerTiming } from '../core/layerTiming/tflmTiming';
import { readModelFile } from '../core/readModel';
import type { Report } from '../core/report/report';
import type { TargetProfile, TflmKernelVariant } from '../core/targets/profile';
import { tflmKernelsOf } from '../core/targets/profile';
import type { TflmClient, TflmRequestOptions } from '../processes/tflm/client';
import { engineKernels } from './tflmOracle';

export interface TflmLayerTimingOptions {
  model: string;
  runs: number;
  warmup: number;
  /** Kernel build; default: the target's (tflm.kernels), else CMSIS-NN. */
  kernels?: TflmKernelVariant;
  /** Target of the static estimates (ignored when `report` is given). */
  target?: TargetProfile;
  report?: Report;
  seed?: number;
}

/** TFLM's kernels for a target: its own on a TFLite Micro target, CMSIS-NN otherwise. */
export function timingKernels(target: TargetProfile | undefined): TflmKernelVariant {
  return target?.runtime === 'tflite-micro' ? tflmKernelsOf(target) : 'cmsis-nn';
}

export async function timeLayersInTflm(client: TflmClient, options: TflmLayerTimingOptions, request: TflmRequestOptions = {}): Promise<LayerTiming> {
  const kernels = options.kernels ?? timingKernels(options.target);
  const r = await client.run({ file: options.model }, engineKernels(kernels), { invokes: options.warmup + options.runs, inputs: { kind: 'random', seed: options.seed ?? 1 } }, request);
  if (!r.ok) {
    const where = r.error.node ? ` (operator ${r.error.node.index}${r.error.node.opName ? ` ${r.error.node.opName}` : ''})` : '';
    throw new Error(`TensorFlow Lite Micro cannot run this model${where}: ${r.error.message}`);
  }
  const report = options.report ?? reportFor(prepareModel(readModelFile(options.model).model), options.target ? [options.target] : [], { weightPhase: false }).report;
  return tflmLayerTiming({ model: options.model, invocations: r.value.invocations, warmup: options.warmup, kernels, report });
}
