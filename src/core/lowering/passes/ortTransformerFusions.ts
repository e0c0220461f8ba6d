// ONNX Runtime's level-2 transformer fusions on the CPU EP (full build with contrib ops), each
// following the matching conditions of its own source file (SOURCES.ortGeluFusion,
// SOURCES.ortLayerNormFusion, SOURCES.ortMatMulScaleFusion), run in the order
// graph_transformer_utils.cc registers them (SOURCES.ortLevel2Cpu): GeluFusion, LayerNormFusion,
// SimplifiedLayerNormFusion, GatherSliceToSplitFusion (ortGatherSliceToSplit.ts), MatmulTransposeFusion
// (ortMatmulTranspose.ts), SkipLayerNormFusion (ortSkipLayerNorm.ts), QuickGeluFusion (SOURCES.ortQuickGeluFusion),
// MatMulScaleFusion, repeated as ORT
// repeats a level (SOURCES.ortLevel2Loop; lower.ts). Where ORT's matcher takes a branch we do not model (a Cast inside the
// pattern), the pattern is left unfused: docs/lowering.md names what is not modelled.
//
// ORT counts a node's *output edges* (one per consumer input slot, so Mul(x, x) is two edges);
// CheckOutputEdges(n) also requires that the node produces no graph output (optimizer/utils.cc).

import type { DType } from '../../ir/dtype';
import type { WorkGraph, WorkNode } from '../workGraph';

/** Input types the fusions accept (IsSupportedDataType in layer_norm_fusion.cc and gelu_fusion.cc). */
const FLOATS: ReadonlySet<DType> = new Set(['float16', 'float32', 'float64', 'bfloat16']);

/** Output edges of a node: one per consumer input slot reading one of its outputs. */
export function outputEdges(g: WorkGraph, n: WorkNode): number {
  let edges = 0;
  for (const o of n.outputs) {
    if (!o) continue;
    // A count: the readers in any order (no sorted copy per output of every node).
    for (const c of g.readersOf(o)) for (const i of c.inputs) if (i === o) edges++;
  }
  return edges;
}

export function producesGraphOutput(g: WorkGraph, n: WorkNode): boolean {
  return n.outputs.some((o) => o !== '' && g.isGraphOutput(o));
}

/** optimizer_utils::CheckOutputEdges: no graph output and exactly `count` output edges. */
function checkOutputEdges(g: WorkGraph, n: WorkNode, count: number): boolean {
  return !producesGraphOutput(g, n) && outputEdges(g, n) === count;
}

/** IsSupportedDataType: every input (or the first `firstN`) is a float tensor. */
function floatInputs(g: WorkGraph, n: WorkNode, firstN = Infinity): boolean {
  return n.inputs.slice(0, firstN).every((i) => i === '' || FLOATS.has(g.tensor(i)?.dtype ?? 'unknown'));
}

export function isOp(n: WorkNode | undefined, op: string, domain = ''): n is WorkNode {
  return n !== undefined && !n.removed && n.op === op && n.domain === domain;
}

/** Node::OutputNodesBegin: the first consumer (in execution order) of the node's outputs. */
export function firstChild(g: WorkGraph, n: WorkNode): WorkNode | undefined {
  const all = n.outputs.filter((o) => o !== '').flatMap((o) => g.consumersOf(o));
  return all.sort((a, b) => a.pos - b.pos)[0];
}

/** graph_utils::FirstChildByType. */
function firstChildOfType(g: WorkGraph, n: WorkNode, op: string): WorkNode | undefined {
  return n.outputs.filter((o) => o !== '').flatMap((o) => g.consumersOf(o)).sort((a, b) => a.pos - b.pos).find((c) => c.op === op);
}

/** graph_utils::FirstParentByType: the first input (by input index) produced by a node of that type. */
function firstParentOfType(g: WorkGraph, n: WorkNode, op: string): WorkNode | undefined {
  for (const i of n.inputs) {
    const p = i ? g.producer(i) : undefined;
    if (p && p.op === op) return p;
  }
  return undefined;
}

/** Node::InputNodesBegin: the producer of the first input that has one. */
function firstParent(g: WorkGraph, n: WorkNode): WorkNode | undefined {
  for (const i of n.inputs) {
    const p = i ? g.producer(i) : undefined;
    if (p) return p;
  }
  return undefined;
}

