// ONNX Runtime's level-2 transformer fusions on the CPU EP (GeluFusion, LayerNormFusion,
// MatMulScaleFusion; src/core/lowering/passes/ortTransformerFusions.ts) against ORT 1.30 itself:
// small transformer pieces written as PyTorch exports them go through ORT with
// optimizedModelFilePath (test/support/ortOptimized.ts) and our ort-cpu-desktop lowering must
// give the same op histogram — including the cases ORT's matchers reject, which stay unfused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareModel } from '../src/core/analyze';
import type { Graph } from '../src/core/ir/model';
import { checkCompatibility } from '../src/core/analysis/compatibility';
import { lowerFor } from '../src/core/lowering/lower';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { benchModel } from './support/benchModels';
import { ortOptimizedGraph } from './support/ortOptimized';

function histogram(graph: Graph): Record<string, number> {
  const h: Record<string, number> = {};
  for (const n of graph.nodes) h[n.op] = (h[n.op] ?? 0) + 1;
  return h;
}

function lowered(file: string, target = 'ort-cpu-desktop') {
  return lowerFor({ ...prepareModel(readModelFile(file).model), lowerings: new Map() }, getBuiltinTarget(target)!);
}

const D = 16;
const ramp = (n: number, scale = 0.01) => Float32Array.from({ length: n }, (_, i) => (i % 7) * scale + 0.5);

/** LayerNorm as torch.onnx (opset 13) exports nn.LayerNorm: ReduceMean → Sub → Pow → ReduceMean → Add → Sqrt → Div → Mul → Add. */
function layerNorm(b: OnnxGraphBuilder, x: string, out: string, p: string, axes = [-1], scaleDims = [D]): OnnxGraphBuilder {
  return b
    .initializer(`${p}.weight`, 'float32', scaleDims, ramp(scaleDims.reduce((a, c) => a * c, 1)))
    .initializer(`${p}.bias`, 'float32', scaleDims, ramp(scaleDims.reduce((a, c) => a * c, 1), 0.002))
    .initializer(`${p}.two`, 'float32', [], Float32Array.of(2))
    .initializer(`${p}.eps`, 'float32', [], Float32Array.of(1e-6))
    .node('ReduceMean', [x], [`${p}/mean`], { axes, keepdims: 1 }, { name: `${p}/ReduceMean` })
    .node('Sub', [x, `${p}/mean`], [`${p}/sub`], {}, { name: `${p}/Sub` })
    .node('Pow', [`${p}/sub`, `${p}.two`], [`${p}/pow`], {}, { name: `${p}/Pow` })
    .node('ReduceMean', [`${p}/pow`], [`${p}/var`], { axes, keepdims: 1 }, { name: `${p}/ReduceMean_1` })
    .node('Add', [`${p}/var`, `${p}.eps`], [`${p}/vareps`], {}, { name: `${p}/Add` })
    .node('Sqrt', [`${p}/vareps`], [`${p}/std`], {}, { name: `${p}/Sqrt` })
    .node('Div', [`${p}/sub`, `${p}/std`], [`${p}/norm`], {}, { name: `${p}/Div` })
    .node('Mul', [`${p}/norm`, `${p}.weight`], [`${p}/scaled`], {}, { name: `${p}/Mul` })
    .node('Add', [`${p}/scaled`, `${p}.bias`], [out], {}, { name: `${p}/Add_1` });
}

/** torch's exact GELU: x / √2 → Erf → + 1 → · x → · 0.5 (pattern 2 of GeluFusion), or a wrong divisor. */
function gelu(b: OnnxGraphBuilder, x: string, out: string, p: string, divisor = Math.SQRT2): OnnxGraphBuilder {
  return b
    .initializer(`${p}.sqrt2`, 'float32', [], Float32Array.of(divisor))
    .initializer(`${p}.one`, 'float32', [], Float32Array.of(1))
    .initializer(`${p}.half`, 'float32', [], Float32Array.of(0.5))
    .node('Div', [x, `${p}.sqrt2`], [`${p}/div`], {}, { name: `${p}/Div` })
    .node('Erf', [`${p}/div`], [`${p}/erf`], {}, { name: `${p}/Erf` })
    .node('Add', [`${p}/erf`, `${p}.one`], [`${p}/add`], {}, { name: `${p}/Add` })
    .node('Mul', [x, `${p}/add`], [`${p}/mul`], {}, { name: `${p}/Mul` })
    .node('Mul', [`${p}/mul`, `${p}.half`], [out], {}, { name: `${p}/Mul_1` });
}

