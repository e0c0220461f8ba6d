// The lazy weight accessor of an ONNX model: bytes are read only when an analysis asks for one
// tensor, and ONNX's typed fields (float_data, int32_data, ...) are converted to the raw
// little-endian layout of the tensor's dtype so callers see one format whatever the file used.

import * as fs from 'node:fs';
import { dtypeBits, dtypeBytes, type DType } from '../ir/dtype';
import type { ByteSource } from '../io/byteSource';
import { noteFileRead } from '../io/readMeter';
import { openRegularFile } from '../io/regularFile';
import { ExternalFiles } from './externalFiles';
import type { DataLocation, Graph, WeightAccessor } from '../ir/model';

export class OnnxWeights implements WeightAccessor {
  /** External data files kept open while a phase holds them (holdFilesOpen); null otherwise. */
  private held: ExternalFiles | null = null;
  private holds = 0;

  /** `withSource` runs a read against the model bytes (the caller's source, or the file reopened). */
  constructor(
    private readonly graphs: () => Graph[],
    private readonly withSource: <T>(use: (source: ByteSource) => T) => T,
    private readonly label: string,
  ) {}

  holdFilesOpen(): () => void {
    this.held ??= new ExternalFiles();
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Counted, so that a read outside the phase (the worker serves other requests while a
      // scan waits between tensors) may hold too without closing the phase's files under it.
      if (--this.holds === 0) {
        this.held?.close();
        this.held = null;
      }
    };
  }

  read(graph: number, tensorName: string): Uint8Array {
    const t = this.graphs()[graph]?.tensors.get(tensorName);
    if (!t) throw new Error(`${this.label}: graph ${graph} has no tensor '${tensorName}'`);
    if (!t.data) throw new Error(`${this.label}: tensor '${tensorName}' has no data in the model`);
    const elements = (t.shape ?? []).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
    return decodeLocation(t.data, t.dtype, elements, this.withSource, `${this.label}: tensor '${tensorName}'`, this.held);
  }

  readRange(offset: number, length: number): Uint8Array {
    return this.withSource((source) => {
      const b = source.read(offset, length);
      if (b.length < length) throw new Error(`${this.label}: data runs past the end of the file`);
      return new Uint8Array(b);
    });
  }

  readSlice(graph: number, tensorName: string, byteOffset: number, length: number, scratch?: Uint8Array): Uint8Array | null {
    const t = this.graphs()[graph]?.tensors.get(tensorName);
    const loc = t?.data;
    if (!loc) return null;
    const what = `${this.label}: tensor '${tensorName}'`;
    const encoding = loc.kind === 'external' ? 'raw' : loc.encoding;
    // float_data / double_data are packed little-endian floats: the raw layout. Varints are not.
    if (encoding !== 'raw' && encoding !== 'packed-float32' && encoding !== 'packed-float64') return null;
    const size = loc.kind === 'inline' ? loc.bytes.byteLength : loc.length ?? Number.POSITIVE_INFINITY;
    if (byteOffset < 0 || length < 0 || byteOffset + length > size) throw new Error(`${what}: slice [${byteOffset}, ${byteOffset + length}) is outside its ${size} bytes`);
    if (loc.kind === 'inline') return loc.bytes.subarray(byteOffset, byteOffset + length);
    if (loc.kind === 'external') return readExternal(loc.file, loc.offset + byteOffset, length, what, scratch, this.held);
    return this.withSource((source) => {
      const b = source.read(loc.offset + byteOffset, length);
      if (b.length < length) throw new Error(`${what}: data runs past the end of the file`);
      return b;
    });
  }
}