/** A one-element constant's value (float, double or integer), or null: reads at most 8 bytes. */
export function scalarConstant(g: WorkGraph, name: string): number | null {
  const t = g.tensor(name);
  if (!t?.constant || !t.shape || !t.shape.every((d) => d === 1)) return null;
  let bytes: Uint8Array;
  try {
    bytes = g.original.weights.read(0, name);
  } catch {
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need: Partial<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, int64: 8 };
  const width = need[t.dtype];
  if (!width || bytes.byteLength < width) return null;
  switch (t.dtype) {
    case 'float32': return view.getFloat32(0, true);
    case 'float64': return view.getFloat64(0, true);
    case 'int32': return view.getInt32(0, true);
    default: return Number(view.getBigInt64(0, true));
  }
}

/** optimizer_utils::IsInitializerWithExpectedValue (constant, one element, |v − e| ≤ 1e-8 + 1e-5·|e|). */
function isConstantValue(g: WorkGraph, name: string | undefined, expected: number): boolean {
  const v = name ? scalarConstant(g, name) : null;
  return v !== null && Math.abs(v - expected) <= 1e-8 + 1e-5 * Math.abs(expected);
}

function rankOf(g: WorkGraph, name: string): number {
  return g.tensor(name)?.shape?.length ?? -1;
}

/**
 * GeluFusion (SOURCES.ortGeluFusion): x / √2 → Erf → + 1 → · x → · 0.5 (pattern 2, torch's export)
 * or with x · 0.5 as the Mul's other parent (pattern 1) becomes one com.microsoft Gelu.
 */
export function fuseGelu(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const div = liveNodes[li]!;
    if (!isOp(div, 'Div') || !checkOutputEdges(g, div, 1) || !floatInputs(g, div)) continue;
    if (!isConstantValue(g, div.inputs[1], 1.4142099618911743) && !isConstantValue(g, div.inputs[1], Math.SQRT2)) continue;
    const root = div.inputs[0]!;
    const erf = firstChild(g, div);
    if (!isOp(erf, 'Erf') || !checkOutputEdges(g, erf, 1) || !floatInputs(g, erf)) continue;
    const add = firstChild(g, erf);
    if (!isOp(add, 'Add') || !checkOutputEdges(g, add, 1) || !floatInputs(g, add)) continue;
    const erfFirst = add.inputs[0] === erf.outputs[0];
    if (!isConstantValue(g, add.inputs[erfFirst ? 1 : 0], 1)) continue;
    const mul = firstChild(g, add);
    if (!isOp(mul, 'Mul') || !floatInputs(g, mul)) continue;
    let half: WorkNode;
    let last: WorkNode;
    const mulParent = firstParentOfType(g, mul, 'Mul');
    if (mulParent) {
      // Pattern 1: (x · 0.5) · (1 + erf(x / √2)).
      if (!checkOutputEdges(g, mulParent, 1) || !floatInputs(g, mulParent)) continue;
      const rootIndex = mulParent.inputs.indexOf(root);
      if (rootIndex < 0 || !isConstantValue(g, mulParent.inputs[rootIndex === 0 ? 1 : 0], 0.5)) continue;
      half = mulParent;
      last = mul;
    } else {
      // Pattern 2: (x · (1 + erf(x / √2))) · 0.5.
      if (!checkOutputEdges(g, mul, 1) || !mul.inputs.includes(root)) continue;
      const mul2 = firstChild(g, mul);
      if (!isOp(mul2, 'Mul')) continue;
      if (!isConstantValue(g, mul2.inputs[mul2.inputs[0] === mul.outputs[0] ? 1 : 0], 0.5)) continue;
      half = mul2;
      last = mul2;
    }
    const out = last.outputs[0]!;
    const why = `fused into Gelu '${div.name}' (ONNX Runtime GeluFusion, CPU EP)`;
    for (const n of [erf, add, mul, half]) if (!n.removed) g.merge(n, div, 'fused', why);
    div.op = 'Gelu';
    div.canonicalOp = 'Gelu';
    div.domain = 'com.microsoft';
    div.attributes = {};
    g.setInputs(div, [root]);
    g.setOutputs(div, [out]);
    changed++;
  }
  return changed;
}

