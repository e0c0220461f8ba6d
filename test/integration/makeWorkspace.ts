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
// scripts/mobilenet_v2.py  a torchvision-style MobileNetV2 the suite exports on save (MBV2_SCRIPT)
// .vscode/settings.json  deploylens.python = /usr/bin/python3 (Debian's torch)
// models/shared/…        two real models when ../shared/models exists beside the repo (else the
//                        tests that use them skip)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { OnnxGraphBuilder, writeOnnxModel } from '../../src/core/onnx/writeOnnx';

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

/**
 * A MobileNetV2 written the torchvision way (issue 18): ConvBNReLU takes `groups` from its caller,
 * so only a real export knows the depthwise convs are depthwise. Its training loop sits in the
 * `__main__` block and would write TRAINING_RAN and fail the export if it ran. The suite edits the
 * expansion ratios, swaps ReLU6 for GELU and breaks forward, saving each time.
 */
export const MBV2_SCRIPT = `"""MobileNetV2 (torchvision style) for a keyword-spotting board."""
import torch
from torch import nn


class ConvBNReLU(nn.Sequential):
    def __init__(self, in_planes, out_planes, kernel_size=3, stride=1, groups=1):
        padding = (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(in_planes, out_planes, kernel_size, stride, padding, groups=groups, bias=False),
            nn.BatchNorm2d(out_planes),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden_dim = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        layers = []
        if expand_ratio != 1:
            layers.append(ConvBNReLU(inp, hidden_dim, kernel_size=1))
        layers.extend([
            ConvBNReLU(hidden_dim, hidden_dim, stride=stride, groups=hidden_dim),
            nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
            nn.BatchNorm2d(oup),
        ])
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, num_classes=10, width=16):
        super().__init__()
        settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 2, 2)]
        features = [ConvBNReLU(3, width, stride=2)]
        cin = width
        for t, c, n, s in settings:
            for i in range(n):
                features.append(InvertedResidual(cin, c, s if i == 0 else 1, expand_ratio=t))
                cin = c
        self.features = nn.Sequential(*features)
        self.classifier = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.classifier(x)


def train(model, epochs):
    with open("TRAINING_RAN", "w") as f:
        f.write("the __main__ block ran")
    raise RuntimeError("training must not run during an export")


if __name__ == "__main__":
    model = MobileNetV2(num_classes=10)
    train(model, epochs=100)
    example = torch.randn(1, 3, 96, 96)
    torch.onnx.export(model, example, "mbv2.onnx", opset_version=13)
`;

export interface Workspace {
  dir: string;
  /** Relative paths of the shared models that were copied (empty when ../shared/models is absent). */
  sharedModels: string[];
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

  fs.mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'scripts', 'train_kws.py'), KWS_SCRIPT);
  fs.writeFileSync(path.join(dir, 'scripts', 'mobilenet_v2.py'), MBV2_SCRIPT);
  // Export on save runs Debian's python3-torch (CI installs python3-torchvision), not pyenv's python3.
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
  return { dir, sharedModels };
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
