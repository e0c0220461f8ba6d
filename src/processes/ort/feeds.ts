// Input values for a model run (pure: no onnxruntime): seeded random tensors from the input
// metadata, .npy / raw files, or given tensors (FeedSpec in protocol.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FeedSpec, OrtDtype, TensorArray, TensorData, TensorInfo } from './protocol';
import { feedFileStem } from './protocol';
import { prng } from '../../core/util/prng';
import { readRegularFile } from '../../core/io/regularFile';


const BYTES: Record<Exclude<OrtDtype, 'string'>, number> = {
  float32: 4, float64: 8, float16: 2, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, bool: 1,
};

export function concreteDims(info: TensorInfo, dims: Record<string, number>): number[] {
  return info.shape.map((d) => (typeof d === 'number' ? d : typeof d === 'string' ? (dims[d] ?? 1) : 1));
}

function alloc(dtype: OrtDtype, n: number): TensorArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'float16': return new Uint16Array(n);
    case 'int8': return new Int8Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'int64': return new BigInt64Array(n);
    case 'uint64': return new BigUint64Array(n);
    case 'string': return new Array<string>(n).fill('');
  }
}

/** float32 → IEEE half bits (round toward zero; enough for test inputs). */
function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | ((x >>> 13) & 0x3ff);
}

export function randomTensor(info: TensorInfo, dims: Record<string, number>, rand: () => number): TensorData {
  const dtype = info.dtype as OrtDtype;
  if (!(dtype in BYTES) && dtype !== 'string') throw new Error(`input '${info.name}' has type ${info.dtype}: random values are not supported`);
  const shape = concreteDims(info, dims);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = alloc(dtype, n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) data[i] = BigInt(Math.floor(r * 10));
    else if (Array.isArray(data)) data[i] = String(Math.floor(r * 10));
    else if (dtype === 'float32' || dtype === 'float64') data[i] = r * 2 - 1;
    else if (dtype === 'float16') data[i] = toHalf(r * 2 - 1);
    else if (dtype === 'bool') data[i] = r < 0.5 ? 0 : 1;
    else data[i] = Math.floor(r * 10);
  }
  return { dtype, dims: shape, data };
}

const NPY_DTYPES: Record<string, OrtDtype> = {
  f4: 'float32', f8: 'float64', f2: 'float16', i1: 'int8', u1: 'uint8', b1: 'bool', i2: 'int16', u2: 'uint16',
  i4: 'int32', u4: 'uint32', i8: 'int64', u8: 'uint64',
};

function view(dtype: OrtDtype, bytes: Uint8Array): TensorArray {
  // An exact-size copy: `bytes` may be a view into a larger (or pooled) buffer, and Buffer#slice does not copy.
  const b = new Uint8Array(bytes).buffer;
  switch (dtype) {
    case 'float32': return new Float32Array(b);
    case 'float64': return new Float64Array(b);
    case 'float16': case 'uint16': return new Uint16Array(b);
    case 'int8': return new Int8Array(b);
    case 'uint8': case 'bool': return new Uint8Array(b);
    case 'int16': return new Int16Array(b);
    case 'int32': return new Int32Array(b);
    case 'uint32': return new Uint32Array(b);
    case 'int64': return new BigInt64Array(b);
    case 'uint64': return new BigUint64Array(b);
    case 'string': throw new Error('string tensors cannot be read from raw files');
  }
}

/** Parses a little-endian, C-order .npy file (format 1.x/2.x/3.x). */
export function parseNpy(buf: Uint8Array): TensorData {
  if (buf.length < 10 || buf[0] !== 0x93 || String.fromCharCode(...buf.subarray(1, 6)) !== 'NUMPY') throw new Error('not a .npy file');
  const major = buf[6]!;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = major >= 2 ? dv.getUint32(8, true) : dv.getUint16(8, true);
  const start = major >= 2 ? 12 : 10;
  const header = new TextDecoder().decode(buf.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([<>|=]?)([a-z])(\d+)'/.exec(header);
  if (!descr) throw new Error(`.npy header without a dtype: ${header.trim()}`);
  if (descr[1] === '>') throw new Error('.npy files in big-endian order are not supported');
  const dtype = NPY_DTYPES[`${descr[2]}${descr[3]}`];
  if (!dtype) throw new Error(`.npy dtype '${descr[2]}${descr[3]}' is not supported`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('.npy files in Fortran order are not supported');
  const shapeM = /'shape':\s*\(([^)]*)\)/.exec(header);
  const dims = (shapeM?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const n = dims.reduce((a, b) => a * b, 1);
  const body = buf.subarray(start + headerLen, start + headerLen + n * BYTES[dtype as Exclude<OrtDtype, 'string'>]);
  return { dtype, dims, data: view(dtype, body) };
}

/** Room for a .npy header beyond the input's data (the format pads headers to 64 bytes; they are short). */
const NPY_HEADER_ALLOWANCE = 64 * 1024;

/**
 * An input's file from a feeds folder. Only regular files are read (a FIFO named x.npy would block
 * this process forever), and none larger than the input it feeds: its size is known from the
 * model's input metadata before a byte is read.
 */
function readFeedFile(dir: string, info: TensorInfo, dims: Record<string, number>): TensorData | null {
  const stem = path.join(dir, feedFileStem(info.name));
  const dtype = info.dtype as OrtDtype;
  const shape = concreteDims(info, dims);
  const expected = shape.reduce((a, b) => a * b, 1) * (BYTES[dtype as Exclude<OrtDtype, 'string'>] ?? 0);
  if (fs.existsSync(`${stem}.npy`)) {
    const t = parseNpy(readRegularFile(`${stem}.npy`, expected + NPY_HEADER_ALLOWANCE, `the input file of '${info.name}'`));
    if (t.dtype !== info.dtype) throw new Error(`${stem}.npy holds ${t.dtype}, input '${info.name}' is ${info.dtype}`);
    return t;
  }
  for (const ext of ['.bin', '.raw']) {
    if (!fs.existsSync(stem + ext)) continue;
    const bytes = readRegularFile(stem + ext, expected, `the input file of '${info.name}'`);
    if (bytes.length !== expected) throw new Error(`${stem}${ext} has ${bytes.length} bytes, input '${info.name}' (${dtype} [${shape.join(', ')}]) needs ${expected}`);
    return { dtype, dims: shape, data: view(dtype, bytes) };
  }
  return null;
}

/** The feeds of one run; throws with a clear message when a file is missing or does not fit. */
export function makeFeeds(inputs: TensorInfo[], spec: FeedSpec, dims: Record<string, number>): Record<string, TensorData> {
  const rand = prng(spec.seed ?? 1);
  const feeds: Record<string, TensorData> = {};
  for (const info of inputs) {
    if (spec.kind === 'tensors' && spec.tensors[info.name]) feeds[info.name] = spec.tensors[info.name]!;
    else if (spec.kind === 'dir') {
      const t = readFeedFile(spec.dir, info, dims);
      if (!t) throw new Error(`no input file for '${info.name}' in ${spec.dir} (expected ${feedFileStem(info.name)}.npy, .bin or .raw)`);
      feeds[info.name] = t;
    } else feeds[info.name] = randomTensor(info, dims, rand);
  }
  return feeds;
}
