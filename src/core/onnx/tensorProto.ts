// Walks a TensorProto: name, dtype and dims are parsed; the data payload (raw_data, the packed
// typed fields, string_data) is only located, never read, and external data is resolved to a
// checked file path without opening the file.

import { dtypeBytes, type DType } from '../ir/dtype';
import type { DataEncoding, DataLocation, TensorValue } from '../ir/model';
import { dtypeFromOnnx } from './dtypes';
import { formatLimit, MAX_GATHERED_TENSOR_BYTES } from '../limits';
import { MAX_RANK, type ReadContext } from './readContext';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, type ProtoCursor } from './protoCursor';
import { fieldIds } from './schema';
import type { FindingCode } from '../findings/catalog';

const T = fieldIds('TensorProto', [
  'dims', 'data_type', 'segment', 'float_data', 'int32_data', 'string_data', 'int64_data', 'name',
  'raw_data', 'external_data', 'data_location', 'double_data', 'uint64_data',
] as const);
/** raw_data this small (scalars, shapes, axes: at most 64 values of one byte, 16 of four) is kept when the reader's window holds it. */
const HELD_BYTES = 64;
const KV = fieldIds('StringStringEntryProto', ['key', 'value'] as const);
const EXTERNAL = 1;

/** One stretch of typed data: a packed run (embedded range) or re-packed loose elements (bytes). */
interface TypedChunk { offset: number; length: number; encoding: DataEncoding }
/** Unpacked elements re-packed into a growing typed buffer (never a per-element JS array), up to a limit. */
interface LooseRun { bytes: Uint8Array; length: number; encoding: DataEncoding; elements: number; overLimit: boolean }

export interface ParsedTensor extends TensorValue {
  /** Element count (product of dims). */
  elements: number;
}

/** Appends the varint just read as dimension `dims.length` (it started at `at`), checked. */
function pushDim(cur: ProtoCursor, dims: number[], at: number, path: string): void {
  const d = cur.int64;
  if (d === null || d < 0) cur.fail(`dimension ${dims.length} is ${d === null ? 'beyond 2^53' : d}`, `${path}.dims`, at);
  if (dims.length >= MAX_RANK) cur.fail(`more than ${MAX_RANK} dimensions`, `${path}.dims`, at);
  dims.push(d);
}

// Unpacked typed elements are rare (packed is the ONNX default); keep their encoded bytes so the
// weight accessor decodes them like a packed run.
/** Counts one unpacked element of `n` encoded bytes and makes room for them; false: over the limit, keep nothing. */
function reserveLoose(run: LooseRun, n: number): boolean {
  run.elements++;
  if (run.overLimit) return false;
  if (run.length + n > MAX_GATHERED_TENSOR_BYTES) {
    run.overLimit = true;
    run.bytes = new Uint8Array(0);
    run.length = 0;
    return false;
  }
  if (run.length + n > run.bytes.length) {
    const grown = new Uint8Array(Math.min(Math.max(run.bytes.length * 2, run.length + n), MAX_GATHERED_TENSOR_BYTES));
    grown.set(run.bytes.subarray(0, run.length));
    run.bytes = grown;
  }
  return true;
}

function addLooseBytes(run: LooseRun, bytes: Uint8Array, a: number, b: number): void {
  if (!reserveLoose(run, b - a)) return;
  run.bytes.set(bytes.subarray(a, b), run.length);
  run.length += b - a;
}

/** Keeps the unpacked field that started at `from` (the cursor is past it); returns the run, made on the first one. */
function addLoose(cur: ProtoCursor, loose: LooseRun | null, encoding: DataEncoding, from: number, path: string): LooseRun {
  const run = loose ?? { bytes: new Uint8Array(256), length: 0, encoding, elements: 0, overLimit: false };
  if (run.encoding !== encoding) cur.fail('typed data fields of different kinds in one tensor', path, from);
  const n = cur.pos - from;
  // Over the limit the field's bytes are never read (the cursor is past them already).
  if (!reserveLoose(run, n)) return run;
  cur.pos = from;
  run.bytes.set(cur.bytes(n, path), run.length);
  run.length += n;
  return run;
}

