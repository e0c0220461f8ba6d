// Real model definitions: torchvision's (Debian's python3-torchvision) must parse without a crash,
// quickly, and the constructs found must match what the ONNX exports of those models contain.
// The model link maps mobilenet_v2.onnx's module-path node names back to a script's assignments.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { analyzeScript } from '../src/core/python/analyzeScript';
import { summarizeModules, moduleOfNode } from '../src/core/python/modelLink';
import { getBuiltinTarget } from '../src/core/targets/builtins';

const TV = '/usr/lib/python3/dist-packages/torchvision';
const SHARED = path.resolve(__dirname, '../../../shared/models/onnx');
const tflm = getBuiltinTarget('tflm-cortex-m7')!;
const hasTv = fs.existsSync(path.join(TV, 'models'));

function analyzeTv(rel: string, opset = 13) {
  return analyzeScript(fs.readFileSync(path.join(TV, rel), 'utf8'), { file: rel, target: tflm, opset });
}

test('every torchvision model definition parses and is analyzed quickly, without parse errors', { skip: !hasTv && 'python3-torchvision is not installed' }, () => {
  const files = (fs.readdirSync(path.join(TV, 'models'), { recursive: true }) as string[]).filter((f) => f.endsWith('.py'));
  assert.ok(files.length > 30);
  analyzeTv('models/resnet.py'); // warm up the parser
  let total = 0;
  for (const f of files) {
    const a = analyzeTv(path.join('models', f));
    assert.deepEqual(a.diagnostics.filter((d) => d.code === 'script/parse-error'), [], f);
    assert.ok(a.millis < 500, `${f}: ${a.millis} ms`);
    total += a.constructs.length;
  }
  assert.ok(total > 500, `only ${total} constructs`);
});

test('vision_transformer.py: GELU and multi-head attention; efficientnet.py: SiLU', { skip: !hasTv && 'python3-torchvision is not installed' }, () => {
  const vit = new Set(analyzeTv('models/vision_transformer.py').constructs.map((c) => c.name));
  assert.ok(vit.has('torch.nn.GELU') && vit.has('torch.nn.MultiheadAttention') && vit.has('torch.nn.LayerNorm'), [...vit].join());
  const eff = new Set(analyzeTv('models/efficientnet.py').constructs.map((c) => c.name));
  assert.ok(eff.has('torch.nn.SiLU'), [...eff].join());
  const v3 = analyzeTv('models/mobilenetv3.py').constructs.find((c) => c.name === 'torch.nn.Hardswish');
  assert.deepEqual(v3?.ops.onnx, ['HardSigmoid', 'Mul'], 'opset 13 has no HardSwish');
});

// Ops that come from Python arithmetic, indexing and shape plumbing rather than from a construct.
const PLUMBING = new Set(['Identity', 'Constant', 'Shape', 'Gather', 'Slice', 'Unsqueeze', 'Add', 'Mul', 'Div', 'Sub', 'Reshape', 'Transpose']);

const PAIRS: [string, string[]][] = [
  ['efficientnet_b0', ['models/efficientnet.py', 'ops/misc.py']],
  ['mobilenet_v2', ['models/mobilenetv2.py', 'ops/misc.py']],
  ['mobilenet_v3_small', ['models/mobilenetv3.py', 'ops/misc.py']],
  ['shufflenet_v2_x1_0', ['models/shufflenetv2.py']],
  ['squeezenet1_1', ['models/squeezenet.py']],
];

for (const [model, scripts] of PAIRS) {
  const onnx = path.join(SHARED, `${model}.onnx`);
  test(`the constructs of ${scripts[0]} cover the operators of ${model}.onnx`, { skip: (!hasTv || !fs.existsSync(onnx)) && 'torchvision or the shared models are absent' }, () => {
    const exported = new Set(Object.keys(analyzeFile(onnx, { targets: [] }).report.summary.opHistogram).filter((op) => !PLUMBING.has(op)));
    const found = new Set(scripts.flatMap((s) => analyzeTv(s).constructs.flatMap((c) => c.ops.onnx)));
    assert.deepEqual([...exported].filter((op) => !found.has(op)), []);
  });
}

test('module paths of PyTorch ONNX node names name the top-level attribute', () => {
  assert.equal(moduleOfNode('/features/features.3/conv/conv.0/Conv'), 'features');
  assert.equal(moduleOfNode('/classifier/classifier.1/Gemm'), 'classifier');
  assert.equal(moduleOfNode('/Flatten'), null);
  assert.equal(moduleOfNode('Identity_0'), null);
});

test('mobilenet_v2.onnx findings map back to self.features / self.classifier', { skip: !fs.existsSync(path.join(SHARED, 'mobilenet_v2.onnx')) && 'shared models are absent' }, () => {
  const src = 'import torch.nn as nn\nclass MobileNetV2(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.features = nn.Sequential(*blocks)\n        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1000))\n        self.unused = nn.Identity()\n';
  const analysis = analyzeScript(src, { file: 'mobilenet.py', target: tflm });
  const { report } = analyzeFile(path.join(SHARED, 'mobilenet_v2.onnx'), { targets: [tflm] });
  const s = summarizeModules(report, analysis);
  assert.deepEqual(s.map((m) => m.attribute), ['features', 'classifier']);
  const [features, classifier] = s;
  assert.equal(features!.nodes, 167);
  assert.equal(features!.macs, 299494272);
  assert.deepEqual(features!.range.start, { line: 4, character: 8 });
  assert.equal(classifier!.nodes, 1);
  assert.equal(classifier!.macs, 1280 * 1000);
  assert.ok(features!.peakWorkingSetBytes > 0);
  assert.match(features!.message, /^167 nodes · 299\.49M MACs · peak working set/);
});
