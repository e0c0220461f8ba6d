// When an export may run (src/extension/python/exportGate.ts) and what DeployLens accepts back from
// the driver (src/processes/pythonExport/protocol.ts). A user relies on: an untrusted workspace
// never running Python, whatever else is set; being asked once per workspace, not on every save;
// and a result file written by a process running their code never being trusted blindly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consentMessage, exportGate, type GateInput } from '../src/extension/python/exportGate';
import { parseDriverResult } from '../src/processes/pythonExport/protocol';

const base: GateInput = { trusted: true, consent: undefined, trigger: 'save', onSave: true, askedThisSession: false };

test('an untrusted workspace never runs the export, whatever the consent, trigger or setting', () => {
  for (const consent of ['allowed', 'denied', undefined] as const) {
    for (const trigger of ['save', 'command'] as const) {
      for (const onSave of [true, false]) assert.equal(exportGate({ ...base, trusted: false, consent, trigger, onSave }), 'untrusted');
    }
  }
});

test('the first run asks; the answer is kept; a dismissed question is not repeated on every save; the command may ask again', () => {
  assert.equal(exportGate(base), 'ask');
  assert.equal(exportGate({ ...base, consent: 'allowed' }), 'run');
  assert.equal(exportGate({ ...base, consent: 'denied' }), 'declined');
  assert.equal(exportGate({ ...base, askedThisSession: true }), 'declined');
  assert.equal(exportGate({ ...base, consent: 'denied', trigger: 'command' }), 'ask');
  assert.equal(exportGate({ ...base, consent: 'allowed', trigger: 'command', onSave: false }), 'run');
  assert.equal(exportGate({ ...base, consent: 'allowed', onSave: false }), 'off', 'deploylens.export.onSave off: saves do not export');
});

test('the question says what runs (top level) and what does not (__main__), and where the model goes', () => {
  const { message, detail } = consentMessage('/usr/bin/python3', 'train.py');
  assert.match(message, /\/usr\/bin\/python3/);
  assert.match(detail, /top-level code runs/);
  assert.match(detail, /`if __name__ == "__main__":` block .* does not/);
  assert.match(detail, /cache, never next to your files/);
});

test('the driver result is validated: malformed or hostile fields are refused, not read', () => {
  const ok = { ok: true, model: 'model.onnx', format: 'onnx', modules: [{ name: 'a', class: 'Conv2d', site: { line: 3, endLine: 3, col: 4, endCol: 9 } }], script: '/s.py', python: '3.11', framework: 'torch', frameworkVersion: '1.13', timings: { export: 0.1, bad: 'x' } };
  const parsed = parseDriverResult(ok);
  assert.ok('ok' in parsed && parsed.ok);
  assert.deepEqual(parsed.timings, { export: 0.1 });
  assert.deepEqual(parseDriverResult({ ...ok, model: '../../etc/passwd' }), { invalid: 'bad model file name or format' });
  assert.deepEqual(parseDriverResult({ ...ok, modules: [{ name: 'a', class: 'C', site: { line: -1 } }] }), { invalid: "bad site of module 'a'" });
  assert.deepEqual(parseDriverResult({ ...ok, modules: 'x' }), { invalid: 'bad module table' });
  assert.deepEqual(parseDriverResult([]), { invalid: 'not a result object' });
  assert.deepEqual(parseDriverResult({ ok: false, kind: 'shell', message: 'x' }), { invalid: 'bad failure kind or message' });
  const failure = parseDriverResult({ ok: false, kind: 'python-error', message: 'E', frames: [{ file: '/s.py', line: 2, name: 'f' }, { file: 3, line: 1, name: 'g' }, 'junk'] });
  assert.ok('ok' in failure && !failure.ok);
  assert.deepEqual(failure.frames, [{ file: '/s.py', line: 2, name: 'f' }], 'malformed frames are dropped');
});
