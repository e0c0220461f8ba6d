// QDQ node units → one integer kernel. A quantized ONNX model says "run this op in int8" with
// DequantizeLinear on every input and QuantizeLinear on every output; runtimes and converters run
// the group as one int8 (or int16) kernel:
// - ONNX Runtime: a node unit forms around the ops its QDQ selectors list (SOURCES.ortQdqSelectors);
//   the EP partitioner then keeps DQ → op → Q together (partitioning_utils.cc, node_unit_map).
// - TFLite converter: TFLFullQuantization rewrites DQ → op → Q into the op with quantized types
//   for every op (SOURCES.tfliteQuantize).
// Weights become the int8 constants the DequantizeLinear nodes expand (per channel when the scale
// is), biases stay int32, activations are the int8 tensors between Q and DQ. What is left — the
// QuantizeLinear after a float graph input, the DequantizeLinear before a float graph output, and
// the pairs around ops that are not quantized — runs as QUANTIZE / DEQUANTIZE kernels.

import type { Quantization, Tensor } from '../../ir/model';
import { isFloat } from '../../ir/dtype';
import { elementCount } from '../../ir/tensorSize';
import { attrNumber } from '../../analysis/nodeGeometry';
import type { WorkGraph, WorkNode } from '../workGraph';

const isQ = (n: WorkNode) => n.canonicalOp === 'QuantizeLinear';
const isDQ = (n: WorkNode) => n.canonicalOp === 'DequantizeLinear';

/** Quantization of the int8 tensor a DequantizeLinear expands: per channel when its scale has several values. */
function qdqQuantization(g: WorkGraph, dq: WorkNode): Quantization {
  const scale = g.tensor(dq.inputs[1] ?? '');
  const channels = scale ? elementCount(scale.shape) ?? 1 : 1;
  const axis = attrNumber({ attributes: dq.attributes } as never, 'axis');
  return { scale: [], zeroPoint: [], origin: 'qdq', channels, ...(channels > 1 ? { axis: axis ?? 1 } : {}) };
}

function withQuantization(t: Tensor | undefined, q: Quantization): Tensor | undefined {
  return t && !t.quantization ? { ...t, quantization: q } : t;
}

/** Constant operands a unit may take without a DequantizeLinear: integer data (axes, shapes) and float scalars (Clip bounds). */
function plainConstantOk(g: WorkGraph, name: string): boolean {
  const t = g.tensor(name);
  if (!t || !t.constant) return false;
  if (!isFloat(t.dtype)) return true;
  const n = elementCount(t.shape);
  return n !== null && n <= 1;
}

export interface QdqOptions {
  /** Ops a unit forms around; 'any' for converters that quantize every op with an int8 kernel. */
  unitOps: ReadonlySet<string> | 'any';
}

export function qdqUnits(g: WorkGraph, options: QdqOptions): number {
  const readers = new Map<WorkNode, WorkNode[]>();
  let units = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const x = liveNodes[li]!;
    if (x.removed || isQ(x) || isDQ(x)) continue;
    if (options.unitOps !== 'any' && !options.unitOps.has(x.canonicalOp)) continue;
    const inputs = x.inputs.map((name, i) => ({ name, i })).filter((e) => e.name !== '');
    let dqInputs = 0;
    let ok = inputs.length > 0;
    for (const { name } of inputs) {
      const p = g.producer(name);
      if (p && isDQ(p)) dqInputs++;
      else if (!plainConstantOk(g, name)) ok = false;
    }
    const outputs = x.outputs.filter((o) => o !== '');
    for (const o of outputs) {
      const readersOf = g.consumersOf(o);
      if (g.isGraphOutput(o) || readersOf.length === 0 || !readersOf.every(isQ)) ok = false;
    }
    if (!ok || dqInputs === 0 || outputs.length === 0) continue;
    units++;
    g.setInputs(x, x.inputs.map((name) => {
      const p = name ? g.producer(name) : undefined;
      if (!p || !isDQ(p)) return name;
      const list = readers.get(p);
      if (list) list.push(x);
      else readers.set(p, [x]);
      const stored = p.inputs[0]!;
      const t = withQuantization(g.tensor(stored), qdqQuantization(g, p));
      if (t) g.setTensor(t);
      return stored;
    }));
    g.setOutputs(x, x.outputs.map((o) => {
      if (!o) return o;
      const qs = g.consumersOf(o);
      const first = qs[0]!;
      const quantized = first.outputs[0]!;
      for (const q of qs.slice(1)) g.replaceUses(q.outputs[0]!, quantized);
      for (const q of qs) g.merge(q, x, 'absorbed', `QuantizeLinear absorbed: ${x.op} writes int8 directly (QDQ node unit)`);
      const t = withQuantization(g.tensor(quantized), qdqQuantization(g, first));
      if (t) g.setTensor(t);
      return quantized;
    }));
  }
  // A DequantizeLinear every reader of which became a unit runs inside those kernels.
  for (const [dq, unitsReading] of readers) {
    if (dq.removed) continue;
    const out = dq.outputs[0] ?? '';
    if (g.readerCount(out) === 0 && !g.isGraphOutput(out)) g.merge(dq, unitsReading[0]!, 'absorbed', `DequantizeLinear absorbed: ${unitsReading[0]!.op} reads the int8 tensor directly (QDQ node unit)`);
  }
  return units;
}
