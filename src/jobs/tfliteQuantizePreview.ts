// The quantization preview of a TFLite model: a .tflite that is already int8 has nothing left to
// quantize, so the question is how far its outputs are from the float model's. Both run in
// TensorFlow Lite Micro (its worker thread) on the same real-valued inputs — drawn uniformly from
// the int8 model's input range and quantized with its input parameters — and every output is
// compared as real numbers (src/core/quantize/agreement.ts). The reference is the float .tflite of
// the same model; comparing with an ONNX source (other layout, other runtime) is not done here.
// No vscode: the CLI (`deploylens quantize model.tflite --reference float.tflite`) uses it.

import * as path from 'node:path';
import { outputAgreement } from '../core/quantize/agreement';
import type { TfliteQuantizeComparison, TfliteTensorFormat } from '../core/quantize/tfliteAgreement';
import { encodeValues, inputRange, mismatch, realValues } from '../core/quantize/tfliteAgreement';
import type { TflmKernelVariant } from '../core/targets/profile';
import { prng } from '../core/util/prng';
import type { TflmClient, TflmRequestOptions } from '../processes/tflm/client';
import type { TflmTensorInfo } from '../processes/tflm/types';
import { TFLM_RUNTIME } from '../processes/tflm/wasmModule';
import { engineKernels } from './tflmOracle';

export interface TfliteQuantizeOptions {
  model: string;
  reference: string;
  samples?: number;
  kernels?: TflmKernelVariant;
  seed?: number;
  /** Called after each input ran through both models (the panel's progress). */
  onSample?: (done: number, total: number) => void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

async function tensorsOf(client: TflmClient, file: string, kernels: TflmKernelVariant, request: TflmRequestOptions): Promise<{ inputs: TflmTensorInfo[]; outputs: TflmTensorInfo[] }> {
  for (let arena = 1 << 20; ; arena *= 4) {
    const r = await client.allocate({ file }, engineKernels(kernels), arena, request);
    if (r.ok) return r.value;
    if (!r.error.arenaTooSmall || arena >= 256 << 20) throw new Error(`TensorFlow Lite Micro cannot run ${path.basename(file)}: ${r.error.message}`);
  }
}

export async function compareWithReference(client: TflmClient, options: TfliteQuantizeOptions, request: TflmRequestOptions = {}): Promise<TfliteQuantizeComparison> {
  const kernels = options.kernels ?? 'cmsis-nn';
  const samples = options.samples ?? 16;
  const [int8, ref] = [await tensorsOf(client, options.model, kernels, request), await tensorsOf(client, options.reference, kernels, request)];
  const why = mismatch(int8 as { inputs: TfliteTensorFormat[]; outputs: TfliteTensorFormat[] }, ref as { inputs: TfliteTensorFormat[]; outputs: TfliteTensorFormat[] });
  if (why) throw new Error(`${path.basename(options.reference)} is not a float version of ${path.basename(options.model)}: ${why}`);
  const rand = prng(options.seed ?? 1);
  const outInt8: Float64Array[][] = int8.outputs.map(() => []);
  const outRef: Float64Array[][] = ref.outputs.map(() => []);
  const ms = { int8: [] as number[], ref: [] as number[] };
  for (let s = 0; s < samples; s++) {
    const real = int8.inputs.map((t) => {
      const [lo, hi] = inputRange(t);
      return Float64Array.from({ length: t.bytes / Math.max(1, bytesPer(t.type)) }, () => lo + rand() * (hi - lo));
    });
    const a = await client.run({ file: options.model }, engineKernels(kernels), { invokes: 1, inputs: { kind: 'given', data: real.map((v, i) => encodeValues(v, int8.inputs[i]!)) } }, request);
    const b = await client.run({ file: options.reference }, engineKernels(kernels), { invokes: 1, inputs: { kind: 'given', data: real.map((v, i) => encodeValues(v, ref.inputs[i]!)) } }, request);
    if (!a.ok) throw new Error(`TensorFlow Lite Micro cannot run ${path.basename(options.model)}: ${a.error.message}`);
    if (!b.ok) throw new Error(`TensorFlow Lite Micro cannot run ${path.basename(options.reference)}: ${b.error.message}`);
    a.value.outputs.forEach((o, i) => outInt8[i]!.push(realValues(o.data, o)));
    b.value.outputs.forEach((o, i) => outRef[i]!.push(realValues(o.data, o)));
    ms.int8.push(a.value.invocations[0]!.ms);
    ms.ref.push(b.value.invocations[0]!.ms);
    options.onSample?.(s + 1, samples);
  }
  const agreement = int8.outputs.map((o, i) => outputAgreement(`output ${i}`, outRef[i]!, outInt8[i]!, o.shape.length > 0 ? o.shape[o.shape.length - 1]! : null));
  const ranges = int8.inputs.map((t, i) => { const [lo, hi] = inputRange(t); return `input ${i} uniform in [${lo.toPrecision(4)}, ${hi.toPrecision(4)}]`; });
  return {
    model: options.model, reference: options.reference,
    runtime: `${TFLM_RUNTIME}, ${kernels} kernels`,
    samples,
    inputs: `${ranges.join('; ')} (the int8 model's input range), quantized with its input scale and zero point for the int8 model`,
    agreement,
    latency: { int8Ms: median(ms.int8), referenceMs: median(ms.ref) },
    notes: [
      'Both models ran in TensorFlow Lite Micro\'s own kernels (WebAssembly on this machine; the same outputs as native TFLM on the shared int8 models, test/tflm-native.test.ts); the latencies are relative, not device times.',
      // The cosine of two one-element vectors is ±1: it says only whether the signs agree.
      ...int8.outputs.flatMap((o, i) => (o.shape.reduce((a, d) => a * d, 1) === 1 ? [`output ${i} is one value per input: its cosine only says whether the signs agree; read its errors and SQNR.`] : [])),
    ],
  };
}

function bytesPer(type: string): number {
  return type === 'float32' || type === 'int32' ? 4 : type === 'int16' ? 2 : 1;
}
