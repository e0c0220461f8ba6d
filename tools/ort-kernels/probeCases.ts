// Which element types ONNX Runtime's CPU EP has kernels for, op version by op version: the cases
// the probe (probe.ts) and the oracle test (test/oracle-ort-kernels.test.ts) build. One small valid
// model per (op, schema version, typed input — input 0 but for Where, and Pow's exponent too —,
// element type of that input, opset): that input is a graph input of the type, the others what the
// op needs (constants of the usual index types, Where's bool condition, a float32 base under Pow's
// exponent), at the first and the last opset the schema version is in effect at. ONNX Runtime answers at session creation: "Could not find an implementation for
// Add(14) node" when no kernel takes the type.

import type { DType } from '../../src/core/ir/dtype';
import { onnxDataType } from '../../src/core/onnx/dtypes';
import { OnnxGraphBuilder } from '../../src/core/onnx/writeOnnx';
import { schemaFor, typeSet } from '../../src/core/shapes/onnxSchemaTable';

/**
 * From opset 1: ONNX Runtime loads older models but has no kernels for many op versions before
 * opset 7 (Add-6, Gemm-6, BatchNormalization-6: "Could not find an implementation for Add(6)"), and
 * a model keeps its old versions. 26 is ORT 1.30's newest opset (its own message, test/oracle-ort.test.ts).
 */
export const FIRST_OPSET = 1;
export const LAST_OPSET = 26;

type Build = (b: OnnxGraphBuilder, t: DType) => OnnxGraphBuilder;

/**
 * Element types onnxruntime-node cannot pass in or out of a session (its backend.js has no name for
 * them: "Unsupported data type: 16", whatever ONNX Runtime's kernels take). A tensor of such a type
 * enters as float32 through a Cast and leaves through one, so that ORT itself answers.
 */
const BEHIND_CAST = new Set<DType>(['bfloat16', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'float4e2m1', 'float8e8m0']);

/** A typed graph input `name` of type `t` and shape `shape`: the input itself, or a float32 input cast to `t`. */
function typedInput(b: OnnxGraphBuilder, name: string, t: DType, shape: number[]): OnnxGraphBuilder {
  if (!BEHIND_CAST.has(t)) return b.input(name, t, shape);
  return b.input(`${name}_f32`, 'float32', shape).node('Cast', [`${name}_f32`], [name], { to: onnxDataType(t) });
}

const i64 = (b: OnnxGraphBuilder, name: string, values: number[]) => b.initializer(name, 'int64', [values.length], values);
const unary = (op: string, attrs: Record<string, number> = {}): Build => (b) => b.node(op, ['x'], ['y'], attrs);
const binary = (op: string): Build => (b) => b.node(op, ['x', 'x'], ['y']);
/** Reductions: axes as an attribute before the opset where they became an input (ReduceSum 13, the others 18), none here: all axes. */
const reduce = (op: string): Build => (b) => b.node(op, ['x'], ['y'], { keepdims: 1 });

/**
 * The ops probed: the ones real models are made of, each with what its first input needs around it.
 * Not Dropout: ONNX Runtime's optimizer removes it (but where it produces a graph output), and so
 * does DeployLens's lowering (test/lowering-ort-noops.test.ts); the probe asks ORT without graph
 * optimizations ('inspect'), where a bfloat16 Dropout has no kernel, a node neither keeps.
 * Input 0 is `x` [2, 4] (SHAPES where that does not fit); the output `y` is declared with its type, without a shape.
 */
