// Issue 12, unit level: the pieces the hostile corpus relies on, each on the smallest input that
// shows it (escaping, regular files, JSON nesting, attribute and unpacked-data limits, recursion).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { runScan } from '../src/core/analysis/hints/sparsityScan';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { readRegularTextFile, UnreadableFileError } from '../src/core/io/regularFile';
import { MAX_ATTRIBUTE_ELEMENTS, MAX_JSON_DEPTH } from '../src/core/limits';
import { readOnnx } from '../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { markdownCode, markdownText, terminalSafe } from '../src/core/report/escape';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { JsonSyntaxError, parseJsonWithPositions } from '../src/core/targets/jsonText';
import { modelProto, nodeProto, ONNX, ONNX_FLOAT, ONNX_INT32, Pb, valueInfo } from './hostile/protoWriter';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-units-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('terminal text shows control characters as escapes, never raw', () => {
  assert.equal(terminalSafe('a\x1b]0;t\x07\r\nb\u202e'), 'a\\x1b]0;t\\x07\\x0d\\x0ab\\u{202e}');
  assert.equal(terminalSafe('plain name/with.dots'), 'plain name/with.dots');
  assert.match(terminalSafe('x'.repeat(5000)), /… \(4,000 more characters\)$/);
});

test('Markdown text cannot open HTML, links, emphasis, headings or table cells', () => {
  const s = markdownText('<img src=x onerror=alert(1)> [l](javascript:x) *b* | c\n# h');
  assert.doesNotMatch(s, /<img|\]\(|(^|[^\\])\*|(^|[^\\])\||\n/);
  assert.match(s, /&lt;img/);
  assert.equal(markdownCode('a`b'), '``a`b``');
  assert.equal(markdownCode('x|y'), '`x\\|y`');
});

test('only regular files are read, with a size budget', () => {
  const fifo = path.join(dir, 'p.json');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => readRegularTextFile(fifo, 1024, 'a profile'), (e: unknown) => e instanceof UnreadableFileError && /not a regular file \(a FIFO\)/.test(e.message));
  assert.throws(() => readRegularTextFile('/dev/zero', 1024, 'a profile'), /a character device/);
  assert.throws(() => readRegularTextFile(dir, 1024, 'a profile'), /a folder/);
  const big = path.join(dir, 'big.json');
  fs.writeFileSync(big, 'x'.repeat(2048));
  assert.throws(() => readRegularTextFile(big, 1024, 'a profile'), /2,048 bytes, larger than the 1 KiB a profile may be/);
  fs.writeFileSync(big, '{}');
  assert.equal(readRegularTextFile(big, 1024, 'a profile'), '{}');
});

test('profile JSON nesting is bounded, without recursion proportional to the input', () => {
  assert.doesNotThrow(() => parseJsonWithPositions('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)));
  assert.throws(() => parseJsonWithPositions('['.repeat(200000) + ']'.repeat(200000)), (e: unknown) => e instanceof JsonSyntaxError && e.position.column === MAX_JSON_DEPTH + 1);
});

function reluWithInts(count: number): Uint8Array {
  const packed = new Uint8Array(count).fill(3);
  const attribute = new Pb().string(ONNX.attr.name, 'list').int(ONNX.attr.type, ONNX.attrType.INTS).bytes(ONNX.attr.ints, packed);
  return modelProto(new Pb().msg(ONNX.graph.node, nodeProto('Relu', ['x'], ['y'], (n) => n.msg(ONNX.node.attribute, attribute)))
    .msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [4])).msg(ONNX.graph.output, valueInfo('y', ONNX_FLOAT, [4])));
}

