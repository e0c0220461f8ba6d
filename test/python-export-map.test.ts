// Mapping an export back onto the script (src/core/python/exportLink.ts, exportFailure.ts,
// rangeShift.ts): module paths from the exporter's node names, figures per constructor call
// (inclusive of everything built under it), one diagnostic per finding and call, a failed export on
// the innermost line of the user's script in Python's traceback, and ranges that follow edits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapExportToScript, type ModuleSite } from '../src/core/python/exportLink';
import { torchQualifiedName as moduleNameOfNode } from '../src/core/modules/modulePath';
import { failureDiagnostic } from '../src/core/python/exportFailure';
import { shiftRange, shiftRanges } from '../src/core/python/rangeShift';
import type { Report, ReportNode } from '../src/core/report/report';

test('module names from torch.onnx.export scope names (Sequential children, plain attributes, top-level ops)', () => {
  assert.equal(moduleNameOfNode('/features/features.1/conv/conv.1/conv.1.0/Conv'), 'features.1.conv.1.0');
  assert.equal(moduleNameOfNode('/features/features.0/features.0.2/Clip'), 'features.0.2');
  assert.equal(moduleNameOfNode('/classifier/Gemm'), 'classifier');
  assert.equal(moduleNameOfNode('/blocks/blocks.0/depthwise/Conv'), 'blocks.0.depthwise');
  assert.equal(moduleNameOfNode('/ReduceMean'), '');
  assert.equal(moduleNameOfNode('Identity_0'), null);
});

const node = (index: number, name: string, macs: number, extra: Partial<ReportNode> = {}): ReportNode => ({
  index, name, op: name.split('/').pop()!, domain: '', canonicalOp: name.split('/').pop()!, inputs: [], outputs: [], attributes: {},
  macs, flops: null, paramBytes: null, activationBytes: null, ...extra,
});

/** Two blocks built by one call in a loop, each with a conv built inside the block class. */
function fixture(): { report: Report; modules: ModuleSite[]; source: string } {
  const source = ['class Block(nn.Module):', '    def __init__(self):', '        self.conv = nn.Conv2d(4, 4, 3, groups=4)', '        self.act = nn.GELU()', '', 'blocks = nn.Sequential(*[Block() for _ in range(2)])', ''].join('\n');
  const modules: ModuleSite[] = [
    { name: '', class: 'Sequential', site: { line: 6, endLine: 6, col: 9, endCol: 52 } },
    { name: '0', class: 'Block', site: { line: 6, endLine: 6, col: 25, endCol: 32 } },
    { name: '0.conv', class: 'Conv2d', site: { line: 3, endLine: 3, col: 20, endCol: 48 } },
    { name: '0.act', class: 'GELU', site: { line: 4, endLine: 4, col: 19, endCol: 28 } },
    { name: '1', class: 'Block', site: { line: 6, endLine: 6, col: 25, endCol: 32 } },
    { name: '1.conv', class: 'Conv2d', site: { line: 3, endLine: 3, col: 20, endCol: 48 } },
    { name: '1.act', class: 'GELU', site: { line: 4, endLine: 4, col: 19, endCol: 28 } },
  ];
  const nodes = [
    node(0, '/0/conv/Conv', 100, { workingSetBytes: 64, latencyUs: 10, support: 'supported' }),
    node(1, '/0/act/Erf', 0, { workingSetBytes: 32, latencyUs: 1, support: 'unsupported' }),
    node(2, '/1/conv/Conv', 100, { workingSetBytes: 128, latencyUs: 10, support: 'supported' }),
    node(3, '/1/act/Erf', 0, { workingSetBytes: 32, latencyUs: 1, support: 'unsupported' }),
    node(4, '/ReduceMean', 5, { workingSetBytes: 16, latencyUs: 1, support: 'supported' }),
  ];
  const report = {
    target: { id: 'tflm-cortex-m7', name: 'TFLite Micro', runtime: 'tflm', partitioning: 'none', sramBytes: 100 },
    nodes: nodes.map((n) => ({ ...n, fate: { kind: 'kernel' as const, into: n.index, why: '' } })),
    deployed: { nodes: nodes.map((n) => ({ ...n, covers: [n.index] })) },
    diagnostics: [
      { severity: 'error', code: 'compat/unsupported-op', message: 'Erf has no kernel', node: 1, nodeName: '/0/act/Erf', target: 'tflm-cortex-m7' },
      { severity: 'error', code: 'compat/unsupported-op', message: 'Erf has no kernel', node: 3, nodeName: '/1/act/Erf', target: 'tflm-cortex-m7' },
      { severity: 'info', code: 'hint/float-model-on-mcu', message: 'float model' },
    ],
  } as unknown as Report;
  return { report, modules, source };
}

