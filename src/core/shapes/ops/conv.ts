// Convolution and pooling families (N, C, spatial...) with auto_pad, pads, strides, dilations and
// ceil_mode, plus their quantized and contrib forms, which only move the data/weight inputs around.

import type { DType } from '../../ir/dtype';
import type { Dim } from '../../ir/model';
import { InvalidShapeError, ShapeError, type NodeCtx, type ShapeRule } from '../context';
import { dimAdd, dimCeilDiv, dimFloorDiv, dimMul, dimSub } from '../dims';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
}

function windowOf(c: NodeCtx, spatial: number, kernel: number[]): Window {
  if (spatial < 1) throw new InvalidShapeError(`input has rank ${spatial + 2}; a sliding window needs at least 3 dims (N, C, spatial...)`);
  const strides = c.ints('strides') ?? Array<number>(spatial).fill(1);
  const dilations = c.ints('dilations') ?? Array<number>(spatial).fill(1);
  const pads = c.ints('pads') ?? Array<number>(spatial * 2).fill(0);
  if (kernel.length !== spatial) throw new InvalidShapeError(`kernel has ${kernel.length} dims, input has ${spatial} spatial dims`);
  // ONNX refuses these at load: "Attribute strides has incorrect size" (and dilations, pads).
  if (strides.length !== spatial) throw new InvalidShapeError(`strides has ${strides.length} values for ${spatial} spatial dims`);
  if (dilations.length !== spatial) throw new InvalidShapeError(`dilations has ${dilations.length} values for ${spatial} spatial dims`);
  if (pads.length !== spatial * 2) throw new InvalidShapeError(`pads has ${pads.length} values; ${spatial} spatial dims take ${spatial * 2}`);
  return { kernel, strides, dilations, pads, autoPad: c.str('auto_pad', 'NOTSET') };
}

/**
 * Output size of each spatial axis of a sliding window (Conv, pools). A window larger than its
 * padded input is invalid for a convolution (ONNX Runtime loads the model, then every run fails
 * with "Invalid input shape", test/oracle-ort.test.ts) but not for a pool, which ORT runs.
 */
export function slidingOutput(inSpatial: readonly Dim[], w: Window, ceilMode: boolean, windowMustFit = false): Dim[] {
  return inSpatial.map((size, i) => {
    const s = w.strides[i] ?? 1;
    const dk = ((w.kernel[i] ?? 1) - 1) * (w.dilations[i] ?? 1) + 1;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return dimCeilDiv(size, s);
    if (w.autoPad === 'VALID') return dimCeilDiv(dimSub(size, dk - 1), s);
    const padded = dimAdd(size, (w.pads[i] ?? 0) + (w.pads[i + inSpatial.length] ?? 0));
    const span = dimSub(padded, dk);
    if (typeof span === 'number' && span < 0) {
      const why = `window of ${dk} is larger than padded input ${String(padded)}`;
      throw windowMustFit ? new InvalidShapeError(why) : new ShapeError(why);
    }
    let out = dimAdd(ceilMode ? dimCeilDiv(span, s) : dimFloorDiv(span, s), 1);
    // With ceil_mode, a last window that would start inside the end padding is dropped (as ONNX and PyTorch do).
    if (ceilMode && typeof out === 'number' && typeof size === 'number' && (out - 1) * s >= size + (w.pads[i] ?? 0)) out -= 1;
    return out;
  });
}

/**
 * What a Conv's weight and bias must agree on with its input: W is [M, C / group, k...], B is [M].
 * ONNX Runtime loads a model that breaks one of these, and every run then fails (conv_attributes.h's
 * ValidateInputShape and Conv::Compute; their messages are matched in test/oracle-ort.test.ts), so
 * each is an invalid model, checked only where both sizes are numbers.
 */