/** The ReduceMean's axes: the attribute (opset < 18) or a constant second input. */
function reduceAxes(g: WorkGraph, n: WorkNode): number[] {
  const a = n.attributes.axes;
  if (a?.type === 'ints') return [...a.value];
  const input = n.inputs[1];
  if (!input || !g.isConstant(input)) return [];
  const shape = g.tensor(input)?.shape;
  if (!shape || shape.length !== 1 || shape[0] !== 1) return []; // one axis is all an inference build fuses
  const v = scalarConstant(g, input);
  return v === null ? [] : [v];
}

/** CheckAxesOnReduceMean: consecutive axes that include the last one (normalized to negative). */
function checkAxes(axes: number[], rank: number): number[] | null {
  let v = [...axes].sort((x, y) => x - y);
  if (v.length === 0) return null;
  if (v[v.length - 1]! > 0) {
    if (rank === -1) return null;
    v = v.map((x) => (x >= 0 ? x - rank : x)).sort((x, y) => x - y);
  }
  for (let i = 1; i < v.length; i++) if (v[i] !== v[i - 1]! + 1) return null;
  return v[v.length - 1] === -1 ? v : null;
}

/**
 * LayerNormFusion (SOURCES.ortLayerNormFusion): X → ReduceMean → Sub → Pow → ReduceMean → Add(ε)
 * → Sqrt → Div(Sub, ·) → Mul(scale) → Add(bias) becomes one LayerNormalization over the last axis,
 * with scale and bias 1-D of the same size. Also the duplicated-Sub form of older PyTorch exports.
 */
export function fuseLayerNorm(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const rm = liveNodes[li]!;
    if (!isOp(rm, 'ReduceMean')) continue;
    const rmEdges = outputEdges(g, rm);
    if ((rmEdges !== 1 && rmEdges !== 2) || producesGraphOutput(g, rm) || !floatInputs(g, rm, 1)) continue;
    const x = rm.inputs[0]!;
    const mean = rm.outputs[0]!;
    // Every child of the ReduceMean is a Sub (one or two edges).
    const children = g.consumersOf(mean).flatMap((c) => c.inputs.filter((i) => i === mean).map(() => c));
    if (children.length !== rmEdges || !children.every((c) => c.op === 'Sub')) continue;
    const [sub, dup] = [children[0]!, children.length === 2 ? children[1] : undefined];
    if (!isOp(sub, 'Sub') || !floatInputs(g, sub)) continue;
    const otherInput = (n: WorkNode) => n.inputs.find((i) => i !== mean);
    if (otherInput(sub) !== x || (dup && otherInput(dup) !== x)) continue;
    // A Cast feeding the ReduceMean or after the Sub (mixed-precision exports) is a branch ORT takes that is not modelled.
    const xProducer = g.producer(x);
    if (xProducer?.op === 'Cast') continue;
    if (!dup && outputEdges(g, sub) === 1 && firstChild(g, sub)?.op === 'Cast') continue;
    if (!checkOutputEdges(g, sub, dup ? 1 : 2)) continue;
    let div = firstChildOfType(g, sub, 'Div');
    if (dup) {
      if (!isOp(dup, 'Sub') || !floatInputs(g, dup) || !checkOutputEdges(g, sub, 1)) continue;
      div ??= firstChildOfType(g, dup, 'Div');
    }
    if (!isOp(div, 'Div') || !checkOutputEdges(g, div, 1) || !floatInputs(g, div)) continue;
    const sqrt = firstParentOfType(g, div, 'Sqrt');
    if (!isOp(sqrt, 'Sqrt') || !checkOutputEdges(g, sqrt, 1) || !floatInputs(g, sqrt)) continue;
    const add2 = firstParent(g, sqrt);
    if (!isOp(add2, 'Add') || !checkOutputEdges(g, add2, 1) || !floatInputs(g, add2)) continue;
    const rm2 = firstParentOfType(g, add2, 'ReduceMean');
    if (!isOp(rm2, 'ReduceMean') || !checkOutputEdges(g, rm2, 1) || !floatInputs(g, rm2, 1)) continue;
    const pow = firstParent(g, rm2);
    if (!isOp(pow, 'Pow') || !checkOutputEdges(g, pow, 1) || !floatInputs(g, pow)) continue;
    if (firstParentOfType(g, pow, 'Cast')) continue; // the Cast branch: not modelled
    const sub2 = firstParentOfType(g, pow, 'Sub');
    if (!sub2 || (sub2 !== sub && sub2 !== dup)) continue;
    const mul = firstChild(g, div);
    if (mul?.op === 'Cast') continue; // Apex O2's Div → Cast → Mul: not modelled
    if (!isOp(mul, 'Mul') || !checkOutputEdges(g, mul, 1) || !floatInputs(g, mul)) continue;
    const add = firstChild(g, mul);
    if (!isOp(add, 'Add') || !floatInputs(g, add)) continue;
    const rank = rankOf(g, x);
    const axes = checkAxes(reduceAxes(g, rm), rank);
    const axes2 = checkAxes(reduceAxes(g, rm2), rank);
    if (!axes || !axes2 || axes.join() !== axes2.join() || axes.length !== 1) continue;
    // Scale and bias: the last input of the Mul / Add whose shape has rank 1, of the same size.
    const rank1 = (n: WorkNode) => n.inputs.filter((i) => i !== '' && g.tensor(i)?.shape?.length === 1).pop();
    const scale = rank1(mul);
    const bias = rank1(add);
    if (!scale || !bias) continue;
    const size = (t: string) => { const d = g.tensor(t)!.shape![0]; return typeof d === 'number' ? d : 0; };
    if (size(scale) !== size(bias)) continue;
    const xType = g.tensor(x)?.dtype;
    if (xType === 'float16') continue; // the CPU EP has no float16 LayerNormalization
    const eps = scalarConstant(g, add2.inputs[1] ?? '');
    const epsilon = eps !== null && g.tensor(add2.inputs[1]!)?.dtype === 'float32' ? eps : 1e-5;
    const out = add.outputs[0]!;
    const why = `fused into LayerNormalization '${rm.name}' (ONNX Runtime LayerNormFusion, CPU EP)`;
    for (const n of [sub, dup, div, sqrt, add2, rm2, pow, mul, add]) if (n && !n.removed) g.merge(n, rm, 'fused', why);
    rm.op = 'LayerNormalization';
    rm.canonicalOp = 'LayerNormalization';
    rm.attributes = {
      epsilon: { type: 'float', value: epsilon },
      axis: { type: 'int', value: axes[0]! },
      ...(xType === 'float64' || g.tensor(scale)?.dtype === 'float64' ? { stash_type: { type: 'int', value: 11 } as const } : {}),
    };
    g.setInputs(rm, [x, scale, bias]);
    g.setOutputs(rm, [out]);
    changed++;
  }
  return changed;
}

