// `deploylens analyze train.py --export` (src/cli/exportCommand.ts): CI runs the script's export
// entry point and judges the exported model on the script's lines. What CI relies on: the JSON
// carries the export section (valid against the schema), --fail-on judges the exported model's
// findings, SARIF points at the script's lines, and a script without an entry point says why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { EXIT_FINDINGS, EXIT_OK } from '../src/cli/cli';
import { analyzeWithExport } from '../src/cli/exportCommand';
import type { ScriptReport } from '../src/core/python/scriptReport';
import { repoRoot } from './support/sharedModels';

const PYTHON = '/usr/bin/python3';
const DRIVER = path.join(repoRoot(), 'dist', 'pythonExport.py');
const skip = spawnSync(PYTHON, ['-c', 'import torch'], { timeout: 60_000 }).status !== 0 ? `torch is not importable by ${PYTHON} (CI installs python3-torchvision)` : false;
const MBV2 = fs.readFileSync(path.join(repoRoot(), 'examples', 'train_mobilenet_v2.py'), 'utf8');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await analyzeWithExport(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } }, { driver: DRIVER });
  return { code, out, err };
}

function script(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-cli-export-'));
  const file = path.join(dir, 'train.py');
  fs.writeFileSync(file, text);
  return file;
}

test('JSON: the export section with per-call figures, valid against the schema; the command is printed', { skip }, async () => {
  const file = script(MBV2);
  const r = await run(['analyze', file, '--export', '--python', PYTHON, '--format', 'json']);
  assert.equal(r.code, EXIT_OK, r.err);
  assert.match(r.err, /deploylens: cd .* && PYTHONDONTWRITEBYTECODE=1 \/usr\/bin\/python3 -B /);
  const report = JSON.parse(r.out) as ScriptReport;
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'script-report.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(report), JSON.stringify(validate.errors));
  const e = report.export!;
  assert.equal(e.status, 'exported');
  assert.equal(e.entry, 'call');
  assert.equal(e.framework, 'torch');
  const dwLine = MBV2.split('\n').findIndex((l) => l.includes('groups=hidden_dim)')) + 1;
  const dw = e.sites.find((s) => s.range.start.line === dwLine)!;
  assert.deepEqual([dw.instances, dw.macs], [5, 2_011_392], 'five depthwise convs: 48²·16·9 + 24²·96·9 + 24²·144·9 + 12²·144·9 + 12²·192·9');
  assert.equal(e.model?.macs, report.export!.sites.find((s) => s.classes[0] === 'MobileNetV2')!.macs);
});

test('--fail-on error judges the exported model: GELU (Erf after export) fails on TFLite Micro; SARIF points at the GELU line', { skip }, async () => {
  const file = script(MBV2.replace('nn.ReLU6(inplace=True)', 'nn.GELU()'));
  const r = await run(['analyze', file, '--export', '--python', PYTHON, '--target', 'tflm-cortex-m7', '--fail-on', 'error']);
  assert.equal(r.code, EXIT_FINDINGS, r.out + r.err);
  const line = MBV2.split('\n').findIndex((l) => l.includes('nn.ReLU6(inplace=True)')) + 1;
  assert.match(r.out, new RegExp(`train\\.py:${line}:13: error compat/unsupported-op: .*Erf`));
  const sarif = JSON.parse((await run(['analyze', file, '--export', '--python', PYTHON, '--format', 'sarif'])).out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
  const results = sarif.runs.flatMap((x) => x.results);
  assert.ok(results.some((x) => x.ruleId === 'compat/unsupported-op' && x.locations[0]!.physicalLocation.region.startLine === line), JSON.stringify(results.map((x) => x.ruleId)));
  assert.ok(!results.some((x) => x.ruleId.startsWith('script/')), 'the static guesses are replaced by the export');
});

test('no entry point: the export is skipped with the reason, the static checks stay', async () => {
  const file = script('import torch\nimport argparse\nfrom torch import nn\nif __name__ == "__main__":\n    args = argparse.ArgumentParser().parse_args()\n    model = nn.Linear(args.n, 2)\n    torch.onnx.export(model, torch.zeros(1, 2), "m.onnx")\n');
  const r = await run(['analyze', file, '--export', '--python', PYTHON, '--format', 'json']);
  assert.equal(r.code, EXIT_OK, r.err);
  const e = (JSON.parse(r.out) as ScriptReport).export!;
  assert.equal(e.status, 'skipped');
  assert.match(e.reason!, /`args` comes from the command line .* `# deploylens: export`/);
  assert.equal(e.diagnostics[0]!.code, 'export/no-entry-point');
  assert.equal(e.diagnostics[0]!.range.start.line, 7);
});
