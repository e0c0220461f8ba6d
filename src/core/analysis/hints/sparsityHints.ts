// Unstructured sparsity: weight tensors that are mostly exact zeros (magnitude pruning without
// removing anything). Dense kernels on MCUs, NPUs and GPUs multiply the zeros anyway, so the model
// is as slow and, uncompressed, as big as the dense one. This is the only hint that reads weight
// bytes, and it bounds that work: small tensors are skipped (they do not matter), tensors above a
// size cap are not read, and reading stops after a total budget; skipped tensors are reported.

import { dtypeBits } from '../../ir/dtype';
import type { Tensor } from '../../ir/model';
import { formatCount, percent, staticElements } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';
import { countZeros, ZERO_COUNTABLE } from './weightZeros';
import { lookupTable } from '../../util/lookup';

/** Tensors with fewer elements are not worth a finding. */
const MIN_ELEMENTS = 1024;
/** Report at or above this fraction of zeros. */
const MIN_ZERO_FRACTION = 0.5;
/** Tensors larger than this are not read at all. */
export const MAX_TENSOR_BYTES = 16 * 1024 * 1024;
/** Stop reading after this many bytes in one analysis. */
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export function sparsityHints(ctx: HintContext): HintDiagnostic[] {
  const { graph, model, graphIndex, target } = ctx;
  const out: HintDiagnostic[] = [];
  const skipped: Tensor[] = [];
  let budget = MAX_TOTAL_BYTES;
  for (const t of graph.tensors.values()) {
    if (!t.constant || t.producer !== null || !t.data || t.consumers.length === 0 || !ZERO_COUNTABLE.has(t.dtype)) continue;
    if (!multipliedAsWeight(graph, t.name)) continue;
    const elements = staticElements(t.shape) ?? (t.dataBytes !== undefined ? Math.floor((t.dataBytes * 8) / dtypeBits(t.dtype)) : null);
    if (elements === null || elements < MIN_ELEMENTS) continue;
    const zeroPoint = storedZeroPoint(t);
    if (zeroPoint === null) continue;
    const bytes = Math.ceil((elements * dtypeBits(t.dtype)) / 8);
    if (bytes > MAX_TENSOR_BYTES || bytes > budget) { skipped.push(t); continue; }
    budget -= bytes;
    let data: Uint8Array;
    try {
      data = model.weights.read(graphIndex, t.name);
    } catch {
      continue; // Missing external data etc.: the reader already reported it.
    }
    const count = countZeros(data, t.dtype, zeroPoint);
    if (!count || count.elements === 0 || count.zeros / count.elements < MIN_ZERO_FRACTION) continue;
    const reader = graph.nodes[t.consumers[0]!];
    const fraction = count.zeros / count.elements;
    const where = target ? target.name : 'dense hardware (MCU kernels, NPUs, mobile GPUs)';
    const compressNote = target?.runtime === 'vela' ? ' Vela\'s weight compression shrinks the zeros in flash, but the NPU still spends MACs on them.' : '';
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/weight-sparsity', tensor: t.name, ...(reader ? { node: reader } : {}),
      message: `Weight '${t.name}'${reader ? ` of ${nodeLabel(reader)}` : ''} is ${percent(fraction)} exact zeros (${formatCount(count.zeros)} of ${formatCount(count.elements)}): `
        + `unstructured sparsity that ${where} cannot skip: the zeros are still multiplied and, uncompressed, still stored.${compressNote}`,
      fix: 'Prune structurally instead (whole filters/channels, e.g. torch.nn.utils.prune.ln_structured or torch-pruning) and physically remove the pruned channels, so the dense layer gets smaller.',
    }));
  }
  if (skipped.length > 0) {
    const largest = skipped.reduce((a, b) => ((b.dataBytes ?? 0) > (a.dataBytes ?? 0) ? b : a));
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/sparsity-not-checked', tensor: largest.name,
      message: `${skipped.length} weight tensor(s) were not checked for sparsity (largest '${largest.name}'): the check reads at most ${MAX_TENSOR_BYTES >> 20} MiB per tensor and ${MAX_TOTAL_BYTES >> 20} MiB per model to stay fast.`,
      fix: 'Nothing to change in the model; check those tensors offline if sparsity matters.',
    }));
  }
  return out;
}

/** Which inputs of an op are multiplied as weights (biases, scales and shapes are not: zero biases are normal). */
const WEIGHT_INPUTS = lookupTable<number[]>({
  Conv: [1], ConvTranspose: [1], Gemm: [0, 1], MatMul: [0, 1], FullyConnected: [1], DepthwiseConv: [1],
  LSTM: [1, 2], GRU: [1, 2], RNN: [1, 2], QLinearConv: [3], QLinearMatMul: [0, 3], ConvInteger: [1], MatMulInteger: [0, 1],
});

/** Ops a weight passes through on its way to the multiply (torch routes shared weights through Identity). */
const PASS_THROUGH = new Set(['Identity', 'DequantizeLinear', 'DEQUANTIZE', 'Cast', 'Transpose', 'Reshape', 'Unsqueeze']);

/** True when the tensor (directly or through a pass-through op) is a weight operand. */
function multipliedAsWeight(graph: HintContext['graph'], name: string, depth = 0): boolean {
  const t = graph.tensors.get(name);
  if (!t || depth > 2) return false;
  return t.consumers.some((c) => {
    const node = graph.nodes[c];
    if (!node) return false;
    if (PASS_THROUGH.has(node.op)) return node.outputs.some((o) => multipliedAsWeight(graph, o, depth + 1));
    const slots = WEIGHT_INPUTS.get(node.canonicalOp) ?? WEIGHT_INPUTS.get(node.op) ?? [];
    return node.inputs.some((input, i) => input === name && slots.includes(i));
  });
}

/** The stored value that means 0: 0 for floats and for int8 without a (non-uniform) zero point; uint8 needs a known one. */
function storedZeroPoint(t: Tensor): number | null {
  if (t.dtype === 'float32' || t.dtype === 'float16') return 0;
  const zps = t.quantization?.zeroPoint ?? [];
  if (zps.length > 0) return zps.every((z) => z === zps[0]) ? zps[0]! : null;
  // ONNX keeps the zero point in a DequantizeLinear input, not on the tensor; int8 weights are symmetric (zero point 0) in practice.
  return t.dtype === 'int8' ? 0 : null;
}