export const PROBED: Record<string, Build> = {
  Abs: unary('Abs'), Neg: unary('Neg'), Relu: unary('Relu'), Sigmoid: unary('Sigmoid'), Tanh: unary('Tanh'), Exp: unary('Exp'),
  Log: unary('Log'), Sqrt: unary('Sqrt'), Reciprocal: unary('Reciprocal'), Floor: unary('Floor'), Ceil: unary('Ceil'),
  Round: unary('Round'), Erf: unary('Erf'), Sign: unary('Sign'), Sin: unary('Sin'), Cos: unary('Cos'), Softplus: unary('Softplus'),
  LeakyRelu: unary('LeakyRelu'), Elu: unary('Elu'), Selu: unary('Selu'), HardSigmoid: unary('HardSigmoid'), HardSwish: unary('HardSwish'),
  Softmax: unary('Softmax'), LogSoftmax: unary('LogSoftmax'), Identity: unary('Identity'), Flatten: unary('Flatten'),
  Transpose: unary('Transpose'), Shape: unary('Shape'), Size: unary('Size'), IsNaN: unary('IsNaN'), Not: unary('Not'),
  Add: binary('Add'), Sub: binary('Sub'), Mul: binary('Mul'), Div: binary('Div'), Pow: binary('Pow'), Equal: binary('Equal'),
  BitShift: (b) => b.node('BitShift', ['x', 'x'], ['y'], { direction: 'LEFT' }),
  Less: binary('Less'), Greater: binary('Greater'), LessOrEqual: binary('LessOrEqual'), GreaterOrEqual: binary('GreaterOrEqual'),
  Max: binary('Max'), Min: binary('Min'), Sum: binary('Sum'), Mean: binary('Mean'), And: binary('And'), Or: binary('Or'),
  MatMul: (b) => i64(b, 'shape', [4, 2]).node('Reshape', ['x', 'shape'], ['xt']).node('MatMul', ['x', 'xt'], ['y']),
  ReduceSum: reduce('ReduceSum'), ReduceMean: reduce('ReduceMean'), ReduceMax: reduce('ReduceMax'), ReduceMin: reduce('ReduceMin'),
  ReduceProd: reduce('ReduceProd'), ArgMax: unary('ArgMax'), ArgMin: unary('ArgMin'),
  Concat: (b) => b.node('Concat', ['x', 'x'], ['y'], { axis: 0 }),
  Reshape: (b) => i64(b, 'shape', [4, 2]).node('Reshape', ['x', 'shape'], ['y']),
  Expand: (b) => i64(b, 'shape', [2, 2, 4]).node('Expand', ['x', 'shape'], ['y']),
  Tile: (b) => i64(b, 'repeats', [1, 2]).node('Tile', ['x', 'repeats'], ['y']),
  Gather: (b) => i64(b, 'indices', [1]).node('Gather', ['x', 'indices'], ['y']),
  GatherElements: (b) => b.initializer('indices', 'int64', [2, 4], [0, 1, 0, 1, 1, 0, 1, 0]).node('GatherElements', ['x', 'indices'], ['y']),
  Where: (b) => b.input('cond', 'bool', [2, 4]).node('Where', ['cond', 'x', 'x'], ['y']),  // typed input: 1 (TYPED_INPUT)
  CumSum: (b) => b.initializer('axis', 'int64', [], [1]).node('CumSum', ['x', 'axis'], ['y']),
  TopK: (b) => i64(b, 'k', [1]).node('TopK', ['x', 'k'], ['y', 'indices']),
  Mod: (b) => b.node('Mod', ['x', 'x'], ['y']),
  Cast: (b) => b.node('Cast', ['x'], ['y'], { to: 1 }),
  Gemm: (b, t) => typedInput(typedInput(b, 'w', t, [4, 3]), 'c', t, [3]).node('Gemm', ['x', 'w', 'c'], ['y']),
  PRelu: (b, t) => typedInput(b, 'slope', t, [4]).node('PRelu', ['x', 'slope'], ['y']),
  AveragePool: (b) => b.node('AveragePool', ['x'], ['y'], { kernel_shape: [2, 2] }),
  MaxPool: (b) => b.node('MaxPool', ['x'], ['y'], { kernel_shape: [2, 2] }),
  BatchNormalization: (b, t) => ['scale', 'bias', 'mean', 'var'].reduce((g, n) => typedInput(g, n, t, [2]), b)
    .node('BatchNormalization', ['x', 'scale', 'bias', 'mean', 'var'], ['y']),
  // Convolutions and normalizations (input 0 NCHW [1, 2, 4, 4]: SHAPES), their weights of the same type.
  Conv: (b, t) => typedInput(b, 'w', t, [3, 2, 3, 3]).node('Conv', ['x', 'w'], ['y']),
  ConvTranspose: (b, t) => typedInput(b, 'w', t, [2, 3, 3, 3]).node('ConvTranspose', ['x', 'w'], ['y']),
  InstanceNormalization: (b, t) => typedInput(typedInput(b, 'scale', t, [2]), 'bias', t, [2]).node('InstanceNormalization', ['x', 'scale', 'bias'], ['y']),
  LayerNormalization: (b, t) => typedInput(typedInput(b, 'scale', t, [4]), 'bias', t, [4]).node('LayerNormalization', ['x', 'scale', 'bias'], ['y']),
  GlobalAveragePool: unary('GlobalAveragePool'), GlobalMaxPool: unary('GlobalMaxPool'), LRN: unary('LRN', { size: 3 }),
  MeanVarianceNormalization: unary('MeanVarianceNormalization'),
  DepthToSpace: unary('DepthToSpace', { blocksize: 2 }), SpaceToDepth: unary('SpaceToDepth', { blocksize: 2 }),
  // Elementwise and activations.
  Sinh: unary('Sinh'), Cosh: unary('Cosh'), Tan: unary('Tan'), Asin: unary('Asin'), Acos: unary('Acos'), Atan: unary('Atan'),
  Asinh: unary('Asinh'), Acosh: unary('Acosh'), Atanh: unary('Atanh'), Softsign: unary('Softsign'), Celu: unary('Celu'),
  ThresholdedRelu: unary('ThresholdedRelu'), Mish: unary('Mish'), Gelu: unary('Gelu'), Hardmax: unary('Hardmax'), IsInf: unary('IsInf'),
  Clip: unary('Clip'), NonZero: unary('NonZero'), Trilu: unary('Trilu'), Xor: binary('Xor'),
  BitwiseAnd: binary('BitwiseAnd'), BitwiseOr: binary('BitwiseOr'), BitwiseXor: binary('BitwiseXor'), BitwiseNot: unary('BitwiseNot'),
  ReduceL1: reduce('ReduceL1'), ReduceL2: reduce('ReduceL2'), ReduceLogSum: reduce('ReduceLogSum'),
  ReduceLogSumExp: reduce('ReduceLogSumExp'), ReduceSumSquare: reduce('ReduceSumSquare'),
  Einsum: (b) => b.node('Einsum', ['x'], ['y'], { equation: 'ij->ji' }),
  // Shape and indexing (their index inputs int64 constants).
  Squeeze: (b) => i64(b, 'axes', [0]).node('Squeeze', ['x', 'axes'], ['y']),
  Unsqueeze: (b) => i64(b, 'axes', [0]).node('Unsqueeze', ['x', 'axes'], ['y']),
  Slice: (b) => i64(i64(b, 'starts', [0]), 'ends', [1]).node('Slice', ['x', 'starts', 'ends'], ['y']),
  Pad: (b) => i64(b, 'pads', [0, 1, 0, 1]).node('Pad', ['x', 'pads'], ['y']),
  Split: (b) => b.node('Split', ['x'], ['y', 'y2'], { axis: 1 }),
  GatherND: (b) => b.initializer('indices', 'int64', [1, 1], [0]).node('GatherND', ['x', 'indices'], ['y']),
  ScatterND: (b, t) => typedInput(b.initializer('indices', 'int64', [1, 1], [0]), 'updates', t, [1, 4]).node('ScatterND', ['x', 'indices', 'updates'], ['y']),
  ScatterElements: (b, t) => typedInput(b.initializer('indices', 'int64', [1, 1], [0]), 'updates', t, [1, 1]).node('ScatterElements', ['x', 'indices', 'updates'], ['y']),
  Range: (b, t) => typedInput(typedInput(b, 'limit', t, []), 'delta', t, []).node('Range', ['x', 'limit', 'delta'], ['y']),
  // Quantization: QuantizeLinear's float input (uint8 out: no zero point), DequantizeLinear's integer input (float32 out).
  QuantizeLinear: (b) => b.initializer('scale', 'float32', [], [0.1]).node('QuantizeLinear', ['x', 'scale'], ['y']),
  DequantizeLinear: (b) => b.initializer('scale', 'float32', [], [0.1]).node('DequantizeLinear', ['x', 'scale'], ['y']),
  // Integer matmul and convolution (dynamic quantization): input 0 here under uint8 weights; the weights' own cases in PROBED_LATER.
  MatMulInteger: (b) => b.input('w', 'uint8', [4, 3]).node('MatMulInteger', ['x', 'w'], ['y']),
  ConvInteger: (b) => b.input('w', 'uint8', [3, 2, 3, 3]).node('ConvInteger', ['x', 'w'], ['y']),
};

