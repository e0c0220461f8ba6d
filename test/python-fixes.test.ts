// Findings on training scripts and their quick fixes: what happens on the target, on the exact
// range, and the exact text each fix produces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeScript, type ScriptDiagnostic } from '../src/core/python/analyzeScript';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { applyEdits } from './support/scriptEdits';

const target = (id: string) => getBuiltinTarget(id)!;
// SiLU exports to LOGISTIC + MUL, which every built-in profile runs: a team profile without LOGISTIC
// (e.g. one that forbids LUT-based int8 sigmoid for latency) is where SiLU gets flagged.
const noLogistic = (() => {
  const t = structuredClone(getBuiltinTarget('tflm-cortex-m7')!);
  delete t.operators.LOGISTIC;
  return { ...t, id: 'mcu-no-logistic', name: 'MCU without LOGISTIC' };
})();
function findings(src: string, id: string): ScriptDiagnostic[] {
  return analyzeScript(src, { file: 'train.py', target: id === noLogistic.id ? noLogistic : target(id) }).diagnostics;
}
function fixed(src: string, d: ScriptDiagnostic, title: RegExp): string {
  const f = d.fixes.find((x) => title.test(x.title));
  assert.ok(f, `no fix ${title} among ${d.fixes.map((x) => x.title).join(' | ')}`);
  assert.ok(f.description.length > 20);
  return applyEdits(src, f.edits);
}

test('GELU on TFLite Micro: no kernel, an error; the fix to Hardswish keeps the alias as written', () => {
  const src = 'import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        self.act = nn.GELU()\n';
  const [d, ...rest] = findings(src, 'tflm-cortex-m7');
  assert.equal(rest.length, 0);
  assert.equal(d!.severity, 'error');
  assert.equal(d!.code, 'script/unsupported-op');
  assert.equal(d!.target, 'tflm-cortex-m7');
  assert.match(d!.message, /exports to GELU.*has no kernel/);
  assert.deepEqual(d!.range, { start: { line: 3, character: 19 }, end: { line: 3, character: 28 } });
  // The tanh approximation still exports GELU, which TFLite Micro lacks too: not offered.
  assert.deepEqual(d!.fixes.map((f) => f.title), ['Replace GELU with Hardswish']);
  assert.equal(fixed(src, d!, /Hardswish/), src.replace('nn.GELU()', 'nn.Hardswish()'));
});

test('GELU on ONNX Runtime NNAPI: falls back to the CPU; the tanh approximation removes Erf', () => {
  const src = 'from torch import nn\nact = nn.GELU()\nact2 = nn.GELU(approximate="none")\n';
  const ds = findings(src, 'ort-nnapi');
  assert.equal(ds.length, 2);
  assert.equal(ds[0]!.severity, 'warning');
  assert.equal(ds[0]!.code, 'script/fallback');
  assert.match(ds[0]!.message, /Erf/);
  assert.match(ds[0]!.message, /falls back to .* splits the delegated graph/);
  assert.equal(fixed(src, ds[0]!, /tanh/), src.replace('nn.GELU()', 'nn.GELU(approximate="tanh")'));
  assert.equal(fixed(src, ds[1]!, /tanh/), src.replace('approximate="none"', 'approximate="tanh"'));
});

test('functional GELU and SiLU fixes, through from-imports and aliases', () => {
  const src = 'import torch.nn.functional as F\nfrom torch.nn import SiLU as S\nimport torch.nn as nn\ny = F.gelu(x)\nz = S(inplace=True)\nw = nn.SiLU()\n';
  const ds = findings(src, noLogistic.id);
  assert.equal(ds.length, 3, JSON.stringify(ds.map((d) => d.message)));
  assert.equal(fixed(src, ds[0]!, /Hardswish|hardswish/), src.replace('F.gelu(x)', 'F.hardswish(x)'));
  assert.equal(fixed(src, ds[1]!, /Hardswish/), src.replace('S(inplace=True)', 'nn.Hardswish(inplace=True)'));
  assert.equal(fixed(src, ds[2]!, /Hardswish/), src.replace('nn.SiLU()', 'nn.Hardswish()'));
});

test('SiLU passed as a class (torchvision style) is fixed in place', () => {
  const src = 'from torch import nn\nblock = Block(activation_layer=nn.SiLU)\n';
  const [d] = findings(src, noLogistic.id);
  assert.ok(d);
  assert.equal(d.code, 'script/unsupported-op');
  assert.match(d.message, /LOGISTIC/);
  assert.equal(fixed(src, d, /Hardswish/), src.replace('nn.SiLU', 'nn.Hardswish'));
});

test('bicubic upsampling: no TFLite builtin; the fix switches to bilinear, keeping the quotes', () => {
  const src = "import torch.nn as nn\nimport torch.nn.functional as F\nup = nn.Upsample(scale_factor=2, mode='bicubic')\ny = F.interpolate(x, None, 2, \"bicubic\")\n";
  const ds = findings(src, 'tflite-gpu');
  assert.equal(ds.length, 2);
  assert.match(ds[0]!.message, /cubic Resize has no TFLite builtin/);
  assert.equal(fixed(src, ds[0]!, /bilinear/), src.replace("mode='bicubic'", "mode='bilinear'"));
  assert.equal(fixed(src, ds[1]!, /bilinear/), src.replace('"bicubic"', '"bilinear"'));
});

test('reflect padding_mode: the fix pads with zeros', () => {
  const src = 'import torch.nn as nn\nconv = nn.Conv2d(3, 16, 3, padding=1, padding_mode="reflect")\npad = nn.ReflectionPad2d(1)\n';
  const ds = findings(src, 'coral-edgetpu');
  assert.equal(ds.length, 2);
  assert.match(ds[0]!.message, /MIRROR_PAD/);
  assert.equal(fixed(src, ds[0]!, /zeros/), src.replace('padding_mode="reflect"', 'padding_mode="zeros"'));
  assert.equal(fixed(src, ds[1]!, /ZeroPad2d/), src.replace('nn.ReflectionPad2d(1)', 'nn.ZeroPad2d(1)'));
});

test('Keras activation="gelu" on TFLite Micro: the finding sits on the string, the fixes replace it', () => {
  const src = "import tensorflow as tf\nx = tf.keras.layers.Dense(64, activation='gelu')(x)\nx = tf.keras.layers.Activation('swish')(x)\n";
  const ds = findings(src, 'tflm-cortex-m7');
  assert.equal(ds.length, 1, 'LOGISTIC and MUL exist on TFLite Micro: swish is fine there');
  const d = ds[0]!;
  assert.deepEqual(d.range, { start: { line: 1, character: 41 }, end: { line: 1, character: 47 } });
  assert.equal(fixed(src, d, /"relu"/), src.replace("'gelu'", "'relu'"));
  assert.equal(fixed(src, d, /hard_swish/), src.replace("'gelu'", "'hard_swish'"));
});

test('supported constructs give no findings, and none is invented for unknown code', () => {
  const src = 'import torch.nn as nn\nnet = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8), nn.ReLU6(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2))\nmystery = MyBlock(3)\n';
  assert.deepEqual(findings(src, 'tflm-cortex-m7'), []);
});