/** Walks the TensorProto in [cur.pos, end). `graph` is where diagnostics point. */
export function readTensorProto(ctx: ReadContext, end: number, path: string, graph: number): ParsedTensor {
  const cur: ProtoCursor = ctx.cur;
  let name = '';
  let dataType = 0;
  const dims: number[] = [];
  // raw_data, located: offset -1 when absent.
  let rawOffset = -1;
  let rawLength = 0;
  let rawHeld: Uint8Array | null = null;
  let typed: TypedChunk[] | null = null;
  let loose = null as LooseRun | null;
  let strings = null as { start: number; end: number } | null;
  let external: Record<string, string> | null = null;
  let location = 0;
  let segmented = false;
  // No closures here: this runs for every initializer and Constant attribute (8.5k on the decoder).

  while (cur.tag(end, path)) {
    const f = cur.field;
    const wire = cur.wire;
    if (f === T.dims) {
      if (wire === WIRE_LEN) {
        const stop = cur.subEnd(end, path, '.dims');
        while (cur.pos < stop) {
          const at = cur.pos;
          cur.varint(stop, path, '.dims');
          pushDim(cur, dims, at, path);
        }
      } else {
        cur.expectWire(WIRE_VARINT, path, '.dims');
        const at = cur.pos;
        cur.varint(end, path, '.dims');
        pushDim(cur, dims, at, path);
      }
    } else if (f === T.data_type && wire === WIRE_VARINT) {
      cur.varint(end, path, '.data_type');
      dataType = cur.int32;
    } else if (f === T.name && wire === WIRE_LEN) {
      name = cur.name(cur.length(end, path, '.name'), path, '.name');
    } else if (f === T.raw_data && wire === WIRE_LEN) {
      const length = cur.length(end, path, '.raw_data');
      rawOffset = cur.pos;
      rawLength = length;
      rawHeld = length <= HELD_BYTES ? cur.held(length) : null;
      cur.pos += length;
    } else if (f === T.float_data || f === T.int32_data || f === T.int64_data || f === T.uint64_data || f === T.double_data) {
      const encoding: DataEncoding = f === T.float_data ? 'packed-float32' : f === T.double_data ? 'packed-float64' : 'packed-varint';
      const fieldPath = `${path}.${f === T.float_data ? 'float_data' : f === T.double_data ? 'double_data' : f === T.int32_data ? 'int32_data' : f === T.int64_data ? 'int64_data' : 'uint64_data'}`;
      if (wire === WIRE_LEN) {
        const length = cur.length(end, fieldPath);
        (typed ??= []).push({ offset: cur.pos, length, encoding });
        cur.pos += length;
      } else {
        const from = cur.pos;
        const want = encoding === 'packed-float32' ? WIRE_FIXED32 : encoding === 'packed-float64' ? WIRE_FIXED64 : WIRE_VARINT;
        cur.expectWire(want, fieldPath);
        cur.skip(end, fieldPath);
        const run = addLoose(cur, loose, encoding, from, path);
        loose = run;
        // Exporters that write unpacked data write millions of these in a row: scan the rest of
        // the run in bulk (one tag byte + one value each) instead of tag by tag.
        const tagByte = (f << 3) | want;
        if (tagByte < 0x80) scanLooseRun(cur, end, tagByte, want, (bytes, a, b) => addLooseBytes(run, bytes, a, b));
      }
    } else if (f === T.string_data && wire === WIRE_LEN) {
      const start = cur.tagStart;
      cur.skip(end, path, '.string_data');
      strings = { start: strings?.start ?? start, end: cur.pos };
    } else if (f === T.external_data && wire === WIRE_LEN) {
      const stop = cur.subEnd(end, path, '.external_data');
      const [k, v] = readStringPair(ctx, stop, path, '.external_data');
      external ??= {};
      external[k] = v;
    } else if (f === T.data_location && wire === WIRE_VARINT) {
      cur.varint(end, path, '.data_location');
      location = cur.int32;
    } else {
      if (f === T.segment) segmented = true;
      cur.skip(end, path);
    }
  }

  let elements = 1;
  for (const d of dims) elements *= d;
  if (!Number.isSafeInteger(elements)) cur.fail(`element count of dims [${dims.join(', ')}] exceeds 2^53`, `${path}.dims`);

  const dtype: DType = dtypeFromOnnx(dataType) ?? 'unknown';
  if (dtype === 'unknown') {
    ctx.diagnostics.push({ severity: 'warning', code: 'read/unknown-dtype', graph, tensor: name, message: `Tensor '${name}' has data type ${dataType}, which DeployLens does not know.` });
  }
  if (segmented) {
    ctx.diagnostics.push({ severity: 'warning', code: 'read/segmented-tensor', graph, tensor: name, message: `Tensor '${name}' is stored in segments, which DeployLens does not support; its data is not read.` });
  }
  const logicalBytes = dtypeBytes(dtype, elements);
  const tensor: ParsedTensor = { name, dtype, dims, elements };

  let data: DataLocation | undefined;
  let stored: number | null = null;
  if (location === EXTERNAL) {
    const ext: Record<string, string> = external ?? {};
    const resolved = resolveExternal(ctx, ext, name, graph, logicalBytes);
    if (resolved) {
      data = resolved;
      // Without an explicit length the range runs to the end of the file: no size to check.
      if (ext['length'] !== undefined) stored = resolved.length;
    }
  } else if (rawOffset >= 0) {
    data = rawHeld ? { kind: 'embedded', offset: rawOffset, length: rawLength, encoding: 'raw', held: rawHeld } : { kind: 'embedded', offset: rawOffset, length: rawLength, encoding: 'raw' };
    stored = rawLength;
  } else if (typed !== null && typed.length === 1 && !loose) {
    const only = typed[0]!;
    data = { kind: 'embedded', offset: only.offset, length: only.length, encoding: only.encoding };
  } else if (typed !== null || loose) {
    const gathered = (typed ?? []).reduce((sum, c) => sum + c.length, 0) + (loose?.length ?? 0);
    if (loose?.overLimit || gathered > MAX_GATHERED_TENSOR_BYTES) {
      // Located data costs nothing; data DeployLens would have to copy together is bounded.
      ctx.diagnostics.push({
        severity: 'warning', code: 'limits/tensor-data-not-read', graph, tensor: name,
        message: `Tensor '${name}' stores its data ${loose ? `unpacked (${formatLimit(loose.elements)} separate fields)` : 'in several pieces'}, more than the ` +
          `${formatLimit(MAX_GATHERED_TENSOR_BYTES / 1048576)} MiB DeployLens gathers in memory; its values were not read (its shape and size are).`,
      });
      if (logicalBytes !== null) tensor.dataBytes = logicalBytes;
    } else {
      data = { kind: 'inline', bytes: gatherTyped(ctx, typed ?? [], loose, path), encoding: typed?.[0]?.encoding ?? loose?.encoding ?? 'raw' };
    }
  } else if (strings) {
    data = { kind: 'embedded', offset: strings.start, length: strings.end - strings.start, encoding: 'strings' };
    stored = strings.end - strings.start;
  } else if (elements === 0 || (logicalBytes === 0)) {
    data = { kind: 'inline', bytes: new Uint8Array(0), encoding: 'raw' };
  }
  if (data) {
    tensor.data = data;
    tensor.dataBytes = dtype === 'string' ? stored ?? undefined : logicalBytes ?? stored ?? undefined;
    if (stored !== null && logicalBytes !== null && data.kind !== 'inline' && (data.kind === 'external' || data.encoding === 'raw') && stored !== logicalBytes) {
      ctx.diagnostics.push({
        severity: 'warning', code: 'read/tensor-size-mismatch', graph, tensor: name,
        message: `Tensor '${name}' (${dtype} [${dims.join(', ')}]) should hold ${logicalBytes} bytes but stores ${stored}.`,
      });
    }
  }
  return tensor;
}