/** Input 0's shape where [2, 4] does not fit the op (pools and BatchNormalization take NCHW). */
const NCHW = [1, 2, 4, 4];
const SHAPES: Record<string, number[]> = {
  AveragePool: NCHW, MaxPool: NCHW, BatchNormalization: NCHW, Conv: NCHW, ConvTranspose: NCHW, InstanceNormalization: NCHW,
  GlobalAveragePool: NCHW, GlobalMaxPool: NCHW, LRN: NCHW, MeanVarianceNormalization: NCHW, DepthToSpace: [1, 4, 2, 2],
  SpaceToDepth: NCHW, ConvInteger: NCHW, Range: [], Squeeze: [1, 2, 4],
};

/**
 * The inputs whose element types are probed and checked, where not input 0 alone: Where's condition
 * is always bool (input 1 is the typed one); Pow's exponent has a type parameter of its own from
 * Pow-12 (T1), and ONNX Runtime's kernels take fewer exponent types than ONNX allows.
 */
const TYPED_INPUTS: Record<string, number[]> = { Where: [1], Pow: [0, 1], MatMulInteger: [0, 1], ConvInteger: [0, 1] };

/** The inputs of `op` the probe asks about, its first typed input first. */
export function typedInputs(op: string): number[] {
  return TYPED_INPUTS[op] ?? [0];
}

