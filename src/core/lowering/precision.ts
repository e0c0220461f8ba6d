// What precision a model computes in, as the lowering and the findings need to know it.

import { isFloat, isQuantizedInt } from '../ir/dtype';
import type { Graph } from '../ir/model';

/** No quantized activations and no quantize/dequantize ops: a float model as trained and exported. */
export function isFloatModel(graph: Graph): boolean {
  // Indexed loop and one forEach over the tensors: asked once per target of a 10k-node graph,
  // mostly before V8 optimizes it, where for…of allocates an iterator result per element.
  const nodes = graph.nodes;
  for (let v = 0; v < nodes.length; v++) {
    const op = nodes[v]!.op;
    if (/Quantize|QLinear|Integer/.test(op) || op === 'QUANTIZE' || op === 'DEQUANTIZE') return false;
  }
  let quantized = false;
  let float = false;
  graph.tensors.forEach((t) => {
    if (t.constant) return;
    if (isQuantizedInt(t.dtype) || t.quantization) quantized = true;
    else if (isFloat(t.dtype)) float = true;
  });
  return !quantized && float;
}

/** An ONNX model carrying QuantizeLinear/DequantizeLinear (QDQ format). */
export function hasQdq(graph: Graph): boolean {
  return graph.nodes.some((n) => n.canonicalOp === 'QuantizeLinear' || n.canonicalOp === 'DequantizeLinear');
}
