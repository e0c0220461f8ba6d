// The model diff (src/core/diff, `deploylens diff`): two models on the same targets. Every figure it
// shows is checked against the models' own reports (the diff adds no numbers of its own), the module
// grouping against the node names, and the CLI contract (formats, exit codes, errors naming the file).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import Ajv from 'ajv';
import { prepareModel, reportFor } from '../src/core/analyze';
import { diffModels, TOP_LEVEL, verdictChange, type ModelDiff } from '../src/core/diff/modelDiff';
import { modulePathsOf, MAX_MODULE_DEPTH } from '../src/core/diff/modulePath';
import { formatDiffMarkdown, formatDiffText, moduleCellParts } from '../src/core/diff/renderDiff';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import type { TargetProfile } from '../src/core/targets/profile';
import { diffMain } from '../src/cli/diffCommand';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-diff-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const TFLM = getBuiltinTarget('tflm-cortex-m7')!;
const NNAPI = getBuiltinTarget('ort-nnapi')!;

/**
 * A torch-style export: /block/fc (MatMul), /block/act (GELU spelled with Erf, or Relu), /head/fc
 * (MatMul), and with `extra` one more module /extra/fc. Node names are module paths + op.
 */
function model(act: 'gelu' | 'relu', extra = false): Uint8Array {
  const n = 16;
  const w = (seed: number) => new Float32Array(n * n).map((_, i) => ((i * seed) % 17) / 17 - 0.5);
  const b = new OnnxGraphBuilder('net');
  b.input('x', 'float32', [1, n]);
  b.initializer('W1', 'float32', [n, n], w(37));
  b.initializer('W2', 'float32', [n, n], w(11));
  b.node('MatMul', ['x', 'W1'], ['h'], {}, { name: '/block/fc/MatMul' });
  if (act === 'gelu') {
    b.initializer('sqrt2', 'float32', [], new Float32Array([Math.SQRT2]));
    b.initializer('one', 'float32', [], new Float32Array([1]));
    b.initializer('half', 'float32', [], new Float32Array([0.5]));
    b.node('Div', ['h', 'sqrt2'], ['s'], {}, { name: '/block/act/Div' });
    b.node('Erf', ['s'], ['e'], {}, { name: '/block/act/Erf' });
    b.node('Add', ['e', 'one'], ['p'], {}, { name: '/block/act/Add' });
    b.node('Mul', ['h', 'p'], ['g'], {}, { name: '/block/act/Mul' });
    b.node('Mul', ['g', 'half'], ['a'], {}, { name: '/block/act/Mul_1' });
  } else {
    b.node('Relu', ['h'], ['a'], {}, { name: '/block/act/Relu' });
  }
  let last = 'a';
  if (extra) {
    b.initializer('W3', 'float32', [n, n], w(5));
    b.node('MatMul', ['a', 'W3'], ['x3'], {}, { name: '/extra/fc/MatMul' });
    last = 'x3';
  }
  b.node('MatMul', [last, 'W2'], ['y'], {}, { name: '/head/fc/MatMul' });
  b.output('y', 'float32', [1, n]);
  return writeOnnxModel({ graph: b, opsets: { '': 13 } });
}

function file(name: string, bytes: Uint8Array): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, bytes);
  return f;
}

function side(f: string, targets: TargetProfile[]) {
  const prepared = prepareModel(readModelFile(f).model);
  return { path: f, reports: targets.map((t) => reportFor(prepared, [t]).report) };
}

test('module paths come from node names: every prefix before the op, outermost first', () => {
  assert.deepEqual(modulePathsOf('/features/features.3/block/Conv'), ['/features', '/features/features.3', '/features/features.3/block']);
  assert.deepEqual(modulePathsOf('model/conv2d/Relu;model/conv2d/BiasAdd'), ['model', 'model/conv2d']);
  assert.deepEqual(modulePathsOf('Conv_0'), []);
  assert.deepEqual(modulePathsOf('/Flatten'), []);
  assert.deepEqual(modulePathsOf('a//b/Relu'), ['a', 'a//b']);
  // a hostile name is bounded: at most MAX_MODULE_DEPTH modules, the last being the full path
  const deep = modulePathsOf(`${'/m'.repeat(10_000)}/Relu`);
  assert.equal(deep.length, MAX_MODULE_DEPTH);
});

