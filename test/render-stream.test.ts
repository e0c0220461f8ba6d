// The CLI writes text, Markdown and SARIF from streamed reports (buildReport.ts streamReport, rows
// made while read; cli/reportsOutput.ts), never from the whole report: the output must be the
// whole-report renderers' to the byte, for one model and several, on one target and several.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../src/cli/cli';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { ReportsOutput, sarifLayout, textLayout } from '../src/cli/reportsOutput';
import { prepareModel, reportFor, streamedReportFor, type PreparedModel } from '../src/core/analyze';
import { toSarif } from '../src/core/findings/sarif';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { JsonRows } from '../src/core/report/jsonStream';
import { formatMarkdown, formatText, writeMarkdown, writeText } from '../src/core/report/renderText';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { stackedBlocksModel } from './support/stackedModel';
import { writeSmallDecoder } from './support/transformerDecoder';

const targets = (...ids: string[]) => ids.map((t) => getBuiltinTarget(t)!);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-renderstream-'));
}

function writeTemp(name: string, bytes: Uint8Array): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Node and tensor names a record or a set could get wrong (`__proto__`, `constructor`, integer-like), an output named nowhere else. */
function awkwardNamesModel(): Uint8Array {
  const b = new OnnxGraphBuilder('awkward');
  b.input('input', 'float32', [1, 8]);
  b.initializer('12', 'float32', [8, 8], new Float32Array(64).fill(0.5));
  b.node('MatMul', ['input', '12'], ['7'], {}, { name: 'mm' });
  b.node('Relu', ['7'], ['__proto__'], {}, { name: 'constructor' });
  b.node('Relu', ['__proto__'], ['toString'], {}, { name: '' });
  b.node('Relu', ['toString'], ['out'], {});
  b.output('out', 'float32', [1, 8]);
  return writeOnnxModel({ graph: b, opsets: { '': 17 } });
}

const render = {
  text: (r: Parameters<typeof writeText>[0]) => {
    const chunks: string[] = [];
    writeText(r, (c) => chunks.push(c));
    return chunks.join('');
  },
  markdown: (r: Parameters<typeof writeMarkdown>[0]) => {
    const chunks: string[] = [];
    writeMarkdown(r, (c) => chunks.push(c));
    return chunks.join('');
  },
};

test('text and Markdown of a streamed report are the built report\'s to the byte: TFLite, ONNX decoder, 1k nodes, awkward names, several targets', () => {
  const models: [string, PreparedModel][] = [
    ['example', prepareModel(readModelFile(bundledExampleModel()).model)],
    ['decoder', prepareModel(readModelFile(writeSmallDecoder('deploylens-renderstream-')).model)],
    ['stacked', prepareModel(readModelFile(writeTemp('stacked.onnx', stackedBlocksModel(200))).model)],
    ['awkward', prepareModel(readModelFile(writeTemp('awkward.onnx', awkwardNamesModel())).model)],
  ];
  const runs = [[], ['tflm-cortex-m7'], ['coral-edgetpu'], ['tflite-gpu', 'ethos-u55-128', 'ort-cpu-desktop'], ['ort-coreml']];
  for (const [name, prepared] of models) {
    for (const ids of runs) {
      const what = `${name} on ${ids.join(', ') || 'no target'}`;
      const built = reportFor(prepared, targets(...ids)).report;
      const text = formatText(built);
      const markdown = formatMarkdown(built);
      // The layer table has a row per node: the streamed rows were really read.
      assert.ok(text.includes(built.nodes[built.nodes.length - 1]!.op), what);
      assert.equal(render.text(streamedReportFor(prepared, targets(...ids))), text, `${what}: text`);
      assert.equal(render.markdown(streamedReportFor(prepared, targets(...ids))), markdown, `${what}: Markdown`);
      // Written in chunks or collected whole, the same text.
      assert.equal(render.text(built), text, `${what}: text in chunks`);
    }
  }
});

test('a layer table longer than the printed rows: the streamed one is cut at the same row with the same "more rows" line', () => {
  const prepared = prepareModel(readModelFile(writeTemp('big.onnx', stackedBlocksModel(2600))).model);
  const built = reportFor(prepared, targets('tflm-cortex-m7')).report;
  assert.ok(built.nodes.length > 10_000, `${built.nodes.length} nodes`);
  const text = formatText(built);
  assert.match(text, /more rows not shown/);
  assert.equal(render.text(streamedReportFor(prepared, targets('tflm-cortex-m7'))), text);
  assert.equal(render.markdown(streamedReportFor(prepared, targets('tflm-cortex-m7'))), formatMarkdown(built));
});