/**
 * Models that probe an input after the op's first typed one: the other inputs fixed at float32, the
 * probed one `e` of the type (Pow's exponent under a float32 base).
 */
const PROBED_LATER: Record<string, Record<number, (b: OnnxGraphBuilder, t: DType) => OnnxGraphBuilder>> = {
  Pow: { 1: (b, t) => typedInput(b.input('x', 'float32', [2, 4]), 'e', t, [2, 4]).node('Pow', ['x', 'e'], ['y']) },
  MatMulInteger: { 1: (b, t) => b.input('x', 'uint8', [2, 4]).input('e', t, [4, 3]).node('MatMulInteger', ['x', 'e'], ['y']) },
  ConvInteger: { 1: (b, t) => b.input('x', 'uint8', NCHW).input('e', t, [3, 2, 3, 3]).node('ConvInteger', ['x', 'e'], ['y']) },
};

const BOOL_OUT = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'IsNaN', 'IsInf']);
const INT64_OUT = new Set(['ArgMax', 'ArgMin', 'Shape', 'Size', 'NonZero']);
const INT32_OUT = new Set(['MatMulInteger', 'ConvInteger']);

function outputType(op: string, t: DType, input: number): DType {
  if (INT32_OUT.has(op)) return 'int32';
  if (input !== typedInputs(op)[0]) return 'float32'; // the later inputs' models compute in float32
  if (op === 'QuantizeLinear') return 'uint8';
  return BOOL_OUT.has(op) ? 'bool' : INT64_OUT.has(op) ? 'int64' : op === 'Cast' || op === 'DequantizeLinear' ? 'float32' : t;
}

/** Ops whose nodes take extra structure at some versions (attributes that became inputs): the version's own form. */
function build(op: string, since: number, t: DType, input: number): OnnxGraphBuilder | null {
  const later = PROBED_LATER[op]?.[input];
  if (later) return later(new OnnxGraphBuilder(`${op}_${since}_in${input}_${t}`), t);
  const base = typedInput(new OnnxGraphBuilder(`${op}_${since}_${t}`), 'x', t, SHAPES[op] ?? [2, 4]);
  if (op === 'Mod' && (t === 'float32' || t === 'float64' || t === 'float16' || t === 'bfloat16')) return base.node('Mod', ['x', 'x'], ['y'], { fmod: 1 });
  if (op === 'TopK' && since < 10) return base.node('TopK', ['x'], ['y', 'indices'], { k: 1 });
  if (op === 'Cast' && since < 6) return null; // Cast-1 names its target type as a string; models of opset < 6 are rare
  // Index inputs that were attributes before: Squeeze/Unsqueeze axes (13), Slice starts/ends (10), Pad pads (11).
  if ((op === 'Squeeze' || op === 'Unsqueeze') && since < 13) return base.node(op, ['x'], ['y'], { axes: [0] });
  // QuantizeLinear's scale takes the input's type from version 19 (T1), a float before.
  if (op === 'QuantizeLinear' && since >= 19) return typedInput(base, 'scale', t, []).node('QuantizeLinear', ['x', 'scale'], ['y']);
  if (op === 'Slice' && since < 10) return base.node('Slice', ['x'], ['y'], { starts: [0], ends: [1] });
  if (op === 'Pad' && since < 11) return base.node('Pad', ['x'], ['y'], { pads: [0, 1, 0, 1] });
  if (op === 'Split' && since >= 18) return base.node('Split', ['x'], ['y', 'y2'], { axis: 1, num_outputs: 2 });
  return PROBED[op]!(base, t);
}

