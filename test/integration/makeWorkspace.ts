// Generates the workspace the integration suite and the screenshots open, from code and the
// repo's example model: nothing binary is committed for it, and every run starts from a fresh copy
// (the suite writes settings and deletes files).
//
//   node out/integration/makeWorkspace.js DIR [REPO_ROOT]
//
// models/kws.onnx        the bundled example (float DS-CNN)
// models/gelu.onnx       MatMul → GELU spelled with Erf: Erf is unsupported on TFLite Micro, so the
//                        default target gives an error `compat/unsupported-op` on the Erf node
// models/delete-me.onnx  a copy of gelu.onnx that the suite deletes (its diagnostics must go)
// models/broken.onnx     the first 3000 bytes of kws.onnx: `read/invalid-model`
// .deploylens/targets/team.json   a workspace target profile (`team-board`)
// scripts/train_kws.py  the PyTorch script that (would) export models/kws.onnx: every layer runs on
//                        TFLite Micro; the suite types an nn.GELU() into it (KWS_SCRIPT)
// scripts/mobilenet_v2.py  examples/train_mobilenet_v2.py: a torchvision-style MobileNetV2 the suite
//                        exports on save (edits its expansion ratios, swaps ReLU6 for GELU, breaks forward)
// notebooks/train_kws.ipynb  a Jupyter notebook: imports in one cell, a model with nn.GELU() in a
//                        later one, an export call in the last (the notebook test and screenshot)
// .vscode/settings.json  deploylens.python = /usr/bin/python3 (Debian's torch)
// models/shared/…        two real models when ../shared/models exists beside the repo (else the
//                        tests that use them skip)
// models/blocks.onnx     BLOCKS torch-named blocks (/blocks/blocks.N/…), each an Identity, a MatMul
//                        and an Erf: the same hint and the same error on every block, grouped in
//                        Problems; its modules roll up under `blocks`
// models/big/…           vit_b_16, mobilenet_v3_large and deeplabv3_mobilenet_v3_large (the picker
//                        must open the first when its name is typed) from DEPLOYLENS_BENCH_MODELS or
//                        out/bench-models (npm run bench makes them), when there (else those tests skip)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { OnnxGraphBuilder, writeOnnxModel } from '../../src/core/onnx/writeOnnx';
import { prepareRejectedModel, unsupportedOpModel } from '../fixtures/tflmModels';

/** Node names of gelu.onnx, in graph order; the text view has one line per node naming it. */
export const GELU_NODE_NAMES = ['proj/MatMul', 'gelu/Div', 'gelu/Erf', 'gelu/Add', 'gelu/Mul', 'gelu/Mul_half'] as const;
export const SHARED_MODELS = ['onnx/tiny_transformer_gelu.onnx', 'tflite/person_detect.tflite'] as const;
export const TEAM_PROFILE = { id: 'team-board', extends: 'tflm-cortex-m4', name: 'Team board', memory: { sramBytes: 65536 } };

/** y = MatMul(x, W); GELU(y) = y · 0.5 · (1 + erf(y / √2)), every intermediate shape declared. */
export function geluModel(): Uint8Array {
  const n = 16;
  const w = new Float32Array(n * n).map((_, i) => ((i * 37) % 17) / 17 - 0.5);
  const b = new OnnxGraphBuilder('gelu_block');
  b.input('x', 'float32', [1, n]);
  b.initializer('W', 'float32', [n, n], w);
  b.initializer('sqrt2', 'float32', [], new Float32Array([Math.SQRT2]));
  b.initializer('one', 'float32', [], new Float32Array([1]));
  b.initializer('half', 'float32', [], new Float32Array([0.5]));
  const [matmul, div, erf, add, mul, mulHalf] = GELU_NODE_NAMES;
  b.node('MatMul', ['x', 'W'], ['h'], {}, { name: matmul });
  b.node('Div', ['h', 'sqrt2'], ['h_scaled'], {}, { name: div });
  b.node('Erf', ['h_scaled'], ['h_erf'], {}, { name: erf });
  b.node('Add', ['h_erf', 'one'], ['h_plus1'], {}, { name: add });
  b.node('Mul', ['h', 'h_plus1'], ['h_gated'], {}, { name: mul });
  b.node('Mul', ['h_gated', 'half'], ['y'], {}, { name: mulHalf });
  for (const v of ['h', 'h_scaled', 'h_erf', 'h_plus1', 'h_gated']) b.valueInfo(v, 'float32', [1, n]);
  b.output('y', 'float32', [1, n]);
  return writeOnnxModel({ graph: b, opsets: { '': 13 }, producer: { name: 'deploylens-integration-fixture' } });
}