/**
 * SimplifiedLayerNormFusion (SOURCES.ortLayerNormFusion, after LayerNormFusion): X → Pow → ReduceMean
 * → Add(ε) → Sqrt → Div(X, ·) → Mul(scale) becomes one SimplifiedLayerNormalization (RMS norm); the
 * x · (1 / √…) form reaches it as Div(X, ·) through the level-1 DivMulFusion (ortDivMul.ts). It
 * also catches the tail of a LayerNorm that LayerNormFusion rejected (the Sub's output read elsewhere),
 * leaving its ReduceMean and Sub. The CPU EP takes no Cast inside the pattern.
 */
export function fuseSimplifiedLayerNorm(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const pow = liveNodes[li]!;
    if (!isOp(pow, 'Pow') || !checkOutputEdges(g, pow, 1) || !floatInputs(g, pow)) continue;
    const rm = firstChildOfType(g, pow, 'ReduceMean');
    if (!isOp(rm, 'ReduceMean') || !checkOutputEdges(g, rm, 1) || !floatInputs(g, rm, 1)) continue;
    const add = firstChildOfType(g, rm, 'Add');
    if (!isOp(add, 'Add') || !checkOutputEdges(g, add, 1) || !floatInputs(g, add)) continue;
    const sqrt = firstChildOfType(g, add, 'Sqrt');
    if (!isOp(sqrt, 'Sqrt') || !checkOutputEdges(g, sqrt, 1) || !floatInputs(g, sqrt)) continue;
    const div = firstChildOfType(g, sqrt, 'Div');
    if (!isOp(div, 'Div') || !checkOutputEdges(g, div, 1) || !floatInputs(g, div)) continue;
    const x = pow.inputs[0]!;
    if (div.inputs[0] !== x) continue;
    const mul = firstChild(g, div);
    if (!isOp(mul, 'Mul') || !floatInputs(g, mul)) continue; // a Cast here: the CPU EP does not fuse
    const axes = checkAxes(reduceAxes(g, rm), rankOf(g, rm.inputs[0]!));
    if (!axes || axes.length !== 1) continue;
    const scale = mul.inputs.filter((i) => i !== '' && g.tensor(i)?.shape?.length === 1).pop();
    if (!scale) continue;
    const xType = g.tensor(x)?.dtype;
    if (xType === 'float16') continue;
    const eps = scalarConstant(g, add.inputs[1] ?? '');
    const epsilon = eps !== null && g.tensor(add.inputs[1]!)?.dtype === 'float32' ? eps : 1e-5;
    const out = mul.outputs[0]!;
    const why = `fused into SimplifiedLayerNormalization '${pow.name}' (ONNX Runtime SimplifiedLayerNormFusion, CPU EP)`;
    for (const n of [rm, add, sqrt, div, mul]) g.merge(n, pow, 'fused', why);
    pow.op = 'SimplifiedLayerNormalization';
    pow.canonicalOp = 'SimplifiedLayerNormalization';
    pow.attributes = {
      epsilon: { type: 'float', value: epsilon },
      ...(xType === 'float64' || g.tensor(scale)?.dtype === 'float64' ? { stash_type: { type: 'int', value: 11 } as const } : {}),
      axis: { type: 'int', value: axes[0]! },
    };
    g.setInputs(pow, [x, scale]);
    g.setOutputs(pow, [out]);
    changed++;
  }
  return changed;
}

