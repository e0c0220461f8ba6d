// ONNX Runtime 1.30 (the project's dependency, in its child process) as the oracle for
// `ort-cpu-desktop`: a model the CPU EP cannot load must not pass DeployLens's analysis, and a model
// it loads must not fail for lack of a kernel. Runs the shared ONNX models and small generated ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { formatText } from '../src/core/report/renderText';
import { getBuiltinTarget, listBuiltinTargets } from '../src/core/targets/builtins';
import { OrtClient } from '../src/processes/ort/client';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ort-oracle-'));
// The one call site of the ORT child process in this test: loading a model = creating a session.
const ort = new OrtClient({ hostScript: path.join(repoRoot(), 'dist', 'ortHost.js'), timeoutMs: 120_000 });
after(() => { ort.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

async function ortLoads(file: string): Promise<{ ok: boolean; why: string }> {
  try {
    await ort.run({ type: 'inspect', model: file });
    return { ok: true, why: '' };
  } catch (e) {
    return { ok: false, why: String((e as Error).message).split('\n')[0]!.slice(0, 400) };
  }
}

function generated(name: string, op: string, domain: string, opset: Record<string, number>): string {
  const b = new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node(op, ['x'], ['y'], {}, { name: `${op}0`, ...(domain ? { domain } : {}) }).output('y', 'float32', [1, 8]);
  const file = path.join(tmp, `${name}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: opset, producer: { name: 'test', version: '1' } }));
  return file;
}

test('ONNX Runtime CPU loads exactly the models DeployLens passes on ort-cpu-desktop', { timeout: 600_000 }, async () => {
  const files = [
    generated('relu', 'Relu', '', { '': 17 }),
    generated('gelu-ms', 'Gelu', 'com.microsoft', { '': 17, 'com.microsoft': 1 }),
    generated('no-such-op', 'NoSuchOp', '', { '': 17 }),
    generated('custom-domain', 'MyOp', 'my.domain', { '': 17, 'my.domain': 1 }),
  ];
  const shared = sharedModelsDir();
  if (shared) files.push(...fs.readdirSync(path.join(shared, 'onnx')).filter((f) => f.endsWith('.onnx')).sort().map((f) => path.join(shared, 'onnx', f)));
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const rows: string[] = ['', 'ONNX Runtime 1.30 CPU vs DeployLens ort-cpu-desktop', '| model | ORT loads | DeployLens verdict |', '|---|---|---|'];
  const disagree: string[] = [];
  for (const file of files) {
    const loads = await ortLoads(file);
    const report = analyzeFile(file, { targets: [target] }).report;
    const verdict = report.summary.verdict;
    rows.push(`| ${path.basename(file)} | ${loads.ok ? 'yes' : `no (${loads.why})`} | ${verdict} |`);
    if (loads.ok !== (verdict !== 'fail')) disagree.push(`${path.basename(file)}: ORT ${loads.ok ? 'loads it' : `cannot load it (${loads.why})`}, DeployLens says ${verdict}`);
  }
  console.log(rows.join('\n'));
  assert.deepEqual(disagree, []);
});

/** A model ONNX Runtime refuses, the error finding DeployLens gives it, and ORT's reason (its session-creation message). */
interface InvalidCase {
  name: string;
  graph: () => OnnxGraphBuilder;
  code: string;
  ort: RegExp;
}

const INVALID: InvalidCase[] = [
  { name: 'cycle', code: 'read/cycle', ort: /not acyclic/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node('Add', ['x', 'b'], ['a']).node('Relu', ['a'], ['b']).output('b', 'float32', [1, 8]) },
  { name: 'self-loop', code: 'read/cycle', ort: /not acyclic/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node('Add', ['x', 'a'], ['a']).output('a', 'float32', [1, 8]) },
  { name: 'duplicate-producer', code: 'read/duplicate-producer', ort: /Duplicate definition/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node('Relu', ['x'], ['y']).node('Sigmoid', ['x'], ['y']).output('y', 'float32', [1, 8]) },
  { name: 'add-incompatible', code: 'shapes/invalid-shape', ort: /Op \(Add\) \[ShapeInferenceError\] Incompatible dimensions/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float32', [4, 5]).node('Add', ['x', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'matmul-inner', code: 'shapes/invalid-shape', ort: /Op \(MatMul\) \[ShapeInferenceError\] Incompatible dimensions/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float32', [4, 5]).node('MatMul', ['x', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'concat-ranks', code: 'shapes/invalid-shape', ort: /same rank/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float32', [2, 3, 1]).node('Concat', ['x', 'z'], ['y'], { axis: 0 }).output('y', 'float32', null) },
  { name: 'reshape-count', code: 'shapes/invalid-shape', ort: /incompatible shapes/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'int64', [2], [4, -1]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'reshape-two-minus-one', code: 'shapes/invalid-shape', ort: /multiple -1/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'int64', [2], [-1, -1]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'conv-rank2', code: 'shapes/invalid-shape', ort: /at least 3 dimensions/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float32', [3, 3, 1], new Array<number>(9).fill(0)).node('Conv', ['x', 'w'], ['y']).output('y', 'float32', null) },
  // An input or attribute that contradicts the operator (ONNX's shape inference, run by ONNX Runtime at session creation).
  { name: 'transpose-perm-length', code: 'shapes/invalid-shape', ort: /Op \(Transpose\).*Invalid attribute perm/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Transpose', ['x'], ['y'], { perm: [0, 1, 2] }).output('y', 'float32', null) },
  { name: 'transpose-perm-range', code: 'shapes/invalid-shape', ort: /Op \(Transpose\).*Invalid attribute perm/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Transpose', ['x'], ['y'], { perm: [0, 5] }).output('y', 'float32', null) },
  { name: 'squeeze-non-1', code: 'shapes/invalid-shape', ort: /Op \(Squeeze\).*must be 1/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('a', 'int64', [1], [0]).node('Squeeze', ['x', 'a'], ['y']).output('y', 'float32', null) },
  { name: 'unsqueeze-axis-range', code: 'shapes/invalid-shape', ort: /Op \(Unsqueeze\).*Unexpected axis value/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('a', 'int64', [1], [5]).node('Unsqueeze', ['x', 'a'], ['y']).output('y', 'float32', null) },
  { name: 'gemm-rank3', code: 'shapes/invalid-shape', ort: /Op \(Gemm\).*expected to have rank 2/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3, 4]).input('w', 'float32', [4, 5]).node('Gemm', ['x', 'w'], ['y']).output('y', 'float32', null) },
  { name: 'matmul-scalar', code: 'shapes/invalid-shape', ort: /Op \(MatMul\).*wrong rank/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', []).input('z', 'float32', [3]).node('MatMul', ['x', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'einsum-term-rank', code: 'shapes/invalid-shape', ort: /Op \(Einsum\).*does not match the equation/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Einsum', ['x'], ['y'], { equation: 'ijk->i' }).output('y', 'float32', null) },
  { name: 'conv-kernel-shape-size', code: 'shapes/invalid-shape', ort: /Op \(Conv\).*kernel_shape has incorrect size/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 4, 4]).initializer('w', 'float32', [1, 1, 3, 3], new Array<number>(9).fill(0)).node('Conv', ['x', 'w'], ['y'], { kernel_shape: [3] }).output('y', 'float32', null) },
  { name: 'concat-axis-range', code: 'shapes/invalid-shape', ort: /Op \(Concat\).*axis must be in/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float32', [2, 3]).node('Concat', ['x', 'z'], ['y'], { axis: 5 }).output('y', 'float32', null) },
  { name: 'split-axis-range', code: 'shapes/invalid-shape', ort: /Op \(Split\).*Invalid value of attribute 'axis'/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 4]).node('Split', ['x'], ['y1', 'y2'], { axis: 5 }).output('y1', 'float32', null).output('y2', 'float32', null) },
  { name: 'gather-axis-range', code: 'shapes/invalid-shape', ort: /Op \(Gather\).*axis must be in/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('i', 'int64', [1], [0]).node('Gather', ['x', 'i'], ['y'], { axis: 4 }).output('y', 'float32', null) },
  { name: 'reduce-axis-range', code: 'shapes/invalid-shape', ort: /Op \(ReduceSum\).*axis must be in/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('a', 'int64', [1], [4]).node('ReduceSum', ['x', 'a'], ['y']).output('y', 'float32', null) },
  { name: 'flatten-axis-range', code: 'shapes/invalid-shape', ort: /Op \(Flatten\).*Invalid value\(5\) for attribute 'axis'/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Flatten', ['x'], ['y'], { axis: 5 }).output('y', 'float32', null) },
  { name: 'pad-pads-count', code: 'shapes/invalid-shape', ort: /Op \(Pad\).*incorrect number of values/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('p', 'int64', [2], [1, 1]).node('Pad', ['x', 'p'], ['y']).output('y', 'float32', null) },
  { name: 'tile-repeats-count', code: 'shapes/invalid-shape', ort: /Op \(Tile\).*incorrect number of values/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('r', 'int64', [3], [1, 1, 1]).node('Tile', ['x', 'r'], ['y']).output('y', 'float32', null) },
  { name: 'slice-step-0', code: 'shapes/invalid-shape', ort: /Op \(Slice\).*'step' cannot be 0/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [4]).initializer('s', 'int64', [1], [0]).initializer('e', 'int64', [1], [4]).initializer('a', 'int64', [1], [0]).initializer('st', 'int64', [1], [0]).node('Slice', ['x', 's', 'e', 'a', 'st'], ['y']).output('y', 'float32', null) },
  { name: 'lstm-x-rank2', code: 'shapes/invalid-shape', ort: /Op \(LSTM\).*must have rank 3/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float32', [1, 8, 3], new Array<number>(24).fill(0)).initializer('r', 'float32', [1, 8, 2], new Array<number>(16).fill(0)).node('LSTM', ['x', 'w', 'r'], ['y'], { hidden_size: 2 }).output('y', 'float32', null) },
  { name: 'depthtospace-rank2', code: 'shapes/invalid-shape', ort: /Op \(DepthToSpace\).*must be 4-dimensional/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('DepthToSpace', ['x'], ['y'], { blocksize: 2 }).output('y', 'float32', null) },
];

test('a model ONNX Runtime refuses as invalid fails on every target, with the error that says why', { timeout: 600_000 }, async () => {
  const targets = listBuiltinTargets();
  for (const c of INVALID) {
    const file = path.join(tmp, `invalid-${c.name}.onnx`);
    fs.writeFileSync(file, writeOnnxModel({ graph: c.graph(), opsets: { '': 17 }, producer: { name: 'test', version: '1' } }));
    const loads = await ortLoads(file);
    assert.equal(loads.ok, false, `${c.name}: ONNX Runtime loads it`);
    assert.match(loads.why, c.ort, `${c.name}: ONNX Runtime's reason`);
    const { report } = analyzeFile(file, { targets });
    assert.ok(report.diagnostics.some((d) => d.code === c.code && d.severity === 'error' && d.target === undefined), `${c.name}: the model's own ${c.code} error`);
    assert.deepEqual(report.comparison!.filter((t) => t.verdict !== 'fail').map((t) => t.target), [], `${c.name}: every target fails`);
    // The text report says why the verdict fails: none of the target's own findings does.
    assert.match(formatText(report), /verdict +FAIL — the model itself is invalid \(1 error in its findings\): it runs on no target/, c.name);
  }
});
