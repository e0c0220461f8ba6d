// A bounds-checked reader for FlatBuffers tables, vectors and strings. TFLite files come from
// anywhere, so every offset, vtable and vector length is checked against the bytes actually
// present before it is used: a hostile file ends in a ModelReadError naming the byte offset and
// the field path (`Model.subgraphs[0].operators[12].inputs`), never in an out-of-range read, a
// silently-zero value, or a loop sized by a length the file cannot hold.

import { ByteBuffer } from 'flatbuffers';
import { ModelReadError } from '../ir/errors';
import type { ByteSource } from '../io/byteSource';

/** Little-endian reads at absolute positions; callers have already checked bounds. */
export interface ByteView {
  readonly size: number;
  u8(o: number): number;
  i8(o: number): number;
  u16(o: number): number;
  i32(o: number): number;
  u32(o: number): number;
  f32(o: number): number;
  i64(o: number): bigint;
  u64(o: number): bigint;
  bytes(o: number, n: number): Uint8Array;
  /** Hint: the range will be read field by field soon (lets a positioned view fetch it in one read). */
  prefetch(o: number, n: number): void;
}

/** The whole flatbuffer in memory, read through the flatbuffers runtime's ByteBuffer. */
export class MemoryView implements ByteView {
  private readonly bb: ByteBuffer;
  constructor(private readonly data: Uint8Array) {
    this.bb = new ByteBuffer(data);
  }
  get size(): number { return this.data.byteLength; }
  u8(o: number): number { return this.bb.readUint8(o); }
  i8(o: number): number { return this.bb.readInt8(o); }
  u16(o: number): number { return this.bb.readUint16(o); }
  i32(o: number): number { return this.bb.readInt32(o); }
  u32(o: number): number { return this.bb.readUint32(o); }
  f32(o: number): number { return this.bb.readFloat32(o); }
  i64(o: number): bigint { return this.bb.readInt64(o); }
  u64(o: number): bigint { return this.bb.readUint64(o); }
  bytes(o: number, n: number): Uint8Array { return this.data.subarray(o, o + n); }
  prefetch(): void {}
}

/**
 * Reads exactly the bytes asked for from a ByteSource, keeping a few recent ranges. Used to look
 * at a handful of tables before deciding how much of the file to load, so that nothing past the
 * flatbuffer (the data of offset/size buffers) is touched.
 */
export class SourceView implements ByteView {
  private chunks: { start: number; data: Uint8Array }[] = [];
  constructor(private readonly source: ByteSource) {}
  get size(): number { return this.source.size; }

  private at(o: number, n: number): DataView {
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (o >= c.start && o + n <= c.start + c.data.byteLength) {
        if (i > 0) { this.chunks.splice(i, 1); this.chunks.unshift(c); }
        return new DataView(c.data.buffer, c.data.byteOffset + (o - c.start), n);
      }
    }
    const data = this.fetch(o, n);
    return new DataView(data.buffer, data.byteOffset, n);
  }
  private fetch(o: number, n: number): Uint8Array {
    const data = this.source.read(o, n);
    if (data.byteLength < n) throw new ModelReadError(this.source.label, 'file is shorter than its size', { offset: o });
    this.chunks.unshift({ start: o, data });
    if (this.chunks.length > 8) this.chunks.pop();
    return data;
  }
  u8(o: number): number { return this.at(o, 1).getUint8(0); }
  i8(o: number): number { return this.at(o, 1).getInt8(0); }
  u16(o: number): number { return this.at(o, 2).getUint16(0, true); }
  i32(o: number): number { return this.at(o, 4).getInt32(0, true); }
  u32(o: number): number { return this.at(o, 4).getUint32(0, true); }
  f32(o: number): number { return this.at(o, 4).getFloat32(0, true); }
  i64(o: number): bigint { return this.at(o, 8).getBigInt64(0, true); }
  u64(o: number): bigint { return this.at(o, 8).getBigUint64(0, true); }
  bytes(o: number, n: number): Uint8Array {
    const v = this.at(o, n);
    return new Uint8Array(v.buffer, v.byteOffset, n);
  }
  prefetch(o: number, n: number): void {
    if (n > 0 && n <= 4096) this.at(o, n);
  }
}

const utf8 = new TextDecoder('utf-8');

export interface VectorRef { start: number; length: number }

/**
 * Shared state of one parse: the bytes, the file label for errors, and a work budget. The budget
 * counts tables opened and vector elements decoded; offsets may legally point at shared data, so
 * a hostile file could make a small buffer look huge by pointing many vectors at one big vector.
 * Real files decode each structure byte about once, so a generous multiple of the size is plenty.
 */
export class FbReader {
  private work = 0;
  private readonly budget: number;
  constructor(readonly view: ByteView, readonly file: string) {
    this.budget = 1_000_000 + 16 * view.size;
  }

  fail(problem: string, offset: number | undefined, field: string): never {
    throw new ModelReadError(this.file, problem, { offset, field });
  }

  charge(units: number, offset: number, field: string): void {
    this.work += units;
    if (this.work > this.budget) {
      this.fail('structure references far more data than the file holds (shared or looping offsets)', offset, field);
    }
  }

  /** The root table: a uoffset at byte 0. */
  root(name: string): FbTable {
    if (this.view.size < 8) this.fail(`file is ${this.view.size} bytes, too short for a flatbuffer`, 0, name);
    return this.table(this.view.u32(0), name, 0);
  }

