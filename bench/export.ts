// Export on save: time from "the script is saved" to "figures and findings are on its lines", per
// example script, split into the Python export (interpreter start, `import torch`, importing the
// script, building the model, torch.onnx.export), the analysis of the exported model on the target
// (read, shapes, lowering, target analyses) and the mapping onto the script's calls. Uses Debian's
// /usr/bin/python3 (or $DEPLOYLENS_PYTHON); skips with the reason when torch does not import there.
// Writes out/bench-export.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareModel, reportFor } from '../src/core/analyze';
import { findExportPlan } from '../src/core/python/exportEntry';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { exportScript, type RunnablePlan } from '../src/jobs/scriptExport';

const root = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.DEPLOYLENS_PYTHON ?? '/usr/bin/python3';
const DRIVER = path.join(root, 'dist', 'pythonExport.py');
const RUNS = 3;

/** The example scripts: the bundled torchvision-style MobileNetV2, a DS-CNN, and torchvision's own models behind a declared entry point. */
const SCRIPTS: Record<string, string> = {
  'train_mobilenet_v2.py (examples/)': fs.readFileSync(path.join(root, 'examples', 'train_mobilenet_v2.py'), 'utf8'),
  'kws_dscnn.py (top-level export call)': [
    'import torch', 'import torch.nn as nn', '',
    'class DS(nn.Module):', '    def __init__(self, c):', '        super().__init__()',
    '        self.depthwise = nn.Conv2d(c, c, 3, padding=1, groups=c)', '        self.pointwise = nn.Conv2d(c, c, 1)', '        self.relu = nn.ReLU()',
    '    def forward(self, x):', '        return self.relu(self.pointwise(self.relu(self.depthwise(x))))', '',
    'class KwsDsCnn(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.stem = nn.Conv2d(1, 64, (10, 4), stride=(2, 2), padding=(5, 1))', '        self.blocks = nn.Sequential(*[DS(64) for _ in range(4)])',
    '        self.pool = nn.AdaptiveAvgPool2d(1)', '        self.classifier = nn.Linear(64, 12)',
    '    def forward(self, x):', '        return self.classifier(torch.flatten(self.pool(self.blocks(self.stem(x))), 1))', '',
    'model = KwsDsCnn().eval()', 'torch.onnx.export(model, torch.randn(1, 1, 49, 10), "kws.onnx", opset_version=17)', '',
  ].join('\n'),
  'torchvision mobilenet_v3_small (declared entry)': 'import torch\nimport torchvision\n\n# deploylens: export\ndef make_export():\n    return torchvision.models.mobilenet_v3_small(), torch.randn(1, 3, 224, 224)\n',
  'torchvision resnet18 (declared entry)': 'import torch\nimport torchvision\n\n# deploylens: export\ndef make_export():\n    return torchvision.models.resnet18(), torch.randn(1, 3, 224, 224)\n',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status !== 0 || !fs.existsSync(DRIVER)) {
    console.log(`export bench: skipped — ${probe.status !== 0 ? `torch/torchvision do not import under ${PYTHON}` : 'dist/pythonExport.py is not built'}`);
    return;
  }
  const target = getBuiltinTarget('tflm-cortex-m7')!;
  const rows: Record<string, unknown>[] = [];
  console.log(`export on save → diagnostics, ${PYTHON}, target ${target.id}, median of ${RUNS} runs:`);
  console.log('  script                                           export (py)   analyze   map      total   sites  findings  nodes');
  for (const [name, source] of Object.entries(SCRIPTS)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-bench-export-'));
    const file = path.join(dir, 'train.py');
    fs.writeFileSync(file, source);
    const plan = findExportPlan(source, file);
    if (plan.kind === 'none') throw new Error(`${name}: ${plan.reason}`);
    const t = { exportMs: [] as number[], analyzeMs: [] as number[], mapMs: [] as number[], totalMs: [] as number[] };
    let sites = 0;
    let findings = 0;
    let nodes = 0;
    for (let i = 0; i < RUNS; i++) {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-bench-cache-'));
      const r = await exportScript({
        source, scriptPath: file, plan: plan as RunnablePlan, python: PYTHON, driver: DRIVER, cacheDir, cwd: dir, opset: 17, timeoutMs: 300_000, memoryLimitBytes: 16 * 2 ** 30,
        analyze: async (p) => reportFor(prepareModel(readModelFile(p, 'model.onnx').model), [target]).report,
      });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      if (!r.ok) throw new Error(`${name}: ${r.diagnostic.message}`);
      for (const k of ['exportMs', 'analyzeMs', 'mapMs', 'totalMs'] as const) t[k].push(r.timings[k]);
      sites = r.view.sites.length;
      findings = r.view.diagnostics.length;
      nodes = r.report.summary.nodes;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const row = { script: name, exportMs: median(t.exportMs), analyzeMs: median(t.analyzeMs), mapMs: median(t.mapMs), totalMs: median(t.totalMs), minTotalMs: Math.min(...t.totalMs), maxTotalMs: Math.max(...t.totalMs), sites, findings, nodes };
    rows.push(row);
    console.log(`  ${name.padEnd(48)} ${(row.exportMs / 1000).toFixed(2).padStart(8)} s ${row.analyzeMs.toFixed(0).padStart(7)} ms ${row.mapMs.toFixed(1).padStart(6)} ms ${(row.totalMs / 1000).toFixed(2).padStart(7)} s ${String(sites).padStart(6)} ${String(findings).padStart(9)} ${String(nodes).padStart(6)}`);
  }
  fs.mkdirSync(path.join(root, 'out'), { recursive: true });
  fs.writeFileSync(path.join(root, 'out', 'bench-export.json'), JSON.stringify({ python: PYTHON, target: target.id, runs: RUNS, rows }, null, 2));
  console.log('  (the editor adds the 300 ms save debounce; its analysis runs in the worker thread)');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
