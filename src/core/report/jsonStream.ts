// JSON.stringify(value, null, 2) written in pieces: the text of a 10,000-node report is ~45 M
// characters (two bytes each once one is not Latin-1), plus its UTF-8 copy on the way out; written
// node by node, the CLI never holds more than one chunk of it. The output is JSON.stringify's to
// the byte (test/json-stream.test.ts): containers down to STREAM_DEPTH are written here, anything
// deeper is JSON.stringify's own text, re-indented.

/** Levels of arrays and objects written piece by piece (report → nodes → node → its fields). */
const STREAM_DEPTH = 3;
/** Pieces are handed to `write` in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function emit(value: unknown, indent: string, depth: number, out: (s: string) => void): void {
  if (depth >= STREAM_DEPTH || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const s = JSON.stringify(value, null, 2) ?? 'null';
    // Newlines in JSON text are structural only (strings carry \n escaped): re-indent them.
    out(indent && s.includes('\n') ? s.replace(/\n/g, `\n${indent}`) : s);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return out('[]');
    out('[\n');
    for (let i = 0; i < value.length; i++) {
      out(inner);
      const v: unknown = value[i];
      if (skipped(v)) out('null');
      else emit(v, inner, depth + 1, out);
      out(i < value.length - 1 ? ',\n' : '\n');
    }
    out(`${indent}]`);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => !skipped(record[k]));
  if (keys.length === 0) return out('{}');
  out('{\n');
  keys.forEach((k, i) => {
    out(`${inner}${JSON.stringify(k)}: `);
    emit(record[k], inner, depth + 1, out);
    out(i < keys.length - 1 ? ',\n' : '\n');
  });
  out(`${indent}}`);
}

/** Writes JSON.stringify(value, null, 2) + `suffix` to `write`, in chunks. */
export function writeJson(value: unknown, write: (chunk: string) => void, suffix = ''): void {
  let buffer = '';
  emit(value, '', 0, (s) => {
    buffer += s;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
    }
  });
  buffer += suffix;
  if (buffer) write(buffer);
}
