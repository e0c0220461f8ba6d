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

/**
 * A model ONNX Runtime refuses, the error finding DeployLens gives it, and ORT's reason: its
 * session-creation message, or (`fails: 'run'`) the message of a run, for a model ORT loads but
 * cannot run on any input (its kernel checks the shapes at run time).
 */
interface InvalidCase {
  name: string;
  graph: () => OnnxGraphBuilder;
  code: string;
  ort: RegExp;
  fails?: 'load' | 'run';
  opset?: number;
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
/** x [1, C, 4, 4] through BatchNormalization with 1-D scale/bias/mean/var of the given sizes. */
function batchNorm(c: number, sizes: [number, number, number, number]): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder('g').input('x', 'float32', [1, c, 4, 4]);
  ['s', 'b', 'm', 'v'].forEach((name, i) => b.initializer(name, 'float32', [sizes[i]!], zeros(sizes[i]!)));
  return b.node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y']).output('y', 'float32', null);
}
/** x [1, C, H, W] through a Conv with weight W and optional bias B. */
function convModel(x: number[], w: number[], attrs: Record<string, number | number[]> = {}, bias?: number, op = 'Conv'): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder('g').input('x', 'float32', x).initializer('w', 'float32', w, zeros(w.reduce((a, d) => a * d, 1)));
  if (bias !== undefined) b.initializer('b', 'float32', [bias], zeros(bias));
  return b.node(op, bias === undefined ? ['x', 'w'] : ['x', 'w', 'b'], ['y'], attrs).output('y', 'float32', null);
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
  // Refused at load since the opset in brackets; each one's older form fails every run instead (below).
  { name: 'softmax-axis', code: 'shapes/invalid-shape', ort: /Op \(Softmax\).*'axis' must be in \[-2 , 1\]/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Softmax', ['x'], ['y'], { axis: 5 }).output('y', 'float32', null) },
  { name: 'logsoftmax-axis', code: 'shapes/invalid-shape', ort: /Op \(LogSoftmax\).*'axis' must be in/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('LogSoftmax', ['x'], ['y'], { axis: -3 }).output('y', 'float32', null) },
  { name: 'hardmax-axis-opset11', opset: 11, code: 'shapes/invalid-shape', ort: /Op \(Hardmax\).*'axis' must be in/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Hardmax', ['x'], ['y'], { axis: 2 }).output('y', 'float32', null) },
  { name: 'gemm-inner', code: 'shapes/invalid-shape', ort: /Op \(Gemm\).*Dimension mismatch in unification between 4 and 3/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float32', [4, 5], zeros(20)).node('Gemm', ['x', 'w'], ['y']).output('y', 'float32', null) },
  { name: 'gemm-inner-transB', code: 'shapes/invalid-shape', ort: /Op \(Gemm\).*Dimension mismatch in unification/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float32', [5, 4], zeros(20)).node('Gemm', ['x', 'w'], ['y'], { transB: 1 }).output('y', 'float32', null) },
  { name: 'batchnorm-scale-size', code: 'shapes/invalid-shape', ort: /Op \(BatchNormalization\).*Dimension mismatch in unification/, graph: () => batchNorm(2, [3, 2, 2, 2]) },
  { name: 'batchnorm-mean-size', code: 'shapes/invalid-shape', ort: /Op \(BatchNormalization\).*Dimension mismatch in unification/, graph: () => batchNorm(2, [2, 2, 3, 2]) },
  { name: 'split-sizes-sum', code: 'shapes/invalid-shape', ort: /Op \(Split\).*Mismatch between the sum of 'split' \(3\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 4]).initializer('s', 'int64', [2], [1, 2]).node('Split', ['x', 's'], ['y1', 'y2'], { axis: 1 }).output('y1', 'float32', null).output('y2', 'float32', null) },
  { name: 'split-attribute-sum-opset11', opset: 11, code: 'shapes/invalid-shape', ort: /Op \(Split\).*Mismatch between the sum of 'split'/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 4]).node('Split', ['x'], ['y1', 'y2'], { axis: 1, split: [1, 2] }).output('y1', 'float32', null).output('y2', 'float32', null) },
  // ORT loads these, then every run fails in the kernel's own shape checks.
  { name: 'softmax-axis-opset10', opset: 10, fails: 'run', code: 'shapes/invalid-shape', ort: /running Softmax node/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Softmax', ['x'], ['y'], { axis: 5 }).output('y', 'float32', null) },
  { name: 'gemm-inner-opset11', opset: 11, fails: 'run', code: 'shapes/invalid-shape', ort: /GEMM: Dimension mismatch/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float32', [4, 5], zeros(20)).node('Gemm', ['x', 'w'], ['y']).output('y', 'float32', null) },
  { name: 'batchnorm-scale-size-opset9', opset: 9, fails: 'run', code: 'shapes/invalid-shape', ort: /Invalid input scale: 0th dimension != 2/, graph: () => batchNorm(2, [3, 3, 3, 3]) },
  { name: 'conv-window-larger-than-input', fails: 'run', code: 'shapes/invalid-shape', ort: /running Conv node.*Invalid input shape: \{2,2\}/, graph: () => convModel([1, 1, 2, 2], [1, 1, 3, 3]) },
  { name: 'conv-dilated-window-larger-than-input', fails: 'run', code: 'shapes/invalid-shape', ort: /running Conv node.*Invalid input shape: \{4,4\}/, graph: () => convModel([1, 1, 4, 4], [1, 1, 3, 3], { dilations: [2, 2] }) },
  { name: 'conv-input-channels', fails: 'run', code: 'shapes/invalid-shape', ort: /Input channels C is not equal to kernel channels \* group/, graph: () => convModel([1, 2, 4, 4], [1, 3, 3, 3]) },
  { name: 'conv-group-divides-outputs', fails: 'run', code: 'shapes/invalid-shape', ort: /Output channels M is not divisible by group/, graph: () => convModel([1, 4, 4, 4], [3, 2, 3, 3], { group: 2 }) },
  { name: 'conv-bias-size', fails: 'run', code: 'shapes/invalid-shape', ort: /bias must be a 1D tensor of size output_channels/, graph: () => convModel([1, 1, 4, 4], [2, 1, 3, 3], {}, 3) },
  { name: 'conv-kernel-shape-vs-weight', fails: 'run', code: 'shapes/invalid-shape', ort: /kernel_shape is not compatible with W shape/, graph: () => convModel([1, 1, 4, 4], [1, 1, 3, 3], { kernel_shape: [2, 2] }) },
  { name: 'convtranspose-input-channels', fails: 'run', code: 'shapes/invalid-shape', ort: /filter number not equal to input channel number/, graph: () => convModel([1, 2, 4, 4], [3, 1, 3, 3], {}, undefined, 'ConvTranspose') },
  { name: 'convtranspose-bias-size', fails: 'run', code: 'shapes/invalid-shape', ort: /Bias shape is not compatible with number of output channels/, graph: () => convModel([1, 2, 4, 4], [2, 3, 3, 3], {}, 2, 'ConvTranspose') },
  { name: 'instancenorm-scale-size', fails: 'run', code: 'shapes/invalid-shape', ort: /size of scale != input channel count/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 2, 4, 4]).initializer('s', 'float32', [3], zeros(3)).initializer('b', 'float32', [2], zeros(2)).node('InstanceNormalization', ['x', 's', 'b'], ['y']).output('y', 'float32', null) },
  { name: 'layernorm-axis', fails: 'run', code: 'shapes/invalid-shape', ort: /running LayerNormalization node/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'float32', [3], zeros(3)).node('LayerNormalization', ['x', 's'], ['y'], { axis: 4 }).output('y', 'float32', null) },
  { name: 'layernorm-scale-shape', fails: 'run', code: 'shapes/invalid-shape', ort: /Scale and \(optional\) bias must match X.shape\[axis:\] or be NumPy-broadcastable/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'float32', [4], zeros(4)).node('LayerNormalization', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'gather-constant-index-out-of-range', fails: 'run', code: 'shapes/invalid-shape', ort: /indices element out of data bounds, idx=-3/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('i', 'int64', [1], [-3]).node('Gather', ['x', 'i'], ['y'], { axis: 0 }).output('y', 'float32', null) },
  { name: 'topk-k-above-axis', code: 'shapes/invalid-shape', ort: /Op \(TopK\).*Axis has less than the requested k elements/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('k', 'int64', [1], [5]).node('TopK', ['x', 'k'], ['v', 'i']).output('v', 'float32', null).output('i', 'int64', null) },
  { name: 'reshape-zero-past-rank', code: 'shapes/invalid-shape', ort: /Op \(Reshape\).*Invalid position of 0/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'int64', [3], [0, 0, 0]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'constantofshape-negative', code: 'shapes/invalid-shape', ort: /Op \(ConstantOfShape\)/, graph: () => new OnnxGraphBuilder('g').initializer('s', 'int64', [2], [2, -1]).node('ConstantOfShape', ['s'], ['y']).output('y', 'float32', null) },
  { name: 'resize-scales-and-sizes', code: 'shapes/invalid-shape', ort: /Op \(Resize\).*Either `sizes` or `scales` must be provided, but not both/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 2, 2]).initializer('s', 'float32', [4], [1, 1, 2, 2]).initializer('z', 'int64', [4], [1, 1, 4, 4]).node('Resize', ['x', '', 's', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'transpose-perm-repeats', code: 'shapes/invalid-shape', ort: /Op \(Transpose\).*has repeated value: 0/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Transpose', ['x'], ['y'], { perm: [0, 0] }).output('y', 'float32', null) },
  { name: 'gathernd-indices-too-long', code: 'shapes/invalid-shape', ort: /Op \(GatherND\).*Last dimension of `indices` input tensor in GatherND op must n/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('i', 'int64', [1, 3], [0, 0, 0]).node('GatherND', ['x', 'i'], ['y']).output('y', 'float32', null) },
  { name: 'concat-other-dims-differ', code: 'shapes/invalid-shape', ort: /Op \(Concat\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float32', [2, 4]).node('Concat', ['x', 'z'], ['y'], { axis: 0 }).output('y', 'float32', null) },
  { name: 'maxpool-strides-size', code: 'shapes/invalid-shape', ort: /Op \(MaxPool\).*Attribute strides has incorrect size/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 4, 4]).node('MaxPool', ['x'], ['y'], { kernel_shape: [2, 2], strides: [1] }).output('y', 'float32', null) },
  { name: 'conv-pads-size', code: 'shapes/invalid-shape', ort: /Op \(Conv\).*Attribute pads has incorrect size/, graph: () => convModel([1, 1, 4, 4], [1, 1, 3, 3], { pads: [1, 1] }) },
  { name: 'depthtospace-channels', fails: 'run', code: 'shapes/invalid-shape', ort: /DepthToSpace requires input depth to be a multiple of/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 3, 2, 2]).node('DepthToSpace', ['x'], ['y'], { blocksize: 2 }).output('y', 'float32', null) },
  { name: 'spacetodepth-height', fails: 'run', code: 'shapes/invalid-shape', ort: /SpaceToDepth requires input height to be a multiple of block_size/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 3, 3]).node('SpaceToDepth', ['x'], ['y'], { blocksize: 2 }).output('y', 'float32', null) },
  { name: 'lstm-recurrence-weight', fails: 'run', code: 'shapes/invalid-shape', ort: /Input R must have shape \{1,8,2\}/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 1, 3]).initializer('w', 'float32', [1, 8, 3], zeros(24)).initializer('r', 'float32', [1, 8, 3], zeros(24)).node('LSTM', ['x', 'w', 'r'], ['y'], { hidden_size: 2 }).output('y', 'float32', null) },
  { name: 'onehot-depth-zero', fails: 'run', code: 'shapes/invalid-shape', ort: /running OneHot node.*Depth is negative/, graph: () => new OnnxGraphBuilder('g').input('x', 'int64', [2]).initializer('d', 'int64', [1], [0]).initializer('v', 'float32', [2], [0, 1]).node('OneHot', ['x', 'd', 'v'], ['y']).output('y', 'float32', null) },
  { name: 'cumsum-axis', fails: 'run', code: 'shapes/invalid-shape', ort: /running CumSum node/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('a', 'int64', [], [5]).node('CumSum', ['x', 'a'], ['y']).output('y', 'float32', null) },
  { name: 'instancenorm-rank2', fails: 'run', code: 'shapes/invalid-shape', ort: /number of dimensions is less than 3/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'float32', [3], zeros(3)).initializer('b', 'float32', [3], zeros(3)).node('InstanceNormalization', ['x', 's', 'b'], ['y']).output('y', 'float32', null) },
  { name: 'quantize-per-axis-scale-count', fails: 'run', code: 'shapes/invalid-shape', ort: /running QuantizeLinear node.*quantize_linear\.cc/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 3, 2, 2]).initializer('s', 'float32', [4], [1, 1, 1, 1]).initializer('z', 'int8', [4], [0, 0, 0, 0]).node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 1 }).output('y', 'int8', null) },
  { name: 'quantize-per-axis-axis', fails: 'run', code: 'shapes/invalid-shape', ort: /running QuantizeLinear node.*HandleNegativeAxis/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 3, 2, 2]).initializer('s', 'float32', [3], [1, 1, 1]).initializer('z', 'int8', [3], [0, 0, 0]).node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 5 }).output('y', 'int8', null) },
  { name: 'quantize-zero-point-count', fails: 'run', code: 'shapes/invalid-shape', ort: /running QuantizeLinear node.*quantize_linear\.cc/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 3, 2, 2]).initializer('s', 'float32', [3], [1, 1, 1]).initializer('z', 'int8', [2], [0, 0]).node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 1 }).output('y', 'int8', null) },
  { name: 'dequantize-per-axis-scale-count', fails: 'run', code: 'shapes/invalid-shape', ort: /running DequantizeLinear node.*quantize_linear\.cc/, graph: () => new OnnxGraphBuilder('g').input('x', 'int8', [1, 3, 2, 2]).initializer('s', 'float32', [2], [1, 1]).node('DequantizeLinear', ['x', 's'], ['y'], { axis: 1 }).output('y', 'float32', null) },
  { name: 'dequantize-scale-2d', fails: 'run', code: 'shapes/invalid-shape', ort: /running DequantizeLinear node.*quantize_linear\.cc/, graph: () => new OnnxGraphBuilder('g').input('x', 'int8', [1, 3, 2, 2]).initializer('s', 'float32', [3, 1], [1, 1, 1]).node('DequantizeLinear', ['x', 's'], ['y'], { axis: 1 }).output('y', 'float32', null) },
  // Element types against the operator's ONNX schema (shapes/invalid-type).
  { name: 'add-float16-float32', code: 'shapes/invalid-type', ort: /Type parameter \(T\) of Optype \(Add\) bound to different types \(tensor\(float\) and tensor\(float16\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).input('h', 'float16', [1, 8]).node('Add', ['x', 'h'], ['y']).output('y', 'float32', null) },
  { name: 'matmul-float32-float16', code: 'shapes/invalid-type', ort: /Type parameter \(T\) of Optype \(MatMul\) bound to different types/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float16', [3, 4], zeros(12)).node('MatMul', ['x', 'w'], ['y']).output('y', 'float32', null) },
  { name: 'concat-float32-int64', code: 'shapes/invalid-type', ort: /Type parameter \(T\) of Optype \(Concat\) bound to different types/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'int64', [2, 3]).node('Concat', ['x', 'z'], ['y'], { axis: 0 }).output('y', 'float32', null) },
  { name: 'sigmoid-of-int64', code: 'shapes/invalid-type', ort: /Type 'tensor\(int64\)' of input parameter \(x\) of operator \(Sigmoid\) in node \(\) is invalid/, graph: () => new OnnxGraphBuilder('g').input('x', 'int64', [1, 8]).node('Sigmoid', ['x'], ['y']).output('y', 'int64', null) },
  { name: 'reshape-float-shape', code: 'shapes/invalid-type', ort: /Type 'tensor\(float\)' of input parameter \(s\) of operator \(Reshape\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'float32', [2], [3, 2]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'relu-int8-opset13', opset: 13, code: 'shapes/invalid-type', ort: /Type 'tensor\(int8\)' of input parameter \(x\) of operator \(Relu\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'int8', [2, 3]).node('Relu', ['x'], ['y']).output('y', 'int8', null) },
  { name: 'add-float32-float16-opset21', opset: 21, code: 'shapes/invalid-type', ort: /Type parameter \(T\) of Optype \(Add\) bound to different types/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float16', [2, 3]).node('Add', ['x', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'sigmoid-of-int64-opset21', opset: 21, code: 'shapes/invalid-type', ort: /Type 'tensor\(int64\)' of input parameter \(x\) of operator \(Sigmoid\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'int64', [2, 3]).node('Sigmoid', ['x'], ['y']).output('y', 'int64', null) },
  // ONNX 1.12 allowed integer types for Erf-13; later releases took them back, as ORT 1.30 does.
  { name: 'erf-of-int32-opset13', opset: 13, code: 'shapes/invalid-type', ort: /Type 'tensor\(int32\)' of input parameter \(x\) of operator \(Erf\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'int32', [2, 3]).node('Erf', ['x'], ['y']).output('y', 'int32', null) },
  { name: 'cast-output-declared-float', code: 'shapes/invalid-type', ort: /Type \(tensor\(float\)\) of output arg \(y\) of node \(\) does not match expected type \(tensor\(int64\)\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node('Cast', ['x'], ['y'], { to: 7 }).output('y', 'float32', [1, 8]) },
  { name: 'value-info-declared-int64', code: 'shapes/invalid-type', ort: /Type \(tensor\(int64\)\) of output arg \(h\) of node \(\) does not match expected type \(tensor\(float\)\)/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node('Relu', ['x'], ['h']).valueInfo('h', 'int64', [1, 8]).node('Sigmoid', ['h'], ['y']).output('y', 'float32', [1, 8]) },
  // Names nothing defines (read/undefined-tensor): what graph surgery leaves behind.
  { name: 'input-nothing-defines', code: 'read/undefined-tensor', ort: /Node input 'nowhere' is not a graph input, initializer, or output of a previous node/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Add', ['x', 'nowhere'], ['y']).output('y', 'float32', null) },
  { name: 'output-nothing-defines', code: 'read/undefined-tensor', ort: /Graph output \(renamed\) does not exist in the graph/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', ['x'], ['y']).output('renamed', 'float32', null) },
  { name: 'if-branch-reads-nothing', code: 'read/undefined-tensor', ort: /input 'nowhere' of node/, graph: () => {
    const branch = (reads: string) => new OnnxGraphBuilder('b').node('Relu', [reads], ['r']).output('r', 'float32', null);
    return new OnnxGraphBuilder('g').input('c', 'bool', []).input('x', 'float32', [2, 3])
      .node('If', ['c'], ['y'], { then_branch: branch('x'), else_branch: branch('nowhere') }).output('y', 'float32', null);
  } },
  // The node against its operator's schema (OpSchema::Verify): shapes/schema-violation.
  { name: 'reducemean-axes-attribute-opset18', opset: 18, code: 'shapes/schema-violation', ort: /Unrecognized attribute: axes for operator ReduceMean/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('ReduceMean', ['x'], ['y'], { axes: [1] }).output('y', 'float32', null) },
  { name: 'split-attribute-opset13', opset: 13, code: 'shapes/schema-violation', ort: /Unrecognized attribute: split for operator Split/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 4]).node('Split', ['x'], ['y1', 'y2'], { axis: 1, split: [2, 2] }).output('y1', 'float32', null).output('y2', 'float32', null) },
  { name: 'relu-unknown-attribute', code: 'shapes/schema-violation', ort: /Unrecognized attribute: foo for operator Relu/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', ['x'], ['y'], { foo: 1 }).output('y', 'float32', null) },
  { name: 'cast-without-to', code: 'shapes/schema-violation', ort: /Required attribute 'to' is missing/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Cast', ['x'], ['y']).output('y', 'float32', null) },
  { name: 'softmax-float-axis', code: 'shapes/schema-violation', ort: /Mismatched attribute type in ' : axis'/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Softmax', ['x'], ['y'], { axis: 1.5 }).output('y', 'float32', null) },
  { name: 'conv-without-weight', code: 'shapes/schema-violation', ort: /Node with schema\(::Conv:11\) has input size 1 not in range \[min=2, max=3\]/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 4, 4]).node('Conv', ['x'], ['y']).output('y', 'float32', null) },
  { name: 'relu-two-outputs', code: 'shapes/schema-violation', ort: /Node with schema\(::Relu:14\) has output size 2 not in range/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', ['x'], ['y', 'w']).output('y', 'float32', null) },
  { name: 'relu-empty-input', code: 'shapes/schema-violation', ort: /input 0 is marked single but has an empty string in the graph/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', [''], ['y']).output('y', 'float32', null) },
  { name: 'scatter-deprecated-opset11', opset: 11, code: 'shapes/schema-violation', ort: /Op registered for Scatter is deprecated/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 2]).initializer('i', 'int64', [1, 2], [0, 1]).initializer('u', 'float32', [1, 2], [1, 1]).node('Scatter', ['x', 'i', 'u'], ['y']).output('y', 'float32', null) },
  { name: 'upsample-deprecated-opset10', opset: 10, code: 'shapes/schema-violation', ort: /Op registered for Upsample is deprecated/, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 2, 2]).initializer('s', 'float32', [4], [1, 1, 2, 2]).node('Upsample', ['x', 's'], ['y']).output('y', 'float32', null) },
];

/** ORT's reason for refusing a model: at session creation, or (`fails: 'run'`) in a run on random inputs after it loaded. */
async function ortRefusal(file: string, fails: 'load' | 'run'): Promise<string> {
  const loads = await ortLoads(file);
  if (fails === 'load') {
    assert.equal(loads.ok, false, `${path.basename(file)}: ONNX Runtime loads it`);
    return loads.why;
  }
  assert.equal(loads.ok, true, `${path.basename(file)}: ONNX Runtime refuses it at load (${loads.why}); the case says a run fails`);
  try {
    await ort.run({ type: 'run', model: file, feeds: { kind: 'random', seed: 1 } });
  } catch (e) {
    return String((e as Error).message).split('\n')[0]!.slice(0, 400);
  }
  assert.fail(`${path.basename(file)}: ONNX Runtime runs it`);
}

/**
 * Near misses of the cases above that are valid: ONNX Runtime runs each, and DeployLens must not
 * call it invalid (transposed weights, 2-D BatchNorm, a padded window, grouped convolutions, a
 * negative index, a broadcast LayerNorm scale, int8 Relu since opset 14, a float base with an int64 exponent, a bool condition with float values, Upsample and Scatter before their deprecation, If branches reading the outer scope, TopK of the whole axis, a 0 within the input's rank, empty scales beside sizes, an Expand to a shorter shape, Concat dims that differ on the axis, an LSTM whose weights agree, per-axis and one-element Q/DQ scales, a graph input listed as an output, ReduceMean's axes attribute before opset 18, empty optional inputs and outputs, an internal (__) attribute, LayerNormalization-17's undeclared attributes, a pool window larger than its input).
 */
const VALID: { name: string; graph: () => OnnxGraphBuilder; opset?: number }[] = [
  { name: 'gemm-transB', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('w', 'float32', [5, 3], zeros(15)).node('Gemm', ['x', 'w'], ['y'], { transB: 1 }).output('y', 'float32', null) },
  { name: 'batchnorm-2d', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [4, 3]).initializer('s', 'float32', [3], zeros(3)).initializer('b', 'float32', [3], zeros(3)).initializer('m', 'float32', [3], zeros(3)).initializer('v', 'float32', [3], zeros(3)).node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y']).output('y', 'float32', null) },
  { name: 'conv-window-fits-padded', graph: () => convModel([1, 1, 2, 2], [1, 1, 3, 3], { pads: [1, 1, 1, 1] }) },
  { name: 'conv-grouped', graph: () => convModel([1, 4, 4, 4], [6, 2, 3, 3], { group: 2 }, 6) },
  { name: 'conv-depthwise', graph: () => convModel([1, 4, 4, 4], [4, 1, 3, 3], { group: 4 }) },
  { name: 'convtranspose-grouped', graph: () => convModel([1, 4, 4, 4], [4, 3, 3, 3], { group: 2 }, 6, 'ConvTranspose') },
  { name: 'gather-negative-index', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('i', 'int64', [1], [-2]).node('Gather', ['x', 'i'], ['y'], { axis: 0 }).output('y', 'float32', null) },
  { name: 'layernorm-broadcast-scale', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3, 4]).initializer('s', 'float32', [1, 4], zeros(4)).node('LayerNormalization', ['x', 's'], ['y'], { axis: 1 }).output('y', 'float32', null) },
  { name: 'softmax-opset10-axis-default', opset: 10, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3, 4]).node('Softmax', ['x'], ['y']).output('y', 'float32', null) },
  { name: 'relu-int8-opset14', opset: 14, graph: () => new OnnxGraphBuilder('g').input('x', 'int8', [2, 3]).node('Relu', ['x'], ['y']).output('y', 'int8', null) },
  { name: 'pow-float-base-int64-exponent', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('e', 'int64', [1], [2]).node('Pow', ['x', 'e'], ['y']).output('y', 'float32', null) },
  { name: 'where-bool-condition-float-values', graph: () => new OnnxGraphBuilder('g').input('c', 'bool', [2, 3]).input('x', 'float32', [2, 3]).input('z', 'float32', [2, 3]).node('Where', ['c', 'x', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'add-float16-float16', graph: () => new OnnxGraphBuilder('g').input('x', 'float16', [1, 8]).input('h', 'float16', [1, 8]).node('Add', ['x', 'h'], ['y']).output('y', 'float16', null) },
  { name: 'if-branches-read-the-outer-scope', graph: () => {
    const branch = (op: string) => new OnnxGraphBuilder('b').node(op, ['x'], ['r']).output('r', 'float32', null);
    return new OnnxGraphBuilder('g').input('c', 'bool', []).input('x', 'float32', [2, 3])
      .node('If', ['c'], ['y'], { then_branch: branch('Relu'), else_branch: branch('Sigmoid') }).output('y', 'float32', null);
  } },
  { name: 'graph-input-is-an-output', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', ['x'], ['y']).output('y', 'float32', null).output('x', 'float32', null) },
  { name: 'scatter-opset10', opset: 10, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 2]).initializer('i', 'int64', [1, 2], [0, 1]).initializer('u', 'float32', [1, 2], [1, 1]).node('Scatter', ['x', 'i', 'u'], ['y']).output('y', 'float32', null) },
  { name: 'upsample-opset9', opset: 9, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 2, 2]).initializer('s', 'float32', [4], [1, 1, 2, 2]).node('Upsample', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'reducemean-axes-attribute-opset17', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('ReduceMean', ['x'], ['y'], { axes: [1] }).output('y', 'float32', null) },
  { name: 'dropout-empty-optional-output', opset: 13, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Dropout', ['x'], ['y', '']).output('y', 'float32', null) },
  { name: 'clip-empty-optional-inputs', opset: 13, graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Clip', ['x', '', ''], ['y']).output('y', 'float32', null) },
  { name: 'relu-internal-attribute', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', ['x'], ['y'], { __note: 1 }).output('y', 'float32', null) },
  { name: 'layernorm-unchecked-attribute', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'float32', [3], zeros(3)).node('LayerNormalization', ['x', 's'], ['y'], { note: 1 }).output('y', 'float32', null) },
  { name: 'topk-k-equals-axis', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('k', 'int64', [1], [3]).node('TopK', ['x', 'k'], ['v', 'i']).output('v', 'float32', null).output('i', 'int64', null) },
  { name: 'reshape-zero-within-rank', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'int64', [2], [0, -1]).node('Reshape', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'resize-empty-scales-with-sizes', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 2, 2]).initializer('s', 'float32', [0], []).initializer('z', 'int64', [4], [1, 1, 4, 4]).node('Resize', ['x', '', 's', 'z'], ['y']).output('y', 'float32', null) },
  { name: 'expand-to-lower-rank-shape', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).initializer('s', 'int64', [1], [3]).node('Expand', ['x', 's'], ['y']).output('y', 'float32', null) },
  { name: 'concat-axis-dims-differ', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).input('z', 'float32', [2, 4]).node('Concat', ['x', 'z'], ['y'], { axis: 1 }).output('y', 'float32', null) },
  { name: 'lstm-shapes-agree', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [2, 1, 3]).initializer('w', 'float32', [1, 8, 3], zeros(24)).initializer('r', 'float32', [1, 8, 2], zeros(16)).node('LSTM', ['x', 'w', 'r'], ['y'], { hidden_size: 2 }).output('y', 'float32', null) },
  { name: 'quantize-per-axis', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 3, 2, 2]).initializer('s', 'float32', [3], [1, 1, 1]).initializer('z', 'int8', [3], [0, 0, 0]).node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 1 }).output('y', 'int8', null) },
  { name: 'quantize-one-element-scale', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 3, 2, 2]).initializer('s', 'float32', [1], [1]).initializer('z', 'uint8', [1], [0]).node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 7 }).output('y', 'uint8', null) },
  { name: 'maxpool-window-larger-than-input', graph: () => new OnnxGraphBuilder('g').input('x', 'float32', [1, 1, 2, 2]).node('MaxPool', ['x'], ['y'], { kernel_shape: [3, 3] }).output('y', 'float32', null) },
];

