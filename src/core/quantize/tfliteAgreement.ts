// An int8 TFLite model against a float reference of the same model (its float .tflite conversion),
// both run in TensorFlow Lite Micro: the values that go in (drawn from the int8 model's own input
// range — the range its converter calibrated — and quantized with its input scale and zero point)
// and the real numbers that come out (each output dequantized with its own parameters). Pure: the
// job (src/jobs/tfliteQuantizePreview.ts) runs the models and hands the bytes here.

import type { OutputAgreement } from './agreement';

/** What a TFLite tensor's bytes mean: element type and affine quantization (scale 0: not quantized). */
export interface TfliteTensorFormat {
  type: string;
  shape: number[];
  bytes: number;
  scale: number;
  zeroPoint: number;
}

const INT_RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767] };

function view(data: Uint8Array, type: string): ArrayLike<number> {
  const buf = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  switch (type) {
    case 'float32': return new Float32Array(buf);
    case 'int8': return new Int8Array(buf);
    case 'uint8': return new Uint8Array(buf);
    case 'int16': return new Int16Array(buf);
    case 'int32': return new Int32Array(buf);
    default: throw new Error(`a ${type} tensor cannot be compared as real numbers`);
  }
}

/** The real numbers a tensor holds: float32 as is, integers through scale and zero point. */
export function realValues(data: Uint8Array, format: TfliteTensorFormat): Float64Array {
  const v = view(data, format.type);
  const out = new Float64Array(v.length);
  const quantized = format.type !== 'float32' && format.scale > 0;
  for (let i = 0; i < v.length; i++) out[i] = quantized ? (v[i]! - format.zeroPoint) * format.scale : v[i]!;
  return out;
}

/** The real range an input covers: a quantized input's representable range (its calibration range), else [-1, 1). */
export function inputRange(format: TfliteTensorFormat): [number, number] {
  const r = INT_RANGE[format.type];
  if (r && format.scale > 0) return [(r[0] - format.zeroPoint) * format.scale, (r[1] - format.zeroPoint) * format.scale];
  return [-1, 1];
}

/** Real numbers written as the tensor stores them (quantized with round-to-nearest and clamped, or float32). */
export function encodeValues(values: ArrayLike<number>, format: TfliteTensorFormat): Uint8Array {
  if (format.type === 'float32') return new Uint8Array(Float32Array.from(values).buffer);
  const r = INT_RANGE[format.type];
  if (!r || !(format.scale > 0)) throw new Error(`an input of type ${format.type} without quantization cannot be fed real numbers`);
  const q = Array.from(values, (x) => Math.min(r[1], Math.max(r[0], Math.round(x / format.scale) + format.zeroPoint)));
  const typed = format.type === 'int8' ? Int8Array.from(q) : format.type === 'uint8' ? Uint8Array.from(q) : Int16Array.from(q);
  return new Uint8Array(typed.buffer);
}

function elements(shape: number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Why the two models cannot be compared input for input and output for output (null: they can). */
export function mismatch(int8: { inputs: TfliteTensorFormat[]; outputs: TfliteTensorFormat[] }, reference: { inputs: TfliteTensorFormat[]; outputs: TfliteTensorFormat[] }): string | null {
  if (int8.inputs.length !== reference.inputs.length) return `the int8 model has ${int8.inputs.length} input(s), the reference ${reference.inputs.length}`;
  if (int8.outputs.length !== reference.outputs.length) return `the int8 model has ${int8.outputs.length} output(s), the reference ${reference.outputs.length}`;
  for (const [kind, a, b] of [['input', int8.inputs, reference.inputs], ['output', int8.outputs, reference.outputs]] as const) {
    for (let i = 0; i < a.length; i++) {
      if (elements(a[i]!.shape) !== elements(b[i]!.shape)) return `${kind} ${i} has shape [${a[i]!.shape.join(', ')}] in the int8 model and [${b[i]!.shape.join(', ')}] in the reference`;
    }
  }
  return null;
}

export interface TfliteQuantizeComparison {
  model: string;
  reference: string;
  /** The TFLM build both ran in. */
  runtime: string;
  samples: number;
  /** How the inputs were made, in words. */
  inputs: string;
  agreement: OutputAgreement[];
  /** Median Invoke wall-clock of each model in TFLM (WebAssembly on this machine: a relative figure). */
  latency: { int8Ms: number; referenceMs: number };
  notes: string[];
}
