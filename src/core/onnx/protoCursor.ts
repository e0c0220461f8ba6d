// A protobuf wire-format cursor over positioned reads. It keeps a small window of the file around
// the walk position and never touches the bytes of a field it skips, so a walk over a model with
// hundreds of MB of weights reads only the structure around them. Every length is checked against
// the end of the enclosing message before it is used, so a hostile length fails fast instead of
// driving an allocation or a loop.

import type { ByteSource } from '../io/byteSource';
import { ModelReadError } from '../ir/errors';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;
/** hi words above this make the 64-bit value exceed Number.MAX_SAFE_INTEGER. */
const SAFE_HI = 0x1fffff;
const utf8 = new TextDecoder('utf-8');

/**
 * Node's Buffer#latin1Slice (what buffer.toString('latin1', a, b) calls after checking its
 * arguments): one string from a byte range, nothing else allocated. Used for ASCII only, where
 * latin1 and UTF-8 agree.
 */
interface Latin1View { latin1Slice(start: number, end: number): string }

export class ProtoCursor {
  /** Absolute file offset of the next byte to parse. */
  pos = 0;
  /** Field number and wire type of the last tag read. */
  field = 0;
  wire = 0;
  /** Offset where the last tag started (for messages about it). */
  tagStart = 0;
  /** The last varint, as unsigned 32-bit halves. */
  lo = 0;
  hi = 0;

  /** Each distinct tensor name read so far, as the one string object `name` returns for it. */
  private readonly names = new Map<string, string>();

  /** Where held() copies go (see there). */
  private slab: Uint8Array = new Uint8Array(0);
  private slabUsed = 0;

  private win: Uint8Array = new Uint8Array(0);
  private winText: Latin1View | null = null;
  private winStart = 0;
  private view: DataView = new DataView(this.win.buffer);

  constructor(readonly source: ByteSource, private readonly chunk = 1024) {}

  get file(): string {
    return this.source.label;
  }

  fail(problem: string, path: string, offset = this.pos): never {
    throw new ModelReadError(this.source.label, problem, { offset, field: path });
  }