test('near misses of invalid models that ONNX Runtime runs are not called invalid', { timeout: 600_000 }, async () => {
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  for (const c of VALID) {
    const file = path.join(tmp, `valid-${c.name}.onnx`);
    fs.writeFileSync(file, writeOnnxModel({ graph: c.graph(), opsets: { '': c.opset ?? 17 }, producer: { name: 'test', version: '1' } }));
    await ort.run({ type: 'run', model: file, feeds: { kind: 'random', seed: 1 } });
    const { report } = analyzeFile(file, { targets: [target] });
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], c.name);
    assert.notEqual(report.summary.verdict, 'fail', c.name);
  }
});

test('a model ONNX Runtime refuses as invalid fails on every target, with the error that says why', { timeout: 600_000 }, async () => {
  const targets = listBuiltinTargets();
  for (const c of INVALID) {
    const file = path.join(tmp, `invalid-${c.name}.onnx`);
    fs.writeFileSync(file, writeOnnxModel({ graph: c.graph(), opsets: { '': c.opset ?? 17 }, producer: { name: 'test', version: '1' } }));
    assert.match(await ortRefusal(file, c.fails ?? 'load'), c.ort, `${c.name}: ONNX Runtime's reason`);
    const { report } = analyzeFile(file, { targets });
    assert.ok(report.diagnostics.some((d) => d.code === c.code && d.severity === 'error' && d.target === undefined), `${c.name}: the model's own ${c.code} error`);
    assert.deepEqual(report.comparison!.filter((t) => t.verdict !== 'fail').map((t) => t.target), [], `${c.name}: every target fails`);
    // The text report says why the verdict fails: none of the target's own findings does.
    assert.match(formatText(report), /verdict +FAIL — the model itself is invalid \(1 error in its findings\): it runs on no target/, c.name);
  }
});