test('GELU → ReLU: the act module changed its ops, the Erf error is resolved, the verdict improves', () => {
  const a = file('gelu.onnx', model('gelu'));
  const b = file('relu.onnx', model('relu'));
  const sa = side(a, [TFLM, NNAPI]);
  const sb = side(b, [TFLM, NNAPI]);
  const d = diffModels(sa, sb);
  assert.deepEqual(d.targets.map((t) => t.target.id), ['tflm-cortex-m7', 'ort-nnapi']);
  const t = d.targets[0]!;
  // The figures are the reports' own.
  for (const [fig, r] of [[t.a, sa.reports[0]!], [t.b, sb.reports[0]!]] as const) {
    assert.equal(fig.verdict, r.summary.verdict);
    assert.equal(fig.latencyMs, r.summary.latencyMs);
    assert.equal(fig.activationPeakBytes, r.summary.activationPeakBytes);
    assert.equal(fig.arenaBytes, r.summary.arenaBytes);
    assert.equal(fig.weightBytes, r.summary.deployedWeightBytes);
    assert.equal(fig.ops, r.deployed!.nodes.length);
    assert.equal(fig.errors, r.diagnostics.filter((x) => x.severity === 'error').length);
  }
  assert.equal(t.a.verdict, 'fail', 'Erf has no TFLite Micro kernel');
  assert.notEqual(t.b.verdict, 'fail');
  assert.equal(verdictChange(t), 'better');
  // As deployed: GELU's five ops are kernels of their own (Erf has none on the MCU), while TFLite's
  // converter fuses the ReLU into the MatMul's FULLY_CONNECTED — /block/act has no op left.
  const act = t.modules.find((m) => m.path === '/block/act')!;
  assert.equal(act.status, 'removed');
  assert.ok(act.a!.unsupported >= 1);
  assert.equal(act.a!.ops, 5);
  assert.equal(act.parent, '/block');
  assert.equal(act.depth, 2);
  // On ONNX Runtime NNAPI nothing fuses: the act module changed its ops.
  const nnapiAct = d.targets[1]!.modules.find((m) => m.path === '/block/act')!;
  assert.equal(nnapiAct.status, 'changed');
  assert.ok(nnapiAct.changed.includes('opTypes') && nnapiAct.changed.includes('ops'), nnapiAct.changed.join());
  assert.equal(nnapiAct.b!.opTypes, 'Relu');
  // /block/fc and /head are the same MatMuls with the same weights.
  assert.equal(t.modules.find((m) => m.path === '/block/fc')!.status, 'same');
  assert.equal(t.modules.find((m) => m.path === '/head')!.status, 'same');
  assert.ok(t.findings.resolved.some((f) => f.code === 'compat/unsupported-op' && /Erf/.test(f.node ?? '')), JSON.stringify(t.findings.resolved));
  assert.ok(!t.findings.added.some((f) => f.severity === 'error'));
});

test('module figures add up to the deployed graph: per target, top-level modules sum to the totals', () => {
  const a = file('gelu2.onnx', model('gelu'));
  const b = file('extra.onnx', model('relu', true));
  const d = diffModels(side(a, [TFLM, NNAPI]), side(b, [TFLM, NNAPI]));
  for (const t of d.targets) {
    for (const [which, fig] of [['a', t.a], ['b', t.b]] as const) {
      const top = t.modules.filter((m) => m.depth === 1 && m[which]);
      assert.equal(top.reduce((s, m) => s + m[which]!.ops, 0), fig.ops, `${t.target.id} ${which} ops`);
      assert.equal(top.reduce((s, m) => s + m[which]!.macs, 0), fig.macs ?? 0, `${t.target.id} ${which} MACs`);
    }
    const extra = t.modules.find((m) => m.path === '/extra/fc')!;
    assert.equal(extra.status, 'added');
    assert.equal(extra.a, null);
    assert.equal(extra.b!.macs, 16 * 16);
    assert.equal(t.moduleCounts.added, 2, '/extra and /extra/fc');
    // parents come before their children
    const order = t.modules.map((m) => m.path);
    for (const m of t.modules) if (m.parent) assert.ok(order.indexOf(m.parent) < order.indexOf(m.path), `${m.parent} before ${m.path}`);
  }
  // The reverse diff swaps added and removed.
  const r = diffModels(side(b, [TFLM]), side(a, [TFLM]));
  assert.equal(r.targets[0]!.modules.find((m) => m.path === '/extra/fc')!.status, 'removed');
});

