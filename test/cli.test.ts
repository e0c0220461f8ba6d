// The CLI as a user runs it: arguments in, report and exit code out.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXIT_OK, EXIT_USAGE_OR_READ_ERROR, main } from '../src/cli/cli';
import { bundledExampleModel } from '../src/cli/exampleModel';
import type { Report } from '../src/core/report/report';
import { TOOL_VERSION } from '../src/core/version';
import { QUANTIZE_HELP } from '../src/cli/quantizeCommand';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { sampleModel } from './support/onnxFixtures';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-cli-'));
}

test('analyze with no model reads the bundled example and prints a readable report', () => {
  const r = run(['analyze']);
  assert.equal(r.code, EXIT_OK, r.err);
  assert.match(r.out, /kws_dscnn\.onnx/);
  assert.match(r.out, /parameters\s+22,604/);
  assert.match(r.out, /Conv ×9/);
  assert.match(r.out, /\/blocks\/blocks\.3\/pointwise\/Conv/);
  assert.ok(fs.existsSync(bundledExampleModel()));
});

test('--format json prints the documented contract for one model', () => {
  const r = run(['analyze', bundledExampleModel(), '--format', 'json']);
  assert.equal(r.code, EXIT_OK, r.err);
  const report = JSON.parse(r.out) as Report;
  assert.equal(report.tool.name, 'DeployLens');
  assert.equal(report.tool.version, TOOL_VERSION);
  assert.equal(report.model.format, 'onnx');
  assert.deepEqual(report.model.opsets, { '': 17 });
  assert.deepEqual(report.model.inputs, [{ name: 'mfcc', shape: [1, 1, 49, 10], dtype: 'float32' }]);
  assert.equal(report.summary.nodes, 22);
  assert.equal(report.nodes[0]!.op, 'Conv');
  assert.deepEqual(report.nodes[0]!.inputs, ['mfcc', 'stem.conv.weight', 'stem.conv.bias']);
  assert.equal(report.tensors['stem.conv.weight']!.constant, true);
  assert.equal(report.tensors['stem.conv.weight']!.bytes, 64 * 40 * 4);
});

test('several models give a JSON array in the order given', () => {
  const dir = tempDir();
  const second = path.join(dir, 'sample.onnx');
  fs.writeFileSync(second, sampleModel());
  const r = run(['analyze', bundledExampleModel(), second, '--format', 'json']);
  assert.equal(r.code, EXIT_OK, r.err);
  const reports = JSON.parse(r.out) as Report[];
  assert.equal(reports.length, 2);
  assert.match(reports[0]!.model.path, /kws_dscnn\.onnx$/);
  assert.equal(reports[1]!.model.path, second);
  assert.deepEqual(reports[1]!.model.inputs.map((i) => i.shape), [['N', 3, 8, 8], []]);
});