function checkConvOperands(c: NodeCtx, xs: readonly Dim[], ws: readonly Dim[], kernelAttr: number[] | undefined): void {
  const group = c.int('group', 1);
  const [m, perGroup] = ws;
  const channels = xs[1];
  if (typeof channels === 'number' && typeof perGroup === 'number' && channels !== perGroup * group) {
    throw new InvalidShapeError(`input has ${channels} channels but the weight expects ${perGroup} × group ${group} = ${perGroup * group}`);
  }
  if (typeof m === 'number' && group > 0 && m % group !== 0) throw new InvalidShapeError(`the weight's ${m} output channels are not divisible by group ${group}`);
  const weightKernel = ws.slice(2);
  if (kernelAttr && weightKernel.length === kernelAttr.length && weightKernel.some((d, i) => typeof d === 'number' && d !== kernelAttr[i])) {
    throw new InvalidShapeError(`kernel_shape [${kernelAttr.join(', ')}] differs from the weight's spatial dims [${weightKernel.join(', ')}]`);
  }
  const bs = c.has(2) ? c.shape(2) : null;
  if (bs && typeof m === 'number' && (bs.length !== 1 || (typeof bs[0] === 'number' && bs[0] !== m))) {
    throw new InvalidShapeError(`bias is [${bs.join(', ')}]; it must be [${m}], one value per output channel`);
  }
}

function convLike(c: NodeCtx, x: number, w: number, dtype: DType): void {
  const xs = c.need(x);
  if (xs.length < 3) throw new InvalidShapeError(`input has rank ${xs.length}; convolution needs at least 3`);
  const ws = c.shape(w);
  const spatial = xs.length - 2;
  const plainConv = c.node.op === 'Conv';
  if (plainConv && ws) checkConvOperands(c, xs, ws, c.ints('kernel_shape'));
  const kernel = c.ints('kernel_shape') ?? ws?.slice(2).map((d) => (typeof d === 'number' ? d : NaN));
  const outC: Dim = ws?.[0] ?? c.fresh('channels');
  if (!kernel || kernel.some((k) => Number.isNaN(k))) {
    c.set(0, dtype, [xs[0]!, outC, ...c.freshShape(spatial, 'conv')]);
    return;
  }
  c.set(0, dtype, [xs[0]!, outC, ...slidingOutput(xs.slice(2), windowOf(c, spatial, kernel), false, plainConv)]);
}

export const conv: ShapeRule = (c) => convLike(c, 0, 1, c.dtype(0));
export const convInteger: ShapeRule = (c) => convLike(c, 0, 1, 'int32');
/** QLinearConv: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B. */
export const qlinearConv: ShapeRule = (c) => convLike(c, 0, 3, c.has(7) ? c.dtype(7) : c.dtype(0));

export const convTranspose: ShapeRule = (c) => {
  const xs = c.need(0);
  const ws = c.shape(1);
  const spatial = xs.length - 2;
  const group = c.int('group', 1);
  const outC: Dim = ws?.[1] !== undefined ? dimMul(ws[1], group) : c.fresh('channels');
  // W is [C, M / group, k...] and B is [M]: ORT loads a model that breaks either, then every run
  // fails (conv_transpose_attributes.h; messages matched in test/oracle-ort.test.ts).
  const channels = xs[1];
  if (typeof channels === 'number' && typeof ws?.[0] === 'number' && ws[0] !== channels) {
    throw new InvalidShapeError(`input has ${channels} channels but the weight's first dim is ${ws[0]}`);
  }
  const bs = c.has(2) ? c.shape(2) : null;
  if (bs && typeof outC === 'number' && (bs.length !== 1 || (typeof bs[0] === 'number' && bs[0] !== outC))) {
    throw new InvalidShapeError(`bias is [${bs.join(', ')}]; it must be [${outC}], one value per output channel`);
  }
  const kernel = c.ints('kernel_shape') ?? ws?.slice(2).map((d) => (typeof d === 'number' ? d : NaN));
  const outputShape = c.ints('output_shape');
  if (outputShape) {
    c.set(0, c.dtype(0), [xs[0]!, outC, ...outputShape.slice(-spatial)]);
    return;
  }
  if (!kernel || kernel.some((k) => Number.isNaN(k))) {
    c.set(0, c.dtype(0), [xs[0]!, outC, ...c.freshShape(spatial, 'convT')]);
    return;
  }
  const w = windowOf(c, spatial, kernel);
  const outPad = c.ints('output_padding') ?? Array<number>(spatial).fill(0);
  const out = xs.slice(2).map((size, i) => {
    const s = w.strides[i] ?? 1;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return dimMul(size, s);
    const dk = ((kernel[i] ?? 1) - 1) * (w.dilations[i] ?? 1) + 1;
    const pads = w.autoPad === 'VALID' ? 0 : (w.pads[i] ?? 0) + (w.pads[i + spatial] ?? 0);
    return dimAdd(dimMul(dimSub(size, 1), s), (outPad[i] ?? 0) + dk - pads);
  });
  c.set(0, c.dtype(0), [xs[0]!, outC, ...out]);
};

