// JSON.stringify(value, null, 2) written in pieces: the text of a 10,000-node report is ~34 M
// characters, plus its UTF-8 copy on the way out; written row by row, the CLI never holds more
// than one chunk of it. The output is JSON.stringify's to the byte (test/json-stream.test.ts).
//
// The report and its sections are walked here key by key (OPEN_LEVELS levels of containers; a
// short array such as a top-level array of reports does not count), and so is every list longer than
// ROWS_FROM or made while written (JsonRows, JsonEntries). Below that, values are written by
// native JSON.stringify calls, BATCH elements of a list at a time: a value's text depends only on
// the indentation it starts at, so elements are stringified as a list of their own nested
// `depth` levels deep (inside one-element arrays) and cut out of its text — native speed, no
// re-indenting regex, a few hundred calls for a 10k-node report instead of one per node.
//
// JsonRows and JsonEntries are the rows buildReport.ts streamReport makes one at a time while they
// are written, so that a report's 10k node objects never exist all at once.

/** Levels of containers walked key by key (report → deployed → its fields). */
const OPEN_LEVELS = 2;
/** Lists with more elements than this are written in batches at any depth. */
const ROWS_FROM = 64;
/** Elements per native JSON.stringify call. */
// Small enough that a batch's text (~1-3 KB a node row) stays below V8's large-object size (128 KB):
// 256 rows a batch made each text a large object of its own and raised the decoder's peak RSS by 55 MB.
const BATCH = 32;
/** Small pieces are handed to `write` in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;
/**
 * Pieces at least this long (a batch's text) go to `write` as they are, never joined into a chunk:
 * one non-ASCII character (µ, →, ×) makes a report's text two-byte, and V8 joins two-byte strings
 * at ~13 ns a character, where writing each piece encodes it to UTF-8 ~15× faster: the CLI's
 * writes of the 10k-node decoder's 34 M characters took 247 ms joined, 25 ms as pieces (stop 28).
 */
const PASS_THROUGH_CHARS = 1 << 12;

/** An array whose elements are made when written: `row(i)` for i < length, each used once. */
export class JsonRows<T = unknown> {
  constructor(readonly length: number, readonly row: (i: number) => T) {}

  /** JSON.stringify elsewhere sees the array (made whole). */
  toJSON(): T[] {
    const out = new Array<T>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }
}

/** A record whose values are made when written: `keys` in the record's own (Object.keys) order. */
export class JsonEntries<T = unknown> {
  constructor(readonly keys: readonly string[], readonly value: (key: string) => T) {}

  /** JSON.stringify elsewhere sees the record (made whole; without a prototype, as keys may be any name). */
  toJSON(): Record<string, T> {
    const out = Object.create(null) as Record<string, T>;
    for (const k of this.keys) out[k] = this.value(k);
    return out;
  }
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** [start, end] of the value's text in JSON.stringify of it wrapped in `depth` arrays. */
const cuts: { start: number; tail: number }[] = [];
function cutAt(depth: number): { start: number; tail: number } {
  let c = cuts[depth];
  if (!c) {
    let probe: unknown = 0;
    for (let i = 0; i < depth; i++) probe = [probe];
    const s = JSON.stringify(probe, null, 2);
    const start = s.lastIndexOf('0');
    c = { start, tail: s.length - start - 1 };
    cuts[depth] = c;
  }
  return c;
}

/** JSON.stringify(value, null, 2)'s text for `value` nested `depth` levels deep (an element or a key's value). */
function nested(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth === 0) return JSON.stringify(value, null, 2);
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  const { start, tail } = cutAt(depth);
  return s.slice(start, s.length - tail);
}

function isList(value: object): boolean {
  if (Array.isArray(value)) return value.length > ROWS_FROM;
  // A big record (tensors by name, the op histogram): counted without a key array first.
  let n = 0;
  for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k) && ++n > ROWS_FROM) return true;
  return false;
}

/**
 * `level`: containers around this value, a short array not counted (the top-level array of
 * reports, SARIF's one-run `runs`): a report is walked to its sections' fields, wherever it sits.
 */