const CASES: Record<string, () => OnnxGraphBuilder> = {
  'LayerNorm over the last axis': () => layerNorm(new OnnxGraphBuilder('ln').input('x', 'float32', [1, 8, D]), 'x', 'y', 'ln').output('y'),
  'LayerNorm over a non-last axis (rejected: CheckAxesOnReduceMean)': () =>
    layerNorm(new OnnxGraphBuilder('ln1').input('x', 'float32', [1, 8, D]), 'x', 'y', 'ln', [1], [8, 1]).output('y'),
  'LayerNorm whose Sub has a third reader: LayerNormFusion rejects it, SimplifiedLayerNormFusion takes its tail': () =>
    layerNorm(new OnnxGraphBuilder('ln3').input('x', 'float32', [1, 8, D]), 'x', 'y', 'ln').output('y').output('ln/sub'),
  'Gelu (erf) MLP: MatMul + Add → Gemm, GELU → Gelu, MatMul + Add → Gemm': () => {
    const b = new OnnxGraphBuilder('mlp').input('x', 'float32', [1, 4, D])
      .initializer('w1', 'float32', [D, 32], ramp(D * 32)).initializer('b1', 'float32', [32], ramp(32))
      .initializer('w2', 'float32', [32, D], ramp(32 * D)).initializer('b2', 'float32', [D], ramp(D))
      .node('MatMul', ['x', 'w1'], ['h0'], {}, { name: 'fc1/MatMul' }).node('Add', ['b1', 'h0'], ['h1'], {}, { name: 'fc1/Add' });
    return gelu(b, 'h1', 'g', 'act')
      .node('MatMul', ['g', 'w2'], ['o0'], {}, { name: 'fc2/MatMul' }).node('Add', ['b2', 'o0'], ['y'], {}, { name: 'fc2/Add' })
      .output('y');
  },
  'GELU with a divisor other than √2 (rejected)': () => gelu(new OnnxGraphBuilder('g2').input('x', 'float32', [1, 4, D]), 'x', 'y', 'act', 2).output('y'),
  'attention scores: q / √d · k, softmax, · v (input and output scales)': () =>
    new OnnxGraphBuilder('att').input('q', 'float32', [1, 2, 4, 8]).input('k', 'float32', [1, 2, 8, 4]).input('v', 'float32', [1, 2, 4, 8])
      .initializer('sqrt_d', 'float32', [], Float32Array.of(Math.sqrt(8)))
      .initializer('temp', 'float32', [1], Float32Array.of(0.5))
      .node('Div', ['q', 'sqrt_d'], ['qs'], {}, { name: 'att/Div' })
      .node('MatMul', ['qs', 'k'], ['s0'], {}, { name: 'att/MatMul' })
      .node('Mul', ['s0', 'temp'], ['s'], {}, { name: 'att/Mul' })
      .node('Softmax', ['s'], ['p'], { axis: -1 }, { name: 'att/Softmax' })
      .node('MatMul', ['p', 'v'], ['y'], {}, { name: 'att/MatMul_1' })
      .output('y'),
  'MatMul scaled by a per-column vector (rejected: not a scalar)': () =>
    new OnnxGraphBuilder('mv').input('a', 'float32', [1, 4, 8]).input('b', 'float32', [1, 8, 4])
      .initializer('cols', 'float32', [4], Float32Array.of(1, 2, 3, 4))
      .node('MatMul', ['a', 'b'], ['m'], {}, { name: 'MatMul' })
      .node('Mul', ['m', 'cols'], ['y'], {}, { name: 'Mul' })
      .output('y'),
  'residual Add read twice, then LayerNorm (SkipLayerNormFusion does not apply)': () => {
    const b = new OnnxGraphBuilder('res').input('x', 'float32', [1, 8, D]).input('r', 'float32', [1, 8, D])
      .node('Add', ['x', 'r'], ['h'], {}, { name: 'residual/Add' });
    return layerNorm(b, 'h', 'n', 'ln').node('Add', ['h', 'n'], ['y'], {}, { name: 'residual/Add_1' }).output('y');
  },
};

