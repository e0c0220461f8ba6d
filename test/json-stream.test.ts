// The CLI writes JSON reports in chunks (core/report/jsonStream.ts): the text must be
// JSON.stringify(value, null, 2)'s to the byte, on real reports and on the awkward values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { writeJson } from '../src/core/report/jsonStream';
import { getBuiltinTarget } from '../src/core/targets/builtins';

function streamed(value: unknown): string {
  let out = '';
  writeJson(value, (c) => { out += c; }, '\n');
  return out;
}

test('chunked JSON is JSON.stringify(value, null, 2) to the byte: reports, a comparison, an array of reports', () => {
  const prepared = prepareModel(readModelFile(bundledExampleModel()).model);
  const one = reportFor(prepared, [getBuiltinTarget('tflm-cortex-m7')!]).report;
  const two = reportFor(prepared, ['coral-edgetpu', 'tflite-gpu'].map((t) => getBuiltinTarget(t)!)).report;
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