function emit(value: unknown, depth: number, level: number, out: (s: string) => void): void {
  if (value instanceof JsonRows) return emitRows(value.length, value.row, depth, level + 1, out);
  if (value instanceof JsonEntries) return emitEntries(value.keys, value.value, depth, level + 1, out);
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return out(nested(value, depth));
  if (level >= OPEN_LEVELS && !isList(value)) return out(nested(value, depth));
  if (Array.isArray(value)) return emitRows(value.length, (i) => value[i], depth, value.length > ROWS_FROM ? level + 1 : level, out);
  const record = value as Record<string, unknown>;
  emitEntries(Object.keys(record), (k) => record[k], depth, level + 1, out);
}

/** The text between a list's brackets: JSON.stringify's "[\n" + elements + "\n" + indent + "]", cut. */
function interior(text: string, depth: number): string {
  return text.slice(2, text.length - 2 - 2 * depth);
}

/** Written on its own even where its neighbours are batched: rows made while written, a long array. */
function streamable(v: unknown): boolean {
  return v instanceof JsonRows || v instanceof JsonEntries || (Array.isArray(v) && v.length > ROWS_FROM);
}

/** `level`: the elements' (see emit). */
function emitRows(length: number, row: (i: number) => unknown, depth: number, level: number, out: (s: string) => void): void {
  if (length === 0) return out('[]');
  const inner = '  '.repeat(depth + 1);
  const batched = level >= OPEN_LEVELS;
  let batch: unknown[] = [];
  let first = true;
  const next = (): string => (first ? ((first = false), '[\n') : ',\n');
  const flush = (): void => {
    if (batch.length === 0) return;
    out(next());
    out(interior(nested(batch, depth), depth));
    batch = [];
  };
  for (let i = 0; i < length; i++) {
    const v = row(i);
    if (batched && !streamable(v)) {
      batch.push(v);
      if (batch.length >= BATCH) flush();
      continue;
    }
    flush();
    out(next() + inner);
    if (skipped(v)) out('null');
    else emit(v, depth + 1, level, out);
  }
  flush();
  out(`\n${'  '.repeat(depth)}]`);
}

/** `level`: the values' (see emit). */
function emitEntries(keys: readonly string[], value: (key: string) => unknown, depth: number, level: number, out: (s: string) => void): void {
  const inner = '  '.repeat(depth + 1);
  const batched = level >= OPEN_LEVELS;
  // A batch is a record of its own: a contiguous run of keys in Object.keys order keeps that order in a fresh record.
  let batch: Record<string, unknown> | null = null;
  let first = true;
  const next = (): string => (first ? ((first = false), '{\n') : ',\n');
  let size = 0;
  const flush = (): void => {
    if (batch === null) return;
    out(next());
    out(interior(nested(batch, depth), depth));
    batch = null;
    size = 0;
  };
  for (const k of keys) {
    const v = value(k);
    if (skipped(v)) continue;
    if (batched && !streamable(v)) {
      batch ??= Object.create(null) as Record<string, unknown>;
      batch[k] = v;
      if (++size >= BATCH) flush();
      continue;
    }
    flush();
    out(`${next()}${inner}${JSON.stringify(k)}: `);
    emit(v, depth + 1, level, out);
  }
  flush();
  out(first ? '{}' : `\n${'  '.repeat(depth)}}`);
}

/**
 * Writes JSON.stringify(value, null, 2) + `suffix` to `write`, in chunks (JsonRows and JsonEntries
 * as the arrays and records they make). `depth`: the text of the value as an element nested that
 * deep (1: an element of a top-level array, its first line not indented).
 */
export function writeJson(value: unknown, write: (chunk: string) => void, suffix = '', depth = 0): void {
  let buffer = '';
  emit(value, depth, 0, (s) => {
    if (s.length >= PASS_THROUGH_CHARS) {
      if (buffer) write(buffer);
      buffer = '';
      write(s);
      return;
    }
    buffer += s;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
    }
  });
  buffer += suffix;
  if (buffer) write(buffer);
}