test('figures per constructor call: a call in a loop sums its instances, the enclosing call includes everything under it', () => {
  const { report, modules, source } = fixture();
  const entry = { start: { line: 5, character: 0 }, end: { line: 5, character: 6 } };
  const view = mapExportToScript(report, modules, source, entry);
  const at = (line: number, col: number) => view.sites.find((s) => s.range.start.line === line && s.range.start.character === col)!;
  const conv = at(2, 20);
  assert.deepEqual([conv.instances, conv.ops, conv.macs, conv.peakWorkingSetBytes, conv.overSram, conv.unsupported], [2, 2, 200, 128, 1, 0]);
  assert.equal(conv.label, '2× 200 MACs · 128 B · 1 op > SRAM · 20 µs');
  assert.equal(at(3, 19).label, '2× 2 unsupported · 0 MACs · 32 B · 2 µs');
  const act = at(3, 19);
  assert.equal(act.unsupported, 2);
  const block = at(5, 25);
  assert.deepEqual([block.instances, block.ops, block.macs], [2, 4, 200]);
  const all = at(5, 9);
  assert.deepEqual([all.instances, all.ops, all.macs], [1, 5, 205], 'the model\'s own call also holds the ops of its forward (/ReduceMean)');
  // the two Erf findings built by the same call become one diagnostic on that call; the model-level hint goes to the entry point
  assert.equal(view.diagnostics.length, 2);
  const erf = view.diagnostics.find((d) => d.code === 'compat/unsupported-op')!;
  assert.deepEqual(erf.range, act.range);
  assert.match(erf.message, /and 1 more like it from this call\) \[exported node \/0\/act\/Erf\]$/);
  assert.deepEqual(view.diagnostics.find((d) => d.code === 'hint/float-model-on-mcu')!.range, entry);
});

test('a failed export goes on the innermost frame in the script; without one, on the entry point', () => {
  const source = 'import torch\n\nclass Net:\n    def forward(self, x):\n        return x * scale\n';
  const entry = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  const isScript = (p: string) => p === '/w/train.py';
  const d = failureDiagnostic({
    kind: 'python-error', phase: 'exporting to ONNX', message: "NameError: name 'scale' is not defined",
    frames: [
      { file: '/usr/lib/python3/dist-packages/torch/onnx/utils.py', line: 500, name: 'export' },
      { file: '/w/train.py', line: 5, endLine: 5, col: 19, endCol: 24, name: 'forward' },
      { file: '/usr/lib/python3/dist-packages/torch/nn/modules/module.py', line: 1190, name: '_call_impl' },
    ],
  }, isScript, source, entry);
  assert.equal(d.code, 'export/python-error');
  assert.deepEqual(d.range, { start: { line: 4, character: 19 }, end: { line: 4, character: 24 } });
  assert.equal(d.message, "Export failed while exporting to ONNX (in forward): NameError: name 'scale' is not defined");
  const noFrame = failureDiagnostic({ kind: 'timeout', message: 'did not finish within 120 s' }, isScript, source, entry);
  assert.deepEqual([noFrame.code, noFrame.range], ['export/failed', entry]);
  const noTorch = failureDiagnostic({ kind: 'missing-framework', message: 'PyTorch (torch) is not installed for /usr/bin/python3' }, isScript, source, entry);
  assert.equal(noTorch.code, 'export/missing-framework');
  assert.equal(noTorch.severity, 'warning');
  assert.match(noTorch.message, /static checks below stay/);
  // a frame without columns underlines the line's text
  const whole = failureDiagnostic({ kind: 'python-error', message: 'E', frames: [{ file: '/w/train.py', line: 5, name: 'forward' }] }, isScript, source, entry);
  assert.deepEqual(whole.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 24 } });
});

test('ranges follow edits: lines inserted above move them, edits on their line shift the characters after', () => {
  const r = { start: { line: 5, character: 8 }, end: { line: 5, character: 20 } };
  const at = (line: number, character: number) => ({ line, character });
  assert.deepEqual(shiftRange(r, { range: { start: at(0, 0), end: at(0, 0) }, text: '# a\n# b\n' }), { start: at(7, 8), end: at(7, 20) });
  assert.deepEqual(shiftRange(r, { range: { start: at(2, 0), end: at(4, 0) }, text: '' }), { start: at(3, 8), end: at(3, 20) });
  assert.deepEqual(shiftRange(r, { range: { start: at(5, 0), end: at(5, 0) }, text: '    ' }), { start: at(5, 12), end: at(5, 24) });
  assert.deepEqual(shiftRange(r, { range: { start: at(9, 0), end: at(9, 3) }, text: 'x' }), r, 'edits below change nothing');
  assert.deepEqual(shiftRange(r, { range: { start: at(5, 10), end: at(5, 12) }, text: 'abcd' }), { start: at(5, 8), end: at(5, 22) });
  // two changes of one edit event, reported in any order
  const [moved] = shiftRanges([{ range: r }], [
    { range: { start: at(1, 0), end: at(1, 0) }, text: 'x\n' },
    { range: { start: at(8, 0), end: at(8, 0) }, text: 'y\n' },
  ]);
  assert.deepEqual(moved!.range, { start: at(6, 8), end: at(6, 20) });
});
