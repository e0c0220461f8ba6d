// Which element types ONNX Runtime's CPU EP has kernels for, op version by op version: the cases
// the probe (probe.ts) and the oracle test (test/oracle-ort-kernels.test.ts) build. One small valid
// model per (op, schema version, element type of its typed input — input 0 but for Where, opset):
// that input is a graph input of the type, the others what the op needs (constants of the usual
// index types, Where's bool condition), at the first and the last opset the schema version is in
// effect at. ONNX Runtime answers at session creation: "Could not find an implementation for
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
};

/** Input 0's shape where [2, 4] does not fit the op (pools and BatchNormalization take NCHW). */
const SHAPES: Record<string, number[]> = { AveragePool: [1, 2, 4, 4], MaxPool: [1, 2, 4, 4], BatchNormalization: [1, 2, 4, 4] };

/** The input whose element type is probed and checked, where it is not input 0 (Where's condition is always bool). */
export const TYPED_INPUT: Record<string, number> = { Where: 1 };

const BOOL_OUT = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'IsNaN']);
const INT64_OUT = new Set(['ArgMax', 'ArgMin', 'Shape', 'Size']);

function outputType(op: string, t: DType): DType {
  return BOOL_OUT.has(op) ? 'bool' : INT64_OUT.has(op) ? 'int64' : op === 'Cast' ? 'float32' : t;
}

/** Ops whose nodes take extra structure at some versions (attributes that became inputs): the version's own form. */
function build(op: string, since: number, t: DType): OnnxGraphBuilder | null {
  const base = typedInput(new OnnxGraphBuilder(`${op}_${since}_${t}`), 'x', t, SHAPES[op] ?? [2, 4]);
  if (op === 'Mod' && (t === 'float32' || t === 'float64' || t === 'float16' || t === 'bfloat16')) return base.node('Mod', ['x', 'x'], ['y'], { fmod: 1 });
  if (op === 'TopK' && since < 10) return base.node('TopK', ['x'], ['y', 'indices'], { k: 1 });
  if (op === 'Cast' && since < 6) return null; // Cast-1 names its target type as a string; models of opset < 6 are rare
  return PROBED[op]!(base, t);
}

export interface ProbeCase {
  op: string;
  /** The schema version the node resolves to. */
  since: number;
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

/** The element types ONNX allows for `op`'s typed input at `opset`. */
export function allowedTypes(op: string, opset: number): DType[] {
  const schema = schemaFor(op, opset);
  const typed = schema?.[2][TYPED_INPUT[op] ?? 0];
  return typed ? ([...(typeSet(typed[1]) ?? [])].sort() as DType[]) : [];
}

/** Every case: each probed op, version and element type its schema allows for the typed input. */
export function probeCases(): ProbeCase[] {
  const out: ProbeCase[] = [];
  for (const op of Object.keys(PROBED).sort()) {
    for (const { since, opsets } of versionsOf(op)) {
      for (const dtype of allowedTypes(op, opsets[0]!)) {
        if (NOT_PROBED.has(dtype)) continue;
        for (const opset of opsets) {
          const graph = build(op, since, dtype);
          if (!graph) continue;
          const y = outputType(op, dtype);
          out.push({ op, since, opset, dtype, graph: BEHIND_CAST.has(y) ? graph.node('Cast', ['y'], ['y_f32'], { to: 1 }).output('y_f32', 'float32', null) : graph.output('y', y, null) });
        }
      }
    }
  }
  return out;
}

/** The other ops a probe model holds: Casts around types the binding cannot pass, MatMul's Reshape, Squeeze's Unsqueeze. */
const HELPERS = new Set(['Cast', 'Reshape', 'Unsqueeze']);

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
