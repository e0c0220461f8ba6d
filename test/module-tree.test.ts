// Module roll-ups (issue 17): the module path of a node from the names exporters give, and the tree
// with its totals — the same numbers as the layers they add up, whichever surface shows them.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { MAX_MODULE_DEPTH, modulePathOf, torchQualifiedName } from '../src/core/modules/modulePath';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModel } from '../src/core/readModel';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { applyFindings, buildModuleTree, reportModuleTree, reportModuleTrees, type ModuleItem, type ModuleTree } from '../src/core/modules/moduleTree';
import { summarizeModules } from '../src/core/python/modelLink';
import { analyzeScript } from '../src/core/python/analyzeScript';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { benchModel } from './support/benchModels';
import { sharedModelsDir } from './support/sharedModels';

function reportOf(file: string, target: string) {
  return reportFor(prepareModel(readModelFile(file).model), [getBuiltinTarget(target)!]).report;
}

const byPath = (tree: ModuleTree, p: string) => tree.modules.find((m) => m.path === p);

test('module paths: torch scopes, TensorFlow scopes (fused names), and the weights of unscoped nodes', () => {
  assert.deepEqual(modulePathOf('/features/features.12/block/block.0/block.0.0/Conv').segments, ['features', '12', 'block', '0', '0']);
  assert.deepEqual(modulePathOf('/encoder/layers/encoder_layer_3/self_attention/MatMul').segments, ['encoder', 'layers', 'encoder_layer_3', 'self_attention']);
  assert.deepEqual(modulePathOf('/Flatten').segments, [], 'an op of the top-level forward');
  assert.deepEqual(modulePathOf('MobilenetV1/MobilenetV1/Conv2d_1_depthwise/Relu6'), { segments: ['MobilenetV1', 'MobilenetV1', 'Conv2d_1_depthwise'], style: 'tf' });
  assert.deepEqual(modulePathOf('sequential/dense/MatMul;sequential/dense/Relu;sequential/dense/BiasAdd').segments, ['sequential', 'dense']);
  assert.deepEqual(modulePathOf('Identity_0', ['conv_proj.bias']), { segments: ['conv_proj'], style: 'torch' });
  assert.deepEqual(modulePathOf('StatefulPartitionedCall:0', ['sequential/dense_2/MatMul']).segments, ['sequential', 'dense_2']);
  assert.deepEqual(modulePathOf('#5', ['onnx::Conv_665']).segments, [], 'an anonymous weight says nothing');
  // The short cuts for names of one level (no second '/', no '.') give what splitting them gives.
  assert.equal(torchQualifiedName('/MatMul_12'), '');
  assert.equal(torchQualifiedName('/'), '');
  assert.equal(torchQualifiedName('//Conv'), '');
  assert.equal(torchQualifiedName('/block/Conv'), 'block');
  assert.deepEqual(modulePathOf('/Gather_101', ['const_98', 'shape_97']), { segments: [], style: 'torch' });
  assert.deepEqual(modulePathOf('/Gather_101', ['const_98', 'embed.weight']), { segments: ['embed'], style: 'torch' });
});

test('hostile names: 10,000 scopes give at most MAX_MODULE_DEPTH levels, the rest joined into the last (it overflowed the stack)', () => {
  const torch = `/${'a/'.repeat(10_000)}Conv`;
  const tf = `${'s/'.repeat(10_000)}Relu`;
  const weight = `${'m.'.repeat(10_000)}weight`;
  for (const [name, weights] of [[torch, []], [tf, []], ['Identity_0', [weight]]] as const) {
    const p = modulePathOf(name, weights);
    assert.equal(p.segments.length, MAX_MODULE_DEPTH, name.slice(0, 20));
    assert.ok(p.segments.slice(0, -1).every((s) => s.length === 1), 'the first levels are kept as they are');
  }
  assert.deepEqual(modulePathOf('/features/features.12/block/block.0/block.0.0/Conv').segments, ['features', '12', 'block', '0', '0'], 'real paths are unchanged');
  // A model built with such names analyzes, and its module tree is built.
  const b = new OnnxGraphBuilder('g').input('x', 'float32', [1, 8])
    .node('Relu', ['x'], ['y'], {}, { name: torch }).node('Sigmoid', ['y'], ['z'], {}, { name: tf }).output('z', 'float32', [1, 8]);
  const model = readModel(new MemoryByteSource('hostile.onnx', writeOnnxModel({ graph: b, opsets: { '': 17 } })));
  const report = reportFor(prepareModel(model), [getBuiltinTarget('tflm-cortex-m7')!]).report;
  const tree = reportModuleTree(report);
  assert.ok(Math.max(...tree.modules.map((m) => m.depth)) <= MAX_MODULE_DEPTH);
  assert.equal(tree.modules[0]!.totals.items, 2, 'every node is in the tree');
});