/**
 * Consumes consecutive repeats of one unpacked field (`tagByte` then a varint or fixed value) from
 * cur.pos in 1 MiB chunks, handing each value's byte range to `add`; stops at the first other byte.
 */
function scanLooseRun(cur: ProtoCursor, end: number, tagByte: number, wire: number, add: (bytes: Uint8Array, a: number, b: number) => void): void {
  const fixed = wire === WIRE_FIXED32 ? 4 : wire === WIRE_FIXED64 ? 8 : 0;
  for (;;) {
    const len = Math.min(1 << 20, end - cur.pos);
    if (len <= 0) return;
    const chunk = cur.source.read(cur.pos, len);
    const last = cur.pos + len === end;
    // Stop 11 bytes short of a chunk's end (the longest tag + varint) unless it is the message's end.
    const limit = last ? chunk.length : chunk.length - 11;
    let k = 0;
    while (k < limit && chunk[k] === tagByte) {
      let e = k + 1;
      if (fixed) e += fixed;
      else {
        while (e < chunk.length && chunk[e]! >= 0x80 && e - k <= 10) e++;
        e++;
      }
      if (e > chunk.length) break; // truncated: the regular parser reports it
      add(chunk, k + 1, e);
      k = e;
    }
    cur.pos += k;
    if (k < limit || last) return;
  }
}