test('--out writes the report to a file; markdown has the layer table', () => {
  const out = path.join(tempDir(), 'report.md');
  const r = run(['analyze', bundledExampleModel(), '--format', 'markdown', '--out', out]);
  assert.equal(r.code, EXIT_OK, r.err);
  assert.equal(r.out, '');
  const md = fs.readFileSync(out, 'utf8');
  assert.match(md, /^# DeployLens report/);
  assert.match(md, /\| 21 \| Softmax \| \/Softmax \| \[1, 12\] \|/);
});

test('a missing file, a folder and a non-model exit 2 with a message naming the file', () => {
  const dir = tempDir();
  const junk = path.join(dir, 'notes.txt');
  fs.writeFileSync(junk, 'hello');
  for (const [file, problem] of [[path.join(dir, 'missing.onnx'), /no such file/], [dir, /folder/], [junk, /not a model/]] as const) {
    const r = run(['analyze', file]);
    assert.equal(r.code, EXIT_USAGE_OR_READ_ERROR, file);
    assert.ok(r.err.includes(file), r.err);
    assert.match(r.err, problem);
  }
});

test('a truncated model exits 2 and says where the file ends', () => {
  const file = path.join(tempDir(), 'cut.onnx');
  const bytes = fs.readFileSync(bundledExampleModel());
  fs.writeFileSync(file, bytes.subarray(0, 5000));
  const r = run(['analyze', file]);
  assert.equal(r.code, EXIT_USAGE_OR_READ_ERROR);
  assert.match(r.err, /cut\.onnx/);
  assert.match(r.err, /byte \d+/);
});

test('one unreadable model among good ones still prints the good reports and exits 2', () => {
  const r = run(['analyze', bundledExampleModel(), '/nonexistent/x.tflite', '--format', 'json']);
  assert.equal(r.code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal((JSON.parse(r.out) as Report[]).length, 1);
  assert.match(r.err, /\/nonexistent\/x\.tflite/);
});

test('JSON is written model by model: the text of JSON.stringify(report or reports, null, 2), to stdout or --out, unreadable models left out', () => {
  const dir = tempDir();
  const second = path.join(dir, 'sample.onnx');
  fs.writeFileSync(second, sampleModel());
  const report = (file: string) => reportFor(prepareModel(readModelFile(file).model), [getBuiltinTarget(DEFAULT_TARGET_ID)!]).report;
  const one = run(['analyze', bundledExampleModel(), '--format', 'json']);
  assert.equal(one.out, `${JSON.stringify(report(bundledExampleModel()), null, 2)}\n`);
  const several = run(['analyze', '/nonexistent/a.onnx', bundledExampleModel(), '/nonexistent/b.onnx', second, '--format', 'json']);
  assert.equal(several.code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal(several.out, `${JSON.stringify([report(bundledExampleModel()), report(second)], null, 2)}\n`);
  const out = path.join(dir, 'out.json');
  assert.equal(run(['analyze', bundledExampleModel(), second, '--format', 'json', '--out', out]).code, EXIT_OK);
  assert.equal(fs.readFileSync(out, 'utf8'), `${JSON.stringify([report(bundledExampleModel()), report(second)], null, 2)}\n`);
  // No model could be read: no file written, as before the output was streamed.
  const none = path.join(dir, 'none.json');
  assert.equal(run(['analyze', '/nonexistent/a.onnx', '--format', 'json', '--out', none]).code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal(fs.existsSync(none), false);
  // An output that cannot be written: exit 2 with the reason, not an internal error.
  const bad = run(['analyze', bundledExampleModel(), second, '--format', 'json', '--out', path.join(dir, 'no', 'such', 'dir.json')]);
  assert.equal(bad.code, EXIT_USAGE_OR_READ_ERROR);
  assert.match(bad.err, /cannot write .*dir\.json: ENOENT/);
});

test('usage errors exit 2; --help and --version exit 0', () => {
  assert.equal(run(['analyze', '--format', 'yaml']).code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal(run(['frobnicate']).code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal(run(['analyze', '--bogus']).code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal(run(['analyze', '--dim', 'batch']).code, EXIT_USAGE_OR_READ_ERROR);
  assert.equal(run([]).code, EXIT_USAGE_OR_READ_ERROR);
  const help = run(['--help']);
  assert.equal(help.code, EXIT_OK);
  assert.match(help.out, /deploylens analyze \[MODEL\.\.\.\]/);
  // Help texts are templates: no placeholder reaches the user (quantize's said "(${'$'}{DEFAULT_TARGET_ID})").
  for (const text of [help.out, QUANTIZE_HELP]) {
    assert.doesNotMatch(text, /\$\{/);
    assert.ok(text.includes(`(default ${DEFAULT_TARGET_ID})`) || text.includes(`default target (${DEFAULT_TARGET_ID})`));
  }
  const version = run(['--version']);
  assert.equal(version.code, EXIT_OK);
  assert.equal(version.out.trim(), TOOL_VERSION);
});

test('analyze uses the default target; --target repeated gives the side-by-side comparison', () => {
  const one = JSON.parse(run(['analyze', '--format', 'json']).out) as Report;
  assert.equal(one.target?.id, 'tflm-cortex-m7');
  assert.ok(one.summary.macs! > 2.6e6 && one.summary.macs! < 2.7e6, `example MACs ${one.summary.macs}`);
  assert.equal(one.comparison, undefined);
  assert.ok(one.nodes.every((n) => n.support !== undefined && n.latencyUs !== undefined));
  assert.ok(one.memory!.arena.bytes >= one.memory!.timeline.peakBytes);

  const r = run(['analyze', '--target', 'coral-edgetpu', '--target', 'tflite-gpu', '--target', 'tflm-cortex-m4']);
  assert.equal(r.code, EXIT_OK, r.err);
  assert.match(r.out, /Targets side by side/);
  assert.match(r.out, /coral-edgetpu\s+WARN/);
  const json = JSON.parse(run(['analyze', '--target', 'coral-edgetpu', '--target', 'tflite-gpu', '--format', 'json']).out) as Report;
  assert.deepEqual(json.comparison!.map((c) => c.target), ['coral-edgetpu', 'tflite-gpu']);
  assert.equal(json.target!.id, 'coral-edgetpu');
});

test('--fail-on turns findings into exit code 1; an unknown target is a usage error', () => {
  // The float example on the int8-only Edge TPU has warnings but no errors.
  assert.equal(run(['analyze', '--target', 'coral-edgetpu', '--fail-on', 'error']).code, EXIT_OK);
  assert.equal(run(['analyze', '--target', 'coral-edgetpu', '--fail-on', 'warning']).code, 1);
  const bad = run(['analyze', '--target', 'no-such-chip']);
  assert.equal(bad.code, EXIT_USAGE_OR_READ_ERROR);
  assert.match(bad.err, /unknown target 'no-such-chip'; known targets: .*tflm-cortex-m7/);
  assert.equal(run(['analyze', '--fail-on', 'sometimes']).code, EXIT_USAGE_OR_READ_ERROR);
});

test('--format sarif gives SARIF 2.1.0 with rule metadata and node locations', () => {
  const r = run(['analyze', '--target', 'coral-edgetpu', '--format', 'sarif']);
  assert.equal(r.code, EXIT_OK, r.err);
  const sarif = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0]!;
  const ids = run0.tool.driver.rules.map((x) => x.id);
  assert.ok(ids.includes('compat/float-model'));
  assert.ok(run0.tool.driver.rules.every((x) => x.shortDescription.text.length > 0));
  assert.ok(run0.results.length > 0);
  assert.ok(run0.results.every((x) => ids.includes(x.ruleId) && ['error', 'warning', 'note'].includes(x.level)));
  assert.match(run0.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, /kws_dscnn\.onnx$/);
});

test('targets lists every built-in; a team profile extends one; a broken profile names file and JSON path', () => {
  const list = run(['targets']);
  assert.equal(list.code, EXIT_OK);
  for (const id of ['tflm-cortex-m4', 'tflm-cortex-m7', 'ethos-u55-128', 'coral-edgetpu', 'tflite-gpu', 'tflite-nnapi', 'ort-nnapi', 'ort-coreml', 'ort-mobile', 'tensorrt-jetson-orin-nano', 'rpi5-cpu-xnnpack', 'ort-cpu-desktop']) {
    assert.match(list.out, new RegExp(`^${id}`, 'm'));
  }
  const dir = tempDir();
  const mine = path.join(dir, 'my-board.json');
  fs.writeFileSync(mine, JSON.stringify({ id: 'my-board', extends: 'tflm-cortex-m4', name: 'My board', memory: { sramBytes: 65536 } }));
  const r = run(['analyze', '--target-file', mine, '--target', 'my-board', '--format', 'json']);
  assert.equal(r.code, EXIT_OK, r.err);
  const report = JSON.parse(r.out) as Report;
  assert.equal(report.target!.sramBytes, 65536);
  assert.equal(report.target!.runtime, 'tflite-micro');

  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{\n  "id": "broken",\n  "extends": "tflm-cortex-m4",\n  "memory": { "sramBytes": "256K" }\n}\n');
  const b = run(['analyze', '--target-file', broken]);
  assert.equal(b.code, EXIT_USAGE_OR_READ_ERROR);
  assert.match(b.err, /broken\.json:4:\d+: \$\.memory\.sramBytes/);
});