/** The op each positive case must make ORT emit (so a fixture that stops exercising the fusion fails). */
const FUSES: Record<string, string> = {
  'LayerNorm over the last axis': 'LayerNormalization',
  'LayerNorm whose Sub has a third reader: LayerNormFusion rejects it, SimplifiedLayerNormFusion takes its tail': 'SimplifiedLayerNormalization',
  'Gelu (erf) MLP: MatMul + Add → Gemm, GELU → Gelu, MatMul + Add → Gemm': 'Gelu',
  'attention scores: q / √d · k, softmax, · v (input and output scales)': 'FusedMatMul',
  'residual Add read twice, then LayerNorm (SkipLayerNormFusion does not apply)': 'LayerNormalization',
};

test('ORT CPU EP transformer fusions: our deployed graph has ONNX Runtime 1.30\'s op histogram on each transformer piece', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ortfuse-'));
  try {
    for (const [name, build] of Object.entries(CASES)) {
      const file = path.join(dir, `${name.replace(/\W+/g, '_')}.onnx`);
      fs.writeFileSync(file, writeOnnxModel({ graph: build(), opsets: { '': 13 } }));
      const ort = histogram(ortOptimizedGraph(file, 'extended'));
      const fused = FUSES[name];
      if (fused) assert.ok(ort[fused], `${name}: ORT emits ${fused} (${JSON.stringify(ort)})`);
      else assert.ok(!['LayerNormalization', 'SimplifiedLayerNormalization', 'Gelu', 'FusedMatMul'].some((op) => ort[op]), `${name}: ORT fuses nothing (${JSON.stringify(ort)})`);
      const ours = lowered(file);
      assert.deepEqual(histogram(ours.model.graphs[0]!), ort, name);
      // The fused ops run on the CPU EP (ORT just ran them) and have costs.
      assert.deepEqual(checkCompatibility(ours.model, getBuiltinTarget('ort-cpu-desktop')!).filter((s) => s.status !== 'supported'), [], name);
      assert.deepEqual(ours.costs.totals.unknownNodes, [], name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the transformer fusions are the full CPU EP\'s: ORT Mobile\'s reduced build and the NNAPI EP keep the exported ops', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ortfuse-'));
  try {
    const file = path.join(dir, 'ln.onnx');
    fs.writeFileSync(file, writeOnnxModel({ graph: CASES['LayerNorm over the last axis']!(), opsets: { '': 13 } }));
    assert.equal(histogram(lowered(file).model.graphs[0]!).LayerNormalization, 1);
    for (const target of ['ort-mobile', 'ort-nnapi']) {
      assert.deepEqual(histogram(lowered(file, target).model.graphs[0]!), { ReduceMean: 2, Sub: 1, Pow: 1, Add: 2, Sqrt: 1, Div: 1, Mul: 1 }, target);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('vit_b_16 on the ORT CPU EP: Gelu, LayerNorm and the scaled attention MatMul fused as ONNX Runtime 1.30 fuses them', (t) => {
  const file = benchModel('vit_b_16.onnx');
  if (!file) return t.skip('vit_b_16.onnx is not in DEPLOYLENS_BENCH_MODELS or out/bench-models (npm run bench makes it)');
  const ours = histogram(lowered(file).model.graphs[0]!);
  const ort = histogram(ortOptimizedGraph(file, 'extended'));
  // Exactly ORT's: the GELUs (12), the Gemms, Softmax, and no Erf/Pow/Sqrt left from the fused patterns.
  for (const op of ['Gelu', 'Gemm', 'Softmax', 'Conv', 'Reshape']) assert.equal(ours[op], ort[op], op);
  assert.equal(ours.Erf, undefined);
  // The 25 LayerNorms: ORT fuses 22 + 1 SkipLayerNormalization + 1 SimplifiedLayerNormalization and leaves
  // one unfused where its TransposeOptimizer moved a Transpose into the pattern (not modelled): ours fuses all 25.
  assert.equal(ours.LayerNormalization, 25);
  assert.equal((ort.LayerNormalization ?? 0) + (ort.SkipLayerNormalization ?? 0) + (ort.SimplifiedLayerNormalization ?? 0) + 1, 25);
  // MatMulScaleFusion: the 12 q·kᵀ MatMuls with their 1/√d (ORT also folds transposes into all 24: MatmulTransposeFusion, not modelled).
  assert.equal(ours.FusedMatMul, 12);
  assert.equal((ours.FusedMatMul ?? 0) + (ours.MatMul ?? 0), ort.FusedMatMul);
});
