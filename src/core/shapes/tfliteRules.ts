// Shape rules for TFLite builtins (NHWC activations, OHWI conv weights, [1,H,W,C] depthwise
// weights, [out, in] fully-connected weights). TFLite files store every shape, so these rules
// exist to CHECK them: a disagreement is reported, the stored shape is kept.

import type { Dim, Node } from '../ir/model';
import { ShapeError, type NodeCtx, type ShapeRule } from './context';
import { dimFloorDiv, dimProduct, normAxis } from './dims';
import { broadcastShapes } from './ops/broadcast';
import { slidingOutput } from './ops/conv';
import { matmulShape } from './ops/linalg';

function windowed(c: NodeCtx, kernel: number[], channels: Dim): void {
  const xs = c.need(0);
  if (xs.length !== 4) throw new ShapeError(`input must be NHWC, got rank ${xs.length}`);
  const w = {
    kernel,
    strides: c.ints('strides') ?? [1, 1],
    dilations: c.ints('dilations') ?? [1, 1],
    pads: [0, 0, 0, 0],
    autoPad: c.str('auto_pad', 'VALID'),
  };
  const [h, wd] = slidingOutput([xs[1]!, xs[2]!], w, false);
  c.set(0, c.dtype(0), [xs[0]!, h!, wd!, channels]);
}

const conv2d: ShapeRule = (c) => {
  const w = c.need(1);
  windowed(c, [Number(w[1]), Number(w[2])], w[0]!);
};

const depthwise: ShapeRule = (c) => {
  const w = c.need(1);
  windowed(c, [Number(w[1]), Number(w[2])], w[3]!);
};

const pool2d: ShapeRule = (c) => {
  const xs = c.need(0);
  windowed(c, c.ints('kernel_shape') ?? [1, 1], xs[3]!);
};

const fullyConnected: ShapeRule = (c) => {
  const xs = c.need(0);
  const w = c.need(1);
  const [out, k] = [w[0]!, w[1]!];
  if (c.int('keep_num_dims', 0) === 1) c.set(0, c.dtype(0), [...xs.slice(0, -1), out]);
  else c.set(0, c.dtype(0), [dimFloorDiv(dimProduct(xs), k), out]);
};

const same: ShapeRule = (c) => c.set(0, c.dtype(0), c.shape(0));

const binary: ShapeRule = (c) => c.set(0, c.dtype(0), broadcastShapes([c.need(0), c.need(1)], c));

const reshape: ShapeRule = (c) => {
  const target: Dim[] | undefined = (c.has(1) ? c.value(1) : undefined) ?? c.ints('new_shape');
  if (!target) return;
  const xs = c.need(0);
  const out = [...target];
  const at = out.indexOf(-1);
  if (at >= 0) {
    const total = dimProduct(xs);
    const part = dimProduct(out.filter((_, i) => i !== at));
    out[at] = typeof total === 'number' && typeof part === 'number' && part !== 0 ? total / part : c.fresh('reshape');
  }
  c.set(0, c.dtype(0), out);
};

const concatenation: ShapeRule = (c) => {
  const shapes = c.node.inputs.map((_, i) => c.need(i));
  const first = shapes[0];
  if (!first) return;
  const axis = normAxis(c.int('axis', 0), first.length);
  if (axis === null) throw new ShapeError('axis out of range');
  const out = [...first];
  for (const s of shapes.slice(1)) out[axis] = (out[axis] as number) + (s[axis] as number);
  c.set(0, c.dtype(0), out);
};

const reducer: ShapeRule = (c) => {
  const xs = c.need(0);
  const axes = c.numbers(1);
  if (!axes) return;
  const set = new Set(axes.map((a) => normAxis(a, xs.length)));
  const keep = c.int('keepdims', 0) === 1;
  c.set(0, c.dtype(0), xs.flatMap((d, i) => (set.has(i) ? (keep ? [1] : []) : [d])));
};

const padOp: ShapeRule = (c) => {
  const xs = c.need(0);
  const p = c.numbers(1);
  if (!p) return;
  c.set(0, c.dtype(0), xs.map((d, i) => (typeof d === 'number' ? d + p[2 * i]! + p[2 * i + 1]! : d)));
};

const transposeOp: ShapeRule = (c) => {
  const xs = c.need(0);
  const perm = c.numbers(1);
  if (!perm) return;
  c.set(0, c.dtype(0), perm.map((p) => xs[p]!));
};

const batchMatmul: ShapeRule = (c) => {
  const t = (s: Dim[], on: boolean): Dim[] => (on ? [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!] : s);
  c.set(0, c.dtype(0), matmulShape(t(c.need(0), c.int('adj_x', 0) === 1), t(c.need(1), c.int('adj_y', 0) === 1), c));
};

const RULES: Record<string, ShapeRule> = {
  CONV_2D: conv2d, DEPTHWISE_CONV_2D: depthwise, AVERAGE_POOL_2D: pool2d, MAX_POOL_2D: pool2d, L2_POOL_2D: pool2d,
  FULLY_CONNECTED: fullyConnected, RESHAPE: reshape, CONCATENATION: concatenation,
  MEAN: reducer, SUM: reducer, REDUCE_MAX: reducer, REDUCE_MIN: reducer, REDUCE_PROD: reducer,
  PAD: padOp, PADV2: padOp, TRANSPOSE: transposeOp, BATCH_MATMUL: batchMatmul,
  ADD: binary, SUB: binary, MUL: binary, DIV: binary, MAXIMUM: binary, MINIMUM: binary, SQUARED_DIFFERENCE: binary,
  POW: binary, FLOOR_DIV: binary, FLOOR_MOD: binary,
};
for (const op of ['RELU', 'RELU6', 'RELU_N1_TO_1', 'LOGISTIC', 'TANH', 'HARD_SWISH', 'LEAKY_RELU', 'PRELU', 'ELU', 'GELU',
  'SOFTMAX', 'LOG_SOFTMAX', 'QUANTIZE', 'DEQUANTIZE', 'EXP', 'LOG', 'SQRT', 'RSQRT', 'SQUARE', 'NEG', 'ABS', 'SIN', 'COS',
  'FLOOR', 'CEIL', 'ROUND', 'CAST', 'L2_NORMALIZATION', 'LOCAL_RESPONSE_NORMALIZATION']) {
  RULES[op] = same;
}

export function tfliteRule(node: Node): ShapeRule | undefined {
  if (node.domain !== 'tflite') return undefined;
  return Object.hasOwn(RULES, node.op) ? RULES[node.op] : undefined;
}
