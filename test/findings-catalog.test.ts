// The finding catalog (src/core/findings/catalog.ts) is the one list of codes: every code an
// emitter writes has a row (the compiler checks the typed ones; this test also reads every code
// literal in src/), every row is emitted somewhere, every row has its heading in docs/findings.md
// and every heading a row, the severity the heading states is the row's, and SARIF — for models and
// scripts alike — describes each code with its own row.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FINDING_CODES, findingDoc, findingRule, findingSlug, isFindingCode } from '../src/core/findings/catalog';
import { scriptSarifRun, toSarif } from '../src/core/findings/sarif';
import type { Report } from '../src/core/report/report';
import type { ScriptReport } from '../src/core/python/scriptReport';
import { repoRoot } from './support/sharedModels';

const CODE = /['"`]((?:read|shapes|compat|partition|memory|latency|hint|script|export|quantize|limits|oracle|tflm)\/[a-z0-9-]+)['"`]/g;

function emittedCodes(): Map<string, string[]> {
  const root = repoRoot();
  const found = new Map<string, string[]>();
  for (const f of fs.readdirSync(path.join(root, 'src'), { recursive: true }) as string[]) {
    if (!f.endsWith('.ts') || f.endsWith(path.join('findings', 'catalog.ts'))) continue;
    const text = fs.readFileSync(path.join(root, 'src', f), 'utf8');
    for (const m of text.matchAll(CODE)) found.set(m[1]!, [...(found.get(m[1]!) ?? []), f]);
  }
  return found;
}

/** `#### \`code\`` headings of docs/findings.md, with the severity their first line states. */
function documented(): Map<string, string | null> {
  const text = fs.readFileSync(path.join(repoRoot(), 'docs', 'findings.md'), 'utf8');
  const out = new Map<string, string | null>();
  for (const m of text.matchAll(/^#### `([^`]+)`\n\n(?:\*\*(error|warning|info)\*\*(?: \*\([^)]*\)\*)? —)?/gm)) out.set(m[1]!, m[2] ?? null);
  // The hints' table states their severity ("warning (weight math) / info …": the first is the default).
  for (const m of text.matchAll(/^\| `([^`]+)` \| (error|warning|info)\b/gm)) if (out.get(m[1]!) === null) out.set(m[1]!, m[2]!);
  return out;
}

test('every code written in src/ has a catalog row, and every row is emitted somewhere', () => {
  const emitted = emittedCodes();
  assert.ok(emitted.size > 50, `found only ${emitted.size} codes: is the pattern still right?`);
  const unknown = [...emitted].filter(([code]) => !isFindingCode(code)).map(([code, files]) => `${code} (${files.join(', ')})`);
  assert.deepEqual(unknown, [], 'codes with no catalog row');
  const unused = FINDING_CODES.filter((code) => !emitted.has(code));
  assert.deepEqual(unused, [], 'catalog rows no code in src/ emits');
});

test('every catalog row has its heading in docs/findings.md, with the same severity, and every heading a row', () => {
  const docs = documented();
  assert.deepEqual(FINDING_CODES.filter((c) => !docs.has(c)), [], 'codes without a heading in docs/findings.md');
  assert.deepEqual([...docs.keys()].filter((c) => !isFindingCode(c)), [], 'headings of docs/findings.md without a catalog row');
  const differing = [...docs].filter(([code, severity]) => severity !== null && isFindingCode(code) && findingRule(code).severity !== severity)
    .map(([code, severity]) => `${code}: docs say ${severity}, catalog ${findingRule(code).severity}`);
  assert.deepEqual(differing, []);
});

test('every documentation link of the catalog lands on a heading', () => {
  const root = repoRoot();
  for (const code of FINDING_CODES) {
    const [file, anchor] = findingDoc(code).split('#');
    const text = fs.readFileSync(path.join(root, file!), 'utf8');
    const slugs = [...text.matchAll(/^#+ (.+)$/gm)].map((m) => findingSlug(m[1]!.replace(/`/g, '').replace(/ /g, '-')));
    assert.ok(slugs.includes(anchor!), `${code}: ${findingDoc(code)} has no such heading`);
  }
});

test('SARIF describes the three hints that used to get generic text, for models and scripts alike', () => {
  const codes = ['hint/constant-subgraph', 'hint/partly-used-result', 'hint/weight-only-quantization'] as const;
  const report = {
    tool: { name: 'DeployLens', version: 'test' }, model: { path: 'models/a b.onnx' },
    diagnostics: codes.map((code) => ({ code, severity: 'info', message: `${code} here.`, nodeName: 'n0', fix: 'Fold it.' })),
  } as unknown as Report;
  const run = toSarif([report]).runs[0]!;
  for (const code of codes) {
    const rule = run.tool.driver.rules.find((r) => r.id === code)!;
    assert.equal(rule.shortDescription.text, findingRule(code).title);
    assert.doesNotMatch(rule.shortDescription.text, /^Design hint: a change/);
    assert.equal(rule.helpUri, `docs/findings.md#${code.replace('/', '')}`);
    assert.equal(rule.defaultConfiguration.level, 'warning');
  }
  assert.equal(run.results[0]!.message.text, 'hint/constant-subgraph here. Fix: Fold it.');
  assert.equal(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'models/a%20b.onnx');
  assert.deepEqual(run.results[0]!.locations[0]!.logicalLocations, [{ name: 'n0', kind: 'function' }]);

  const range = { start: { line: 3, column: 7 }, end: { line: 3, column: 16 } };
  const script = {
    script: { path: 'train.py' },
    diagnostics: [{ severity: 'error', code: 'script/unsupported-op', message: 'GELU has no kernel.', range, target: 'tflm-cortex-m7', fixes: [{ title: 'Use nn.Hardswish()' }, { title: 'Use nn.ReLU()' }] }],
  } as unknown as ScriptReport;
  const s = scriptSarifRun([script]);
  assert.equal(s.tool.driver.rules[0]!.shortDescription.text, findingRule('script/unsupported-op').title);
  assert.equal(s.tool.driver.rules[0]!.helpUri, 'docs/training-scripts.md#findings');
  assert.equal(s.results[0]!.message.text, 'GELU has no kernel. Fix: Use nn.Hardswish() / Use nn.ReLU()');
  assert.deepEqual(s.results[0]!.locations[0]!.physicalLocation.region, { startLine: 3, startColumn: 7, endLine: 3, endColumn: 16 });
  assert.deepEqual(s.results[0]!.properties, { target: 'tflm-cortex-m7' });
});