/** Blocks of blocks.onnx: enough that their alike findings are grouped (core/findings/group.ts). */
export const BLOCKS = 8;

/** x → BLOCKS × (Identity → MatMul → Erf), named the way torch.onnx.export names a Sequential's children. */
export function blocksModel(): Uint8Array {
  const n = 8;
  const b = new OnnxGraphBuilder('blocks');
  b.input('x', 'float32', [1, n]);
  let prev = 'x';
  for (let i = 0; i < BLOCKS; i++) {
    const scope = `/blocks/blocks.${i}`;
    b.initializer(`blocks.${i}.proj.weight`, 'float32', [n, n], new Float32Array(n * n).map((_, k) => ((k * 7 + i) % 5) / 5 - 0.4));
    b.node('Identity', [prev], [`${scope}/id_out`], {}, { name: `${scope}/Identity` });
    b.node('MatMul', [`${scope}/id_out`, `blocks.${i}.proj.weight`], [`${scope}/proj/mm_out`], {}, { name: `${scope}/proj/MatMul` });
    b.node('Erf', [`${scope}/proj/mm_out`], [`${scope}/act/erf_out`], {}, { name: `${scope}/act/Erf` });
    for (const v of [`${scope}/id_out`, `${scope}/proj/mm_out`, `${scope}/act/erf_out`]) b.valueInfo(v, 'float32', [1, n]);
    prev = `${scope}/act/erf_out`;
  }
  b.node('Identity', [prev], ['y'], {}, { name: '/head/Identity' });
  b.output('y', 'float32', [1, n]);
  return writeOnnxModel({ graph: b, opsets: { '': 13 }, producer: { name: 'deploylens-integration-fixture' } });
}

/** A PyTorch training script for the DS-CNN in models/kws.onnx; module names match its node names. */
export const KWS_SCRIPT = `"""Train the keyword-spotting DS-CNN and export it for the microcontroller."""
import torch
import torch.nn as nn


class Stem(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(1, channels, kernel_size=(10, 4), stride=(2, 2), padding=(5, 1))
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv(x))


class DepthwiseSeparable(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.depthwise = nn.Conv2d(channels, channels, kernel_size=3, padding=1, groups=channels)
        self.relu1 = nn.ReLU()
        self.pointwise = nn.Conv2d(channels, channels, kernel_size=1)
        self.relu2 = nn.ReLU()

    def forward(self, x):
        return self.relu2(self.pointwise(self.relu1(self.depthwise(x))))


class KwsDsCnn(nn.Module):
    def __init__(self, classes: int = 12):
        super().__init__()
        self.stem = Stem(64)
        self.blocks = nn.Sequential(*[DepthwiseSeparable(64) for _ in range(4)])
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(64, classes)

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return torch.softmax(self.classifier(torch.flatten(x, 1)), dim=1)


model = KwsDsCnn().eval()
dummy = torch.randn(1, 1, 49, 10)
torch.onnx.export(model, dummy, "../models/kws.onnx", opset_version=17)
`;

export interface Workspace {
  dir: string;
  /** Relative paths of the shared models that were copied (empty when ../shared/models is absent). */
  sharedModels: string[];
}

/** The notebook's cells: markdown, imports (with an IPython magic), the model, its export. */
export const NOTEBOOK_CELLS: { cell_type: 'markdown' | 'code'; source: string[] }[] = [
  { cell_type: 'markdown', source: ['# Keyword spotter\n', 'Train it, then export it for the microcontroller.'] },
  { cell_type: 'code', source: ['%pip install torch\n', 'import torch\n', 'import torch.nn as nn'] },
  { cell_type: 'code', source: ['class Net(nn.Module):\n', '    def __init__(self):\n', '        super().__init__()\n', '        self.fc = nn.Linear(16, 16)\n', '        self.act = nn.GELU()\n', '\n', '    def forward(self, x):\n', '        return self.act(self.fc(x))'] },
  { cell_type: 'code', source: ['torch.onnx.export(Net(), torch.zeros(1, 16), "models/kws.onnx")'] },
];

