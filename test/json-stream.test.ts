// The CLI writes JSON reports in chunks (core/report/jsonStream.ts), their node and tensor rows
// made while written (buildReport.ts streamReport): the text must be JSON.stringify(report, null, 2)'s
// to the byte, on real reports and on the awkward values.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { prepareModel, reportFor, streamedReportFor, type PreparedModel } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { JsonEntries, JsonRows, writeJson } from '../src/core/report/jsonStream';
import { arrayIndexOf } from '../src/core/report/buildReport';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { stackedBlocksModel } from './support/stackedModel';
import { writeSmallDecoder } from './support/transformerDecoder';

function streamed(value: unknown): string {
  let out = '';
  writeJson(value, (c) => { out += c; }, '\n');
  return out;
}

const targets = (...ids: string[]) => ids.map((t) => getBuiltinTarget(t)!);

function writeTemp(name: string, bytes: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-jsonstream-')), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Tensors named like array indices ("7", "12"): a record lists them first, ascending, whatever the file's order. */
function numericNamesModel(): Uint8Array {
  const b = new OnnxGraphBuilder('numeric');
  b.input('input', 'float32', [1, 8]);
  b.initializer('12', 'float32', [8, 8], new Float32Array(64).fill(0.5));
  b.node('MatMul', ['input', '12'], ['7'], {}, { name: 'mm' });
  b.node('Relu', ['7'], ['3'], {}, { name: '0' });
  b.node('Relu', ['3'], ['__proto__'], {}, { name: 'constructor' });
  // More names than a batch of the writer (32), integer-like ones descending and mixed with others.
  let x = '__proto__';
  for (let i = 0; i < 80; i++) {
    const y = i % 2 ? `${500 - i}` : `t${i}`;
    b.node('Relu', [x], [y], {});
    x = y;
  }
  // Names at the edges of an array index: the largest index, one past it, a leading zero, a sign.
  for (const y of ['4294967295', '4294967294', '007', '-3']) {
    b.node('Relu', [x], [y], {});
    x = y;
  }
  b.node('Relu', [x], ['out'], {});
  b.output('out', 'float32', [1, 8]);
  return writeOnnxModel({ graph: b, opsets: { '': 17 } });
}

test('a streamed report is JSON.stringify of the built report to the byte: TFLite, ONNX decoder, 1k nodes, numeric tensor names, several targets', () => {
  const models: [string, PreparedModel][] = [
    ['example', prepareModel(readModelFile(bundledExampleModel()).model)],
    ['decoder', prepareModel(readModelFile(writeSmallDecoder('deploylens-jsonstream-')).model)],
    ['stacked', prepareModel(readModelFile(writeTemp('stacked.onnx', stackedBlocksModel(200))).model)],
    ['numeric', prepareModel(readModelFile(writeTemp('numeric.onnx', numericNamesModel())).model)],
  ];
  const runs = [[], ['tflm-cortex-m7'], ['coral-edgetpu'], ['tflite-gpu', 'ethos-u55-128', 'ort-cpu-desktop'], ['ort-coreml']];
  for (const [name, prepared] of models) {
    const built = [];
    const lazy = [];
    for (const ids of runs) {
      const report = reportFor(prepared, targets(...ids)).report;
      const s = streamedReportFor(prepared, targets(...ids));
      assert.equal(streamed(s), `${JSON.stringify(report, null, 2)}\n`, `${name} on ${ids.join(', ') || 'no target'}`);
      // Elsewhere (JSON.stringify itself) the streamed report reads as the built one.
      assert.equal(JSON.stringify(s), JSON.stringify(report), `${name} on ${ids.join(', ') || 'no target'}, JSON.stringify`);
      built.push(report);
      lazy.push(s);
    }
    // The CLI's output for several models: an array of reports.
    assert.equal(streamed(lazy.slice(0, 3)), `${JSON.stringify(built.slice(0, 3), null, 2)}\n`, `${name}: array of reports`);
  }
  // The numeric names are the case a key list in file order would get wrong.
  const numeric = reportFor(models[3]![1], targets('tflm-cortex-m7')).report;
  assert.deepEqual(Object.keys(numeric.tensors).slice(0, 3), ['3', '7', '12']);
});

test('chunked JSON is JSON.stringify(value, null, 2) to the byte: reports, a comparison, an array of reports', () => {
  const prepared = prepareModel(readModelFile(bundledExampleModel()).model);
  const one = reportFor(prepared, targets('tflm-cortex-m7')).report;
  const two = reportFor(prepared, targets('coral-edgetpu', 'tflite-gpu')).report;
  for (const v of [one, two, [one, two]]) assert.equal(streamed(v), `${JSON.stringify(v, null, 2)}\n`);
});

test('awkward values: empty containers, undefined and functions, non-finite numbers, unicode and newlines in strings, toJSON', () => {
  const nul = Object.create(null) as Record<string, unknown>;
  nul['constructor'] = { a: [] };
  const v = {
    a: [], b: {}, c: undefined, d: () => 1, e: [undefined, () => 1, NaN, Infinity, -0, null],
    f: 'line\nbreak — “quotes” \u2028 \\ "', g: { h: { i: { j: { k: [1, { l: 'deep\n' }] } } } },
    m: new Date(0), n: nul, o: [[[[1, 2], []], {}]], p: [{ q: undefined }, {}],
  };
  assert.equal(streamed(v), `${JSON.stringify(v, null, 2)}\n`);
  for (const x of [1, 'x', null, [], {}, [1, [2, [3, [4, [5]]]]]]) assert.equal(streamed(x), `${JSON.stringify(x, null, 2)}\n`);
});

test('long lists at every depth are written in batches: holes, undefined, integer-like and __proto__ keys, nested long lists', () => {
  const awkward = (i: number): unknown => (i % 7 === 0 ? undefined : i % 11 === 0 ? () => i : i % 5 === 0 ? { n: i, s: `é${i}\n` } : i % 3 === 0 ? [i, [i]] : i);
  const long = Array.from({ length: 1000 }, (_, i) => awkward(i));
  long[500] = Array.from({ length: 300 }, (_, i) => ({ i, deeper: Array.from({ length: 70 }, (_, j) => j) }));
  const holes = new Array<unknown>(200);
  holes[3] = 'x';
  const record = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < 700; i++) record[i % 3 === 0 ? String(1000 - i) : `k${i}`] = awkward(i);
  record['__proto__'] = { p: 1 };
  record['4294967295'] = 'not an index';
  const allSkipped = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`u${i}`, undefined]));
  const v = { a: { b: { c: long, d: record, e: holes, f: allSkipped } }, long, record, top: [long, record] };
  assert.equal(streamed(v), `${JSON.stringify(v, null, 2)}\n`);
  assert.equal(streamed(long), `${JSON.stringify(long, null, 2)}\n`);
  assert.equal(streamed(record), `${JSON.stringify(record, null, 2)}\n`);
});