test('the CLI\'s text, Markdown and SARIF of several models (one unreadable) are the whole-report renderings joined as before', () => {
  const dir = tempDir();
  const a = writeSmallDecoder('deploylens-renderstream-');
  const b = path.join(dir, 'stacked.onnx');
  fs.writeFileSync(b, stackedBlocksModel(30));
  const missing = path.join(dir, 'missing.onnx');
  const run = (format: string, files: string[], ids: string[]) => {
    let out = '';
    const code = main(['analyze', ...files, ...ids.flatMap((t) => ['--target', t]), '--format', format], { stdout: (s) => { out += s; }, stderr: () => {} });
    return { out, code };
  };
  for (const ids of [['tflm-cortex-m7'], ['ethos-u55-128', 'tflite-gpu']]) {
    const reports: Report[] = [a, b].map((f) => reportFor(prepareModel(readModelFile(f).model), targets(...ids)).report);
    const several = run('text', [a, missing, b], ids);
    assert.equal(several.code, 2);
    assert.equal(several.out, reports.map(formatText).join('\n'));
    assert.equal(run('markdown', [a, missing, b], ids).out, reports.map(formatMarkdown).join('\n---\n\n'));
    assert.equal(run('sarif', [a, missing, b], ids).out, `${JSON.stringify(toSarif(reports), null, 2)}\n`);
    assert.equal(run('text', [b], ids).out, formatText(reports[1]!));
    assert.equal(run('sarif', [b], ids).out, `${JSON.stringify(toSarif([reports[1]!]), null, 2)}\n`);
  }
  // The exit code from the severities the streamed reports' findings reached (kept instead of the findings).
  const failOn = (level: string, files: string[], ids: string[]) =>
    main(['analyze', ...files, ...ids.flatMap((t) => ['--target', t]), '--format', 'json', '--fail-on', level], { stdout: () => undefined, stderr: () => undefined });
  for (const ids of [['tflm-cortex-m7'], ['coral-edgetpu'], ['ort-cpu-desktop']]) {
    const severities = new Set([a, b].flatMap((f) => reportFor(prepareModel(readModelFile(f).model), targets(...ids)).report.diagnostics.map((d) => d.severity)));
    assert.equal(failOn('error', [b, a], ids), severities.has('error') ? 1 : 0, `${ids[0]}: --fail-on error`);
    assert.equal(failOn('warning', [b, a], ids), severities.has('error') || severities.has('warning') ? 1 : 0, `${ids[0]}: --fail-on warning`);
  }
  // No readable model: no output at all, as before.
  assert.equal(run('markdown', [missing], []).out, '');
  assert.equal(run('sarif', [missing], []).out, '');
});

test('SARIF keeps only each report\'s findings: the streamed report\'s rows are never made', () => {
  const prepared = prepareModel(readModelFile(bundledExampleModel()).model);
  const report = streamedReportFor(prepared, targets('tflm-cortex-m7'));
  let made = 0;
  const counted = { ...report, nodes: new JsonRows(report.nodes.length, (i) => { made++; return report.nodes.row(i); }) };
  let text = '';
  const output = new ReportsOutput(undefined, (s) => { text += s; }, sarifLayout());
  output.add(counted);
  output.finish();
  assert.equal(made, 0);
  assert.equal(text, `${JSON.stringify(toSarif([reportFor(prepared, targets('tflm-cortex-m7')).report]), null, 2)}\n`);
});

test('a text report that fails part-way: the file keeps what it had, and the message names the text output', () => {
  const dir = tempDir();
  const out = path.join(dir, 'report.txt');
  fs.writeFileSync(out, 'previous report\n');
  const report = streamedReportFor(prepareModel(readModelFile(writeSmallDecoder('deploylens-renderstream-')).model), targets('tflm-cortex-m7'));
  const failing = { ...report, nodes: new JsonRows(report.nodes.length, (i) => { if (i === 20) throw new Error('row bug'); return report.nodes.row(i); }) };
  const output = new ReportsOutput(out, () => assert.fail('not stdout'), textLayout(false));
  assert.throws(() => output.add(failing), /row bug/);
  output.finish();
  assert.equal(fs.readFileSync(out, 'utf8'), 'previous report\n');
  assert.deepEqual(fs.readdirSync(dir), ['report.txt']);
  assert.match(output.incompleteMessage() ?? '', /report\.txt was not written/);
  const toStdout = new ReportsOutput(undefined, () => undefined, textLayout(true));
  assert.throws(() => toStdout.add(failing), /row bug/);
  assert.match(toStdout.incompleteMessage() ?? '', /the Markdown written to standard output is incomplete/);
});

test('a latency the report rounds to 0 µs reads "< 1 µs" on the text report latency line, not "0.0 µs"', () => {
  // An 8-element Relu on a Cortex-M7 is estimated well under half a µs; the report keeps whole µs.
  const file = writeTemp('tiny-relu.onnx', writeOnnxModel({ graph: new OnnxGraphBuilder('tiny').input('x', 'float32', [1, 8]).node('Relu', ['x'], ['y']).output('y', 'float32', [1, 8]) }));
  const report = reportFor(prepareModel(readModelFile(file).model), targets('tflm-cortex-m7')).report;
  assert.equal(report.summary.latencyMs, 0, 'the premise: the report rounded the estimate to 0');
  assert.match(formatText(report), /latency \(est\.\)\s+< 1 µs/);
});
