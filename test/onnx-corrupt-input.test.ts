// Hostile and damaged files: every mutation of a valid model must end in a Model or a clear
// ModelReadError (file, offset, field) — never another exception, a hang or a huge allocation.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { ModelReadError } from '../src/core/ir/errors';
import { readOnnx } from '../src/core/onnx/readOnnx';
import { sampleModel } from './support/onnxFixtures';
import { sharedModelsDir } from './support/sharedModels';
import { prng } from '../src/core/util/prng';


function mutations(base: Uint8Array, seed: number, count: number): Uint8Array[] {
  const rand = prng(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const m = new Uint8Array(base);
    const kind = i % 3;
    if (kind === 0) {
      for (let k = 1 + pick(8); k > 0; k--) m[pick(m.length)]! ^= 1 << pick(8);
    } else if (kind === 1) {
      // 0xFF runs turn lengths and tags into huge or overlong varints.
      const at = pick(m.length);
      m.fill(0xff, at, at + 1 + pick(10));
    } else {
      out.push(base.subarray(0, pick(base.length)));
      continue;
    }
    out.push(m);
  }
  return out;
}

/** Reads and classifies; anything but a Model or a ModelReadError with a position fails the test. */
function readOutcome(bytes: Uint8Array, label: string): 'model' | 'error' {
  try {
    readOnnx(new MemoryByteSource(label, bytes));
    return 'model';
  } catch (e) {
    assert.ok(e instanceof ModelReadError, `${label}: ${String(e)}`);
    assert.doesNotMatch(e.message, /unexpected reader failure/, label);
    assert.ok(e.message.startsWith(label), e.message);
    return 'error';
  }
}

test('every truncation of a generated model ends in a model or a ModelReadError', () => {
  const base = sampleModel();
  let errors = 0;
  for (let len = 0; len < base.length; len++) if (readOutcome(base.subarray(0, len), `trunc-${len}.onnx`) === 'error') errors++;
  assert.ok(errors > base.length / 2, `only ${errors} of ${base.length} truncations were refused`);
});

test('seeded bit flips, 0xFF overwrites and truncations of a generated model', () => {
  const base = sampleModel();
  for (const [i, m] of mutations(base, 1234, 3000).entries()) readOutcome(m, `gen-${i}.onnx`);
});

test('seeded mutations of a shared model', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const base = new Uint8Array(fs.readFileSync(path.join(dir, 'onnx', 'lstm_2layer.onnx')));
  for (const [i, m] of mutations(base, 99, 300).entries()) readOutcome(m, `shared-${i}.onnx`);
});

test('a truncated file names the field being read and the offset', () => {
  const base = sampleModel();
  const graphStart = base.indexOf(0x3a); // ModelProto.graph tag (field 7, wire 2) follows the header strings
  assert.ok(graphStart > 0);
  const cut = base.subarray(0, base.length - 40);
  assert.throws(() => readOnnx(new MemoryByteSource('cut.onnx', cut)), (e: unknown) => {
    assert.ok(e instanceof ModelReadError);
    assert.match(e.message, /^cut\.onnx: /);
    assert.match(e.field ?? '', /^ModelProto/);
    assert.equal(typeof e.offset, 'number');
    return true;
  });
});

test('a hostile length is refused before anything is allocated for it', () => {
  // ModelProto.graph with a length of 2^62: far beyond the 12 bytes that follow.
  const bytes = Uint8Array.of(0x08, 0x08, 0x3a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 1, 2, 3);
  assert.throws(() => readOnnx(new MemoryByteSource('huge.onnx', bytes)), /huge\.onnx: length .* exceeds .*at byte 3/);
});

test('subgraphs nested deeper than the limit are refused', () => {
  // Built by hand: protobufjs's own encoder refuses such deep objects, but a hostile file need not.
  const w = () => protobuf.Writer.create();
  let graph = w().uint32((1 << 3) | 2).bytes(w().uint32((4 << 3) | 2).string('Identity').finish()).finish();
  for (let i = 0; i < 70; i++) {
    const attribute = w().uint32((1 << 3) | 2).string('then_branch').uint32(20 << 3).uint32(5).uint32((6 << 3) | 2).bytes(graph).finish();
    const node = w().uint32((4 << 3) | 2).string('If').uint32((5 << 3) | 2).bytes(attribute).finish();
    graph = w().uint32((1 << 3) | 2).bytes(node).finish();
  }
  const bytes = w().uint32(1 << 3).uint32(8).uint32((7 << 3) | 2).bytes(graph).finish();
  assert.throws(() => readOnnx(new MemoryByteSource('deep.onnx', bytes)), /nested deeper than 64/);
});

test('a file that is not ONNX is refused with a clear message', () => {
  assert.throws(() => readOnnx(new MemoryByteSource('empty.onnx', new Uint8Array(0))), /empty\.onnx: file is empty/);
  const tflite = new TextEncoder().encode('\x1c\x00\x00\x00TFL3 not a protobuf at all');
  assert.throws(() => readOnnx(new MemoryByteSource('m.tflite', tflite)), ModelReadError);
});