test('JsonRows and JsonEntries write as the arrays and records they make, each row made once, also where JSON.stringify meets them', () => {
  let made = 0;
  const rows = (n: number) => new JsonRows(n, (i) => {
    made++;
    return i % 4 === 0 ? undefined : { i, s: 'ü'.repeat(i % 3) };
  });
  // In Object.keys order (integer-like keys first, ascending), as JsonEntries takes them.
  const keys = ['2', '10', 'b', 'a', '__proto__', 'undef'];
  const entries = new JsonEntries(keys, (k) => (k === 'undef' ? undefined : { k, rows: rows(3) }));
  const value = { rows: rows(500), entries, deep: { deeper: { deepest: rows(5) } }, none: rows(0), [Symbol('s')]: 1 };
  const expected = {
    rows: Array.from({ length: 500 }, (_, i) => (i % 4 === 0 ? undefined : { i, s: 'ü'.repeat(i % 3) })),
    entries: Object.fromEntries(keys.filter((k) => k !== 'undef').map((k) => [k, { k, rows: [undefined, { i: 1, s: 'ü' }, { i: 2, s: 'üü' }] }])),
    deep: { deeper: { deepest: [undefined, { i: 1, s: 'ü' }, { i: 2, s: 'üü' }, { i: 3, s: '' }, undefined] } },
    none: [],
  };
  // Object.fromEntries gives `__proto__` an own key, as JsonEntries' record does.
  assert.equal(streamed(value), `${JSON.stringify(expected, null, 2)}\n`);
  assert.equal(made, 500 + 5 * 3 + 5);
  assert.equal(JSON.stringify(value, null, 2), JSON.stringify(expected, null, 2));
  assert.equal(streamed([rows(70), entries]), `${JSON.stringify([expected.rows.slice(0, 70), expected.entries], null, 2)}\n`);
});

test('arrayIndexOf: the names a record lists first (array indices), as their numbers', () => {
  const cases: [string, number][] = [
    ['0', 0], ['7', 7], ['12', 12], ['4294967294', 4294967294],
    ['4294967295', -1], ['99999999999', -1], ['007', -1], ['-3', -1], ['1e3', -1], ['', -1], ['3 ', -1], ['x1', -1],
  ];
  for (const [name, index] of cases) assert.equal(arrayIndexOf(name), index, name);
  // The record's own order agrees.
  const record = Object.create(null) as Record<string, true>;
  for (const [name] of cases) record[name] = true;
  const indices = cases.filter(([, i]) => i >= 0).sort((a, b) => a[1] - b[1]).map(([n]) => n);
  assert.deepEqual(Object.keys(record), [...indices, ...cases.filter(([, i]) => i < 0).map(([n]) => n)]);
});
