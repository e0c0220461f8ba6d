// Quantization ops and the com.microsoft contrib ops quantized / transformer exports use.
// Their shapes follow a float op; the dtype comes from a zero point or a scale input.

import type { Dim } from '../../ir/model';
import { InvalidShapeError, ShapeError, type NodeCtx, type ShapeRule } from '../context';
import { dimFloorDiv, normAxis } from '../dims';
import { broadcastShapes } from './broadcast';
import { matmulShape } from './linalg';
import { onnxDtype } from './shapeOps';

/**
 * A Q/DQ scale and zero point against the tensor they quantize (ai.onnx, opset 13+, not blocked):
 * one value (per tensor), or a 1-D list of x.shape[axis] values (per axis), the zero point shaped
 * like the scale. ORT loads a model that breaks this, then refuses every run (quantize_linear.cc
 * PrepareForQDQ: "scale must be 1D tensor with size …", HandleNegativeAxis; test/oracle-ort.test.ts).
 */
function checkQuantParams(c: NodeCtx, zeroPoint: number): void {
  if ((c.node.domain !== '' && c.node.domain !== 'ai.onnx') || c.opset < 13 || c.int('block_size', 0) > 0) return;
  const xs = c.shape(0);
  const scale = c.shape(1);
  if (!xs || !scale) return;
  const elements = scale.every((d) => typeof d === 'number') ? (scale as number[]).reduce((a, b) => a * b, 1) : null;
  if (elements === 1) return;
  if (scale.length !== 1) throw new InvalidShapeError(`scale is [${scale.join(', ')}]; it must be one value or a 1-D list, one per element of the quantized axis`);
  const axis = normAxis(c.int('axis', 1), xs.length);
  if (axis === null) throw new InvalidShapeError(`axis ${c.int('axis', 1)} out of range for rank ${xs.length}`);
  const n = xs[axis];
  if (typeof n === 'number' && typeof scale[0] === 'number' && scale[0] !== n) throw new InvalidShapeError(`scale has ${scale[0]} values for the ${n} elements of axis ${axis}`);
  const zp = c.has(zeroPoint) ? c.shape(zeroPoint) : null;
  if (zp && (zp.length !== 1 || (typeof zp[0] === 'number' && typeof scale[0] === 'number' && zp[0] !== scale[0]))) {
    throw new InvalidShapeError(`zero point is [${zp.join(', ')}]; it must be shaped like the scale [${scale.join(', ')}]`);
  }
}

export const quantizeLinear: ShapeRule = (c) => {
  checkQuantParams(c, 2);
  const code = c.int('output_dtype', 0);
  const dtype = c.has(2) ? c.dtype(2) : code > 0 ? onnxDtype(code) : 'uint8';
  c.set(0, dtype, c.shape(0));
};

export const dequantizeLinear: ShapeRule = (c) => {
  checkQuantParams(c, 2);
  // Before opset 19 the output is always float32; since then it has the scale's type.
  const dtype = c.opset >= 19 && c.dtype(1) !== 'unknown' ? c.dtype(1) : 'float32';
  c.set(0, dtype, c.shape(0));
};

export const dynamicQuantizeLinear: ShapeRule = (c) => {
  c.set(0, 'uint8', c.shape(0));
  c.set(1, 'float32', []);
  c.set(2, 'uint8', []);
};

/** QLinearAdd / QLinearMul: A, A_scale, A_zp, B, B_scale, B_zp, C_scale, C_zp. */
export const qlinearBinary: ShapeRule = (c) => c.set(0, c.dtype(0), broadcastShapes([c.need(0), c.need(3)], c));

/** BiasGelu, BiasAdd and friends: input 0 plus broadcast operands. */
export const biasElementwise: ShapeRule = (c) => {
  const shapes = c.node.inputs.map((_, i) => i).filter((i) => c.has(i)).map((i) => c.need(i));
  c.set(0, c.dtype(0), broadcastShapes(shapes, c));
};

/**
 * com.microsoft FusedMatMul: MatMul with optional transposes of the last two dims (transA/B) and of
 * the leading axis behind the batch axes (transBatchA/B: [M, b…, K] is read as [b…, M, K]).
 */
export const fusedMatmul: ShapeRule = (c) => {
  const t = (s: Dim[], trans: boolean, batch: boolean): Dim[] => {
    const b = batch && s.length >= 3 ? [...s.slice(1, -1), s[0]!, s[s.length - 1]!] : s;
    return trans && b.length >= 2 ? [...b.slice(0, -2), b[b.length - 1]!, b[b.length - 2]!] : b;
  };
  c.set(0, c.dtype(0), matmulShape(t(c.need(0), c.int('transA', 0) === 1, c.int('transBatchA', 0) === 1), t(c.need(1), c.int('transB', 0) === 1, c.int('transBatchB', 0) === 1), c));
};

/** DynamicQuantizeMatMul / MatMulIntegerToFloat: float output of an integer matmul. */
export const matmulToFloat: ShapeRule = (c) => c.set(0, 'float32', matmulShape(c.need(0), c.need(1), c));

/** com.microsoft Attention: input [B, S, in_hidden], weights [in_hidden, q+k+v] -> [B, S, v_hidden]. */
export const attention: ShapeRule = (c) => {
  const xs = c.need(0);
  if (xs.length !== 3) throw new ShapeError(`input must be 3-D, got rank ${xs.length}`);
  const sizes = c.ints('qkv_hidden_sizes');
  const w = c.shape(1);
  const v: Dim = sizes?.[2] ?? (w?.[1] !== undefined ? dimFloorDiv(w[1], 3) : c.fresh('hidden'));
  c.set(0, c.dtype(0), [xs[0]!, xs[1]!, v]);
};

/** com.microsoft EmbedLayerNormalization: input_ids [B, S], word_embedding [V, H] -> [B, S, H], mask_index [B]. */
export const embedLayerNorm: ShapeRule = (c) => {
  const ids = c.need(0);
  const emb = c.need(2);
  c.set(0, c.dtype(2), [ids[0]!, ids[1]!, emb[1]!]);
  c.set(1, 'int32', [ids[0]!]);
  c.set(2, c.dtype(2), [ids[0]!, ids[1]!, emb[1]!]);
};
