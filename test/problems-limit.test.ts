// Problems lists at most 1,000 findings per file (VS Code's own limit): the extension hands it the
// same selection VS Code would keep — every error, then warnings, then infos, in report order —
// plus one line saying how many are left out, instead of thousands it would drop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listedFindings, MAX_DIAGNOSTICS_PER_FILE } from '../src/extension/problemsLimit';

test('up to the limit every finding is listed, in report order', () => {
  const all = Array.from({ length: MAX_DIAGNOSTICS_PER_FILE }, (_, i) => ({ severity: (['info', 'error', 'warning'] as const)[i % 3]!, i }));
  const { listed, omitted } = listedFindings(all);
  assert.equal(omitted, 0);
  assert.deepEqual(listed, all);
});

test('beyond it the most severe are kept (report order within a severity) and one place is left for the note', () => {
  const all = [
    ...Array.from({ length: 900 }, (_, i) => ({ severity: 'info' as const, i })),
    ...Array.from({ length: 600 }, (_, i) => ({ severity: 'warning' as const, i: 900 + i })),
    ...Array.from({ length: 300 }, (_, i) => ({ severity: 'error' as const, i: 1500 + i })),
  ];
  const { listed, omitted } = listedFindings(all);
  assert.equal(listed.length, MAX_DIAGNOSTICS_PER_FILE - 1);
  assert.equal(omitted, all.length - listed.length);
  assert.deepEqual(listed.slice(0, 300).map((d) => d.i), all.filter((d) => d.severity === 'error').map((d) => d.i));
  assert.deepEqual(listed.slice(300, 900).map((d) => d.i), all.filter((d) => d.severity === 'warning').map((d) => d.i));
  assert.deepEqual(listed.slice(900).map((d) => d.i), all.filter((d) => d.severity === 'info').slice(0, MAX_DIAGNOSTICS_PER_FILE - 901).map((d) => d.i));
});