test('a model compared with itself shows no change at all', () => {
  const f = bundledExampleModel();
  const d = diffModels(side(f, [TFLM]), side(f, [TFLM]));
  const t = d.targets[0]!;
  assert.equal(t.moduleCounts.changed + t.moduleCounts.added + t.moduleCounts.removed, 0);
  assert.ok(t.moduleCounts.same > 0);
  assert.deepEqual(t.findings.counts, { added: 0, resolved: 0, changed: 0 });
  assert.match(formatDiffText(d), /Findings: the same in both\./);
});

test('figures that are lower bounds (a symbolic batch) show "≥" and no change between them; pinned, the change is back', () => {
  // The same net with a symbolic batch: its peak, arena and latency are sums over known sizes only.
  const symbolic = (act: 'gelu' | 'relu', n: number) => {
    const b = new OnnxGraphBuilder('net');
    b.input('x', 'float32', ['batch', n]);
    b.initializer('W1', 'float32', [n, n], new Float32Array(n * n).fill(0.1));
    b.node('MatMul', ['x', 'W1'], ['h'], {}, { name: '/block/fc/MatMul' });
    b.node(act === 'gelu' ? 'Sigmoid' : 'Relu', ['h'], ['y'], {}, { name: '/block/act/Act' });
    b.output('y', 'float32', ['batch', n]);
    // A fixed-size side branch: some activations of known size, so the bounds are not empty sums.
    b.input('z', 'float32', [1, n]);
    b.node('Relu', ['z'], ['z1'], {}, { name: '/side/act/Relu' });
    b.output('z1', 'float32', [1, n]);
    return writeOnnxModel({ graph: b, opsets: { '': 13 } });
  };
  const fa = file('sym-a.onnx', symbolic('gelu', 16));
  const fb = file('sym-b.onnx', symbolic('relu', 32));
  const d = diffModels(side(fa, [TFLM]), side(fb, [TFLM]));
  const t = d.targets[0]!;
  assert.ok(t.a.unknownSizeTensors > 0 && t.b.unknownSizeTensors > 0, 'the premise: sizes left out on both sides');
  assert.equal(t.a.unknownSizeTensors, side(fa, [TFLM]).reports[0]!.summary.unknownSizeTensors, 'the count is the report\'s');
  const text = formatDiffText(d);
  const line = (label: string) => text.split('\n').find((l) => l.trimStart().startsWith(label)) ?? '';
  assert.match(line('activation peak'), /≥ .*≥ /, line('activation peak'));
  assert.doesNotMatch(line('activation peak'), /%/, 'no change claimed between two bounds');
  // Pinned: exact figures on both sides, and the change is shown again.
  const pinned = (f: string) => {
    const prepared = prepareModel(readModelFile(f).model, { dims: { batch: 64 } });
    return { path: f, reports: [reportFor(prepared, [TFLM]).report] };
  };
  const exact = diffModels(pinned(fa), pinned(fb)).targets[0]!;
  assert.equal(exact.a.unknownSizeTensors, 0);
  const exactText = formatDiffText(diffModels(pinned(fa), pinned(fb)));
  assert.doesNotMatch(exactText, /≥/);
  assert.ok(exact.b.activationPeakBytes! > exact.a.activationPeakBytes!, 'the premise: twice the width, a larger peak');
  const exactLine = exactText.split('\n').find((l) => l.trimStart().startsWith('activation peak')) ?? '';
  assert.match(exactLine, /\+.*%/, exactLine);
});

test('a module whose sums leave out ops of unknown cost shows them as lower bounds, with no change claimed', () => {
  // /block holds a MatMul on a symbolic batch (unknown cost) and one on a fixed row (known cost).
  const mixed = (n: number) => {
    const b = new OnnxGraphBuilder('mixed');
    b.input('x', 'float32', ['batch', 16]);
    b.input('z', 'float32', [1, 16]);
    b.initializer('W', 'float32', [16, n], new Float32Array(16 * n).fill(0.1));
    b.initializer('V', 'float32', [16, n], new Float32Array(16 * n).fill(0.2));
    b.node('MatMul', ['x', 'W'], ['y'], {}, { name: '/block/dyn/MatMul' });
    b.node('MatMul', ['z', 'V'], ['w'], {}, { name: '/block/fix/MatMul' });
    b.output('y', 'float32', ['batch', n]);
    b.output('w', 'float32', [1, n]);
    return writeOnnxModel({ graph: b, opsets: { '': 13 } });
  };
  const d = diffModels(side(file('mixed-a.onnx', mixed(16)), [TFLM]), side(file('mixed-b.onnx', mixed(32)), [TFLM]));
  const block = d.targets[0]!.modules.find((m) => m.depth === 1 && m.path.includes('block'))!;
  assert.ok(block, `a block module among ${d.targets[0]!.modules.map((m) => m.path).join(', ')}`);
  assert.ok(block.b!.macsUnknown > 0 && block.b!.latencyUnknown > 0 && block.b!.latencyUs !== null, 'the premise: known and unknown ops in one module');
  const cells = moduleCellParts(block);
  assert.match(cells.macs.value, /^≥ /);
  assert.match(cells.latency.value, /^≥ /);
  assert.equal(cells.macs.delta, '', 'no change claimed between two bounds');
  assert.equal(cells.latency.delta, '');
});

