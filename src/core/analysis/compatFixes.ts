// Suggested fixes for compatibility findings: the model change that usually makes the node
// placeable, named in the vocabulary of the training framework.

import { isFloat } from '../ir/dtype';
import type { Graph, Node } from '../ir/model';
import type { TargetProfile } from '../targets/profile';
import type { Reason } from './compatReason';
import { kernelTypesAt, ruleTensor, typePairsText } from './checkConstraints';

/** True when `node` is the Sigmoid (or the Mul) of a SiLU/Swish written as x * Sigmoid(x). */
export function isSiluPart(node: Node, graph: Graph): boolean {
  const sigmoidOf = (n: Node | undefined) => n && (n.canonicalOp === 'Sigmoid' || n.op === 'LOGISTIC') ? n : undefined;
  const isMulOfSigmoid = (mul: Node, sig: Node) => (mul.canonicalOp === 'Mul' || mul.op === 'MUL')
    && mul.inputs.includes(sig.outputs[0] ?? '\0') && mul.inputs.includes(sig.inputs[0] ?? '\0');
  const sig = sigmoidOf(node);
  if (sig) {
    return (graph.tensors.get(sig.outputs[0] ?? '')?.consumers ?? []).some((c) => {
      const mul = graph.nodes[c];
      return mul !== undefined && isMulOfSigmoid(mul, sig);
    });
  }
  if (node.canonicalOp === 'Mul' || node.op === 'MUL') {
    return node.inputs.some((name) => {
      const p = graph.tensors.get(name)?.producer;
      const s = p === null || p === undefined ? undefined : sigmoidOf(graph.nodes[p]);
      return s !== undefined && isMulOfSigmoid(node, s);
    });
  }
  return false;
}

/**
 * A pair of inputs the kernels do not take together. Float data with int8 weights is what the TFLite
 * converter's dynamic-range quantization writes (a hybrid kernel): full-integer quantization is the fix.
 */
function typePairFix(node: Node, graph: Graph, reason: Reason, target: TargetProfile): string {
  const rule = (target.operators[node.op] ?? target.operators[node.canonicalOp])?.typePairs?.find((r) => ruleTensor(node, graph, r.tensors[1])?.name === reason.tensor);
  const data = rule ? ruleTensor(node, graph, rule.tensors[0])?.tensor.dtype : undefined;
  const weights = reason.tensor ? graph.tensors.get(reason.tensor)?.dtype : undefined;
  if (data && isFloat(data) && weights && !isFloat(weights)) {
    return `Convert with full-integer quantization (TFLite converter with a representative_dataset, int8 inputs and outputs): dynamic-range quantization stores ${weights} weights for ${data} data, a hybrid kernel ${target.name} does not have. Or keep the weights ${data}.`;
  }
  return rule ? `Give ${node.op} inputs its kernels take together: ${typePairsText(rule.pairs)}.` : `Give ${node.op} inputs of types its kernels take together.`;
}