test('the tree: every layer in one module, totals add up, worst verdict climbs, labels as the author wrote them', () => {
  const item = (index: number, name: string, extra: Partial<ModuleItem> = {}): ModuleItem => ({ index, name, macs: 10, paramBytes: 4, workingSetBytes: 100 + index, latencyUs: 1, level: 'ok', ...extra });
  const tree = buildModuleTree([
    item(0, '/stem/Conv'),
    item(1, '/blocks/blocks.0/conv/Conv'),
    item(2, '/blocks/blocks.0/act/Erf', { level: 'error', macs: null }),
    item(3, '/blocks/blocks.1/conv/Conv', { device: 'cpu', level: 'warn', partition: 1 }),
    item(4, '/head/fc/Gemm', { partition: 0 }),
    item(5, '/Flatten', { latencyUs: null }),
    item(6, '/blocks/blocks.0/act/Relu', { latencyUs: null, noKernel: true, workingSetBytes: null }),
  ]);
  const seen = new Map<number, number>();
  for (const m of tree.modules) for (const i of m.items) seen.set(i, (seen.get(i) ?? 0) + 1);
  assert.deepEqual([...seen.keys()].sort(), [0, 1, 2, 3, 4, 5, 6]);
  assert.ok([...seen.values()].every((n) => n === 1));
  const root = tree.modules[0]!;
  assert.equal(root.totals.items, 7);
  assert.equal(root.totals.macs, 60);
  assert.equal(root.totals.macsUnknown, 1);
  assert.equal(root.totals.latencyUs, 5);
  // The Flatten's kernel has an unknown latency (a lower-bound sum); the fused Relu runs no kernel of its own.
  assert.equal(root.totals.latencyUnknown, 1);
  assert.equal(byPath(tree, 'blocks.0')!.totals.latencyUnknown, 0);
  assert.equal(root.totals.workingSetBytes, 105, 'working set: the largest layer, not a sum');
  assert.equal(root.totals.verdict, 'fail');
  const blocks = byPath(tree, 'blocks')!;
  // blocks.1 holds only `conv`: one row, 'blocks.1.conv'
  assert.deepEqual(blocks.children.map((c) => tree.modules[c]!.label), ['blocks.0', 'blocks.1.conv']);
  assert.equal(byPath(tree, 'blocks.0')!.totals.verdict, 'fail');
  assert.equal(byPath(tree, 'blocks.1.conv')!.totals.verdict, 'warn');
  assert.equal(byPath(tree, 'blocks.1.conv')!.totals.cpu, 1);
  assert.equal(root.totals.partitions, 2);
  // a module holding nothing but one child is one row: 'head.fc', not 'head' → 'fc'
  assert.ok(byPath(tree, 'head.fc'));
  assert.equal(byPath(tree, 'head.fc')!.label, 'head.fc');
  assert.equal(byPath(tree, 'head'), undefined);
  // children in execution order
  assert.deepEqual(root.children.map((c) => tree.modules[c]!.label), ['stem', 'blocks', 'head.fc']);
});

test('mobilenet_v2.onnx: features holds 167 nodes and 299.5 M MACs, as the script link maps them (modelLink.ts)', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models is absent');
  const report = reportOf(path.join(dir, 'onnx', 'mobilenet_v2.onnx'), 'tflm-cortex-m7');
  const tree = reportModuleTree(report);
  const features = byPath(tree, 'features')!;
  // The independent mapping of issue 6 (first scope segment → `self.features = ...`).
  const script = analyzeScript('import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.features = nn.Sequential()\n        self.classifier = nn.Sequential()\n', { file: 'train.py', target: getBuiltinTarget('tflm-cortex-m7')! });
  const linked = summarizeModules(report, script).find((m) => m.attribute === 'features')!;
  assert.equal(features.totals.items, linked.nodes);
  assert.equal(features.totals.macs, linked.macs);
  assert.equal(features.totals.workingSetBytes, linked.peakWorkingSetBytes);
  // features.0 … features.18, in order (features.1.conv: a block holding one child is one row)
  assert.equal(features.children.length, 19);
  features.children.forEach((c, i) => assert.match(tree.modules[c]!.path, new RegExp(`^features\\.${i}(\\.|$)`)));
  // root totals are the report's
  const root = tree.modules[0]!;
  assert.equal(root.totals.items, report.nodes.length);
  assert.equal(root.totals.macs, report.summary.macs);
  const latency = report.nodes.filter((n) => !n.fate || n.fate.kind === 'kernel').reduce((s, n) => s + (n.latencyUs ?? 0), 0);
  assert.ok(Math.abs(root.totals.latencyUs! - latency) < 1e-6);
});

