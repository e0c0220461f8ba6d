// What precision a model computes in, as the lowering and the findings need to know it.

import { isFloat, isQuantizedInt } from '../ir/dtype';
import type { Graph } from '../ir/model';

/** No quantized activations and no quantize/dequantize ops: a float model as trained and exported. */
export function isFloatModel(graph: Graph): boolean {
  for (const node of graph.nodes) if (/Quantize|QLinear|Integer/.test(node.op) || node.op === 'QUANTIZE' || node.op === 'DEQUANTIZE') return false;
  for (const t of graph.tensors.values()) if (!t.constant && (isQuantizedInt(t.dtype) || t.quantization)) return false;
  for (const t of graph.tensors.values()) if (!t.constant && isFloat(t.dtype)) return true;
  return false;
}

/** An ONNX model carrying QuantizeLinear/DequantizeLinear (QDQ format). */
export function hasQdq(graph: Graph): boolean {
  return graph.nodes.some((n) => n.canonicalOp === 'QuantizeLinear' || n.canonicalOp === 'DequantizeLinear');
}