export function suggestFix(node: Node, graph: Graph, reason: Reason, target: TargetProfile): string | undefined {
  const op = node.canonicalOp;
  if (op === 'Erf' || op === 'Gelu' || node.op === 'GELU') {
    return 'Use the tanh approximation of GELU (PyTorch: nn.GELU(approximate="tanh")) or replace GELU with HardSwish; both lower to ops most targets support.';
  }
  if (isSiluPart(node, graph)) return 'This Sigmoid + Mul is SiLU/Swish; HardSwish (x · ReLU6(x + 3) / 6) is supported far more widely (TFLite HARD_SWISH, Vela, Edge TPU).';
  switch (reason.kind) {
    case 'padding':
      if (/reflect|edge|wrap/.test(reason.message)) return 'Use zero padding instead (PyTorch: padding_mode="zeros"); the accuracy cost is usually negligible.';
      return 'Use SAME or VALID padding (symmetric pads), or move the padding into a separate zero Pad.';
    case 'stride': return 'Use a smaller stride (e.g. stride 1 followed by a pooling layer) so the op fits the allowed range.';
    case 'kernel': return 'Split the large kernel into stacked smaller ones (two 3x3 instead of one 5x5) or reduce the dilation.';
    case 'dilation': return 'Use dilation 1 (or emulate the receptive field with stacked convolutions).';
    case 'dynamic-shape': return 'Pin the dynamic dim to a fixed size when exporting (or with DeployLens\' dim pinning); the target needs static shapes.';
    case 'rank': return 'Reshape to at most 4-D (N, H, W, C), folding extra dims into batch or channels.';
    case 'dtype': {
      // The kernel-types entry of the input the reason names (Pow's base or its exponent).
      const k = reason.constraint?.endsWith('kernelTypes') ? target.operators[node.canonicalOp]?.kernelTypes?.find((e) => node.inputs[e.input] === reason.tensor) : undefined;
      const taken = k ? kernelTypesAt(node, k) : undefined;
      if (k && taken) {
        return taken.length
          ? `Compute ${node.op} in a type its kernels take (${taken.join(', ')}): Cast input ${k.input} to one of them before it and back after, or change the type where the model makes the tensor.`
          : `Export at a newer opset (torch.onnx.export(..., opset_version=17)), where ${node.op} has a version whose kernels ${target.name} has.`;
      }
      if (reason.constraint?.endsWith('.typePairs')) return typePairFix(node, graph, reason, target);
      if (reason.constraint?.endsWith('.misreadDtypes')) {
        const rule = target.operators[node.op] ?? target.operators[op];
        const wrong = rule?.misreadDtypes?.types ?? [];
        const right = (rule?.inputDtypes?.['0'] ?? rule?.dtypes ?? []).filter((t) => !wrong.includes(t));
        return `Give ${node.op} ${right.length ? right.join(' or ') : 'another type of'} data: its ${wrong.join('/')} kernel on ${target.name} does not compute the result right (quantize that part of the model in int8, or keep it in float32).`;
      }
      // An integer-only target (an NPU): quantizing the model is the fix, whatever one op's list says.
      if (!target.precisions.some(isFloat)) return 'Quantize the model to full int8 (post-training integer quantization with a representative dataset), inputs and outputs included.';
      // The op's own kernel types where its rule lists them (TFLM's SIN: float32 only), not the target's precisions.
      const rule = target.operators[node.op] ?? target.operators[op];
      const input = /inputDtypes\.(\d+)$/.exec(reason.constraint ?? '')?.[1];
      const kernelDtypes = input !== undefined ? rule?.inputDtypes?.[input] : rule?.dtypes;
      const tensorType = reason.tensor ? graph.tensors.get(reason.tensor)?.dtype : undefined;
      if (kernelDtypes && kernelDtypes.length && tensorType && !kernelDtypes.includes(tensorType)) {
        return kernelDtypes.some(isFloat) && !kernelDtypes.includes('int8') && !kernelDtypes.includes('int16') && (tensorType === 'int8' || tensorType === 'int16')
          ? `${node.op}'s kernels take ${kernelDtypes.join(', ')} only: dequantize its input before it and quantize its output after, or compute it with ops that have ${tensorType} kernels.`
          : `Convert the tensor to one of the types ${node.op}'s kernels take (${kernelDtypes.join(', ')}).`;
      }
      return `Convert the tensor to one of ${target.precisions.join(', ')}.`;
    }
    case 'attribute':
      // ONNX Runtime's CPU recurrent kernels enforce layout 0 (the profile's source cites the lines).
      if (reason.constraint?.endsWith('attributes.layout') && (op === 'LSTM' || op === 'GRU' || op === 'RNN')) {
        return `Use layout 0 (sequence first: X as [seq_length, batch_size, input_size]) with a Transpose before the ${op} and after it; PyTorch's exporter writes nn.${op} that way, batch_first=True included.`;
      }
      return undefined;
    case 'quantization':
      // Fixed or shared parameters the kernels check (TFLM's SOFTMAX output, symmetric int16, CONCATENATION).
      if (reason.constraint?.includes('.quantizationParams.')) {
        return `Convert with the TFLite converter's full-integer quantization, which writes the parameters ${target.name}'s kernels check (fixed softmax and logistic outputs, zero point 0 in int16, one scale across a concatenation or a pooling); parameters edited or re-quantized by another tool must be rewritten to them.`;
      }
      return 'Re-quantize with the TFLite converter\'s defaults (per-channel int8 weights, per-tensor activations).';
    case 'constant-input': return 'Make the weights constants of the graph (export with constant folding; do not feed them as inputs).';
    case 'custom-op':
      if (node.op === 'ethos-u') return 'Analyze the model before Vela compilation for non-Ethos-U targets.';
      return `Register a kernel for the custom op with ${target.runtime}, or re-export without it.`;
    case 'no-builtin':
    case 'unsupported-op':
      if (op === 'HardSwish') return 'Write HardSwish as x * HardSigmoid(x), or build a runtime that includes HardSwish.';
      if (target.id === 'ort-mobile') return 'Build a custom ONNX Runtime package that includes this op (reduced build from a config of the model\'s ops).';
      return undefined;
    default: return undefined;
  }
}
