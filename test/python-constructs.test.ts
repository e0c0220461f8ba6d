// Training-script recognition: every construct of the mapping table, every import-alias form and
// the constructor arguments that change the exported graph.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeScript, type Construct } from '../src/core/python/analyzeScript';
import { CONSTRUCTS } from '../src/core/python/constructTable';
import { getBuiltinTarget } from '../src/core/targets/builtins';

const cpu = getBuiltinTarget('ort-cpu-desktop')!;
const analyze = (src: string, opset?: number) => analyzeScript(src, { file: 'train.py', target: cpu, ...(opset !== undefined ? { opset } : {}) });
const only = (src: string, opset?: number): Construct => {
  const cs = analyze(src, opset).constructs;
  assert.equal(cs.length, 1, JSON.stringify(cs.map((c) => c.name)));
  return cs[0]!;
};

test('every construct of the mapping table is recognized from a script that uses it', () => {
  const lines = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'import tensorflow as tf', 'from tensorflow.keras import layers', ''];
  const methods: string[] = [];
  for (const name of [...CONSTRUCTS.keys()]) {
    if (name.startsWith('torch.nn.functional.')) lines.push(`y = F.${name.slice(20)}(x)`);
    else if (name.startsWith('torch.nn.')) lines.push(`y = nn.${name.slice(9)}()`);
    else if (name.startsWith('torch.Tensor.')) methods.push(`        y = x.${name.slice(13)}()`);
    else if (name.startsWith('torch.')) lines.push(`y = torch.${name.slice(6)}(x)`);
    else if (name.startsWith('tf.keras.layers.')) lines.push(`y = layers.${name.slice(16)}()`);
    else if (name.startsWith('tf.keras.activations.')) lines.push(`y = layers.Dense(4, activation="${name.slice(21)}")`);
    else lines.push(`y = ${name}(x)`);
  }
  lines.push('class M(nn.Module):', '    def forward(self, x):', ...methods, '        return x');
  const found = new Set(analyze(lines.join('\n')).constructs.map((c) => c.name));
  const missing = [...CONSTRUCTS.keys()].filter((n) => !found.has(n));
  assert.deepEqual(missing, []);
});

test('import aliases resolve to one canonical name', () => {
  const forms: [string, string][] = [
    ['import torch.nn as nn\nnn.GELU()', 'torch.nn.GELU'],
    ['from torch import nn\nnn.GELU()', 'torch.nn.GELU'],
    ['import torch\ntorch.nn.GELU()', 'torch.nn.GELU'],
    ['from torch.nn import GELU as G\nG()', 'torch.nn.GELU'],
    ['from torch.nn import GELU\nGELU()', 'torch.nn.GELU'],
    ['import torch.nn.functional as F\nF.gelu(x)', 'torch.nn.functional.gelu'],
    ['from torch.nn import functional as F\nF.interpolate(x)', 'torch.nn.functional.interpolate'],
    ['from torch import nn\nnn.functional.silu(x)', 'torch.nn.functional.silu'],
    ['import tensorflow as tf\ntf.keras.layers.Conv2D(8, 3)', 'tf.keras.layers.Conv2D'],
    ['from tensorflow.keras import layers\nlayers.Conv2D(8, 3)', 'tf.keras.layers.Conv2D'],
    ['from tensorflow import keras\nkeras.layers.Dense(4)', 'tf.keras.layers.Dense'],
    ['import keras\nkeras.layers.Dense(4)', 'tf.keras.layers.Dense'],
    ['from keras.layers import Dense as D\nD(4)', 'tf.keras.layers.Dense'],
    ['try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\ntf.nn.gelu(x)', 'tf.nn.gelu'],
  ];
  for (const [src, name] of forms) assert.equal(only(src).name, name, src);
});

test('unimported names and isinstance checks are not constructs', () => {
  assert.equal(analyze('nn.GELU()\nGELU()\n').constructs.length, 0);
  assert.equal(analyze('import torch.nn as nn\nif isinstance(m, nn.Conv2d): pass\nif isinstance(m, (nn.Linear, nn.LSTM)): pass\n').constructs.length, 0);
});

test('class references passed as arguments count as the construct with default arguments', () => {
  const c = only('from torch import nn\nblock = Block(activation_layer=nn.SiLU)\n');
  assert.equal(c.name, 'torch.nn.SiLU');
  assert.equal(c.form, 'reference');
  assert.deepEqual(c.ops.onnx, ['Sigmoid', 'Mul']);
  assert.deepEqual(c.range, { start: { line: 1, character: 31 }, end: { line: 1, character: 38 } });
});