interface ScaleMerge {
  node: WorkNode;
  scale: number;
  /** Index of the MatMul input (input merge) the scale node feeds; -1 for the output merge. */
  at: number;
  /** The scale node's input that is not the scale (input merge). */
  unscaled?: string;
}

/** GetScaleFromNode: a Div by a scalar constant (input 1) or a Mul by one (either input), with the other input's index. */
function scaleOf(g: WorkGraph, n: WorkNode): { scale: number; other: number } | null {
  if (n.domain !== '' || n.inputs.length !== 2) return null;
  const scalarAt = (i: number) => {
    const t = g.tensor(n.inputs[i]!);
    const otherRank = rankOf(g, n.inputs[1 - i]!);
    if (!t?.constant || !t.shape || t.shape.length > Math.max(otherRank, 0)) return null;
    const v = scalarConstant(g, n.inputs[i]!);
    // Integer scales must be exact in float32 (IsIntegralExactlyRepresentableAsFloat).
    return v !== null && (!t.dtype.startsWith('int') || Math.fround(v) === v) ? v : null;
  };
  if (n.op === 'Div') {
    const d = scalarAt(1);
    return d === null ? null : { scale: g.tensor(n.inputs[1]!)!.dtype === 'float64' ? 1 / d : Math.fround(1 / Math.fround(d)), other: 0 };
  }
  if (n.op === 'Mul') {
    for (const i of [0, 1]) {
      const m = scalarAt(i);
      if (m !== null) return { scale: m, other: 1 - i };
    }
  }
  return null;
}

/**
 * MatMulScaleFusion (SOURCES.ortMatMulScaleFusion): a MatMul whose input is scaled by a Mul/Div with
 * a scalar constant, or whose only consumer scales its output, runs as com.microsoft FusedMatMul with
 * the product of the scales as `alpha`. An input scale node with other consumers stays.
 */
export function fuseMatMulScale(g: WorkGraph): number {
  let changed = 0;
  const CPU_TYPES: ReadonlySet<DType> = new Set(['float32', 'float64']);
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const mm = liveNodes[li]!;
    if (mm.removed || !((mm.op === 'MatMul' && mm.domain === '') || (mm.op === 'FusedMatMul' && mm.domain === 'com.microsoft'))) continue;
    if (!mm.inputs.every((i) => CPU_TYPES.has(g.tensor(i)?.dtype ?? 'unknown'))) continue;
    const merges: ScaleMerge[] = [];
    mm.inputs.forEach((input, at) => {
      const p = g.producer(input);
      const s = p ? scaleOf(g, p) : null;
      if (!p || !s) return;
      const unscaled = p.inputs[s.other]!;
      if (rankOf(g, unscaled) <= 0) return; // the non-scale input must have a known, non-scalar shape
      merges.push({ node: p, scale: s.scale, at, unscaled });
    });
    if (checkOutputEdges(g, mm, 1)) {
      const c = firstChild(g, mm)!;
      const s = scaleOf(g, c);
      if (s && c.inputs[s.other] === mm.outputs[0]) merges.push({ node: c, scale: s.scale, at: -1 });
    }
    if (merges.length === 0) continue;
    const prior = mm.attributes.alpha;
    let alpha = prior?.type === 'float' ? prior.value : 1;
    for (const m of merges) alpha = Math.fround(alpha * m.scale);
    const inputs = [...mm.inputs];
    for (const m of merges) if (m.at >= 0) inputs[m.at] = m.unscaled!;
    const why = `fused into FusedMatMul '${mm.name}' as alpha (ONNX Runtime MatMulScaleFusion, CPU EP)`;
    let out = mm.outputs[0]!;
    g.setInputs(mm, inputs);
    for (const m of merges) {
      if (m.at < 0) {
        out = m.node.outputs[0]!;
        g.merge(m.node, mm, 'fused', why);
      } else if (outputEdges(g, m.node) === 0 && !producesGraphOutput(g, m.node)) {
        g.merge(m.node, mm, 'fused', why);
      }
    }
    mm.op = 'FusedMatMul';
    mm.canonicalOp = 'FusedMatMul';
    mm.domain = 'com.microsoft';
    mm.attributes = { ...mm.attributes, alpha: { type: 'float', value: alpha } };
    g.setOutputs(mm, [out]);
    changed++;
  }
  return changed;
}