function poolLike(c: NodeCtx, x: number, channelsLast: boolean): void {
  const xs = c.need(x);
  if (xs.length < 3) throw new InvalidShapeError(`input has rank ${xs.length}; pooling needs at least 3 dims (N, C, spatial...)`);
  const kernel = c.ints('kernel_shape');
  if (!kernel) throw new ShapeError('kernel_shape is required');
  const spatial = xs.length - 2;
  const inSpatial = channelsLast ? xs.slice(1, -1) : xs.slice(2);
  const out = slidingOutput(inSpatial, windowOf(c, spatial, kernel), c.int('ceil_mode', 0) === 1);
  const shape = channelsLast ? [xs[0]!, ...out, xs[xs.length - 1]!] : [xs[0]!, xs[1]!, ...out];
  c.set(0, c.dtype(x), shape);
  if (c.node.op === 'MaxPool') c.set(1, 'int64', shape);
}

export const pool: ShapeRule = (c) => poolLike(c, 0, false);
/** com.microsoft QLinearAveragePool: X, x_scale, x_zero_point, y_scale, y_zero_point; may be NHWC. */
export const qlinearPool: ShapeRule = (c) => poolLike(c, 0, c.int('channels_last', 0) === 1);

export const globalPool: ShapeRule = (c) => {
  const xs = c.need(0);
  if (xs.length < 2) throw new InvalidShapeError(`input has rank ${xs.length}; global pooling needs at least 2 dims (N, C, ...)`);
  const channelsLast = c.int('channels_last', 0) === 1;
  const shape = channelsLast
    ? [xs[0]!, ...xs.slice(1, -1).map(() => 1), xs[xs.length - 1]!]
    : [xs[0]!, xs[1]!, ...xs.slice(2).map(() => 1)];
  c.set(0, c.dtype(0), shape);
};

export const maxUnpool: ShapeRule = (c) => {
  const xs = c.need(0);
  const spatial = xs.length - 2;
  const explicit = c.value(2);
  if (explicit) {
    c.set(0, c.dtype(0), explicit);
    return;
  }
  if (c.has(2)) {
    c.set(0, c.dtype(0), c.freshShape(xs.length, 'unpool'));
    return;
  }
  const kernel = c.ints('kernel_shape');
  if (!kernel) throw new ShapeError('kernel_shape is required');
  const w = windowOf(c, spatial, kernel);
  const out = xs.slice(2).map((size, i) =>
    dimAdd(dimMul(dimSub(size, 1), w.strides[i] ?? 1), (kernel[i] ?? 1) - (w.pads[i] ?? 0) - (w.pads[i + spatial] ?? 0)));
  c.set(0, c.dtype(0), [xs[0]!, xs[1]!, ...out]);
};

export const roiAlign: ShapeRule = (c) => {
  const xs = c.need(0);
  const rois = c.shape(1);
  const n: Dim = rois?.[0] ?? c.fresh('rois');
  c.set(0, c.dtype(0), [n, xs[1]!, c.int('output_height', 1), c.int('output_width', 1)]);
};