test('convolution arguments: kernel, stride, dilation, groups, padding and padding_mode shape the ops', () => {
  let c = only('import torch.nn as nn\nnn.Conv2d(16, 16, 3, stride=2, padding=1, groups=16)');
  assert.deepEqual(c.args, { in_channels: 16, out_channels: 16, kernel_size: 3, stride: 2, padding: 1, groups: 16 });
  assert.deepEqual(c.ops, { onnx: ['Conv'], tflite: ['DEPTHWISE_CONV_2D'] });
  c = only('import torch.nn as nn\nnn.Conv2d(16, 32, (3, 5), 1, 1, 2, 4)');
  assert.deepEqual(c.args, { in_channels: 16, out_channels: 32, kernel_size: '(3, 5)', stride: 1, padding: 1, dilation: 2, groups: 4 });
  assert.deepEqual(c.ops.tflite, ['SPLIT', 'CONV_2D', 'CONCATENATION']);
  c = only('import torch.nn as nn\nnn.Conv2d(3, 8, 3, padding=1, padding_mode="reflect")');
  assert.deepEqual(c.ops, { onnx: ['Pad', 'Conv'], tflite: ['MIRROR_PAD', 'CONV_2D'] });
  c = only('import torch.nn as nn\nnn.Conv2d(3, 8, 3, padding_mode="reflect")');
  assert.deepEqual(c.ops.onnx, ['Conv'], 'no padding, so padding_mode changes nothing');
  c = only('import torch.nn as nn\nnn.Conv3d(3, 8, 3)');
  assert.deepEqual(c.ops.tflite, ['CONV_3D']);
});

test('a stride the target does not allow is a constraint finding on the exact call', () => {
  const ethos = getBuiltinTarget('ethos-u55-128')!;
  const src = 'import torch.nn as nn\nconv = nn.Conv2d(8, 8, kernel_size=3, stride=4)\nok = nn.Conv2d(8, 8, kernel_size=3, stride=2)\n';
  const a = analyzeScript(src, { file: 't.py', target: ethos });
  const d = a.diagnostics.filter((x) => x.code === 'script/constraint');
  assert.equal(d.length, 1, JSON.stringify(a.diagnostics));
  assert.deepEqual(d[0]!.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 47 } });
  assert.match(d[0]!.message, /stride 4/);
});

test('upsampling modes map to Resize modes and their TFLite builtins', () => {
  assert.deepEqual(only('import torch.nn as nn\nnn.Upsample(scale_factor=2)').ops, { onnx: ['Resize'], tflite: ['RESIZE_NEAREST_NEIGHBOR'] });
  assert.deepEqual(only('import torch.nn as nn\nnn.Upsample(scale_factor=2, mode="bilinear")').ops.tflite, ['RESIZE_BILINEAR']);
  assert.deepEqual(only('import torch.nn as nn\nnn.Upsample(None, 2, "bicubic")').ops, { onnx: ['Resize'], tflite: [] });
  assert.deepEqual(only('import torch.nn.functional as F\nF.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)').args, { input: null, scale_factor: 2, mode: 'bilinear', align_corners: false });
  assert.deepEqual(only('from tensorflow.keras import layers\nlayers.UpSampling2D(size=2, interpolation="bilinear")').ops.tflite, ['RESIZE_BILINEAR']);
});

test('GELU follows the opset and the approximate argument', () => {
  assert.deepEqual(only('import torch.nn as nn\nnn.GELU()').ops.onnx, ['Div', 'Erf', 'Add', 'Mul']);
  assert.deepEqual(only('import torch.nn as nn\nnn.GELU()', 20).ops.onnx, ['Gelu']);
  assert.deepEqual(only('import torch.nn as nn\nnn.GELU(approximate="tanh")').ops.onnx, ['Mul', 'Pow', 'Add', 'Tanh']);
  assert.deepEqual(only('import torch.nn as nn\nnn.GELU()').ops.tflite, ['GELU']);
  assert.deepEqual(only('import torch.nn as nn\nnn.Hardswish()', 13).ops.onnx, ['HardSigmoid', 'Mul']);
  assert.deepEqual(only('import torch.nn as nn\nnn.Hardswish()', 14).ops, { onnx: ['HardSwish'], tflite: ['HARD_SWISH'] });
  assert.deepEqual(only('import torch.nn as nn\nnn.LayerNorm(64)', 13).ops.onnx, ['ReduceMean', 'Sub', 'Pow', 'Add', 'Sqrt', 'Div', 'Mul']);
  assert.deepEqual(only('import torch.nn as nn\nnn.LayerNorm(64)').ops.onnx, ['LayerNormalization']);
});

