// Writer -> reader round trips on generated models: what the writer puts in, the reader reports.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttributeValue } from '../src/core/ir/model';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { readOnnx } from '../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, attr, writeOnnxModel, type TensorSpec } from '../src/core/onnx/writeOnnx';
import { readBytes, sampleModel } from './support/onnxFixtures';

const bytesOf = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test('model header, graph structure, canonical ops and opset versions', () => {
  const m = readBytes(sampleModel());
  assert.equal(m.format, 'onnx');
  assert.equal(m.irVersion, 8);
  assert.deepEqual(m.producer, { name: 'test', version: '1' });
  // Opsets are keyed by file text, so the record has no prototype (issue 12): compare its entries.
  assert.deepEqual({ ...m.opsets }, { '': 13, 'com.example': 2 });
  const g = m.graphs[0]!;
  assert.equal(g.name, 'sample');
  assert.deepEqual(g.nodes.map((n) => n.canonicalOp), ['Constant', 'Conv', 'If', 'com.example:MyOp']);
  assert.deepEqual(g.nodes.map((n) => n.opVersion), [13, 13, 13, 2]);
  assert.deepEqual(g.inputs, ['x', 'cond']);
  assert.deepEqual(g.outputs, ['out']);
  assert.deepEqual(g.order, [0, 1, 2, 3]);
  assert.equal(g.tensors.get('y')!.producer, 1);
  assert.deepEqual(g.tensors.get('x')!.consumers, [1]);
});

test('value_info: symbolic dims kept by name, unknown dims become distinct fresh symbols', () => {
  const g = readBytes(sampleModel()).graphs[0]!;
  assert.deepEqual(g.tensors.get('x')!.shape, ['N', 3, 8, 8]);
  assert.equal(g.tensors.get('x')!.dtype, 'float32');
  assert.deepEqual(g.tensors.get('y')!.shape, ['N', 4, 6, 6]);
  assert.deepEqual(g.tensors.get('cond')!.shape, []);
  const out = g.tensors.get('out')!.shape!;
  assert.equal(typeof out[1], 'string');
  assert.match(String(out[1]), /^\?\d+$/);
  const m2 = readBytes(writeOnnxModel({ graph: new OnnxGraphBuilder().input('a', 'float32', [null, null]).output('a') }));
  const [d0, d1] = m2.graphs[0]!.tensors.get('a')!.shape!;
  assert.notEqual(d0, d1);
  assert.equal(m2.graphs[0]!.tensors.get('a')!.dtype, 'float32');
  const noShape = readBytes(writeOnnxModel({ graph: new OnnxGraphBuilder().input('a', 'float32', null).output('a') }));
  assert.equal(noShape.graphs[0]!.tensors.get('a')!.shape, null);
});

test('initializers: metadata, location and weights.read returning exactly the bytes written', () => {
  const m = readBytes(sampleModel());
  const g = m.graphs[0]!;
  const w = g.tensors.get('w')!;
  assert.equal(w.constant, true);
  assert.equal(w.origin, 'initializer');
  assert.deepEqual(w.shape, [4, 3, 3, 3]);
  assert.equal(w.dataBytes, 4 * 108);
  assert.equal(w.data?.kind, 'embedded');
  assert.equal(w.data?.kind === 'embedded' && w.data.encoding, 'raw');
  assert.deepEqual(m.weights.read(0, 'w'), bytesOf(Float32Array.from({ length: 108 }, (_, i) => i / 10)));
  const bias = g.tensors.get('bias')!;
  assert.equal(bias.data?.kind === 'embedded' && bias.data.encoding, 'packed-float32');
  assert.deepEqual(m.weights.read(0, 'bias'), bytesOf(Float32Array.of(1, 2, 3, 4)));
  assert.throws(() => m.weights.read(0, 'x'), /no data/);
});