export interface ProbeCase {
  op: string;
  /** The schema version the node resolves to. */
  since: number;
  /** The input whose element type the case varies. */
  input: number;
  /** The model's opset: the schema version's own, or the first ORT loads. */
  opset: number;
  dtype: DType;
  graph: OnnxGraphBuilder;
}

/**
 * The since-versions of `op` in effect somewhere in [FIRST_OPSET, LAST_OPSET], each with the first
 * and the last opset it is in effect at: a model's opset decides more than the node's version (before
 * opset 6 ONNX Runtime cannot insert the float16 Cast it runs a float16 input through), so a type is
 * narrowed out of a version only when ONNX Runtime refuses it at both ends.
 */
export function versionsOf(op: string): { since: number; opsets: number[] }[] {
  const out: { since: number; opsets: number[] }[] = [];
  for (let opset = FIRST_OPSET; opset <= LAST_OPSET; opset++) {
    const s = schemaFor(op, opset);
    if (!s || s[1] === 1) continue;
    const cur = out[out.length - 1];
    if (cur && cur.since === s[0]) cur.opsets[1] = opset;
    else out.push({ since: s[0], opsets: [opset, opset] });
  }
  for (const v of out) if (v.opsets[0] === v.opsets[1]) v.opsets.length = 1;
  return out;
}

/**
 * Types not probed: ONNX's newest (float4e2m1 and float8e8m0, opsets 23–24), which onnxruntime-node
 * can only reach through a Cast that ORT 1.30 has no kernel for. A version's table keeps them (no
 * narrowing without ORT's answer).
 */
const NOT_PROBED = new Set<DType>(['float4e2m1', 'float8e8m0']);

/** The element types ONNX allows for `op`'s input `input` at `opset`. */
export function allowedTypes(op: string, opset: number, input: number): DType[] {
  const typed = schemaFor(op, opset)?.[2][input];
  return typed ? ([...(typeSet(typed[1]) ?? [])].sort() as DType[]) : [];
}

/**
 * Whether a later typed input has a type parameter of its own at `opset` (Pow's exponent from
 * Pow-12); where it shares the first one's (Pow-7: both T), the first input's cases decide.
 */
function ownTypeParameter(op: string, opset: number, input: number): boolean {
  const inputs = schemaFor(op, opset)?.[2];
  const first = typedInputs(op)[0]!;
  return input === first || (inputs?.[input] !== undefined && inputs[input]![0] !== inputs[first]?.[0]);
}

/** Every case: each probed op, version, typed input and element type its schema allows for that input. */
export function probeCases(): ProbeCase[] {
  const out: ProbeCase[] = [];
  for (const op of Object.keys(PROBED).sort()) {
    for (const { since, opsets } of versionsOf(op)) {
      for (const input of typedInputs(op)) {
        if (!ownTypeParameter(op, opsets[0]!, input)) continue;
        for (const dtype of allowedTypes(op, opsets[0]!, input)) {
          if (NOT_PROBED.has(dtype)) continue;
          for (const opset of opsets) {
            const graph = build(op, since, dtype, input);
            if (!graph) continue;
            const y = outputType(op, dtype, input);
            out.push({ op, since, input, opset, dtype, graph: BEHIND_CAST.has(y) ? graph.node('Cast', ['y'], ['y_f32'], { to: 1 }).output('y_f32', 'float32', null) : graph.output('y', y, null) });
          }
        }
      }
    }
  }
  return out;
}

/** The other ops a probe model holds: Casts around types the binding cannot pass, MatMul's Reshape. */
const HELPERS = new Set(['Cast', 'Reshape']);

/**
 * Whether ONNX Runtime's message (at session creation) says its CPU kernels do not take the type:
 * no kernel for the op's version and type, a type it does not register at all (complex), and, before
 * opset 6, the float16 → float Cast it inserts to run a float16 input on a float kernel, which is
 * invalid there (Cast-1 took its `to` as a string).
 */
export function noKernel(op: string, message: string): boolean {
  // The kernel ORT could not find is the probed op's, or one of its function body's when ORT expands
  // an op it has no kernel for (GreaterOrEqual-16 into Greater and Equal, HardSwish into HardSigmoid);
  // not a kernel of the helper nodes around it (HELPERS).
  const missing = /(?:Could not find an implementation for|Failed to find kernel for) (\w+)\(/.exec(message);
  if (missing) return missing[1] === op || !HELPERS.has(missing[1]!);
  return /is not currently registered or supported|InsertedPrecisionFreeCast/.test(message);
}
