// Pairs and chains of layout ops that undo or repeat each other: a Transpose followed by its
// inverse (the pair is a no-op), and Reshape-like ops in a row (one Reshape to the final shape does
// the same). Exporters produce both when a model permutes for one op and back, or flattens twice.

import type { Graph, Node } from '../../ir/model';
import { attrNumbers } from '../nodeGeometry';
import { producerOf, soleConsumer } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

const RESHAPE_LIKE = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);

export function cancellingChainHints(ctx: HintContext): HintDiagnostic[] {
  return [...inverseTransposeHints(ctx), ...reshapeChainHints(ctx)];
}

/**
 * The permutation of a Transpose: ONNX's `perm` attribute (default: reversed axes, which needs the
 * rank), or a permutation held inline (small constant the reader already decoded). TFLite's perm
 * lives in the file's buffers and is not read here (weights are only read for the sparsity hint).
 */
function permutation(graph: Graph, node: Node): number[] | null {
  const perm = attrNumbers(node, 'perm');
  if (perm) return perm;
  if (node.domain === 'tflite') return inlineInts(graph, node.inputs[1]);
  const rank = graph.tensors.get(node.inputs[0] ?? '')?.shape?.length;
  return rank === undefined ? null : Array.from({ length: rank }, (_, i) => rank - 1 - i);
}

function inlineInts(graph: Graph, name: string | undefined): number[] | null {
  const t = graph.tensors.get(name ?? '');
  if (!t || t.data?.kind !== 'inline' || t.data.encoding !== 'raw') return null;
  const { bytes } = t.data;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = t.dtype === 'int64' ? 8 : t.dtype === 'int32' ? 4 : 0;
  if (size === 0 || bytes.byteLength % size !== 0) return null;
  const values: number[] = [];
  for (let o = 0; o < bytes.byteLength; o += size) values.push(size === 8 ? Number(view.getBigInt64(o, true)) : view.getInt32(o, true));
  return values;
}

/** Transpose b applied to Transpose a's output gives out[i] = x[a[b[i]]]: identity when a[b[i]] = i. */
function cancels(a: number[], b: number[]): boolean {
  return a.length === b.length && b.every((bi, i) => a[bi] === i);
}

function inverseTransposeHints(ctx: HintContext): HintDiagnostic[] {
  const { graph } = ctx;
  const out: HintDiagnostic[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const second = graph.nodes[index];
    if (second?.canonicalOp !== 'Transpose') continue;
    const first = producerOf(graph, second.inputs[0] ?? '');
    if (first?.canonicalOp !== 'Transpose') continue;
    const a = permutation(graph, first);
    const b = permutation(graph, second);
    if (!a || !b || !cancels(a, b)) continue;
    const firstHasOtherReaders = soleConsumer(graph, first.outputs[0] ?? '') === undefined;
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/inverse-transpose', node: second, related: [first.index], tensor: second.outputs[0] ?? '',
      message: `${nodeLabel(second)} undoes ${nodeLabel(first)} (perm [${a.join(', ')}] then [${b.join(', ')}]): the pair moves every element twice and changes nothing`
        + `${firstHasOtherReaders ? ` (the first Transpose has other readers, so only the second can go)` : ''}.`,
      fix: 'Read the input directly: remove both Transposes (an ONNX simplifier does it), or keep the layout the same on both sides in the model code.',
    }));
  }
  return out;
}

function reshapeChainHints(ctx: HintContext): HintDiagnostic[] {
  const { graph } = ctx;
  const out: HintDiagnostic[] = [];
  const isReshapeLike = (n: Node | undefined): n is Node => n !== undefined && RESHAPE_LIKE.has(n.canonicalOp);
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const head = graph.nodes[index];
    if (!isReshapeLike(head)) continue;
    // Start only at the head of a chain: not when the input comes from a reshape whose only reader is this one.
    const before = producerOf(graph, head.inputs[0] ?? '');
    if (isReshapeLike(before) && soleConsumer(graph, before.outputs[0] ?? '') === head) continue;
    const chain: Node[] = [head];
    for (;;) {
      const last = chain[chain.length - 1]!;
      const next = soleConsumer(graph, last.outputs[0] ?? '');
      if (!isReshapeLike(next) || next.inputs[0] !== last.outputs[0]) break;
      chain.push(next);
    }
    if (chain.length < 2) continue;
    const tail = chain[chain.length - 1]!;
    const inShape = graph.tensors.get(head.inputs[0] ?? '')?.shape ?? null;
    const outShape = graph.tensors.get(tail.outputs[0] ?? '')?.shape ?? null;
    const noOp = inShape !== null && outShape !== null && inShape.length === outShape.length
      && inShape.every((d, i) => typeof d === 'number' && d === outShape[i]);
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/reshape-chain', node: tail, related: chain.map((n) => n.index), tensor: tail.outputs[0] ?? '',
      message: `${chain.length} reshape ops in a row (${chain.map((n) => `'${n.name || `#${n.index}`}' ${n.op}`).join(' → ')})`
        + (noOp ? ` end with the shape they started from, so together they do nothing.` : `: one Reshape to the final shape does the same.`),
      fix: noOp ? 'Remove the chain (an ONNX simplifier folds it).' : 'Replace the chain by a single Reshape (an ONNX simplifier folds it); in the model code, reshape once.',
    }));
  }
  return out;
}