test('person_detect.tflite: the TensorFlow scopes give MobilenetV1 → 27 conv layers + Logits', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models is absent');
  const report = reportOf(path.join(dir, 'tflite', 'person_detect.tflite'), 'ethos-u55-128');
  const tree = reportModuleTree(report);
  assert.equal(tree.style, 'tf');
  const body = byPath(tree, 'MobilenetV1/MobilenetV1')!;
  assert.equal(body.children.length, 27, 'Conv2d_0 and 13 depthwise + pointwise pairs');
  assert.equal(tree.modules[body.children[1]!]!.label, 'Conv2d_1_depthwise');
  assert.ok(byPath(tree, 'MobilenetV1/Logits'));
  assert.equal(tree.modules[0]!.totals.items, report.nodes.length);
});

test('the deployed ops roll up by the module of the node they anchor on', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models is absent');
  const report = reportOf(path.join(dir, 'onnx', 'mobilenet_v2.onnx'), 'coral-edgetpu');
  const tree = reportModuleTree(report, 'deployed');
  assert.equal(tree.modules[0]!.totals.items, report.deployed!.nodes.length);
  assert.equal(tree.modules[0]!.totals.accelerator, report.summary.delegatedNodes);
  assert.equal(tree.modules[0]!.totals.cpu, report.summary.fallbackNodes);
  assert.ok(byPath(tree, 'features'));
});

test('vit_b_16: encoder.layers has the 12 encoder layers, each with ln_1, self_attention, ln_2, mlp', (t) => {
  const file = benchModel('vit_b_16.onnx');
  if (!file) return t.skip('vit_b_16.onnx is not in DEPLOYLENS_BENCH_MODELS or out/bench-models');
  const tree = reportModuleTree(reportOf(file, 'tflm-cortex-m7'));
  const layers = byPath(tree, 'encoder.layers')!;
  assert.deepEqual(layers.children.map((c) => tree.modules[c]!.label), Array.from({ length: 12 }, (_, i) => `encoder_layer_${i}`));
  const l3 = byPath(tree, 'encoder.layers.encoder_layer_3')!;
  assert.deepEqual(l3.children.map((c) => tree.modules[c]!.label), ['ln_1', 'self_attention', 'ln_2', 'mlp']);
  assert.equal(l3.totals.verdict, 'fail', 'Erf (GELU) and Pow (LayerNorm) cannot run on TFLite Micro');
  assert.ok(tree.modules.length < 150, `${tree.modules.length} modules for 1,024 nodes`);
});

test('findings added after the worker built the trees: applyFindings gives the tree the report would give (original and deployed)', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models is absent');
  for (const [file, target] of [['mobilenet_v3_small.onnx', 'coral-edgetpu'], ['tiny_transformer_gelu.onnx', 'ethos-u55-128'], ['mobilenet_v2.onnx', 'tflm-cortex-m7']] as const) {
    const report = reportOf(path.join(dir, 'onnx', file), target);
    const before = reportModuleTrees(report);
    // What the weight phase, Vela or TFLM do later: findings added on some nodes, one removed.
    const added = report.nodes.filter((_, i) => i % 7 === 3).map((n, i) => ({
      severity: (['error', 'warning', 'info'] as const)[i % 3]!, code: 'hint/weight-sparsity' as const, message: 'added later', node: n.index, nodeName: n.name,
    }));
    const revised = { ...report, diagnostics: [...report.diagnostics.slice(1), ...added] };
    const expected = reportModuleTrees(revised);
    assert.deepEqual(applyFindings(before.modules, revised.diagnostics), expected.modules, `${file}: original graph`);
    assert.equal(before.deployed === undefined, expected.deployed === undefined);
    if (before.deployed) assert.deepEqual(applyFindings(before.deployed, revised.diagnostics), expected.deployed, `${file}: deployed ops`);
    // Findings changed some verdict somewhere, or the test proves nothing.
    assert.notDeepEqual(before.modules.modules.map((m) => m.totals.findings), expected.modules.modules.map((m) => m.totals.findings));
  }
});