export function decodeLocation(
  loc: DataLocation, dtype: DType, elements: number,
  withSource: <T>(use: (source: ByteSource) => T) => T, what: string, files: ExternalFiles | null = null,
): Uint8Array {
  let bytes: Uint8Array;
  if (loc.kind === 'inline') bytes = new Uint8Array(loc.bytes);
  else if (loc.kind === 'embedded' && loc.held) bytes = new Uint8Array(loc.held);
  else if (loc.kind === 'external') bytes = readExternal(loc.file, loc.offset, loc.length, what, undefined, files);
  else {
    bytes = withSource((source) => {
      const b = source.read(loc.offset, loc.length);
      if (b.length < loc.length) throw new Error(`${what}: data runs past the end of the file`);
      // A file read is a fresh array: no copy. An in-memory source hands out a view of its bytes,
      // which is copied so that no caller can write into the model it was given.
      return b.buffer.byteLength === b.byteLength && !(b instanceof Buffer) ? b : new Uint8Array(b);
    });
  }
  const encoding = loc.kind === 'external' ? 'raw' : loc.encoding;
  switch (encoding) {
    case 'raw':
      return bytes;
    case 'packed-float32':
      if (dtype !== 'float32' && dtype !== 'complex64') throw new Error(`${what}: float_data used for ${dtype}`);
      return bytes;
    case 'packed-float64':
      if (dtype !== 'float64' && dtype !== 'complex128') throw new Error(`${what}: double_data used for ${dtype}`);
      return bytes;
    case 'packed-varint':
      return varintsToRaw(bytes, dtype, elements, what);
    case 'strings':
      throw new Error(`${what}: string tensors have no raw byte layout`);
  }
}

/**
 * `scratch` (at least `length` bytes): read into it and a view of it returned, instead of a new
 * array. `files`: the held descriptors of a weight phase, used (and left open) instead of opening
 * and closing the file around this one read.
 */
function readExternal(file: string, offset: number, length: number | null, what: string, scratch?: Uint8Array, files: ExternalFiles | null = null): Uint8Array {
  // The length is the entry's own or the tensor's declared size; with neither, nothing is read.
  if (length === null) throw new Error(`${what}: external data has no length and the tensor no known size; not read`);
  const fd = files ? files.fd(file) : openRegularFile(file).fd;
  try {
    const size = length;
    const out = scratch && scratch.byteLength >= size ? scratch.subarray(0, size) : new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = fs.readSync(fd, out, done, size - done, offset + done);
      if (n === 0) throw new Error(`${what}: external file ${file} ends before byte ${offset + size}`);
      done += n;
    }
    noteFileRead(file, offset, done);
    return out;
  } finally {
    if (!files) fs.closeSync(fd);
  }
}

/**
 * int32_data / int64_data / uint64_data hold one varint per element (per two elements for 4-bit
 * types, already packed low nibble first); 16-bit floats are stored as their bit patterns.
 */
function varintsToRaw(src: Uint8Array, dtype: DType, elements: number, what: string): Uint8Array {
  const bits = dtypeBits(dtype);
  const size = Number.isSafeInteger(elements) ? dtypeBytes(dtype, elements) : null;
  if (bits === 0 || size === null) throw new Error(`${what}: cannot lay out ${dtype} data`);
  const width = bits <= 8 ? 1 : bits / 8;
  // Each varint is at least one byte, so a claimed size beyond this is a corrupt tensor, not an allocation to make.
  if (size > src.length * width) throw new Error(`${what}: ${src.length} bytes of varints cannot hold ${elements} ${dtype} elements`);
  const out = new Uint8Array(size);
  let at = 0;
  let i = 0;
  while (i < src.length) {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let b: number;
    do {
      if (i >= src.length || shift > 63) throw new Error(`${what}: malformed varint in typed data`);
      b = src[i++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
    } while (b >= 0x80);
    if (at + width > size) throw new Error(`${what}: typed data holds more than ${elements} elements`);
    for (let k = 0; k < width; k++) out[at + k] = k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
    at += width;
  }
  if (at !== size) throw new Error(`${what}: typed data holds ${at / width} values, expected ${size / width}`);
  return out;
}
