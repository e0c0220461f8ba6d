// Small constant values for shape propagation (src/core/shapes/constValues.ts): the 64-bit decode
// without BigInt and the in-place decode of bytes the reader held must give what the general path
// (the weight accessor's copy, decoded with BigInt) gives — where the fast path applies and where it must not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataLocation, Model } from '../src/core/ir/model';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { decodeRaw, readSmallConstant, readTensorValue } from '../src/core/shapes/constValues';
import { readBytes } from './support/onnxFixtures';

const EDGES = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n - 1n, 2n ** 53n - 1n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n), 1234567890123n, -9876543210987n];

test('int64 and uint64 decode to Number(BigInt) of each element, edges and beyond 2^53 included', () => {
  const signed = BigInt64Array.from(EDGES);
  const got = decodeRaw(new Uint8Array(signed.buffer), 'int64', signed.length);
  assert.deepEqual(got, [...signed].map((v) => Number(v)));
  const unsigned = BigUint64Array.from(EDGES.map((v) => BigInt.asUintN(64, v)));
  assert.deepEqual(decodeRaw(new Uint8Array(unsigned.buffer), 'uint64', unsigned.length), [...unsigned].map((v) => Number(v)));
  // At an odd offset inside a bigger buffer (held bytes live in a shared slab).
  const bytes = new Uint8Array(3 + signed.byteLength);
  bytes.set(new Uint8Array(signed.buffer), 3);
  assert.deepEqual(decodeRaw(bytes.subarray(3), 'int64', signed.length), [...signed].map((v) => Number(v)));
  // One element (scalars and single axes) takes a shorter path: the same values, edges included.
  for (const v of signed) assert.equal(decodeRaw(new Uint8Array(BigInt64Array.of(v).buffer), 'int64', 1)![0], Number(v));
  assert.equal(decodeRaw(new Uint8Array(7), 'int64', 1), null, 'too few bytes');
});

/** A model whose Constant node and initializer hold small int64 values the reader keeps in hand. */
function smallConstants(): Model {
  const b = new OnnxGraphBuilder('consts')
    .input('x', 'float32', [2, 3, 4])
    .constant({ name: 'shape', dtype: 'int64', dims: [2], data: BigInt64Array.from([6n, -1n]) })
    .initializer('axes', 'int64', [3], BigInt64Array.from([0n, 2n ** 63n - 1n, -(2n ** 63n)]))
    .node('Reshape', ['x', 'shape'], ['y'])
    .output('y', 'float32', null);
  return readBytes(writeOnnxModel({ graph: b }));
}

/** The general path's answer: the accessor's bytes, decoded with BigInt. */
function viaAccessor(model: Model, name: string): number[] {
  return [...new BigInt64Array(model.weights.read(0, name).slice().buffer)].map((v) => Number(v));
}

test('held bytes decoded in place equal the accessor\'s decode (Constant attribute and initializer)', () => {
  const model = smallConstants();
  const g = model.graphs[0]!;
  const shape = g.tensors.get('shape')!;
  const axes = g.tensors.get('axes')!;
  assert.equal(shape.data?.kind === 'embedded' && shape.data.held !== undefined, true, 'the fast path applies: the reader held the bytes');
  const node = g.nodes.find((n) => n.op === 'Constant')!;
  const attr = node.attributes['value']!;
  assert.equal(attr.type, 'tensor');
  if (attr.type !== 'tensor') return;
  assert.deepEqual(readTensorValue(model, 0, 'shape', attr.value), viaAccessor(model, 'shape'));
  assert.deepEqual(readTensorValue(model, 0, 'shape', attr.value), [6, -1]);
  assert.deepEqual(readSmallConstant(model, 0, 'axes', axes.dtype, axes.shape!, axes.data), viaAccessor(model, 'axes'));
});

test('held bytes are not used when the named tensor carries another location: the accessor answers', () => {
  const model = smallConstants();
  const g = model.graphs[0]!;
  const axes = g.tensors.get('axes')!;
  // A location the graph's tensor does not carry (as when two nodes claim one output name): the
  // value must come from the accessor for the name, as before, not from these bytes.
  const stray: DataLocation = { ...(axes.data as Extract<DataLocation, { kind: 'embedded' }>), held: new Uint8Array(new BigInt64Array([7n, 8n, 9n]).buffer) };
  let reads = 0;
  const counted: Model = { ...model, weights: { ...model.weights, read: (graph, name) => { reads++; return model.weights.read(graph, name); } } };
  assert.deepEqual(readSmallConstant(counted, 0, 'axes', 'int64', [3], stray), viaAccessor(model, 'axes'));
  assert.equal(reads, 1);
  // The tensor's own location takes the fast path: no accessor call.
  reads = 0;
  assert.deepEqual(readSmallConstant(counted, 0, 'axes', 'int64', [3], axes.data), viaAccessor(model, 'axes'));
  assert.equal(reads, 0);
});
