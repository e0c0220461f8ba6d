// A node that computes a large result of which its readers keep only a small slice (a Slice,
// Gather, or a Split with most outputs unread): the rest is computed and stored for nothing.
// Needs shapes; when any involved shape is unknown the check is skipped, never guessed.

import type { Node } from '../../ir/model';
import { formatCount, percent, realOutputs, tensorElements } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

const SLICING_OPS = new Set(['Slice', 'Gather', 'Split', 'StridedSlice', 'Unpack']);
/** Below this many elements the waste does not matter. */
const MIN_ELEMENTS = 4096;
/** Report when readers keep at most this fraction. */
const MAX_KEPT_FRACTION = 0.25;
const HEAVY_OPS = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm', 'FullyConnected', 'DepthwiseConv', 'LSTM', 'GRU', 'RNN']);

/** Whether `reader` takes a slice of `name` (its first input). */
function slices(reader: Node | undefined, name: string): boolean {
  return reader !== undefined && SLICING_OPS.has(reader.canonicalOp) && reader.inputs[0] === name;
}

export function partlyUsedResultHints(ctx: HintContext): HintDiagnostic[] {
  const { graph } = ctx;
  const out: HintDiagnostic[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const node = graph.nodes[index];
    if (!node || node.canonicalOp === 'Constant') continue;
    // The node's own list, '' (an omitted output) skipped: no filtered copy per node.
    const outputs = node.outputs;
    for (let k = 0; k < outputs.length; k++) {
      const name = outputs[k]!;
      if (name === '') continue;
      const t = graph.tensors.get(name);
      if (!t || t.isGraphOutput || t.consumers.length === 0) continue;
      // Asked of every output: decided on the consumer indices before any array is built.
      if (!t.consumers.every((c) => slices(graph.nodes[c], name))) continue;
      const readers = t.consumers.map((c) => graph.nodes[c]);
      const total = tensorElements(graph, name);
      if (total === null || total < MIN_ELEMENTS) continue;
      let kept = 0;
      let known = true;
      for (const reader of readers) {
        for (const o of realOutputs(reader!)) {
          const ot = graph.tensors.get(o);
          if (!ot || (ot.consumers.length === 0 && !ot.isGraphOutput)) continue;
          const n = tensorElements(graph, o);
          if (n === null) known = false;
          else kept += n;
        }
      }
      // Overlapping slices are counted twice, so `kept` is an upper bound: the hint never overstates the waste.
      if (!known || kept / total > MAX_KEPT_FRACTION) continue;
      const readerOps = [...new Set(readers.map((r) => r!.op))].join('/');
      out.push(hint(ctx, {
        severity: HEAVY_OPS.has(node.canonicalOp) ? 'warning' : 'info', code: 'hint/partly-used-result', node, tensor: name,
        related: t.consumers,
        message: `${nodeLabel(node)} produces '${name}' with ${formatCount(total)} elements, but its readers (${readerOps}) keep only ${formatCount(kept)} (${percent(kept / total)}): the rest is computed and held in memory for nothing.`,
        fix: 'Compute only the part that is used: slice the input before the op, shrink the layer (fewer output channels/features), or for a sequence model take the last step before the projection.',
      }));
    }
  }
  return out;
}