  table(pos: number, path: string, from: number): FbTable {
    const size = this.view.size;
    this.charge(1, pos, path);
    if (pos < 0 || pos + 4 > size) this.fail(`table offset ${pos} is outside the file (${size} bytes)`, from, path);
    const vt = pos - this.view.i32(pos);
    if (vt < 0 || vt + 4 > size) this.fail(`vtable offset ${vt} is outside the file`, pos, path);
    const vtLen = this.view.u16(vt);
    if (vtLen < 4 || (vtLen & 1) !== 0 || vt + vtLen > size) this.fail(`bad vtable (length ${vtLen})`, vt, path);
    this.view.prefetch(vt, vtLen);
    const objLen = this.view.u16(vt + 2);
    if (objLen < 4 || pos + objLen > size) this.fail(`table of ${objLen} bytes runs past the end of the file`, pos, path);
    this.view.prefetch(pos, objLen);
    return new FbTable(this, pos, vt, vtLen, objLen, path);
  }
}

export class FbTable {
  constructor(
    readonly r: FbReader, readonly pos: number, private readonly vt: number,
    private readonly vtLen: number, private readonly objLen: number, readonly path: string,
  ) {}

  /** Absolute position of a field, or -1 when absent. */
  private field(slot: number, width: number, name: string): number {
    const voff = 4 + 2 * slot;
    if (voff + 2 > this.vtLen) return -1;
    const fo = this.r.view.u16(this.vt + voff);
    if (fo === 0) return -1;
    if (fo + width > this.objLen) this.r.fail(`field of ${width} bytes at ${fo} lies outside its ${this.objLen}-byte table`, this.pos, `${this.path}.${name}`);
    return this.pos + fo;
  }

  has(slot: number): boolean {
    const voff = 4 + 2 * slot;
    return voff + 2 <= this.vtLen && this.r.view.u16(this.vt + voff) !== 0;
  }

  int8(slot: number, name: string, def = 0): number { const p = this.field(slot, 1, name); return p < 0 ? def : this.r.view.i8(p); }
  uint8(slot: number, name: string, def = 0): number { const p = this.field(slot, 1, name); return p < 0 ? def : this.r.view.u8(p); }
  bool(slot: number, name: string, def = false): boolean { const p = this.field(slot, 1, name); return p < 0 ? def : this.r.view.u8(p) !== 0; }
  int32(slot: number, name: string, def = 0): number { const p = this.field(slot, 4, name); return p < 0 ? def : this.r.view.i32(p); }
  uint32(slot: number, name: string, def = 0): number { const p = this.field(slot, 4, name); return p < 0 ? def : this.r.view.u32(p); }
  float32(slot: number, name: string, def = 0): number { const p = this.field(slot, 4, name); return p < 0 ? def : this.r.view.f32(p); }
  /** A 64-bit field as a number; values beyond 2^53 are rejected rather than rounded. */
  uint64(slot: number, name: string): number {
    const p = this.field(slot, 8, name);
    if (p < 0) return 0;
    const v = this.r.view.u64(p);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.r.fail(`value ${v} is too large`, p, `${this.path}.${name}`);
    return Number(v);
  }

  /** Follows a uoffset field; -1 when absent. The target must leave room for a 4-byte header. */
  private target(slot: number, name: string): number {
    const p = this.field(slot, 4, name);
    if (p < 0) return -1;
    const t = p + this.r.view.u32(p);
    if (t + 4 > this.r.view.size) this.r.fail(`offset points to ${t}, past the end of the file (${this.r.view.size} bytes)`, p, `${this.path}.${name}`);
    return t;
  }

  table(slot: number, name: string): FbTable | null {
    const t = this.target(slot, name);
    return t < 0 ? null : this.r.table(t, `${this.path}.${name}`, t);
  }

  vector(slot: number, name: string, elemSize: number): VectorRef | null {
    const t = this.target(slot, name);
    if (t < 0) return null;
    const length = this.r.view.u32(t);
    const start = t + 4;
    if (length * elemSize > this.r.view.size - start) {
      this.r.fail(`vector of ${length} elements (${elemSize} bytes each) runs past the end of the file`, t, `${this.path}.${name}`);
    }
    return { start, length };
  }

  string(slot: number, name: string): string | null {
    const v = this.vector(slot, name, 1);
    if (!v) return null;
    this.r.charge(v.length >>> 4, v.start, `${this.path}.${name}`);
    return utf8.decode(this.r.view.bytes(v.start, v.length));
  }

  int32s(slot: number, name: string): number[] | null {
    const v = this.vector(slot, name, 4);
    if (!v) return null;
    this.r.charge(v.length, v.start, `${this.path}.${name}`);
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.r.view.i32(v.start + 4 * i);
    return out;
  }

  float32s(slot: number, name: string): number[] | null {
    const v = this.vector(slot, name, 4);
    if (!v) return null;
    this.r.charge(v.length, v.start, `${this.path}.${name}`);
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.r.view.f32(v.start + 4 * i);
    return out;
  }

  /** int64 elements as numbers (zero points and the like: small in practice, rounded if not). */
  int64s(slot: number, name: string): number[] | null {
    const v = this.vector(slot, name, 8);
    if (!v) return null;
    this.r.charge(v.length, v.start, `${this.path}.${name}`);
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = Number(this.r.view.i64(v.start + 8 * i));
    return out;
  }

  /** A [ubyte] vector as a byte range of the file, not read. */
  byteRange(slot: number, name: string): VectorRef | null {
    return this.vector(slot, name, 1);
  }

  /** A vector of tables, opened one at a time so nothing is allocated by its length. */
  tables(slot: number, name: string): { length: number; at(i: number): FbTable } {
    const v = this.vector(slot, name, 4);
    const path = `${this.path}.${name}`;
    if (!v) return { length: 0, at: () => this.r.fail('index out of range', undefined, path) };
    const r = this.r;
    return {
      length: v.length,
      at(i: number): FbTable {
        const p = v.start + 4 * i;
        return r.table(p + r.view.u32(p), `${path}[${i}]`, p);
      },
    };
  }
}
