// Where the flatbuffer ends. Models over 2 GB keep tensor data after the flatbuffer and point at
// it with Buffer.offset/size; that data must not be read while parsing. So before loading the
// flatbuffer, the Buffer tables alone are read with exact positioned reads, and the lowest such
// offset bounds what gets loaded.

import type { ByteSource } from '../io/byteSource';
import { FbReader, SourceView } from './flatbufferTable';
import { F } from './schema';

/** Bytes [0, result) hold the flatbuffer; anything from `result` on is offset/size buffer data. */
export function flatbufferExtent(source: ByteSource): number {
  const r = new FbReader(new SourceView(source), source.label);
  const buffers = r.root('Model').tables(F.Model.buffers, 'buffers');
  let end = source.size;
  for (let i = 0; i < buffers.length; i++) {
    const b = buffers.at(i);
    const offset = b.uint64(F.Buffer.offset, 'offset');
    // The schema says offset is "only valid if > 1" (0 and 1 are placeholders written by converters).
    if (offset <= 1) continue;
    const size = b.uint64(F.Buffer.size, 'size');
    if (offset + size > source.size) {
      r.fail(`buffer data [${offset}, ${offset + size}) runs past the end of the file (${source.size} bytes)`, b.pos, `${b.path}.offset`);
    }
    if (offset < end) end = offset;
  }
  return end;
}
