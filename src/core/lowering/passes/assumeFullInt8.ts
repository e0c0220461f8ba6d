// The full-integer post-training conversion a float model gets before an integer-only target can
// run it (TFLite converter with a representative dataset: Optimize.DEFAULT + TFLITE_BUILTINS_INT8;
// quantize.cc's TFLFullQuantization, SOURCES.tfliteQuantize): every float activation int8, weights
// int8 (per channel along the output channel for CONV_2D / FULLY_CONNECTED, along the last axis
// for DEPTHWISE_CONV_2D, as the TFLite int8 spec requires), biases int32. The model keeps float
// inputs and outputs (the converter's default inference_input_type / inference_output_type), so a
// QUANTIZE follows each float input and a DEQUANTIZE precedes each float output.

import { dtypeBytes, isFloat } from '../../ir/dtype';
import type { DType } from '../../ir/dtype';
import type { Quantization, Tensor } from '../../ir/model';
import { canonicalBuiltinOp } from '../../tflite/canonicalOps';
import { elementCount } from '../../ir/tensorSize';
import { copyTensor, type WorkGraph } from '../workGraph';
import { ownValue } from '../../util/lookup';

/** Input position of the weights and bias, and the weights' channel axis, per TFLite kernel. */
const WEIGHTS: Readonly<Record<string, { weight: number; bias: number; axis: number }>> = {
  CONV_2D: { weight: 1, bias: 2, axis: 0 },
  DEPTHWISE_CONV_2D: { weight: 1, bias: 2, axis: 3 },
  FULLY_CONNECTED: { weight: 1, bias: 2, axis: 0 },
  TRANSPOSE_CONV: { weight: 1, bias: 3, axis: 0 },
  CONV_3D: { weight: 1, bias: 2, axis: 4 },
};

function assumed(channels: number, axis?: number): Quantization {
  return { scale: [], zeroPoint: [], origin: 'assumed', channels, ...(axis !== undefined && channels > 1 ? { axis } : {}) };
}

/** `t` in its int8 type (copyTensor, no spread: every float tensor of the graph is retyped). */
function retyped(t: Tensor, dtype: DType, q: Quantization): Tensor {
  const n = elementCount(t.shape);
  const c = copyTensor(t);
  c.dtype = dtype;
  c.quantization = q;
  if (t.constant) c.dataBytes = n === null ? t.dataBytes : dtypeBytes(dtype, n) ?? 0;
  return c;
}

export function assumeFullInt8(g: WorkGraph): number {
  let changed = 0;
  const roles = new Map<string, { dtype: DType; q: Quantization }>();
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const n = liveNodes[li]!;
    const w = ownValue(WEIGHTS, n.op);
    if (!w) continue;
    const weight = g.tensor(n.inputs[w.weight] ?? '');
    const channels = typeof weight?.shape?.[w.axis] === 'number' ? (weight.shape[w.axis] as number) : 1;
    if (weight && weight.constant && isFloat(weight.dtype)) roles.set(weight.name, { dtype: 'int8', q: assumed(channels, w.axis) });
    const bias = g.tensor(n.inputs[w.bias] ?? '');
    if (bias && bias.constant && isFloat(bias.dtype)) roles.set(bias.name, { dtype: 'int32', q: assumed(channels, 0) });
  }
  const used = new Set<string>();
  for (const n of g.live()) for (const t of [...n.inputs, ...n.outputs]) if (t) used.add(t);
  for (const name of used) {
    const t = g.tensor(name);
    if (!t || !isFloat(t.dtype) || g.inputs.includes(name) || g.outputs.includes(name)) continue;
    const role = roles.get(name);
    g.setTensor(role ? retyped(t, role.dtype, role.q) : retyped(t, 'int8', assumed(1)));
    changed++;
  }
  const live = g.live();
  const first = live[0]?.pos ?? 0;
  const last = live[live.length - 1]?.pos ?? 0;
  for (const input of g.inputs) {
    const t = g.tensor(input);
    const readers = g.consumersOf(input);
    if (!t || !isFloat(t.dtype) || readers.length === 0 || readers.every((r) => r.op === 'QUANTIZE')) continue;
    const q = g.freshName(`${input}_int8`);
    g.setTensor(retyped({ ...t, name: q, isGraphInput: false, producer: null, consumers: [] }, 'int8', assumed(1)));
    for (const r of readers) g.setInputs(r, r.inputs.map((x) => (x === input ? q : x)));
    g.add({
      op: 'QUANTIZE', domain: 'tflite', canonicalOp: canonicalBuiltinOp('QUANTIZE'), name: `${input}/quantize`, inputs: [input], outputs: [q],
      covers: readers[0]!.covers.slice(0, 1), pos: first - 1, origin: { note: 'the full-integer converter quantizes the float input (float inference_input_type)' },
    });
    changed++;
  }
  for (const output of [...g.outputs]) {
    const t = g.tensor(output);
    const p = g.producer(output);
    if (!t || !p || !isFloat(t.dtype) || p.op === 'DEQUANTIZE') continue;
    const inner = g.freshName(`${output}_int8`);
    g.setTensor(retyped({ ...t, name: inner, isGraphOutput: false, producer: null, consumers: [] }, 'int8', assumed(1)));
    for (const c of g.consumersOf(output)) g.setInputs(c, c.inputs.map((x) => (x === output ? inner : x)));
    g.setOutputs(p, p.outputs.map((x) => (x === output ? inner : x)));
    g.add({
      op: 'DEQUANTIZE', domain: 'tflite', canonicalOp: canonicalBuiltinOp('DEQUANTIZE'), name: `${output}/dequantize`, inputs: [inner], outputs: [output],
      covers: p.covers.slice(0, 1), pos: last + 1, origin: { note: 'the full-integer converter dequantizes the float output (float inference_output_type)' },
    });
    changed++;
  }
  return changed;
}
