// Elementwise operators: unary math and activations keep their input's shape; binary and variadic
// ops broadcast. Arithmetic on small constant values is folded, because exporters compute Reshape
// targets with Add/Mul/Div on Shape outputs.

import { isFloat, type DType } from '../../ir/dtype';
import type { Dim } from '../../ir/model';
import type { NodeCtx, ShapeRule } from '../context';
import { dimAdd, dimFloorDiv, dimMul, dimSub } from '../dims';
import { broadcastShapes } from './broadcast';
import { lookupTable } from '../../util/lookup';

export const UNARY_SAME = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Erf', 'Exp', 'Floor', 'Log', 'Neg',
  'Reciprocal', 'Round', 'Sign', 'Sin', 'Sinh', 'Sqrt', 'Tan', 'Tanh', 'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Celu',
  'Sigmoid', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign', 'ThresholdedRelu', 'Shrink', 'Mish', 'Gelu',
  'Identity', 'Clip', 'LRN', 'MeanVarianceNormalization',
  'LpNormalization', 'GroupNormalization', 'Trilu', 'ReverseSequence', 'ScatterElements', 'Scatter', 'ScatterND',
  'BitwiseNot', 'Not',
] as const;

/** Unary ops worth folding: exporters compute Range/Resize sizes with them on scalars. */
const UNARY_FOLDS = lookupTable<(x: number) => number>({
  Identity: (x) => x, Ceil: Math.ceil, Floor: Math.floor, Round: (x) => Math.round(x), Relu: (x) => Math.max(0, x),
  Neg: (x) => -x, Abs: Math.abs, Sqrt: Math.sqrt,
});

/** Output 0 = input 0's dtype and shape; small values are folded for simple unary math. */
export const sameAsInput: ShapeRule = (c) => {
  const s = c.shape(0);
  const v = c.value(0);
  let value: Dim[] | undefined;
  if (v && c.node.op === 'Identity') value = v;
  else if (v && UNARY_FOLDS.has(c.node.op) && v.every((d) => typeof d === 'number')) value = (v as number[]).map(UNARY_FOLDS.get(c.node.op)!);
  c.set(0, c.dtype(0), s, value);
};

export const toBool: ShapeRule = (c) => c.set(0, 'bool', c.shape(0));

type Fold = (a: Dim, b: Dim, dtype: DType) => Dim | null;

const FOLDS = lookupTable<Fold>({
  Add: (a, b) => dimAdd(a, b),
  Sub: (a, b) => dimSub(a, b),
  Mul: (a, b) => dimMul(a, b),
  Div: (a, b, dt) => {
    if (typeof a === 'number' && typeof b === 'number') return isFloat(dt) ? a / b : b === 0 ? null : Math.trunc(a / b);
    return isFloat(dt) ? null : dimFloorDiv(a, b);
  },
  Max: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Math.max(a, b) : a === b ? a : null),
  Min: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Math.min(a, b) : a === b ? a : null),
  Mod: (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? a - b * Math.floor(a / b) : null),
  Pow: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a ** b : null),
  Equal: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a === b) : a === b ? 1 : null),
  Less: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a < b) : null),
  Greater: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a > b) : null),
  LessOrEqual: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a <= b) : null),
  GreaterOrEqual: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a >= b) : null),
  And: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a !== 0 && b !== 0) : null),
  Or: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Number(a !== 0 || b !== 0) : null),
});

/** Folds values of same-length (or scalar-broadcast) operands; undefined if any element cannot be folded. */
function foldValues(values: (Dim[] | undefined)[], fold: Fold, dtype: DType): Dim[] | undefined {
  if (values.some((v) => v === undefined)) return undefined;
  const vs = values as Dim[][];
  const n = vs.reduce((m, v) => Math.max(m, v.length), 0);
  if (vs.some((v) => v.length !== n && v.length !== 1)) return undefined;
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    let acc: Dim | null = vs[0]![vs[0]!.length === 1 ? 0 : i]!;
    for (let k = 1; k < vs.length && acc !== null; k++) acc = fold(acc, vs[k]![vs[k]!.length === 1 ? 0 : i]!, dtype);
    if (acc === null) return undefined;
    out.push(isFloat(dtype) || typeof acc !== 'number' ? acc : Math.trunc(acc));
  }
  return out;
}

/**
 * The opset from which an ONNX op broadcasts as numpy does: before it, Add/Sub/Mul/Div/Pow, the
 * comparisons, logic ops and PRelu broadcast "legacy" style (B's shape a contiguous run of A's
 * dims, from the `axis` attribute: a PRelu-6 slope of [C] on [N, C, H] is per channel), and
 * Sum/Max/Min/Mean take inputs of one shape. ONNX's own inference for those versions gives the
 * first input's shape (onnx/onnx@f754691 onnx/defs/math/old.cc:2118-2186 MathDocGenerator_old,
 * "Result, has same dimensions and type as A"; PRelu-6 :2532; Max/Min/Sum/Mean-6 :2903-2948, all
 * propagateShapeAndTypeFromFirstInput), and so does this rule: numpy's would call valid models invalid.
 */
const NUMPY_BROADCAST_SINCE: ReadonlyMap<string, number> = new Map([['Sum', 8], ['Max', 8], ['Min', 8], ['Mean', 8]]);

function legacyBroadcast(c: NodeCtx): boolean {
  if (c.node.domain !== '' && c.node.domain !== 'ai.onnx') return false;
  return c.opset < (NUMPY_BROADCAST_SINCE.get(c.node.op) ?? 7);
}

function broadcastRule(outDtype: (c: NodeCtx) => DType, inputs: (c: NodeCtx) => number[]): ShapeRule {
  return (c) => {
    const idx = inputs(c).filter((i) => c.has(i));
    const dtype = outDtype(c);
    if (legacyBroadcast(c)) {
      c.set(0, dtype, c.need(idx[0] ?? 0));
      return;
    }
    const shapes = idx.map((i) => c.need(i));
    const out = broadcastShapes(shapes, c);
    const fold = FOLDS.get(c.node.op);
    const value = fold && out.length <= 1 ? foldValues(idx.map((i) => c.value(i)), fold, c.dtype(idx[0]!)) : undefined;
    c.set(0, dtype, out, value);
  };
}

const allInputs = (c: NodeCtx): number[] => c.node.inputs.map((_, i) => i);

/** Arithmetic with output dtype = first input's (Add, Pow, Max, Sum, PRelu, BitShift...). */
export const broadcastSameType = broadcastRule((c) => c.dtype(0), allInputs);
/** Comparisons and logic: bool output. */
export const broadcastBool = broadcastRule(() => 'bool', allInputs);

export const where: ShapeRule = (c) => {
  const out = broadcastShapes([c.need(0), c.need(1), c.need(2)], c);
  const cond = c.value(0);
  const x = c.value(1);
  const y = c.value(2);
  let value: Dim[] | undefined;
  if (cond && x && y && out.length <= 1) {
    const n = Math.max(cond.length, x.length, y.length);
    const at = (v: Dim[], i: number): Dim => v[v.length === 1 ? 0 : i]!;
    value = [];
    for (let i = 0; i < n; i++) {
      const k = at(cond, i);
      if (typeof k !== 'number') { value = undefined; break; }
      value.push(k !== 0 ? at(x, i) : at(y, i));
    }
  }
  c.set(0, c.dtype(1), out, value);
};

export const BINARY_SAME = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'PRelu', 'BitShift', 'Max', 'Min', 'Sum', 'Mean', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor'] as const;
export const BINARY_BOOL = ['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor'] as const;