/** Reads a StringStringEntryProto in [cur.pos, end). */
export function readStringPair(ctx: ReadContext, end: number, path: string, sub = ''): [string, string] {
  const cur: ProtoCursor = ctx.cur;
  let key = '';
  let value = '';
  while (cur.tag(end, path, sub)) {
    if (cur.field === KV.key && cur.wire === WIRE_LEN) key = cur.string(cur.length(end, path, sub), path, sub);
    else if (cur.field === KV.value && cur.wire === WIRE_LEN) value = cur.string(cur.length(end, path, sub), path, sub);
    else cur.skip(end, path, sub);
  }
  return [key, value];
}

function resolveExternal(ctx: ReadContext, ext: Record<string, string>, name: string, graph: number, declaredBytes: number | null): Extract<DataLocation, { kind: 'external' }> | null {
  const report = (severity: 'error' | 'warning', code: FindingCode, problem: string): null => {
    ctx.diagnostics.push({ severity, code, graph, tensor: name, message: `Tensor '${name}': ${problem}.` });
    return null;
  };
  const location = ext['location'];
  if (location === undefined) return report('error', 'read/external-bad-entry', 'external data has no location');
  const parseNumber = (key: string): number | null | undefined => {
    const text = ext[key];
    if (text === undefined) return undefined;
    const n = /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : NaN;
    return Number.isSafeInteger(n) ? n : null;
  };
  const offset = parseNumber('offset');
  const length = parseNumber('length');
  if (offset === null || length === null) return report('error', 'read/external-bad-entry', `external data offset/length ('${ext['offset'] ?? ''}', '${ext['length'] ?? ''}') is not a byte count`);
  const r = ctx.external.resolve(location);
  if (!r.ok) return report(r.severity, r.code, r.problem);
  const start = offset ?? 0;
  // Without an explicit length the data is as long as the tensor declares, never "to the end of
  // the file": a 16-byte shape constant pointing into a 2 GB file reads 16 bytes.
  const span = length ?? declaredBytes;
  if (start + (span ?? 0) > r.size) {
    return report('warning', 'read/external-out-of-range', `external data [${start}, ${start + (span ?? 0)}) lies beyond the end of '${location}' (${r.size} bytes)`);
  }
  return { kind: 'external', file: r.file, offset: start, length: span };
}

/** Concatenates several typed runs (rare: a field split in the file) into one inline buffer. */
function gatherTyped(ctx: ReadContext, typed: TypedChunk[], loose: LooseRun | null, path: string): Uint8Array {
  const encodings = new Set([...typed.map((c) => c.encoding), ...(loose ? [loose.encoding] : [])]);
  if (encodings.size > 1) ctx.cur.fail('typed data fields of different kinds in one tensor', path);
  const total = typed.reduce((s, c) => s + c.length, 0) + (loose?.length ?? 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of typed) {
    const bytes = ctx.cur.source.read(c.offset, c.length);
    if (bytes.length < c.length) ctx.cur.fail('typed data runs past the end of the file', path, c.offset);
    out.set(bytes, at);
    at += c.length;
  }
  if (loose) out.set(loose.bytes.subarray(0, loose.length), at);
  return out;
}
