// `deploylens analyze train.py`: the same findings as the editor, with 1-based ranges, every
// recognized construct in the JSON, SARIF regions and the models' exit codes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_READ_ERROR, main } from '../src/cli/cli';
import type { ScriptReport } from '../src/core/python/scriptReport';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

const SCRIPT = 'import torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.GELU())\n\nmodel = Net()\ntorch.onnx.export(model, torch.zeros(1, 3, 32, 32), "net.onnx")\n';

function script(text = SCRIPT): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-py-'));
  const file = path.join(dir, 'train.py');
  fs.writeFileSync(file, text);
  return file;
}

test('JSON: constructs with 1-based ranges, findings with fixes, valid against the schema', () => {
  const file = script();
  const r = run(['analyze', file, '--target', 'tflm-cortex-m7', '--format', 'json']);
  assert.equal(r.code, EXIT_OK, r.err);
  const report = JSON.parse(r.out) as ScriptReport;
  const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schemas/script-report.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.equal(report.kind, 'script');
  assert.equal(report.target.id, 'tflm-cortex-m7');
  assert.deepEqual(report.constructs.map((c) => c.name), ['torch.nn.Conv2d', 'torch.nn.GELU']);
  assert.deepEqual(report.constructs[1]!.range, { start: { line: 7, column: 70 }, end: { line: 7, column: 79 } });
  assert.deepEqual(report.constructs[0]!.ops, { onnx: ['Conv'], tflite: ['CONV_2D'] });
  const d = report.diagnostics[0]!;
  assert.equal(d.code, 'script/unsupported-op');
  assert.deepEqual(d.range, report.constructs[1]!.range);
  assert.equal(d.fixes[0]!.edits[0]!.newText, 'nn.Hardswish()');
  assert.deepEqual(report.exports.map((e) => e.outputPath), ['net.onnx']);
  assert.deepEqual(report.modules.map((m) => m.attribute), ['features']);
});

test('--fail-on error exits 1 on an error finding; text names file:line:column', () => {
  const file = script();
  const r = run(['analyze', file, '--target', 'tflm-cortex-m7', '--fail-on', 'error']);
  assert.equal(r.code, EXIT_FINDINGS);
  assert.match(r.out, /train\.py:7:70: error script\/unsupported-op: nn\.GELU\(\) exports to GELU/);
  assert.match(r.out, /fix: Replace GELU with Hardswish/);
  assert.equal(run(['analyze', file, '--target', 'ort-cpu-desktop', '--fail-on', 'warning']).code, EXIT_OK);
});

test('SARIF carries regions; markdown a table', () => {
  const file = script();
  const sarif = JSON.parse(run(['analyze', file, '--target', 'coral-edgetpu', '--format', 'sarif']).out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: Record<string, number> } }[] }[] }[] };
  const res = sarif.runs.at(-1)!.results[0]!;
  assert.equal(res.ruleId, 'script/fallback');
  assert.deepEqual(res.locations[0]!.physicalLocation.region, { startLine: 7, startColumn: 70, endLine: 7, endColumn: 79 });
  assert.match(run(['analyze', file, '--target', 'coral-edgetpu', '--format', 'markdown']).out, /\| .*train\.py:7:70 \| warning \|/);
});

test('a missing script is a read error (exit 2)', () => {
  const r = run(['analyze', path.join(os.tmpdir(), 'no-such-dir-deploylens', 'train.py')]);
  assert.equal(r.code, EXIT_USAGE_OR_READ_ERROR);
  assert.match(r.err, /cannot read the script: no such file/);
});