test('diff JSON validates against schemas/diff.schema.json; text and markdown escape model text', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'diff.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const d = diffModels(side(file('g3.onnx', model('gelu')), [TFLM, NNAPI]), side(file('r3.onnx', model('relu', true)), [TFLM, NNAPI]));
  assert.ok(validate(JSON.parse(JSON.stringify(d))), JSON.stringify(validate.errors?.slice(0, 3)));
  const t0 = d.targets[0]!;
  const evil = { severity: 'error' as const, code: 'compat/x', node: 'n`|<b>', message: 'x\u001b[2J<img src=x> | *y*' };
  const hostile: ModelDiff = { ...d, b: { ...d.b, label: 'x\u001b[2J.onnx' }, targets: [{ ...t0, findings: { ...t0.findings, added: [evil], counts: { ...t0.findings.counts, added: 1 } } }] };
  assert.ok(!formatDiffText(hostile).includes('\u001b'));
  const md = formatDiffMarkdown(hostile);
  assert.doesNotMatch(md, /<img/);
  assert.match(md, /&lt;img src=x&gt; \\\| \\\*y\\\*/);
});

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = diffMain(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

test('deploylens diff: formats, --depth, exit codes and errors that name the file', () => {
  const a = file('cli-a.onnx', model('gelu'));
  const b = file('cli-b.onnx', model('relu', true));
  const json = cli([a, b, '--target', 'tflm-cortex-m7', '--target', 'ort-nnapi', '--format', 'json']);
  assert.equal(json.code, 0, json.err);
  const d = JSON.parse(json.out) as ModelDiff;
  assert.equal(d.kind, 'model-diff');
  assert.equal(d.targets.length, 2);
  assert.equal(d.a.path, a);
  const text = cli([a, b, '--target', 'tflm-cortex-m7']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /verdict\s+fail\s+(pass|warn)\s+better/);
  assert.match(text.out, /changed\s+\/block\b/);
  assert.match(text.out, /removed\s+\/block\/act/, 'depth 2 is the default');
  const deeper = cli([a, b, '--target', 'tflm-cortex-m7', '--depth', '1']);
  assert.doesNotMatch(deeper.out, /removed\s+\/block\/act/);
  assert.match(cli([a, b, '--format', 'markdown']).out, /^## Model diff/);
  // usage and read errors: exit 2, the message names what is wrong
  assert.equal(cli([a]).code, 2);
  const missing = cli([a, path.join(tmp, 'nope.onnx')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.onnx/);
  const notModel = cli([a, path.join(tmp, 'train.py')]);
  assert.equal(notModel.code, 2);
  assert.match(notModel.err, /train\.py: diff compares model files/);
  const target = cli([a, b, '--target', 'no-such-target']);
  assert.equal(target.code, 2);
  assert.match(target.err, /unknown target 'no-such-target'/);
  const broken = file('broken.onnx', new Uint8Array([0x0a, 0xff, 0xff, 0xff]));
  const r = cli([a, broken]);
  assert.equal(r.code, 2);
  assert.match(r.err, /broken\.onnx/);
  assert.equal(cli([a, b, '--depth', '0']).code, 2);
  assert.equal(cli([a, b, '--format', 'sarif']).code, 2);
});

test('shared models: mobilenet_v3_small against itself on Ethos-U and TFLM is unchanged; TOP_LEVEL holds unnamed ops', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const f = path.join(dir, 'onnx', 'mobilenet_v3_small.onnx');
  const ethos = getBuiltinTarget('ethos-u55-128')!;
  const d = diffModels(side(f, [ethos, TFLM]), side(f, [ethos, TFLM]));
  for (const x of d.targets) {
    assert.equal(x.moduleCounts.same, x.modules.length);
    assert.ok(x.modules.some((m) => m.path === '/features/features.3'));
    assert.ok(x.modules.every((m) => m.path === TOP_LEVEL || m.path.startsWith('/')));
  }
});
