// Training-script analysis speed: a 2,000-line PyTorch file must re-check in well under 50 ms
// (the editor re-runs it on every change). Prints the median of warm runs and fails above the budget.
import { analyzeScript } from '../src/core/python/analyzeScript';
import { getBuiltinTarget } from '../src/core/targets/builtins';

const BUDGET_MS = 50;

/** A realistic model file: blocks of __init__ constructs and forward code, repeated to 2,000 lines. */
function syntheticScript(lines: number): string {
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', ''];
  const block = (i: number) => [
    `class Block${i}(nn.Module):`,
    '    def __init__(self, c_in: int, c_out: int) -> None:',
    '        super().__init__()',
    `        self.conv = nn.Conv2d(c_in, c_out, kernel_size=3, stride=${1 + (i % 3)}, padding=1, groups=${1 + (i % 2)}, bias=False)`,
    '        self.bn = nn.BatchNorm2d(c_out)',
    `        self.act = nn.${['GELU()', 'SiLU()', 'ReLU6(inplace=True)', 'Hardswish()'][i % 4]}`,
    '        self.attn = nn.MultiheadAttention(c_out, 4, batch_first=True)',
    '        self.up = nn.Upsample(scale_factor=2, mode="bicubic")',
    '',
    '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
    '        y = self.act(self.bn(self.conv(x)))',
    '        b, c, h, w = y.shape',
    '        t = y.flatten(2).transpose(1, 2)',
    '        t, _ = self.attn(t, t, t)',
    '        y = t.transpose(1, 2).reshape(b, c, h, w)',
    '        y = F.interpolate(y, scale_factor=0.5, mode="bilinear", align_corners=False)',
    '        return torch.cat([y, F.gelu(y)], dim=1).mean([2, 3], keepdim=True) * x',
    '',
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.slice(0, lines).join('\n') + '\n';
}

const source = syntheticScript(2000);
const target = getBuiltinTarget('tflm-cortex-m7')!;
analyzeScript(source, { file: 'bench.py', target }); // warm-up: JIT and the per-target verdict cache
const times: number[] = [];
let constructs = 0;
for (let i = 0; i < 20; i++) {
  // A one-character edit per run, as when typing: the analysis itself is not cached.
  const edited = source.replace('stride=1', `stride=${1 + (i % 2)}`);
  const a = analyzeScript(edited, { file: 'bench.py', target });
  times.push(a.millis);
  constructs = a.constructs.length;
}
times.sort((a, b) => a - b);
const median = times[times.length >> 1]!;
console.log(`python script: 2000 lines, ${constructs} constructs — median ${median.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (budget ${BUDGET_MS} ms)`);
if (median >= BUDGET_MS) {
  console.error(`python script analysis is over budget: ${median.toFixed(1)} ms`);
  process.exitCode = 1;
}
