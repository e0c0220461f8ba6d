// The export entry point (src/core/python/exportEntry.ts): what DeployLens runs to get a script's
// model without running its training. A user relies on: a declared `# deploylens: export` function
// being used as is; an export call in the `__main__` block being evaluated from the assignments it
// depends on (and nothing else of that block); and a plain reason, with how to declare an entry
// point, whenever the call's arguments are only known when the script runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parser } from '@lezer/python';
import { findExportPlan, freeNames, HOW_TO_DECLARE } from '../src/core/python/exportEntry';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './support/sharedModels';

const MBV2_SCRIPT = fs.readFileSync(path.join(repoRoot(), 'examples', 'train_mobilenet_v2.py'), 'utf8');

let n = 0;
const plan = (source: string, options = {}) => findExportPlan(source, `entry-${n++}.py`, options);

test('a `# deploylens: export` comment above a top-level def (decorators allowed) declares the entry point', () => {
  const src = 'import torch\nfrom torch import nn\n\n# deploylens: export\n@torch.no_grad()\ndef make_export():\n    return nn.Linear(4, 2), torch.zeros(1, 4)\n';
  const p = plan(src);
  assert.equal(p.kind, 'declared');
  assert.ok(p.kind === 'declared');
  assert.equal(p.functionName, 'make_export');
  assert.equal(p.framework, 'torch');
  assert.deepEqual(p.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 15 } });
});

test('a misplaced comment says where it must go, on the comment', () => {
  const p = plan('import torch\n# deploylens: export\nmodel = torch.nn.Linear(2, 2)\n');
  assert.equal(p.kind, 'none');
  assert.ok(p.kind === 'none');
  assert.match(p.reason, /directly above a top-level `def`/);
  assert.equal(p.range?.start.line, 1);
});

test('the export call of a torchvision-style script in its __main__ block: only the assignments it needs are replayed, training is not', () => {
  const p = plan(MBV2_SCRIPT);
  assert.equal(p.kind, 'call');
  assert.ok(p.kind === 'call');
  const lines = MBV2_SCRIPT.split('\n');
  const callLine = lines.findIndex((l) => l.includes('torch.onnx.export(')) + 1;
  assert.equal(p.callLine, callLine);
  assert.deepEqual(p.statements.map((s) => s.text), ['model = MobileNetV2(num_classes=10)', 'example = torch.randn(1, 3, 96, 96)']);
  assert.deepEqual(p.statements.map((s) => s.line), [lines.findIndex((l) => l.includes('model = MobileNetV2')) + 1, lines.findIndex((l) => l.includes('example = torch.randn')) + 1]);
  assert.ok(!p.statements.some((s) => s.text.includes('train(')), 'the training call is not replayed');
  assert.deepEqual([p.model.text, p.input?.text, p.opset], ['model', 'example', 13]);
});

test('names the import defines need no replay; multi-line assignments replay whole; chains are followed in order', () => {
  const src = [
    'import torch', 'import torch.nn as nn', 'WIDTH = 8', 'class Net(nn.Module):', '    pass', '',
    'def main():', '    width = WIDTH * 2', '    model = Net(', '        width=width,', '    ).eval()', '    x = torch.zeros(1, width)',
    '    for epoch in range(3):', '        pass', '    torch.onnx.export(model, (x,), "net.onnx")', '',
  ].join('\n');
  const p = plan(src);
  assert.ok(p.kind === 'call', JSON.stringify(p));
  assert.deepEqual(p.statements.map((s) => [s.line, s.column, s.text]), [[8, 4, 'width = WIDTH * 2'], [9, 4, 'model = Net(\n        width=width,\n    ).eval()'], [12, 4, 'x = torch.zeros(1, width)']]);
  assert.equal(p.input?.text, '(x,)');
  assert.equal(p.opset, null);
});

test('arguments only known at run time give a plain reason and how to declare an entry point', () => {
  const cases: [string, RegExp][] = [
    ['import torch, argparse\nfrom m import Net\nif __name__ == "__main__":\n    args = argparse.ArgumentParser().parse_args()\n    model = Net(args.width)\n    torch.onnx.export(model, torch.zeros(1), "a.onnx")\n', /`args` comes from the command line/],
    ['import torch\nfrom m import Net\ndef export(model, path):\n    torch.onnx.export(model, torch.zeros(1), path)\n', /`model` is a parameter of the function that exports/],
    ['import torch\nfrom m import Net, loader\nif __name__ == "__main__":\n    model = Net()\n    x, y = next(iter(loader))\n    torch.onnx.export(model, x, "a.onnx")\n', /`x` is bound by a unpacking or augmented assignment \(line 5\)/],
    ['import torch\nif __name__ == "__main__":\n    torch.onnx.export(model, x, "a.onnx")\n', /`model` is not defined by a plain assignment before the export call/],
  ];
  for (const [src, reason] of cases) {
    const p = plan(src);
    assert.equal(p.kind, 'none', src);
    assert.ok(p.kind === 'none');
    assert.match(p.reason, reason);
    assert.ok(p.reason.endsWith(HOW_TO_DECLARE), p.reason);
    assert.ok(p.range, 'shown on the export call');
  }
});

test('a script with no export call and no comment has no plan and no range (it may not be a training script)', () => {
  const p = plan('import torch\nx = torch.zeros(2)\n');
  assert.ok(p.kind === 'none');
  assert.equal(p.range, null);
});

test('Keras: TFLiteConverter.from_keras_model(model) needs no example input', () => {
  const p = plan('import tensorflow as tf\nif __name__ == "__main__":\n    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n    c = tf.lite.TFLiteConverter.from_keras_model(model)\n');
  assert.ok(p.kind === 'call', JSON.stringify(p));
  assert.equal(p.framework, 'keras');
  assert.equal(p.input, null);
});

test('the deploylens.export.entryPoint setting wins over the comment and the call', () => {
  const p = plan(MBV2_SCRIPT, { settingEntry: { module: 'scripts.mobilenet_v2', functionName: 'make' } });
  assert.ok(p.kind === 'setting');
  assert.equal(p.module, 'scripts.mobilenet_v2');
});

test('free names leave out keyword names, lambda parameters and comprehension variables', () => {
  const src = 'f(Block(c, width=w) for c in chans) + (lambda k: k * scale)(2)';
  const tree = parser.parse(src);
  const expr = tree.topNode.firstChild!.firstChild!;
  assert.deepEqual([...freeNames(expr, src)].sort(), ['Block', 'chans', 'f', 'scale', 'w']);
});