test('Constant node output is a constant tensor with a data location, told apart from initializers', () => {
  const m = readBytes(sampleModel());
  const k = m.graphs[0]!.tensors.get('k')!;
  assert.equal(k.constant, true);
  assert.equal(k.origin, 'constant-node');
  assert.equal(k.dtype, 'int64');
  assert.deepEqual(k.shape, [2]);
  assert.equal(k.dataBytes, 16);
  assert.equal(k.producer, 0);
  assert.deepEqual(m.weights.read(0, 'k'), bytesOf(BigInt64Array.of(2n, -3n)));
  const attrValue = m.graphs[0]!.nodes[0]!.attributes['value'];
  assert.equal(attrValue?.type, 'tensor');
  assert.deepEqual(attrValue?.type === 'tensor' && attrValue.value.dims, [2]);
});

test('typed data fields and raw_data decode to the same raw bytes for every dtype', () => {
  const cases: [TensorSpec['dtype'], TensorSpec['data'], Uint8Array][] = [
    ['float32', Float32Array.of(1.5, -2, 3e-8), bytesOf(Float32Array.of(1.5, -2, 3e-8))],
    ['float64', Float64Array.of(1.5, -2), bytesOf(Float64Array.of(1.5, -2))],
    ['int8', Int8Array.of(-128, 5, 127), bytesOf(Int8Array.of(-128, 5, 127))],
    ['uint8', Uint8Array.of(0, 200, 255), Uint8Array.of(0, 200, 255)],
    ['int16', Int16Array.of(-32768, 7), bytesOf(Int16Array.of(-32768, 7))],
    ['uint16', Uint16Array.of(65535, 1), bytesOf(Uint16Array.of(65535, 1))],
    ['float16', Uint16Array.of(0x3c00, 0xc000), bytesOf(Uint16Array.of(0x3c00, 0xc000))],
    ['int32', Int32Array.of(-2147483648, 2147483647), bytesOf(Int32Array.of(-2147483648, 2147483647))],
    ['uint32', Uint32Array.of(4294967295, 3), bytesOf(Uint32Array.of(4294967295, 3))],
    ['int64', BigInt64Array.of(-(2n ** 63n), 2n ** 62n + 1n), bytesOf(BigInt64Array.of(-(2n ** 63n), 2n ** 62n + 1n))],
    ['uint64', BigUint64Array.of(2n ** 64n - 1n, 9n), bytesOf(BigUint64Array.of(2n ** 64n - 1n, 9n))],
    ['bool', Uint8Array.of(1, 0, 1), Uint8Array.of(1, 0, 1)],
    ['int4', Uint8Array.of(0x21, 0x0f), Uint8Array.of(0x21, 0x0f)],
    ['float8e4m3fn', Uint8Array.of(0x38, 0xb8), Uint8Array.of(0x38, 0xb8)],
  ];
  for (const [dtype, data, expected] of cases) {
    const count = dtype === 'int4' ? 3 : expected.length / (data as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    for (const encoding of ['raw', 'typed'] as const) {
      const b = new OnnxGraphBuilder().initializer('t', dtype, [count], data, { encoding }).node('Identity', ['t'], ['o']).output('o');
      const m = readBytes(writeOnnxModel({ graph: b, irVersion: 10 }));
      const t = m.graphs[0]!.tensors.get('t')!;
      assert.equal(t.dtype, dtype, `${dtype} ${encoding}`);
      assert.deepEqual(m.weights.read(0, 't'), expected, `${dtype} ${encoding}`);
      assert.equal(t.dataBytes, expected.length, `${dtype} ${encoding} dataBytes`);
    }
  }
});

test('every attribute type round trips', () => {
  const tensor: TensorSpec = { name: 'tv', dtype: 'float32', dims: [2], data: Float32Array.of(1, 2) };
  const body = new OnnxGraphBuilder('body').node('Identity', ['a'], ['b']).output('b');
  const b = new OnnxGraphBuilder().input('a', 'float32', [1]).node('Custom', ['a'], ['o'], {
    i: 7, big: attr.int(9223372036854775807n), neg: -3, f: 0.25, s: 'hello', ints: [1, -2, 3], floats: [0.5, 1.5], strs: ['a', 'bc'],
    t: attr.tensor(tensor), ts: attr.tensors([tensor, { ...tensor, name: 'tv2' }]), g: body, gs: attr.graphs([body, body]),
  }, { domain: 'x.y' }).output('o');
  const m = readBytes(writeOnnxModel({ graph: b, opsets: { '': 13, 'x.y': 1 } }));
  const a = m.graphs[0]!.nodes[0]!.attributes;
  const plain = (v: AttributeValue | undefined) => v;
  assert.deepEqual(plain(a['i']), { type: 'int', value: 7 });
  assert.deepEqual(plain(a['big']), { type: 'int', value: 2 ** 63 }); // INT64_MAX (Slice 'ends') as the nearest double
  assert.deepEqual(plain(a['neg']), { type: 'int', value: -3 });
  assert.deepEqual(plain(a['f']), { type: 'float', value: 0.25 });
  assert.deepEqual(plain(a['s']), { type: 'string', value: 'hello' });
  assert.deepEqual(plain(a['ints']), { type: 'ints', value: [1, -2, 3] });
  assert.deepEqual(plain(a['floats']), { type: 'floats', value: [0.5, 1.5] });
  assert.deepEqual(plain(a['strs']), { type: 'strings', value: ['a', 'bc'] });
  assert.equal(a['t']?.type, 'tensor');
  assert.deepEqual(a['t']?.type === 'tensor' && [a['t'].value.name, a['t'].value.dtype, a['t'].value.dims, a['t'].value.dataBytes], ['tv', 'float32', [2], 8]);
  assert.deepEqual(a['ts']?.type === 'tensors' && a['ts'].value.map((t) => t.name), ['tv', 'tv2']);
  assert.deepEqual(a['g'], { type: 'graph', graph: 1 });
  assert.deepEqual(a['gs'], { type: 'graphs', graphs: [2, 3] });
  assert.equal(m.graphs.length, 4);
  assert.deepEqual(m.graphs[2]!.parent, { graph: 0, node: 0, attribute: 'gs' });
  assert.deepEqual(m.graphs[0]!.nodes[0]!.subgraphs, [1, 2, 3]);
  assert.equal(m.graphs[0]!.nodes[0]!.canonicalOp, 'x.y:Custom');
});

test('subgraphs: If branches and a Loop body nested in a branch become graphs with parents', () => {
  const m = readBytes(sampleModel());
  assert.equal(m.graphs.length, 3);
  const ifNode = m.graphs[0]!.nodes[2]!;
  assert.deepEqual(ifNode.attributes['then_branch'], { type: 'graph', graph: 1 });
  assert.deepEqual(ifNode.attributes['else_branch'], { type: 'graph', graph: 2 });
  assert.deepEqual(ifNode.subgraphs, [1, 2]);
  assert.deepEqual(m.graphs[1]!.parent, { graph: 0, node: 2, attribute: 'then_branch' });
  assert.equal(m.graphs[1]!.name, 'then_body');
  assert.deepEqual(m.graphs[1]!.nodes.map((n) => n.op), ['Relu']);
  // The body reads 'y' from the outer scope: it is linked as an outer value (no producer inside).
  assert.equal(m.graphs[1]!.tensors.get('y')!.producer, null);

  const loopBody = new OnnxGraphBuilder('loop_body').input('i', 'int64', []).input('c', 'bool', []).input('v', 'float32', [2])
    .node('Add', ['v', 'v'], ['v2']).node('Identity', ['c'], ['c2']).output('c2', 'bool', []).output('v2', 'float32', [2]);
  const branch = new OnnxGraphBuilder('branch').node('Loop', ['n', '', 'v0'], ['vout'], { body: loopBody }).output('vout');
  const main = new OnnxGraphBuilder().input('n', 'int64', []).input('v0', 'float32', [2]).input('p', 'bool', [])
    .node('If', ['p'], ['r'], { then_branch: branch, else_branch: branch }).output('r');
  const m2 = readBytes(writeOnnxModel({ graph: main, opsets: { '': 16 } }));
  assert.deepEqual(m2.graphs.map((g) => g.name), ['main', 'branch', 'loop_body', 'branch', 'loop_body']);
  assert.deepEqual(m2.graphs[2]!.parent, { graph: 1, node: 0, attribute: 'body' });
  assert.deepEqual(m2.graphs[4]!.parent, { graph: 3, node: 0, attribute: 'body' });
  assert.deepEqual(m2.graphs[1]!.nodes[0]!.inputs, ['n', '', 'v0']);
  assert.equal(m2.graphs[2]!.nodes[0]!.opVersion, 16);
  assert.deepEqual(m2.graphs[2]!.inputs, ['i', 'c', 'v']);
});

test('local functions become graphs with a FunctionDef and their own opsets', () => {
  const body = new OnnxGraphBuilder().node('Mul', ['a', 'a'], ['sq']).node('Add', ['sq', 'a'], ['r']).valueInfo('sq', 'float32', [3]);
  const main = new OnnxGraphBuilder().input('x', 'float32', [3]).node('SquarePlus', ['x'], ['y'], {}, { domain: 'local' }).output('y');
  const m = readBytes(writeOnnxModel({
    graph: main, irVersion: 10, opsets: { '': 18, local: 1 },
    functions: [{ domain: 'local', name: 'SquarePlus', inputs: ['a'], outputs: ['r'], attributes: ['alpha'], body, opsets: { '': 17 } }],
  }));
  assert.equal(m.functions.length, 1);
  const fn = m.functions[0]!;
  assert.deepEqual([fn.domain, fn.name, fn.inputs, fn.outputs, fn.attributes, fn.graph], ['local', 'SquarePlus', ['a'], ['r'], ['alpha'], 1]);
  assert.equal(fn.opsets[''], 17);
  const g = m.graphs[1]!;
  assert.deepEqual(g.nodes.map((n) => [n.op, n.opVersion]), [['Mul', 17], ['Add', 17]]);
  assert.deepEqual(g.inputs, ['a']);
  assert.deepEqual(g.outputs, ['r']);
  assert.deepEqual(g.tensors.get('sq')!.shape, [3]);
  assert.equal(m.graphs[0]!.nodes[0]!.canonicalOp, 'local:SquarePlus');
  assert.equal(m.graphs[0]!.nodes[0]!.opVersion, 1);
});

test('sparse initializers and string tensors are described without their data being needed', () => {
  const b = new OnnxGraphBuilder()
    .sparseInitializer({ values: { name: 'sp', dtype: 'float32', dims: [2], data: Float32Array.of(1, 2) }, indices: { name: '', dtype: 'int64', dims: [2], data: BigInt64Array.of(0n, 5n) }, dims: [3, 4] })
    .initializer('labels', 'string', [2], undefined, { strings: ['cat', 'dog'] })
    .node('Identity', ['sp'], ['o']).node('Identity', ['labels'], ['o2']).output('o').output('o2');
  const m = readBytes(writeOnnxModel({ graph: b }));
  const sp = m.graphs[0]!.tensors.get('sp')!;
  assert.deepEqual([sp.origin, sp.dtype, sp.shape, sp.constant, sp.dataBytes], ['sparse-initializer', 'float32', [3, 4], true, 8 + 16]);
  const labels = m.graphs[0]!.tensors.get('labels')!;
  assert.deepEqual([labels.dtype, labels.shape, labels.data?.kind === 'embedded' && labels.data.encoding], ['string', [2], 'strings']);
});

test('an initializer listed as a graph input (IR 3 style) is a default, not a required input', () => {
  const b = new OnnxGraphBuilder().input('x', 'float32', [2]).input('w', 'float32', [2])
    .initializer('w', 'float32', [2], [1, 2]).node('Add', ['x', 'w'], ['y']).output('y');
  const m = readBytes(writeOnnxModel({ graph: b, irVersion: 3, opsets: { '': 8 } }));
  assert.deepEqual(m.graphs[0]!.inputs, ['x']);
  assert.equal(m.graphs[0]!.tensors.get('w')!.constant, true);
  assert.equal(m.irVersion, 3);
});

test('unknown fields (a newer IR) are skipped', () => {
  const base = sampleModel();
  // Append ModelProto field 99 (length-delimited) and field 98 (varint): both unknown to the schema.
  const extra = Uint8Array.of(0x9a, 0x06, 3, 1, 2, 3, 0x90, 0x06, 0x7f);
  const bytes = new Uint8Array(base.length + extra.length);
  bytes.set(base);
  bytes.set(extra, base.length);
  const m = readOnnx(new MemoryByteSource('x.onnx', bytes));
  assert.equal(m.graphs[0]!.nodes.length, 4);
});
