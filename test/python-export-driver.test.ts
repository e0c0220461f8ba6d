// The export driver in a real Python (src/processes/pythonExport: main.py through runTool): what a
// user relies on when DeployLens runs their script. Debian's torch imports under /usr/bin/python3
// only (CI installs python3-torchvision); without it these tests skip with the reason.
//  - the `__main__` block (training) never runs, the script's own top-level export call is captured
//    instead of writing its file, and nothing is written beside the script (no __pycache__);
//  - `groups` passed down from a caller is right: the depthwise call of a torchvision-style
//    MobileNetV2 holds exactly the depthwise MACs (H·W·C·3·3 per conv, from the architecture);
//  - a Python error lands on the script's line; a missing torch, a missing interpreter, a time-out
//    and a cancel each end in their own clear outcome.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { findExportPlan } from '../src/core/python/exportEntry';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { exportScript, type RunnablePlan, type ScriptExportResult } from '../src/jobs/scriptExport';
import { ProcessError } from '../src/processes/rpc/processError';
import { repoRoot } from './support/sharedModels';

const PYTHON = '/usr/bin/python3';
const DRIVER = path.join(repoRoot(), 'dist', 'pythonExport.py');
const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
const skip = probe.status !== 0 ? `torch is not importable by ${PYTHON} (install python3-torch; CI installs python3-torchvision)` : !fs.existsSync(DRIVER) ? 'dist/pythonExport.py is not built (npm run build)' : false;
const MBV2 = fs.readFileSync(path.join(repoRoot(), 'examples', 'train_mobilenet_v2.py'), 'utf8');

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-export-ws-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const listing = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();

async function run(dir: string, script: string, options: { python?: string; timeoutMs?: number; signal?: AbortSignal; target?: string } = {}): Promise<ScriptExportResult> {
  const file = path.join(dir, script);
  const source = fs.readFileSync(file, 'utf8');
  const plan = findExportPlan(source, file);
  assert.notEqual(plan.kind, 'none', JSON.stringify(plan));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-export-cache-'));
  const target = getBuiltinTarget(options.target ?? 'tflm-cortex-m7')!;
  return exportScript({
    source, scriptPath: file, plan: plan as RunnablePlan, python: options.python ?? PYTHON, driver: DRIVER, cacheDir, cwd: dir, opset: 17,
    timeoutMs: options.timeoutMs ?? 120_000, memoryLimitBytes: 16 * 2 ** 30, ...(options.signal ? { signal: options.signal } : {}),
    analyze: async (p) => reportFor(prepareModel(readModelFile(p, 'model.onnx').model), [target]).report,
  });
}

/** The fixture's depthwise MACs on 96×96: H·W·hidden·9 for each block's depthwise conv. */
function depthwiseMacs(settings: [number, number, number, number][]): number {
  let size = 48;
  let cin = 16;
  let macs = 0;
  for (const [t, c, n, s] of settings) {
    for (let i = 0; i < n; i++) {
      size = Math.ceil(size / (i === 0 ? s : 1));
      macs += size * size * Math.round(cin * t) * 9;
      cin = c;
    }
  }
  return macs;
}

test('a torchvision-style MobileNetV2: depthwise MACs on the depthwise call (groups from the caller), training never runs, nothing written beside the script', { skip }, async () => {
  const dir = workspace({ 'train.py': MBV2 });
  const before = listing(dir);
  const r = await run(dir, 'train.py');
  assert.ok(r.ok, r.ok ? '' : r.diagnostic.message);
  assert.deepEqual(listing(dir), before, 'no __pycache__, no mobilenet_v2.pt (training), no mbv2.onnx');
  assert.ok(!r.outcome.modelPath.startsWith(dir));
  const lines = MBV2.split('\n');
  const site = (needle: string) => r.view.sites.find((s) => lines[s.range.start.line]!.includes(needle) && s.range.start.character === lines[s.range.start.line]!.indexOf(needle))!;
  const dw = site('ConvBNReLU(hidden_dim, hidden_dim, stride=stride, groups=hidden_dim)');
  assert.equal(dw.instances, 5);
  assert.equal(dw.macs, depthwiseMacs([[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2]]));
  // each of those convs is a depthwise conv in the exported graph: group equals its channels
  const depthwise = r.report.nodes.filter((n) => n.op === 'Conv' && Number(n.attributes.group) > 1);
  assert.equal(depthwise.length, 5);
  assert.equal(depthwise.reduce((s, n) => s + (n.macs ?? 0), 0), dw.macs);
  // the whole model on its constructor call; BatchNorm folded by the exporter, ReLU6 fused by the converter
  assert.equal(site('MobileNetV2(num_classes=10)').macs, r.report.deployed!.nodes.reduce((s, n) => s + (n.macs ?? 0), 0));
  assert.equal(site('nn.BatchNorm2d(out_planes)').absorbed, 'no op in the exported graph');
  assert.equal(site('nn.ReLU6(inplace=True)').absorbed, 'fused into CONV_2D/DEPTHWISE_CONV_2D', 'the converter fuses ReLU6 into the conv before it, depthwise or not');
  assert.match(r.outcome.commandLine, /PYTHONDONTWRITEBYTECODE=1 \/usr\/bin\/python3 -B .*pythonExport\.py < .*request\.json$/);
});