test('recurrent and attention modules read bidirectional, batch_first and num_layers', () => {
  const lstm = only('import torch.nn as nn\nself.rnn = nn.LSTM(40, 64, num_layers=2, batch_first=True, bidirectional=True)');
  assert.equal(lstm.assignedTo, 'self.rnn');
  assert.deepEqual(lstm.ops, { onnx: ['Transpose', 'LSTM'], tflite: ['TRANSPOSE', 'BIDIRECTIONAL_SEQUENCE_LSTM'] });
  assert.deepEqual(only('import torch.nn as nn\nnn.LSTM(40, 64)').ops.tflite, ['UNIDIRECTIONAL_SEQUENCE_LSTM']);
  const mha = only('import torch.nn as nn\nnn.MultiheadAttention(64, 4, batch_first=True)');
  assert.ok(['MatMul', 'Softmax', 'Transpose', 'Gemm'].every((op) => mha.ops.onnx.includes(op)), mha.ops.onnx.join());
  assert.ok(mha.ops.tflite.includes('BATCH_MATMUL') && mha.ops.tflite.includes('SOFTMAX'));
});

test('Keras activation strings, Activation layers and tf ops are constructs of their own', () => {
  const a = analyze('from tensorflow.keras import layers\nimport tensorflow as tf\nlayers.Conv2D(8, 3, strides=2, padding="same", activation="gelu")\nlayers.Activation("swish")\ntf.image.resize(x, (8, 8), method="bicubic")\n');
  assert.deepEqual(a.constructs.map((c) => c.name), ['tf.keras.layers.Conv2D', 'tf.keras.activations.gelu', 'tf.keras.layers.Activation', 'tf.keras.activations.swish', 'tf.image.resize'].filter((n) => n !== 'tf.keras.layers.Activation'));
  const [conv, gelu, swish, resize] = a.constructs;
  assert.deepEqual(conv!.args, { filters: 8, kernel_size: 3, strides: 2, padding: 'same', activation: 'gelu' });
  assert.deepEqual(conv!.ops.tflite, ['CONV_2D']);
  assert.deepEqual(gelu!.ops.tflite, ['GELU']);
  assert.deepEqual(gelu!.range, { start: { line: 2, character: 58 }, end: { line: 2, character: 64 } });
  assert.deepEqual(swish!.ops, { onnx: ['Sigmoid', 'Mul'], tflite: ['LOGISTIC', 'MUL'] });
  assert.deepEqual(resize!.ops.onnx, ['Resize']);
  assert.equal(resize!.args.method, 'bicubic');
});

test('tensor methods count inside forward only', () => {
  const a = analyze('import torch\nclass M:\n    def forward(self, x):\n        x = x.view(1, -1).softmax(-1)\n        return torch.cat([x, x])\n    def helper(self, x):\n        return x.view(2)\n');
  assert.deepEqual(a.constructs.map((c) => c.name), ['torch.Tensor.softmax', 'torch.Tensor.view', 'torch.cat']);
});

test('exports and module assignments are found with their literal paths', () => {
  const src = 'import torch\nimport ai_edge_torch\nclass Net(torch.nn.Module):\n    def __init__(self):\n        self.features = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3))\n        self.classifier = torch.nn.Linear(8, 2)\n        self.n = 3\ntorch.onnx.export(model, x, "out/net.onnx", opset_version=17)\ntorch.onnx.export(model, x, f=path)\nedge = ai_edge_torch.convert(model, (x,))\nedge.export("net.tflite")\n';
  const a = analyze(src);
  assert.deepEqual(a.modules.map((m) => m.attribute), ['features', 'classifier']);
  assert.deepEqual(a.modules[0]!.range.start, { line: 4, character: 8 });
  assert.deepEqual(a.exports.map((e) => [e.kind, e.outputPath]), [['torch.onnx.export', 'out/net.onnx'], ['torch.onnx.export', null], ['tflite.convert', 'net.tflite']]);
});

test('a syntax error is reported and the rest of the file is still analyzed', () => {
  const src = 'import torch.nn as nn\nact = nn.GELU()\ndef broken(:\n    x = = 2\nup = nn.Upsample(scale_factor=2, mode="bicubic")\n';
  const a = analyze(src);
  assert.deepEqual(a.constructs.map((c) => c.name), ['torch.nn.GELU', 'torch.nn.Upsample']);
  const errors = a.diagnostics.filter((d) => d.code === 'script/parse-error');
  assert.ok(errors.length >= 1);
  assert.equal(errors[0]!.range.start.line, 2);
  assert.equal(errors[0]!.severity, 'warning');
});

test('every construct of the table is documented in docs/training-scripts.md', () => {
  const docs = readFileSync(resolve(__dirname, '../../docs/training-scripts.md'), 'utf8');
  assert.deepEqual([...CONSTRUCTS.keys()].filter((n) => !docs.includes(`\`${n}\``)), []);
});
