// Weight-only quantization: int8 (or float16) weights feeding a float computation. ONNX shows it
// as DequantizeLinear on a constant weight with no QuantizeLinear/DequantizeLinear pair on the
// activation; TFLite as "hybrid" kernels (int8 weights, float32 input). The file shrinks, but the
// math stays float, so an int8-only accelerator cannot run the node and gains nothing.

import { isFloat } from '../../ir/dtype';
import { offTypePair } from '../checkConstraints';
import { ruleConstraints } from '../compatibility';
import type { Graph, Node } from '../../ir/model';
import { producerOf } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';
import { lookupTable } from '../../util/lookup';

/** Compute ops and the input positions that hold weights. */
const WEIGHT_INPUTS = lookupTable<readonly number[]>({
  Conv: [1], ConvTranspose: [1], DepthwiseConv: [1], FullyConnected: [1], Gemm: [1], MatMul: [0, 1],
  LSTM: [1, 2, 3, 4, 5, 6, 7, 8], RNN: [1, 2], GRU: [1, 2], SVDF: [1, 2],
});

interface WeightOnly {
  weight: string;
  /** The DequantizeLinear that expands the weight, when the format shows one. */
  dequantize?: Node;
  storedAs: string;
}

export function mixedPrecisionHints(ctx: HintContext): HintDiagnostic[] {
  const { graph, target } = ctx;
  const int8Only = target !== null && !target.precisions.some(isFloat) && target.precisions.some((p) => p === 'int8' || p === 'uint8');
  const out: HintDiagnostic[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const node = graph.nodes[index];
    const positions = node ? WEIGHT_INPUTS.get(node.canonicalOp) : undefined;
    if (!node || !positions) continue;
    const found = positions.map((p) => weightOnly(graph, node.inputs[p] ?? '')).find((w): w is WeightOnly => w !== null);
    if (!found) continue;
    const activation = floatActivationInput(graph, node, found);
    if (!activation) continue;
    const via = found.dequantize ? ` (expanded by ${nodeLabel(found.dequantize)})` : ' (a hybrid kernel)';
    // A hybrid kernel in the file the target's kernels do not pair (TFLite Micro has none at all).
    const noHybrid = found.dequantize || target === null ? null : refusedTypePair(ctx, node);
    const consequence = int8Only
      ? `${target.name} computes only in ${target.precisions.join('/')}, so this float node cannot run on it`
      : noHybrid === 'misread'
        ? `${target!.name} has no kernel for float data with ${found.storedAs} weights and runs it anyway, reading the weights as float, so the outputs are wrong`
        : noHybrid === 'refused'
          ? `${target!.name} has no kernel for float data with ${found.storedAs} weights, so this node cannot run on it`
          : 'the multiply-accumulates stay float, so it runs no faster than the float model and pays for dequantizing the weights';
    out.push(hint(ctx, {
      severity: int8Only || noHybrid ? 'warning' : 'info', code: 'hint/weight-only-quantization', node, tensor: found.weight,
      ...(found.dequantize ? { related: [found.dequantize.index] } : {}),
      message: `${nodeLabel(node)} mixes precisions: weight '${found.weight}' is stored as ${found.storedAs}${via} but the activation '${activation}' is float — weight-only quantization; ${consequence}.`,
      fix: 'Quantize the activations as well: static post-training quantization with a calibration set (onnxruntime.quantization.quantize_static in QDQ format; TFLite converter with representative_dataset and int8 inference types), not dynamic/weight-only quantization.',
    }));
  }
  return out;
}

/**
 * Whether a rule the target judges `node` by has no kernel for the element types of one of its input
 * pairs (typePairs): 'refused', or 'misread' where the runtime runs it anyway (an unchecked pair).
 */
function refusedTypePair(ctx: HintContext, node: Node): 'refused' | 'misread' | null {
  const { model, graph, target } = ctx;
  if (!target) return null;
  for (const c of ruleConstraints(model, node, target, ctx.graphIndex)) {
    for (const rule of c.typePairs ?? []) if (offTypePair(node, graph, rule)) return rule.unchecked ? 'misread' : 'refused';
  }
  return null;
}

/**
 * The first input that is an activation in float: not a weight, not a constant, not the output of
 * a DequantizeLinear (in QDQ models that marks a quantized activation). An ONNX activation whose
 * dtype was not inferred counts as float when the weight goes through DequantizeLinear, since
 * ONNX Conv/MatMul need both operands in the same (float) type.
 */
function floatActivationInput(graph: Graph, node: Node, weight: WeightOnly): string | null {
  const weightTensors = new Set([weight.weight, weight.dequantize?.outputs[0] ?? '']);
  for (const name of node.inputs) {
    if (name === '' || weightTensors.has(name)) continue;
    const t = graph.tensors.get(name);
    if (!t || t.constant) continue;
    const producer = producerOf(graph, name);
    if (producer?.canonicalOp === 'DequantizeLinear') {
      if (graph.tensors.get(producer.inputs[0] ?? '')?.constant) continue; // another dequantized weight
      return null;
    }
    if (isFloat(t.dtype) || (t.dtype === 'unknown' && weight.dequantize !== undefined)) return name;
    return null;
  }
  return null;
}

function weightOnly(graph: Graph, name: string): WeightOnly | null {
  const t = graph.tensors.get(name);
  if (!t) return null;
  if (t.constant && (t.dtype === 'int8' || t.dtype === 'uint8' || t.dtype === 'int4' || t.dtype === 'uint4')) {
    return { weight: name, storedAs: t.dtype };
  }
  const dq = producerOf(graph, name);
  if (dq?.canonicalOp !== 'DequantizeLinear') return null;
  const stored = graph.tensors.get(dq.inputs[0] ?? '');
  if (!stored?.constant) return null;
  return { weight: stored.name, dequantize: dq, storedAs: stored.dtype };
}