/** nbformat 4, as Jupyter writes it. */
export function kwsNotebook(): string {
  return JSON.stringify({
    cells: NOTEBOOK_CELLS.map((c) => ({ ...c, metadata: {}, ...(c.cell_type === 'code' ? { execution_count: null, outputs: [] } : {}) })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4, nbformat_minor: 5,
  }, null, 1) + '\n';
}

export function makeWorkspace(dir: string, repoRoot: string): Workspace {
  fs.rmSync(dir, { recursive: true, force: true });
  const models = path.join(dir, 'models');
  fs.mkdirSync(models, { recursive: true });
  const kws = fs.readFileSync(path.join(repoRoot, 'examples', 'kws_dscnn.onnx'));
  fs.writeFileSync(path.join(models, 'kws.onnx'), kws);
  fs.writeFileSync(path.join(models, 'broken.onnx'), kws.subarray(0, 3000));
  const gelu = geluModel();
  fs.writeFileSync(path.join(models, 'gelu.onnx'), gelu);
  fs.writeFileSync(path.join(models, 'delete-me.onnx'), gelu);
  fs.writeFileSync(path.join(models, 'blocks.onnx'), blocksModel());

  fs.mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'scripts', 'train_kws.py'), KWS_SCRIPT);
  fs.copyFileSync(path.join(repoRoot, 'examples', 'train_mobilenet_v2.py'), path.join(dir, 'scripts', 'mobilenet_v2.py'));
  // Export on save runs Debian's python3-torch (CI installs python3-torchvision), not pyenv's python3.
  fs.mkdirSync(path.join(dir, 'notebooks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'notebooks', 'train_kws.ipynb'), kwsNotebook());
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'deploylens.python': '/usr/bin/python3' }, null, 2) + '\n');

  const targets = path.join(dir, '.deploylens', 'targets');
  fs.mkdirSync(targets, { recursive: true });
  fs.writeFileSync(path.join(targets, 'team.json'), JSON.stringify(TEAM_PROFILE, null, 2) + '\n');

  const sharedModels: string[] = [];
  const sharedDir = path.join(repoRoot, '..', 'shared', 'models');
  if (fs.existsSync(sharedDir)) {
    fs.mkdirSync(path.join(models, 'shared'), { recursive: true });
    for (const rel of SHARED_MODELS) {
      const src = path.join(sharedDir, rel);
      if (!fs.existsSync(src)) continue;
      const dest = path.join('models', 'shared', path.basename(rel));
      fs.copyFileSync(src, path.join(dir, dest));
      sharedModels.push(dest);
    }
  }
  // Real torchvision exports for the Problems and module roll-up tests (hard links: ViT is 330 MB).
  const bigDir = process.env.DEPLOYLENS_BENCH_MODELS ?? path.join(repoRoot, 'out', 'bench-models');
  for (const name of BIG_MODELS) {
    const src = path.join(bigDir, name);
    if (!fs.existsSync(src)) continue;
    fs.mkdirSync(path.join(models, 'big'), { recursive: true });
    const dest = path.join(models, 'big', name);
    try {
      fs.linkSync(src, dest);
    } catch {
      fs.symlinkSync(src, dest);
    }
    sharedModels.push(path.join('models', 'big', name));
  }
  return { dir, sharedModels };
}

/** Copied into models/big/ when DEPLOYLENS_BENCH_MODELS (or out/bench-models) has them. */
export const BIG_MODELS = ['vit_b_16.onnx', 'mobilenet_v3_large.onnx', 'deeplabv3_mobilenet_v3_large.onnx'] as const;

/**
 * For the screenshots (scripts/vscode/run-ui.ts), not the suite (13-tflm.test.ts writes its own):
 * models/tflm/gelu_head.tflite (CONV_2D → GELU, which TFLite Micro has no kernel for) and
 * models/tflm/softmax_zero_point.tflite (an int8 SOFTMAX whose output zero point TFLM's Prepare rejects).
 */
export function addTflmModels(dir: string): void {
  const tflm = path.join(dir, 'models', 'tflm');
  fs.mkdirSync(tflm, { recursive: true });
  fs.writeFileSync(path.join(tflm, 'gelu_head.tflite'), unsupportedOpModel());
  fs.writeFileSync(path.join(tflm, 'softmax_zero_point.tflite'), prepareRejectedModel());
}

if (require.main === module) {
  const [dir, repoRoot] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node out/integration/makeWorkspace.js DIR [REPO_ROOT]');
    process.exit(2);
  }
  const ws = makeWorkspace(path.resolve(dir), path.resolve(repoRoot ?? path.join(__dirname, '..', '..')));
  console.log(JSON.stringify(ws));
}
