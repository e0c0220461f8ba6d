// Nodes that compute only from constants: constant folding at export would have replaced them by
// their result. Weight math left in the graph (a Transpose or Mul of a weight) is paid on every
// inference; small integer shape computations are cheap and every converter folds them.

import { allConstant } from '../../cost/computeCosts';
import type { Graph, Node } from '../../ir/model';
import { realOutputs } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

/**
 * Never reported as foldable: Constant is the folded form itself; DequantizeLinear of int8 weights
 * is how QDQ and weight-compressed models are meant to look; Random* change on every run; nodes
 * with bodies are control flow. Identity/Dropout groups are left to the no-op hints.
 */
const NOT_FOLDABLE = new Set(['Constant', 'DequantizeLinear', 'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli']);
const NO_OP = new Set(['Identity', 'Dropout']);
/** Largest integer result still called a shape computation. */
const SHAPE_ELEMENTS = 64;

export function constantSubgraphHints(ctx: HintContext): HintDiagnostic[] {
  const { graph } = ctx;
  const foldable = foldableNodes(graph);
  if (foldable.size === 0) return [];
  const out: HintDiagnostic[] = [];
  for (const group of connectedGroups(graph, foldable)) {
    const nodes = group.map((i) => graph.nodes[i]!);
    if (nodes.every((n) => NO_OP.has(n.canonicalOp))) continue;
    const sinks = nodes.filter((n) => realOutputs(n).some((o) => {
      const t = graph.tensors.get(o);
      return t !== undefined && (t.isGraphOutput || t.consumers.some((c) => !foldable.has(c)));
    }));
    const at = sinks[sinks.length - 1] ?? nodes[nodes.length - 1]!;
    const shapeOnly = sinks.every((n) => isShapeComputation(graph, n));
    const ops = [...new Set(nodes.map((n) => n.op))].join(', ');
    const what = nodes.length === 1 ? `${nodeLabel(at)} computes` : `${nodes.length} nodes (${ops}) ending at ${nodeLabel(at)} compute`;
    out.push(hint(ctx, {
      severity: shapeOnly ? 'info' : 'warning', code: 'hint/constant-subgraph', node: at, related: group, tensor: at.outputs[0] ?? '',
      message: `${what} only from constants, so the result is the same on every inference`
        + (shapeOnly
          ? ': a small shape computation, which converters and runtimes fold — fine once folded, but it means the export ran without constant folding.'
          : ': constant folding would store the result instead of recomputing it each run.'),
      fix: 'Export with constant folding (torch.onnx.export(..., do_constant_folding=True)) or run an ONNX simplifier (onnxsim) before deployment.',
    }));
  }
  return out;
}

/** Nodes whose every input is a constant or the output of another such node, in execution order. */
function foldableNodes(graph: Graph): Set<number> {
  const constants = new Set<string>();
  graph.tensors.forEach((t) => { if (t.constant && !t.variable) constants.add(t.name); });
  const foldable = new Set<number>();
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const node = graph.nodes[index];
    if (!node || NOT_FOLDABLE.has(node.canonicalOp) || node.op === 'DEQUANTIZE' || node.subgraphs.length > 0) continue;
    if (!allConstant(node.inputs, constants)) continue;
    foldable.add(index);
    for (const o of realOutputs(node)) constants.add(o);
  }
  return foldable;
}

/** Connected components of the foldable nodes (joined through the tensors between them), in execution order. */
function connectedGroups(graph: Graph, foldable: Set<number>): number[][] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const i of foldable) parent.set(i, i);
  for (const i of foldable) {
    for (const name of graph.nodes[i]!.inputs) {
      const p = graph.tensors.get(name)?.producer;
      if (p !== null && p !== undefined && foldable.has(p)) parent.set(find(i), find(p));
    }
  }
  const groups = new Map<number, number[]>();
  for (let pos = 0; pos < graph.order.length; pos++) {
    const i = graph.order[pos]!;
    if (!foldable.has(i)) continue;
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }
  return [...groups.values()];
}

/** Ops whose inputs after the first are shapes, axes or indices (ConstantOfShape: its only input). */
const SHAPE_INPUT_OPS = new Set(['Reshape', 'Expand', 'Tile', 'Slice', 'Resize', 'Pad', 'Unsqueeze', 'Squeeze', 'Split', 'TopK', 'Gather', 'ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ConstantOfShape', 'Range']);

/** An integer result of at most a few values, or one that only feeds shape/axes/index inputs of its readers. */
function isShapeComputation(graph: Graph, node: Node): boolean {
  return realOutputs(node).every((o) => {
    const t = graph.tensors.get(o);
    if (!t) return false;
    const elements = t.shape?.every((d) => typeof d === 'number') ? (t.shape as number[]).reduce((a, b) => a * b, 1) : null;
    if ((t.dtype === 'int64' || t.dtype === 'int32') && (elements === null || elements <= SHAPE_ELEMENTS)) return true;
    return t.consumers.length > 0 && t.consumers.every((c) => {
      const reader = graph.nodes[c];
      if (!reader || !SHAPE_INPUT_OPS.has(reader.canonicalOp)) return false;
      const position = reader.inputs.indexOf(o);
      return reader.canonicalOp === 'ConstantOfShape' || reader.canonicalOp === 'Range' ? position >= 0 : position >= 1;
    });
  });
}