test('list attributes are decoded up to the limit and counted beyond it', () => {
  const ok = readOnnx(new MemoryByteSource('ok.onnx', reluWithInts(MAX_ATTRIBUTE_ELEMENTS)));
  const a = ok.graphs[0]!.nodes[0]!.attributes['list'];
  assert.equal(a?.type === 'ints' ? a.value.length : -1, MAX_ATTRIBUTE_ELEMENTS);
  const over = readOnnx(new MemoryByteSource('over.onnx', reluWithInts(MAX_ATTRIBUTE_ELEMENTS + 1)));
  assert.deepEqual(over.graphs[0]!.nodes[0]!.attributes['list'], { type: 'other', kind: `ints (${(MAX_ATTRIBUTE_ELEMENTS + 1).toLocaleString('en-US')} elements, not read)` });
  assert.ok(over.diagnostics.some((d) => d.code === 'limits/attribute-not-read'));
});

test('unpacked int32 data reads the same values as before, through the bulk scan', () => {
  const values = [0, 1, -1, 127, 128, 300, -2147483648, 2147483647, 5];
  const run = new Pb();
  for (const v of values) run.int(ONNX.tensor.int32_data, BigInt.asUintN(64, BigInt(v)));
  const t = new Pb().int(ONNX.tensor.dims, values.length).int(ONNX.tensor.data_type, ONNX_INT32).string(ONNX.tensor.name, 'w').raw(run.finish());
  const bytes = modelProto(new Pb().msg(ONNX.graph.node, nodeProto('Identity', ['w'], ['y'])).msg(ONNX.graph.initializer, t).msg(ONNX.graph.output, valueInfo('y', ONNX_INT32, [values.length])));
  const model = readOnnx(new MemoryByteSource('u.onnx', bytes));
  const raw = model.weights.read(0, 'w');
  assert.deepEqual([...new Int32Array(raw.buffer, raw.byteOffset, values.length)], values);
});

test('an op, attribute or tensor named like an Object.prototype member is just a name', () => {
  const bytes = modelProto(new Pb()
    .msg(ONNX.graph.node, nodeProto('constructor', ['x'], ['__proto__'], (n) => n.msg(ONNX.node.attribute, new Pb().string(ONNX.attr.name, '__proto__').int(ONNX.attr.type, 2).int(ONNX.attr.i, 7))))
    .msg(ONNX.graph.node, nodeProto('toString', ['__proto__'], ['y']))
    .msg(ONNX.graph.input, valueInfo('x', ONNX_FLOAT, [4])).msg(ONNX.graph.output, valueInfo('y', ONNX_FLOAT, [4])));
  const model = readOnnx(new MemoryByteSource('p.onnx', bytes));
  const node = model.graphs[0]!.nodes[0]!;
  assert.deepEqual(Object.keys(node.attributes), ['__proto__']);
  assert.deepEqual(node.attributes['__proto__'], { type: 'int', value: 7 });
  assert.equal(node.attributes['toString'], undefined);
  const prepared = prepareModel(model);
  assert.ok(prepared.shapeDiagnostics.some((d) => d.code === 'shapes/unknown-op' && /constructor/.test(d.message)));
});

test('a weight read by ops named like Object.prototype members goes through the sparsity scan and every target', () => {
  // The structure-aware fuzzer (seed 12) found this: a weight consumed by an op named `constructor`
  // made the weight-operand table answer with Object's constructor ("slots.includes is not a function").
  const b = new OnnxGraphBuilder('proto-ops');
  b.input('x', 'float32', [1, 4]);
  b.initializer('w', 'float32', [4, 4], new Float32Array(16));
  b.node('constructor', ['x', 'w'], ['c']);
  b.node('MatMul', ['c', 'w'], ['m']);
  b.node('toString', ['m'], ['y']);
  b.output('y', 'float32', [1, 4]);
  const model = readOnnx(new MemoryByteSource('proto-ops.onnx', writeOnnxModel({ graph: b, opsets: { '': 17 } })));
  assert.doesNotThrow(() => runScan(model, 0));
  const prepared = prepareModel(model);
  for (const id of ['tflm-cortex-m7', 'coral-edgetpu', 'ethos-u55-128', 'tflite-gpu', 'ort-nnapi', 'tensorrt-jetson-orin-nano']) {
    assert.doesNotThrow(() => reportFor(prepared, [getBuiltinTarget(id)!]), id);
  }
});
