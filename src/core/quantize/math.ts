// INT8 quantization arithmetic shared by the weight analysis, the calibration and the QDQ writer:
// scale/zero-point choice, fake quantization and the signal-to-quantization-noise ratio.
// Pure: no Node or VS Code APIs.

import type { DType } from '../ir/dtype';

/** symmetric: zero point 0, range [-127, 127]; asymmetric: [min, max] (0 included) mapped onto 256 levels. */
export type QuantScheme = 'symmetric' | 'asymmetric';
export type Granularity = 'per-tensor' | 'per-channel';

/** An affine quantization: real = scale[c] * (q - zeroPoint[c]), per tensor (one entry) or per channel along `axis`. */
export interface QuantParams {
  scale: number[];
  zeroPoint: number[];
  axis?: number;
  /** The integer type the values are stored in. */
  type: 'int8' | 'uint8';
}

/** SQNR is capped here (an exact quantization would be +Infinity, which JSON cannot carry). */
export const MAX_SQNR_DB = 150;

/** Decodes the raw little-endian bytes of a float tensor (float32, float16, float64) into float32. */
export function floatsOf(bytes: Uint8Array, dtype: DType): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Little-endian hosts (all Node targets): the bytes are the array, copied in one go.
  if (dtype === 'float32' && LITTLE_ENDIAN) return new Float32Array(bytes.slice(0, bytes.byteLength & ~3).buffer);
  if (dtype === 'float32') {
    const out = new Float32Array(bytes.byteLength >> 2);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  if (dtype === 'float64') {
    const out = new Float32Array(bytes.byteLength >> 3);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
    return out;
  }
  if (dtype === 'float16') {
    const out = new Float32Array(bytes.byteLength >> 1);
    for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
    return out;
  }
  throw new Error(`not a float tensor: ${dtype}`);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Rounds to the nearest float16 value (round half to even), returned as a float. The reference for roundFloat32ToHalf. */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  const step = 2 ** (e - 10);
  return Math.sign(x) * roundHalfEven(a / step) * step;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * roundToHalf for a float32 value, on its bits (no log2 or power per value): the same result,
 * 20× faster on a weight tensor. Normal halves keep 10 of float32's 23 mantissa bits (the 13
 * dropped ones rounded half to even, a carry moving into the exponent as it should); below 2^-14
 * halves are subnormal, multiples of 2^-24, rounded as roundToHalf does.
 */
export function roundFloat32ToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const abs = bits & 0x7fffffff;
  if (abs === 0 || abs >= 0x7f800000) return f32[0]!; // ±0, ±Infinity, NaN
  if (abs < 0x38800000) {
    // |x| < 2^-14: the half is subnormal (step 2^-24).
    const a = Math.abs(f32[0]!) * 16777216;
    const r = roundHalfEven(a) / 16777216;
    return bits >>> 31 ? -r : r;
  }
  const dropped = abs & 0x1fff;
  let kept = abs - dropped;
  if (dropped > 0x1000 || (dropped === 0x1000 && (kept & 0x2000) !== 0)) kept += 0x2000;
  // 65504 is the largest half; anything that rounds above it overflows (roundToHalf: |x| >= 65520).
  if (kept > 0x477fe000) return bits >>> 31 ? -Infinity : Infinity;
  u32[0] = (bits & 0x80000000) | kept;
  return f32[0]!;
}

export function roundHalfEven(x: number): number {
  // Math.round rounds halves up (towards +∞): a tie lands exactly 0.5 above x; keep it only if even.
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Scale and zero point for one range. Symmetric uses [-127, 127] (int8); asymmetric uses all 256 levels of `type`. */
export function paramsForRange(min: number, max: number, scheme: QuantScheme, type: 'int8' | 'uint8'): { scale: number; zeroPoint: number } {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  if (scheme === 'symmetric') {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    const scale = m > 0 ? m / 127 : 1;
    return { scale, zeroPoint: type === 'uint8' ? 128 : 0 };
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const qmin = type === 'uint8' ? 0 : -128;
  const zeroPoint = Math.min(qmin + 255, Math.max(qmin, Math.round(qmin - lo / scale)));
  return { scale, zeroPoint };
}

export function qRange(type: 'int8' | 'uint8', scheme: QuantScheme): [number, number] {
  if (type === 'uint8') return [0, 255];
  return scheme === 'symmetric' ? [-127, 127] : [-128, 127];
}

/** Channel index of flat element i for a tensor of `shape` split along `axis`. */
export function channelLayout(shape: number[], axis: number): { channels: number; inner: number } {
  const channels = shape[axis] ?? 1;
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  return { channels, inner };
}

/** Chooses weight quantization parameters from the values (min/max per tensor or per channel). */
export function weightParams(values: Float32Array, shape: number[], granularity: Granularity, scheme: QuantScheme, axis: number, type: 'int8' | 'uint8' = 'int8'): QuantParams {
  if (granularity === 'per-tensor' || shape.length === 0) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (values.length === 0) { lo = 0; hi = 0; }
    const p = paramsForRange(lo, hi, scheme, type);
    return { scale: [p.scale], zeroPoint: [p.zeroPoint], type };
  }
  const { channels, inner } = channelLayout(shape, axis);
  const lo = new Float64Array(channels).fill(Infinity);
  const hi = new Float64Array(channels).fill(-Infinity);
  for (let start = 0, block = 0; start < values.length; start += inner, block++) {
    const c = block % channels;
    let l = lo[c]!, h = hi[c]!;
    const end = Math.min(values.length, start + inner);
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (v < l) l = v;
      if (v > h) h = v;
    }
    lo[c] = l;
    hi[c] = h;
  }
  const scale: number[] = [], zeroPoint: number[] = [];
  for (let c = 0; c < channels; c++) {
    const p = paramsForRange(Number.isFinite(lo[c]!) ? lo[c]! : 0, Number.isFinite(hi[c]!) ? hi[c]! : 0, scheme, type);
    scale.push(p.scale);
    zeroPoint.push(p.zeroPoint);
  }
  return { scale, zeroPoint, axis, type };
}