/** optimizer_utils::IsScalar: a tensor of rank 0, or rank 1 of one element. */
function isScalarShape(g: WorkGraph, name: string): boolean {
  const shape = g.tensor(name)?.shape;
  return shape !== undefined && shape !== null && (shape.length === 0 || (shape.length === 1 && shape[0] === 1));
}

/**
 * QuickGeluFusion (SOURCES.ortQuickGeluFusion; after SkipLayerNormFusion in SOURCES.ortLevel2Cpu):
 * x · Sigmoid(x) (SiLU / Swish) or x · Sigmoid(α · x) becomes one com.microsoft QuickGelu with
 * `alpha` (1 without the scaling Mul). The Sigmoid has one output edge and its first consumer is the
 * Mul whose other input is x; a scaling Mul (one output edge, a scalar float/double constant) feeds
 * the Sigmoid. The matcher checks no input type and not the final Mul's edges.
 */
export function fuseQuickGelu(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const node = liveNodes[li]!;
    if (node.removed) continue;
    const nodes: WorkNode[] = [];
    let x: string | undefined;
    let alpha = 1;
    let sigmoid: WorkNode | undefined = node;
    if (isOp(node, 'Mul') && outputEdges(g, node) === 1) {
      // The first scalar constant input of float or double type is α (float16 α: not read here, left unfused).
      const at = node.inputs.findIndex((i) => i !== '' && isScalarShape(g, i) && g.isConstant(i) && ['float32', 'float64', 'float16'].includes(g.tensor(i)!.dtype));
      if (at >= 0) {
        const v = g.tensor(node.inputs[at]!)!.dtype === 'float16' ? null : scalarConstant(g, node.inputs[at]!);
        if (v === null || node.inputs.length !== 2) continue;
        alpha = Math.fround(v);
        x = node.inputs[(at + 1) % 2]!;
        nodes.push(node);
        sigmoid = firstChild(g, node);
      }
    }
    if (!isOp(sigmoid, 'Sigmoid') || outputEdges(g, sigmoid) !== 1) continue;
    // A Sigmoid whose output is also a graph output: ORT's matcher does not check it; not modelled.
    if (producesGraphOutput(g, sigmoid)) continue;
    nodes.push(sigmoid);
    x ??= sigmoid.inputs[0]!;
    const mul = firstChild(g, sigmoid);
    if (!isOp(mul, 'Mul') || mul.inputs.length !== 2) continue;
    const at = mul.inputs.indexOf(sigmoid.outputs[0]!);
    if (mul.inputs[(at + 1) % 2] !== x) continue;
    nodes.push(mul);
    const keep = nodes[0]!;
    const why = `fused into QuickGelu '${keep.name}' (ONNX Runtime QuickGeluFusion, CPU EP)`;
    for (const n of nodes.slice(1)) g.merge(n, keep, 'fused', why);
    keep.op = 'QuickGelu';
    keep.canonicalOp = 'QuickGelu';
    keep.domain = 'com.microsoft';
    keep.attributes = { alpha: { type: 'float', value: alpha } };
    g.setInputs(keep, [x]);
    g.setOutputs(keep, [mul.outputs[0]!]);
    changed++;
  }
  return changed;
}
