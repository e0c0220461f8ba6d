// One finding per problem (issue 17): alike findings on many nodes are one entry with a count in
// the editor and the CLI's text and Markdown output, while JSON and SARIF keep every finding.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { groupFindings, problemTemplate } from '../src/core/findings/group';
import { toSarif } from '../src/core/findings/sarif';
import { readModelFile } from '../src/core/readModel';
import { formatMarkdown, formatText } from '../src/core/report/renderText';
import type { ReportDiagnostic } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { benchModel } from './support/benchModels';
import { sharedModelsDir } from './support/sharedModels';

function reportOf(file: string, target: string) {
  return reportFor(prepareModel(readModelFile(file).model), [getBuiltinTarget(target)!]).report;
}

const d = (node: number, message: string, extra: Partial<ReportDiagnostic> = {}): ReportDiagnostic =>
  ({ severity: 'info', code: 'hint/identity', message, node, nodeName: `n${node}`, ...extra });

test('the problem of a message is its text without the names it quotes', () => {
  assert.equal(problemTemplate("Node 'a/b' (Identity) aliases the constant 'w.bias' (exporters …)."), 'Node ‹name› (Identity) aliases the constant ‹name› (exporters …).');
  // a possessive is no quote: "TFLite Micro on Cortex-M7 (CMSIS-NN)'s supported-operator list"
  assert.equal(problemTemplate("Node 'x' (POW) on T (CMSIS-NN): POW is not in T (CMSIS-NN)'s list."), "Node ‹name› (POW) on T (CMSIS-NN): POW is not in T (CMSIS-NN)'s list.");
  // names in a chain (GELU written as Div 'a' → Erf 'b')
  assert.equal(problemTemplate("written as Div 'a' → Erf 'b': Erf"), 'written as Div ‹name› → Erf ‹name›: Erf');
});

test('three or more alike findings are one group listing its nodes with a count; fewer, or different problems, stay apart', () => {
  const alike = [0, 1, 2, 3].map((i) => d(i, `Node 'n${i}' (Identity) is a no-op.`));
  const other = d(9, "Node 'n9' (Dropout) is a no-op.", { code: 'hint/dropout' });
  const pair = [5, 6].map((i) => d(i, `Node 'n${i}' (Cast) casts to its own type.`, { code: 'hint/noop-cast' }));
  const model = { severity: 'error', code: 'memory/weights-exceed-flash', message: 'The weights take 3 MiB.' } as ReportDiagnostic;
  const groups = groupFindings([alike[0]!, model, other, ...pair, ...alike.slice(1)]);
  assert.deepEqual(groups.map((g) => g.members.length), [4, 1, 1, 1, 1]);
  assert.equal(groups[0]!.message, "4 nodes alike — Node 'n0' (Identity) is a no-op. (also 'n1', 'n2', 'n3')");
  // a different severity, fix or target is a different problem
  const split = groupFindings([0, 1, 2].map((i) => d(i, `Node 'n${i}' x`, { severity: i === 2 ? 'warning' : 'info' })));
  assert.deepEqual(split.map((g) => g.members.length), [1, 1, 1]);
  // every finding is in exactly one group
  assert.equal(groups.reduce((n, g) => n + g.members.length, 0), 8);
});

test('tiny_transformer_gelu on Ethos-U: the report keeps every finding, the text output one line per problem', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models is absent');
  const report = reportOf(path.join(dir, 'onnx', 'tiny_transformer_gelu.onnx'), 'ethos-u55-128');
  const groups = groupFindings(report.diagnostics);
  assert.ok(groups.length < report.diagnostics.length / 2, `${report.diagnostics.length} findings → ${groups.length} problems`);
  const identity = groups.filter((g) => g.first.code === 'hint/identity');
  assert.equal(identity.length, 1);
  assert.equal(identity[0]!.members.length, report.diagnostics.filter((x) => x.code === 'hint/identity').length);
  // JSON and SARIF: each finding on its own (tools read them)
  assert.equal(toSarif([report]).runs[0]!.results.length, report.diagnostics.length);
  const text = formatText(report);
  assert.match(text, new RegExp(`Findings \\(${report.diagnostics.length}, as ${groups.length} problems`));
  assert.equal(text.split('\n').filter((l) => /^ {2}(error|warning|info) /.test(l)).length, groups.length);
  assert.match(text, /hint\/identity \[node \d+ 'Identity_0' \+\d+\]: \d+ nodes alike — Node 'Identity_0'/);
  assert.equal(formatMarkdown(report).split('\n').filter((l) => l.startsWith('- **')).length, groups.length);
});

test('vit_b_16: 72 Identity hints are one problem and Problems has at most 30 entries (TFLite Micro and Ethos-U)', (t) => {
  const file = benchModel('vit_b_16.onnx');
  if (!file) return t.skip('vit_b_16.onnx is not in DEPLOYLENS_BENCH_MODELS or out/bench-models (npm run bench makes it)');
  for (const target of ['tflm-cortex-m7', 'ethos-u55-128']) {
    const report = reportOf(file, target);
    const groups = groupFindings(report.diagnostics);
    assert.ok(groups.length <= 30, `${target}: ${report.diagnostics.length} findings → ${groups.length} entries`);
    const identity = groups.filter((g) => g.first.code === 'hint/identity');
    assert.deepEqual(identity.map((g) => g.members.length), [72], target);
  }
});