test("ort-cpu-desktop's ONNX version bounds are ONNX Runtime 1.30's: it loads each bound and refuses one above", { timeout: 600_000 }, async () => {
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const { maxOpset, maxIrVersion } = target.onnxVersions!;
  assert.ok(maxOpset !== undefined && maxIrVersion !== undefined);
  const cases: { name: string; opset: number; ir: number; ort: RegExp | null }[] = [
    { name: 'max-opset', opset: maxOpset, ir: 8, ort: null },
    { name: 'opset-above', opset: maxOpset + 1, ir: 8, ort: new RegExp(`Current official support for domain ai\\.onnx is till opset ${maxOpset}`) },
    { name: 'max-ir', opset: 17, ir: maxIrVersion, ort: null },
    { name: 'ir-above', opset: 17, ir: maxIrVersion + 1, ort: new RegExp(`max supported IR version: ${maxIrVersion}`) },
  ];
  for (const c of cases) {
    const file = path.join(tmp, `versions-${c.name}.onnx`);
    const graph = new OnnxGraphBuilder('g').input('x', 'float32', [2, 3]).node('Relu', ['x'], ['y']).output('y', 'float32', null);
    fs.writeFileSync(file, writeOnnxModel({ graph, opsets: { '': c.opset }, irVersion: c.ir, producer: { name: 'test', version: '1' } }));
    // ORT's whole message: the bound is at the end of a long first line.
    const loads = await ort.run({ type: 'inspect', model: file }).then(() => ({ ok: true, why: '' }), (e: Error) => ({ ok: false, why: String(e.message) }));
    const { report } = analyzeFile(file, { targets: [target] });
    const versionErrors = report.diagnostics.filter((d) => d.code === 'compat/onnx-version');
    if (c.ort === null) {
      assert.equal(loads.ok, true, `${c.name}: ${loads.why}`);
      assert.deepEqual(versionErrors, [], c.name);
      assert.equal(report.summary.verdict, 'pass', c.name);
    } else {
      assert.equal(loads.ok, false, `${c.name}: ONNX Runtime loads it`);
      assert.match(loads.why, c.ort, c.name);
      assert.equal(versionErrors.length, 1, c.name);
      assert.equal(report.summary.verdict, 'fail', c.name);
    }
  }
});
