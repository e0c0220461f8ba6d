// The ONNX reader's names (ProtoCursor.name): short ASCII names are made straight from the read
// window, the rest through TextDecoder, and a repeated name is interned (one string object for
// every occurrence). Checked against protobufjs's own string decoding on the names where the
// window path applies and where it must step aside: empty, short and long ASCII, names across the
// cursor's window boundary, names longer than the window, non-ASCII and invalid UTF-8, and many
// distinct names.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { attributeRecord } from '../src/core/ir/attributeRecord';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { ProtoCursor } from '../src/core/onnx/protoCursor';

/** Each name as a length-delimited protobuf string, back to back (protobufjs's writer). */
function encodeNames(names: (string | Uint8Array)[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const n of names) {
    if (typeof n === 'string') w.string(n);
    else w.bytes(n);
  }
  return w.finish();
}

/** The names as protobufjs's reader decodes them (raw byte strings decoded as UTF-8 with TextDecoder, as the reader does). */
function decodeWithProtobufjs(bytes: Uint8Array, count: number, raw: boolean[]): string[] {
  const r = protobuf.Reader.create(bytes);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(raw[i] ? new TextDecoder().decode(r.bytes()) : r.string());
  return out;
}

function readNames(bytes: Uint8Array, count: number, chunk?: number): string[] {
  const cur = new ProtoCursor(new MemoryByteSource('names.bin', bytes), chunk);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(cur.name(cur.length(bytes.length, 'names'), 'names'));
  assert.equal(cur.pos, bytes.length);
  return out;
}

const ascii = (n: number, seed: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 7 + seed) % 94))).join('');

const CASES: (string | Uint8Array)[] = [
  '', 'x', 'input', '/model/layers.0/self_attn/q_proj/MatMul_output_0', 'ai.onnx', 'Constant', 'Constant', 'x', '',
  ascii(48, 1), ascii(49, 1), ascii(1023, 2), ascii(1024, 3), ascii(1025, 4), ascii(3000, 5), ascii(3000, 5),
  'Gewicht_ä', 'Gewicht_ä', '名前/重み', '🙂', 'a\u0000b', '\x7f\x01', 'café', 'cafe',
  // Not UTF-8: a lone continuation byte and a truncated sequence (both decoded to U+FFFD, never kept by bytes).
  Uint8Array.of(0x61, 0x80, 0x62), Uint8Array.of(0xe6, 0x97), Uint8Array.of(0x61, 0x80, 0x62),
];

test('names read from the window equal protobufjs\'s decoding, whatever the window size', () => {
  const bytes = encodeNames(CASES);
  const raw = CASES.map((c) => typeof c !== 'string');
  const expected = decodeWithProtobufjs(bytes, CASES.length, raw);
  for (const chunk of [undefined, 7, 16, 64, 1024, 4096]) {
    assert.deepEqual(readNames(bytes, CASES.length, chunk), expected, `window of ${chunk ?? 'default'} bytes`);
  }
});

test('a repeated name is the same string object; different names never are', () => {
  // Many distinct names (ASCII and not), each repeated.
  const distinct = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `t${i}` : i % 3 === 1 ? `/blk.${i}/out_${i % 17}` : `n_${i}_ü`));
  const names = [...distinct, ...distinct.slice().reverse(), ...CASES.filter((c): c is string => typeof c === 'string')];
  const bytes = encodeNames(names);
  for (const chunk of [undefined, 16]) {
    const read = readNames(bytes, names.length, chunk);
    assert.deepEqual(read, names);
    const first = new Map<string, string>();
    for (const s of read) {
      const seen = first.get(s);
      if (seen === undefined) first.set(s, s);
      else assert.ok(Object.is(seen, s) && seen === s, `'${s.slice(0, 20)}' read twice gives one string`);
    }
    assert.equal(first.size, new Set(names).size);
  }
});

test('an attribute record has no prototype: member names of Object.prototype are ordinary keys', () => {
  const a = attributeRecord();
  assert.equal(Object.getPrototypeOf(a), null);
  assert.equal(a['toString'], undefined);
  assert.equal('constructor' in a, false);
  a['__proto__'] = { type: 'int', value: 1 };
  a['axis'] = { type: 'int', value: 0 };
  a['1'] = { type: 'int', value: 2 };
  assert.equal(Object.getPrototypeOf(a), null);
  // Integer-like keys first, then insertion order: as any object (and the dictionary it replaces).
  assert.deepEqual(Object.keys(a), ['1', '__proto__', 'axis']);
  assert.deepEqual(a['__proto__'], { type: 'int', value: 1 });
  assert.equal(JSON.stringify(a), '{"1":{"type":"int","value":2},"__proto__":{"type":"int","value":1},"axis":{"type":"int","value":0}}');
});