/** Quantizes `values` to integers with `p` (scheme decides the clamp range). */
export function quantizeValues(values: Float32Array, shape: number[], p: QuantParams, scheme: QuantScheme): Int32Array {
  const [qmin, qmax] = qRange(p.type, scheme);
  const { channels, inner } = p.axis === undefined ? { channels: 1, inner: values.length } : channelLayout(shape, p.axis);
  const out = new Int32Array(values.length);
  // Channel by channel (no per-element division to find the channel: 10× on large weights).
  for (let start = 0, block = 0; start < values.length; start += inner, block++) {
    const c = block % channels;
    const scale = p.scale[c]!;
    const zp = p.zeroPoint[c]!;
    const end = Math.min(values.length, start + inner);
    for (let i = start; i < end; i++) {
      const q = roundHalfEven(values[i]! / scale) + zp;
      out[i] = q < qmin ? qmin : q > qmax ? qmax : q;
    }
  }
  return out;
}

/** SQNR in dB from the summed squares of the signal and of the error (capped at MAX_SQNR_DB). */
function sqnrOfSums(signal: number, noise: number): number {
  if (noise === 0) return MAX_SQNR_DB;
  if (signal === 0) return 0;
  return Math.min(MAX_SQNR_DB, 10 * Math.log10(signal / noise));
}

/** Signal-to-quantization-noise ratio in dB of `approx` against `exact` (capped at MAX_SQNR_DB). */
export function sqnrDb(exact: ArrayLike<number>, approx: ArrayLike<number>): number {
  let signal = 0, noise = 0;
  for (let i = 0; i < exact.length; i++) {
    const x = exact[i]!;
    const d = x - approx[i]!;
    signal += x * x;
    noise += d * d;
  }
  return sqnrOfSums(signal, noise);
}

/**
 * SQNR of quantizing then dequantizing `values` with the given choice (parameters chosen from the
 * values), in one pass and without intermediate arrays: the same arithmetic as weightSqnrReference
 * (each dequantized value rounded to float32 as that one stores it, sums in the same order), so
 * the same number to the last bit.
 */
export function weightSqnr(values: Float32Array, shape: number[], granularity: Granularity, scheme: QuantScheme, axis: number): number {
  const p = weightParams(values, shape, granularity, scheme, axis);
  const [qmin, qmax] = qRange(p.type, scheme);
  const { channels, inner } = p.axis === undefined ? { channels: 1, inner: values.length } : channelLayout(shape, p.axis);
  let signal = 0, noise = 0;
  for (let start = 0, block = 0; start < values.length; start += inner, block++) {
    const c = block % channels;
    const scale = p.scale[c]!;
    const zp = p.zeroPoint[c]!;
    const end = Math.min(values.length, start + inner);
    for (let i = start; i < end; i++) {
      const x = values[i]!;
      let q = roundHalfEven(x / scale) + zp;
      q = q < qmin ? qmin : q > qmax ? qmax : q;
      const d = x - Math.fround((q - zp) * scale);
      signal += x * x;
      noise += d * d;
    }
  }
  return sqnrOfSums(signal, noise);
}

/** weightSqnr as quantize → dequantize → sqnrDb over whole arrays (the definition; tests compare the two). */
export function weightSqnrReference(values: Float32Array, shape: number[], granularity: Granularity, scheme: QuantScheme, axis: number): number {
  const p = weightParams(values, shape, granularity, scheme, axis);
  const q = quantizeValues(values, shape, p, scheme);
  const { channels, inner } = p.axis === undefined ? { channels: 1, inner: values.length } : channelLayout(shape, p.axis);
  const approx = new Float32Array(values.length);
  for (let start = 0, block = 0; start < values.length; start += inner, block++) {
    const c = block % channels;
    const scale = p.scale[c]!;
    const zp = p.zeroPoint[c]!;
    const end = Math.min(values.length, start + inner);
    for (let i = start; i < end; i++) approx[i] = (q[i]! - zp) * scale;
  }
  return sqnrDb(values, approx);
}

export function fp16Sqnr(values: Float32Array): number {
  let signal = 0, noise = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const d = x - roundFloat32ToHalf(x);
    signal += x * x;
    noise += d * d;
  }
  return sqnrOfSums(signal, noise);
}
