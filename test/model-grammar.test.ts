// The text view's TextMate grammar (media/deploylens-model.tmLanguage.json) colours each line on its
// own: a begin/end rule opened at `graph NAME {` and coloured every line up to the first node's
// attribute `}` as attributes (their comments lost their colour). Rules are checked here as
// JavaScript regular expressions, which the grammar's patterns are written to be as well.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { renderModelText } from '../src/core/report/modelText';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { writeSmallDecoder } from './support/transformerDecoder';

interface Rule { name?: string; match?: string; begin?: string; end?: string; patterns?: Rule[]; captures?: Record<string, Rule> }
const grammar = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'deploylens-model.tmLanguage.json'), 'utf8')) as Rule;

function rules(r: Rule): Rule[] {
  return [r, ...(r.patterns ?? []).flatMap(rules), ...Object.values(r.captures ?? {}).flatMap(rules)];
}

test('no grammar rule spans lines: each line of the text view is coloured by itself', () => {
  const spanning = rules(grammar).filter((r) => r.begin !== undefined || r.end !== undefined);
  assert.deepEqual(spanning.map((r) => r.name), []);
});

test('on a rendered text view, the attributes rule takes a node\'s `{…}` and never the graph line\'s `{`', () => {
  const attributes = rules(grammar).find((r) => r.name === 'meta.attributes.deploylens-model');
  assert.ok(attributes?.match, 'the grammar has its attributes rule');
  const re = new RegExp(attributes.match, 'g');
  const { report } = reportFor(prepareModel(readModelFile(writeSmallDecoder('grammar')).model), [getBuiltinTarget('tflite-nnapi')!], { weightPhase: false });
  const lines = renderModelText({ report }).text.split('\n');
  const graphLine = lines.findIndex((l) => /^graph\b.*\{$/.test(l));
  assert.ok(graphLine >= 0, 'the text has its graph line');
  assert.deepEqual([...lines[graphLine]!.matchAll(re)], [], 'the graph line opens no attributes');
  const withAttributes = lines.filter((l) => / = \w+\(.*\) \{/.test(l));
  assert.ok(withAttributes.length > 0, 'some node shows attributes');
  for (const l of withAttributes) {
    const m = [...l.matchAll(re)];
    assert.equal(m.length, 1, l);
    assert.equal(l.indexOf(m[0]![0]), l.indexOf(') {') + 2, `the attributes after the call: ${l}`);
  }
});
