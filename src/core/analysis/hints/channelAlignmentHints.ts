// Channel counts that waste a target's vector width: a Conv with 24 output channels on a target
// that works in blocks of 16 computes (and often stores) 32. Output channels are read from the
// weight's dims, which every file stores, so this needs no shape inference.

import type { Graph, Node } from '../../ir/model';
import { attrNumber } from '../nodeGeometry';
import { channelWidth } from './channelAlignment';
import { percent, producerOf, soleConsumer } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

/** Ops between a layer and the graph output that keep its channel count (a classifier head's logits). */
const HEAD_PASSTHROUGH = new Set(['Softmax', 'LogSoftmax', 'Sigmoid', 'Reshape', 'Flatten', 'Squeeze', 'QuantizeLinear', 'DequantizeLinear', 'Identity']);

export function channelAlignmentHints(ctx: HintContext): HintDiagnostic[] {
  const { graph, target } = ctx;
  if (!target) return [];
  const out: HintDiagnostic[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const node = graph.nodes[index];
    if (!node) continue;
    const weight = weightTensor(graph, node);
    if (!weight) continue;
    const channels = outputChannels(node, weight.dims);
    if (channels === null || channels <= 0) continue;
    const width = channelWidth(target, weight.dtype === 'int8' || weight.dtype === 'uint8');
    if (!width || channels % width.width === 0) continue;
    // The output size of a model head is fixed by the task (number of classes): not a design choice.
    if (feedsGraphOutput(graph, node)) continue;
    const padded = Math.ceil(channels / width.width) * width.width;
    const lower = Math.floor(channels / width.width) * width.width;
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/channel-alignment', node, tensor: node.outputs[0] ?? '',
      message: `${nodeLabel(node)} has ${channels} output channels, not a multiple of ${width.width} on ${target.name}: ${width.why}. `
        + `It is processed as ${padded} channels (${percent((padded - channels) / padded)} of that work wasted).`,
      fix: `Use ${padded}${lower > 0 ? ` (or ${lower})` : ''} channels in this layer (width multipliers and channel rounding in the model definition, e.g. torchvision's _make_divisible with divisor ${width.width}).`,
    }));
  }
  return out;
}

interface Weight {
  dims: number[];
  dtype: string;
}

const WEIGHT_OPS = new Set(['Conv', 'ConvTranspose', 'DepthwiseConv', 'FullyConnected', 'Gemm', 'MatMul']);

/** The constant weight of a conv/dense node (looking through a DequantizeLinear), with its stored dims. */
function weightTensor(graph: Graph, node: Node): Weight | null {
  if (!WEIGHT_OPS.has(node.canonicalOp)) return null;
  let t = graph.tensors.get(node.inputs[1] ?? '');
  const dq = producerOf(graph, node.inputs[1] ?? '');
  if (dq?.canonicalOp === 'DequantizeLinear') t = graph.tensors.get(dq.inputs[0] ?? '');
  if (!t?.constant || !t.shape || !t.shape.every((d): d is number => typeof d === 'number')) return null;
  return { dims: t.shape, dtype: t.dtype };
}

function outputChannels(node: Node, dims: number[]): number | null {
  const tflite = node.domain === 'tflite';
  switch (node.canonicalOp) {
    case 'Conv': return dims[0] ?? null; // ONNX OIHW, TFLite OHWI
    case 'DepthwiseConv': return dims[3] ?? null; // TFLite 1HWO
    case 'ConvTranspose': return tflite ? dims[0] ?? null : (dims[1] ?? 0) * (attrNumber(node, 'group') ?? 1); // ONNX [Cin, Cout/group, ...]
    case 'FullyConnected': return dims[0] ?? null; // [out, in]
    case 'Gemm': return (attrNumber(node, 'transB') ?? 0) === 1 ? dims[0] ?? null : dims[1] ?? null;
    case 'MatMul': return dims.length >= 2 ? dims[dims.length - 1] ?? null : null;
    default: return null;
  }
}

function feedsGraphOutput(graph: Graph, node: Node): boolean {
  let name = node.outputs[0] ?? '';
  for (let step = 0; step < 4; step++) {
    const t = graph.tensors.get(name);
    if (!t) return false;
    if (t.isGraphOutput) return true;
    const next = soleConsumer(graph, name);
    if (!next || !HEAD_PASSTHROUGH.has(next.canonicalOp)) return false;
    name = next.outputs[0] ?? '';
  }
  return false;
}