test('the script\'s own top-level export call is captured, not written; a declared entry point is called', { skip }, async () => {
  const top = 'import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())\ntorch.onnx.export(model, torch.zeros(1, 1, 8, 8), "written.onnx")\n';
  const dir = workspace({ 'top.py': top, 'declared.py': 'import torch\nfrom torch import nn\n\n# deploylens: export\ndef make():\n    return nn.Linear(8, 3), torch.zeros(1, 8)\n' });
  const r = await run(dir, 'top.py');
  assert.ok(r.ok, r.ok ? '' : r.diagnostic.message);
  assert.ok(!fs.existsSync(path.join(dir, 'written.onnx')));
  assert.equal(r.report.summary.opHistogram.Conv, 1);
  const d = await run(dir, 'declared.py');
  assert.ok(d.ok, d.ok ? '' : d.diagnostic.message);
  assert.equal(d.report.summary.macs, 24);
});

test('a Python error in forward is shown on its line; a syntax error on its line', { skip }, async () => {
  const broken = MBV2.replace('        x = self.features(x)\n', '        x = self.features(x) * scale_not_defined\n');
  const dir = workspace({ 'train.py': broken, 'syntax.py': 'import torch\n\n# deploylens: export\ndef make():\n    return torch.nn.Linear(2, 2), torch.zeros(1, 2)\n\nx = (1,\n' });
  const r = await run(dir, 'train.py');
  assert.ok(!r.ok);
  assert.equal(r.diagnostic.code, 'export/python-error');
  assert.equal(r.diagnostic.range.start.line, broken.split('\n').findIndex((l) => l.includes('scale_not_defined')));
  assert.equal(broken.split('\n')[r.diagnostic.range.start.line]!.slice(r.diagnostic.range.start.character, r.diagnostic.range.end.character), 'scale_not_defined');
  assert.match(r.diagnostic.message, /exporting to ONNX \(in forward\): NameError: name 'scale_not_defined' is not defined/);
  const s = await run(dir, 'syntax.py');
  assert.ok(!s.ok);
  assert.equal(s.diagnostic.code, 'export/python-error');
  assert.match(s.diagnostic.message, /SyntaxError/);
  assert.equal(s.diagnostic.range.start.line, 6, `on the unclosed statement: ${JSON.stringify(s.diagnostic.range)}`);
});

test('no torch, no interpreter, a time-out and a cancel each end clearly', { skip }, async () => {
  const dir = workspace({ 'train.py': MBV2, 'slow.py': 'import time\nimport torch\ntime.sleep(60)\nmodel = torch.nn.Linear(2, 2)\ntorch.onnx.export(model, torch.zeros(1, 2), "a.onnx")\n' });
  // python3 on PATH here is a pyenv without torch; elsewhere it may have torch, then this part is not checked
  const bare = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (bare.status !== 0 && !bare.error) {
    const r = await run(dir, 'train.py', { python: 'python3' });
    assert.ok(!r.ok);
    assert.equal(r.diagnostic.code, 'export/missing-framework');
    assert.match(r.diagnostic.message, /PyTorch \(torch\) is not installed for .*python3/);
  }
  const missing = await run(dir, 'train.py', { python: '/nonexistent/python3' });
  assert.ok(!missing.ok);
  assert.equal(missing.diagnostic.code, 'export/failed');
  assert.match(missing.diagnostic.message, /'\/nonexistent\/python3' could not be started.*deploylens\.python/);
  const t0 = Date.now();
  const slow = await run(dir, 'slow.py', { timeoutMs: 4000 });
  assert.ok(!slow.ok);
  assert.match(slow.diagnostic.message, /did not finish within 4 s/);
  assert.ok(Date.now() - t0 < 30_000);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1500);
  await assert.rejects(run(dir, 'slow.py', { signal: controller.signal }), (e: unknown) => e instanceof ProcessError && e.kind === 'cancelled');
});