  /** Makes [pos, pos + n) addressable in the window. Callers have checked pos + n <= end <= size. */
  private fill(n: number, path: string, sub = ''): void {
    const off = this.pos - this.winStart;
    if (off >= 0 && off + n <= this.win.length) return;
    const len = Math.min(Math.max(n, this.chunk), this.source.size - this.pos);
    const bytes = this.source.read(this.pos, len);
    if (bytes.length < n) this.fail(`file ends after ${this.pos + bytes.length} bytes (truncated?)`, path + sub);
    this.win = bytes;
    this.winText = null;
    this.winStart = this.pos;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Reads a varint that must end before `end` into lo/hi; returns lo. */
  varint(end: number, path: string, sub = ''): number {
    const start = this.pos;
    const avail = Math.min(10, end - start);
    if (avail <= 0) this.fail('expected a varint but the message ends here', path + sub);
    this.fill(avail, path, sub);
    const w = this.win;
    let i = start - this.winStart;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < avail; k++) {
      const b = w[i++]!;
      if (k < 4) lo |= (b & 0x7f) << (7 * k);
      else if (k === 4) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * k - 32);
      if (b < 0x80) {
        this.pos = start + k + 1;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return this.lo;
      }
    }
    return this.fail(avail === 10 ? 'varint longer than 10 bytes' : 'varint runs past the end of its message', path + sub, start);
  }

  /** The last varint as a non-negative safe integer, or null if it does not fit. */
  get unsigned(): number | null {
    return this.hi > SAFE_HI ? null : this.hi * TWO_32 + this.lo;
  }

  /** The last varint as a signed int64 if it is a safe integer, else null. */
  get int64(): number | null {
    if ((this.hi & 0x80000000) === 0) return this.unsigned;
    const lo = (~this.lo + 1) >>> 0;
    const hi = (~this.hi + (lo === 0 ? 1 : 0)) >>> 0;
    return hi > SAFE_HI ? null : -(hi * TWO_32 + lo);
  }

  /** The last varint as a signed int64 rounded to the nearest double (INT64_MAX in Slice ends, ...). */
  get int64Approx(): number {
    return (this.hi | 0) * TWO_32 + this.lo;
  }

  /** The last varint as int32 (protobuf int32/enum fields: the low 32 bits, signed). */
  get int32(): number {
    return this.lo | 0;
  }

  /** Reads a tag; returns false at `end`. */
  tag(end: number, path: string, sub = ''): boolean {
    if (this.pos >= end) return false;
    this.tagStart = this.pos;
    this.varint(end, path, sub);
    if (this.hi !== 0 || this.lo >>> 3 === 0) this.fail('invalid field tag (field number 0 or above 2^29)', path + sub, this.tagStart);
    this.field = this.lo >>> 3;
    this.wire = this.lo & 7;
    return true;
  }

  /** Reads a length prefix and checks that many bytes remain before `end`. */
  length(end: number, path: string, sub = ''): number {
    const at = this.pos;
    this.varint(end, path, sub);
    const n = this.unsigned;
    if (n === null || n > end - this.pos) {
      this.fail(`length ${n ?? 'above 2^53'} exceeds the ${end - this.pos} bytes left in the enclosing message`, path + sub, at);
    }
    return n;
  }

  /** Reads a length prefix and returns where that payload ends (bounds-checked against `end`). */
  subEnd(end: number, path: string, sub = ''): number {
    const n = this.length(end, path, sub);
    return this.pos + n;
  }

  /** `n` bytes at pos (already bounds-checked by the caller), advancing pos. Valid until the next read. */
  bytes(n: number, path: string): Uint8Array {
    if (n > this.chunk) {
      const out = this.source.read(this.pos, n);
      if (out.length < n) this.fail(`file ends after ${this.pos + out.length} bytes (truncated?)`, path);
      this.pos += n;
      return out;
    }
    this.fill(n, path);
    const off = this.pos - this.winStart;
    this.pos += n;
    return this.win.subarray(off, off + n);
  }

  /**
   * A copy of the `n` bytes at pos when the window already holds them (no read), else null; pos
   * does not move. Small constants are kept this way: shape inference then reads no file for them.
   */
  held(n: number): Uint8Array | null {
    const off = this.pos - this.winStart;
    if (off < 0 || off + n > this.win.length) return null;
    // Copied into a shared slab, not one ArrayBuffer each: a decoder has ~4k such constants, and
    // every ArrayBuffer costs a backing store and the GC's sweep of array buffers.
    if (this.slabUsed + n > this.slab.length) {
      this.slab = new Uint8Array(Math.max(4096, n));
      this.slabUsed = 0;
    }
    const out = this.slab.subarray(this.slabUsed, this.slabUsed + n);
    const w = this.win;
    for (let i = 0; i < n; i++) out[i] = w[off + i]!;
    this.slabUsed += n;
    return out;
  }

  /**
   * A length-delimited string of `n` bytes at pos. Short ASCII text (names, op types: almost all
   * of a model's strings) is made straight from the window, with no view or argument list per
   * string; the rest goes through TextDecoder.
   */
  string(n: number, path: string, sub = ''): string {
    if (n === 0) return '';
    if (n <= 48) {
      this.fill(n, path, sub);
      const off = this.pos - this.winStart;
      const w = this.win;
      let ascii = true;
      for (let i = off, e = off + n; i < e; i++) {
        if (w[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        this.pos += n;
        return this.text().latin1Slice(off, off + n);
      }
    }
    return utf8.decode(this.bytes(n, path + sub));
  }

  /** The window as a Buffer (made once per window, when a string is first read from it). */
  private text(): Latin1View {
    this.winText ??= Buffer.from(this.win.buffer, this.win.byteOffset, this.win.byteLength) as unknown as Latin1View;
    return this.winText;
  }

  /**
   * A tensor name: the same string object every time the file repeats it (one node's output is
   * other nodes' input, a value_info, a graph output). The IR then holds one copy of each name, and
   * the many Map lookups by name in linking, lowering and the analyses find their key by identity
   * instead of comparing the text of two equal strings.
   */
  name(n: number, path: string, sub = ''): string {
    const s = this.string(n, path, sub);
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
  }

  /**
   * Varints in the packed run [start, stop), counted without decoding or keeping them: from the
   * window when it holds the run (a perm or axes list: no file read), else in bounded chunks.
   */
  countVarints(start: number, stop: number): number {
    let n = 0;
    const off = start - this.winStart;
    if (off >= 0 && off + (stop - start) <= this.win.length) {
      const w = this.win;
      for (let k = off, e = off + (stop - start); k < e; k++) if (w[k]! < 0x80) n++;
      return n;
    }
    for (let at = start; at < stop; at += 1 << 20) {
      const chunk = this.source.read(at, Math.min(1 << 20, stop - at));
      for (let k = 0; k < chunk.length; k++) if (chunk[k]! < 0x80) n++;
    }
    return n;
  }

  /** Drops the name table once the graphs are read. */
  forgetNames(): void {
    this.names.clear();
  }

  /** A length-delimited string field (tag already read). */
  lenString(end: number, path: string): string {
    this.expectWire(WIRE_LEN, path);
    return this.string(this.length(end, path), path);
  }

  float32(end: number, path: string, sub = ''): number {
    if (end - this.pos < 4) this.fail('fixed32 runs past the end of its message', path + sub);
    this.fill(4, path, sub);
    const v = this.view.getFloat32(this.pos - this.winStart, true);
    this.pos += 4;
    return v;
  }

  float64(end: number, path: string, sub = ''): number {
    if (end - this.pos < 8) this.fail('fixed64 runs past the end of its message', path + sub);
    this.fill(8, path, sub);
    const v = this.view.getFloat64(this.pos - this.winStart, true);
    this.pos += 8;
    return v;
  }

  expectWire(wire: number, path: string, sub = ''): void {
    if (this.wire !== wire) this.fail(`field ${this.field} has wire type ${this.wire}, expected ${wire}`, path + sub, this.tagStart);
  }

  /** Skips the value of the last tag without reading its payload. */
  skip(end: number, path: string, sub = ''): void {
    switch (this.wire) {
      case WIRE_VARINT: this.varint(end, path, sub); return;
      case WIRE_FIXED64: this.advance(8, end, path + sub); return;
      case WIRE_FIXED32: this.advance(4, end, path + sub); return;
      case WIRE_LEN: this.pos = this.subEnd(end, path, sub); return;
      default: this.fail(`unsupported wire type ${this.wire} for field ${this.field}`, path + sub, this.tagStart);
    }
  }

  private advance(n: number, end: number, path: string): void {
    if (end - this.pos < n) this.fail(`field ${this.field} runs past the end of its message`, path, this.tagStart);
    this.pos += n;
  }
}
