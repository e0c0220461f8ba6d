// `analyze --format json` writes each report while its rows are made (cli/reportsOutput.ts). A report
// that fails part-way (an internal error in a row) must never leave a cut-off report where a CI step
// reads a whole one: a regular file is put in place only when complete; special files are written
// in place and never replaced.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { jsonLayout, ReportsOutput } from '../src/cli/reportsOutput';
import { JsonRows } from '../src/core/report/jsonStream';

const good = (name: string) => ({ name, nodes: new JsonRows(200, (i) => ({ index: i, op: 'Conv' })) });
/** A report whose 150th row throws, as a bug in a row builder would: after 100+ rows are already written. */
const failing = () => ({ name: 'bad', nodes: new JsonRows(200, (i) => { if (i === 150) throw new Error('row bug'); return { index: i, op: 'Conv' }; }) });

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dl-json-out-'));
}

test('complete reports land in the file whole (one report, several as an array), with no temporary file left', () => {
  const dir = tempDir();
  const one = path.join(dir, 'one.json');
  const single = new ReportsOutput(one, () => assert.fail('not stdout'), jsonLayout(false));
  single.add(good('a'));
  single.finish();
  assert.equal(fs.readFileSync(one, 'utf8'), `${JSON.stringify(good('a'), null, 2)}\n`);
  const many = path.join(dir, 'many.json');
  const several = new ReportsOutput(many, () => assert.fail('not stdout'), jsonLayout(true));
  several.add(good('a'));
  several.add(good('b'));
  several.finish();
  assert.deepEqual(JSON.parse(fs.readFileSync(many, 'utf8')), JSON.parse(JSON.stringify([good('a'), good('b')])));
  assert.deepEqual(fs.readdirSync(dir).sort(), ['many.json', 'one.json']);
  assert.equal(several.incompleteMessage(), null);
});

test('a report that fails part-way leaves the previous file untouched and no temporary file, and says so', () => {
  const dir = tempDir();
  const out = path.join(dir, 'report.json');
  fs.writeFileSync(out, 'previous report\n');
  const output = new ReportsOutput(out, () => assert.fail('not stdout'), jsonLayout(true));
  output.add(good('a'));
  assert.throws(() => output.add(failing()), /row bug/);
  // The next model's report is not appended after the cut-off one.
  output.add(good('c'));
  output.finish();
  assert.equal(fs.readFileSync(out, 'utf8'), 'previous report\n');
  assert.deepEqual(fs.readdirSync(dir), ['report.json']);
  assert.match(output.incompleteMessage() ?? '', /report\.json was not written: an internal error/);
});

test('standard output cannot be taken back: nothing more is written after the failure, and the message says it is incomplete', () => {
  let text = '';
  const output = new ReportsOutput(undefined, (s) => { text += s; }, jsonLayout(true));
  output.add(good('a'));
  assert.throws(() => output.add(failing()), /row bug/);
  const cut = text.length;
  output.add(good('c'));
  output.finish();
  assert.equal(text.length, cut);
  assert.match(output.incompleteMessage() ?? '', /standard output is incomplete/);
});

test('a special file (/dev/null) is written in place and never renamed over', { skip: !fs.existsSync('/dev/null') && 'no /dev/null here' }, () => {
  const output = new ReportsOutput('/dev/null', () => assert.fail('not stdout'), jsonLayout(false));
  output.add(good('a'));
  output.finish();
  assert.ok(fs.statSync('/dev/null').isCharacterDevice());
});
