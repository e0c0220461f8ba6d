// Hostile input: deterministic mutations (bit flips, offsets/lengths overwritten with huge values,
// truncation) of a generated model and of a real one. Every case must end in a Model or a
// ModelReadError: never another exception, an out-of-range read or an unbounded loop.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Builder } from 'flatbuffers';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { ModelReadError } from '../src/core/ir/errors';
import { readTflite } from '../src/core/tflite/readTflite';
import { sharedModelsDir } from './support/sharedModels';
import { writeTflite } from './fixtures/tfliteWriter';
import { featureModelSpec } from './fixtures/tfliteFeatureModel';
import { prng } from '../src/core/util/prng';


const HUGE = [0xffffffff, 0x7fffffff, 0x80000000, 0x7ffffff0, 0x00ffffff, 0xfffffffc];

type Outcome = 'model' | 'error';

function attempt(bytes: Uint8Array, what: string): Outcome {
  try {
    readTflite(new MemoryByteSource('mutant.tflite', bytes));
    return 'model';
  } catch (e) {
    if (e instanceof ModelReadError) {
      assert.match(e.message, /^mutant\.tflite: /, what);
      return 'error';
    }
    throw new Error(`${what}: escaped as ${String(e)}`, { cause: e });
  }
}

/** Byte ranges outside constant data, where mutations hit structure rather than weights. */
function structureOffsets(bytes: Uint8Array): number[] {
  const m = readTflite(new MemoryByteSource('clean', bytes));
  const inData = new Uint8Array(bytes.byteLength);
  for (const g of m.graphs) for (const t of g.tensors.values()) {
    if (t.data?.kind === 'embedded') inData.fill(1, t.data.offset, Math.min(bytes.byteLength, t.data.offset + t.data.length));
  }
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.byteLength; i++) if (!inData[i]) out.push(i);
  return out;
}

function mutate(original: Uint8Array, seed: number, rounds: number): Record<Outcome, number> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const targets = structureOffsets(original);
  const counts: Record<Outcome, number> = { model: 0, error: 0 };
  for (let i = 0; i < rounds; i++) {
    const bytes = original.slice();
    const view = new DataView(bytes.buffer);
    const at = rand() < 0.8 ? pick(targets) : Math.floor(rand() * (bytes.byteLength - 4));
    const kind = i % 3;
    if (kind === 0) {
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) bytes[at + Math.floor(rand() * 4)]! ^= 1 << Math.floor(rand() * 8);
    } else if (kind === 1) {
      view.setUint32(at, pick(HUGE), true);
    } else {
      view.setUint32(at, Math.floor(rand() * 0x100000000), true);
    }
    counts[attempt(bytes, `seed ${seed} round ${i} (kind ${kind} at ${at})`)]++;
  }
  for (let len = 0; len < original.byteLength; len += Math.max(1, Math.floor(original.byteLength / 300))) {
    counts[attempt(original.subarray(0, len), `truncated to ${len}`)]++;
  }
  return counts;
}

test('mutated generated models end in a Model or a ModelReadError', () => {
  const counts = mutate(writeTflite(featureModelSpec()), 1, 3000);
  // Both outcomes happen: the mutations reach the checks, and harmless ones still read.
  assert.ok(counts.error > 0 && counts.model > 0, JSON.stringify(counts));
});

test('mutated person_detect.tflite ends in a Model or a ModelReadError', (t) => {
  const dir = sharedModelsDir();
  const file = dir && path.join(dir, 'tflite', 'person_detect.tflite');
  if (!file || !fs.existsSync(file)) { t.skip('../shared/models not present'); return; }
  const counts = mutate(new Uint8Array(fs.readFileSync(file)), 2, 1500);
  assert.ok(counts.error > 0 && counts.model > 0, JSON.stringify(counts));
});

test('offsets that all alias one table cannot multiply the work: the read stops with an error', () => {
  // 3000 subgraph entries point at one SubGraph whose 3000 tensor entries point at one Tensor:
  // 9 million tensors from a ~30 KB file. The reader's work budget turns this into a clear error.
  const b = new Builder(1024);
  const name = b.createString('t');
  b.startObject(4);
  b.addFieldOffset(3, name, 0);
  const tensor = b.endObject();
  const repeat = (offset: number, n: number): number => {
    b.startVector(4, n, 4);
    for (let i = 0; i < n; i++) b.addOffset(offset);
    return b.endVector();
  };
  const tensors = repeat(tensor, 3000);
  b.startObject(1);
  b.addFieldOffset(0, tensors, 0);
  const subgraphs = repeat(b.endObject(), 3000);
  b.startObject(3);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.finish(b.endObject(), 'TFL3');
  const bytes = b.asUint8Array();
  assert.throws(() => readTflite(new MemoryByteSource('alias.tflite', bytes)), (e: unknown) => e instanceof ModelReadError && /far more data than the file holds/.test(e.message));
});
