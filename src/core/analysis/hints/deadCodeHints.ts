// Work and bytes nobody uses: nodes whose results no one reads (and that are not graph outputs),
// outputs of a node that are left unread, and initializers no node reads. They cost compute,
// arena or flash on the target for nothing.

import type { Graph, Model } from '../../ir/model';
import { formatCount, realOutputs } from './graphQueries';
import { linkedLiveness, namedLiveness } from './liveness';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

export function deadCodeHints(ctx: HintContext): HintDiagnostic[] {
  const outerReads = namesReadBySubgraphs(ctx.model, ctx.graphIndex);
  return [...deadNodeHints(ctx, outerReads), ...unusedOutputHints(ctx, outerReads), ...unusedInitializerHints(ctx, outerReads)];
}

/**
 * Names that nodes of nested graphs (If/Loop bodies) read from this graph's scope. The IR links
 * each graph on its own, so without this an initializer used only inside a body looks unused.
 */
function namesReadBySubgraphs(model: Model, graphIndex: number): Set<string> {
  const names = new Set<string>();
  const isNested = (g: Graph): boolean => {
    for (let p = g.parent; p; p = model.graphs[p.graph]?.parent) if (p.graph === graphIndex) return true;
    return false;
  };
  for (const g of model.graphs) {
    if (!isNested(g)) continue;
    for (const node of g.nodes) for (const name of node.inputs) if (name !== '') names.add(name);
  }
  return names;
}

function isRead(graph: Graph, name: string, outerReads: Set<string>): boolean {
  const t = graph.tensors.get(name);
  return t !== undefined && (t.consumers.length > 0 || t.isGraphOutput || outerReads.has(name));
}

/** Nodes from which no graph output can be reached: computed, then thrown away. */
function deadNodeHints(ctx: HintContext, outerReads: Set<string>): HintDiagnostic[] {
  const { graph } = ctx;
  const live = linkedLiveness(graph, outerReads) ?? namedLiveness(graph, outerReads);
  const out: HintDiagnostic[] = [];
  // Indexed loops over every node here and below: these run once per analysis, mostly before the
  // JIT has compiled them, where an array iterator per loop costs most.
  const order = graph.order;
  for (let i = 0; i < order.length; i++) {
    const index = order[i]!;
    const node = graph.nodes[index];
    if (!node || live[index]) continue;
    // Report at the sinks (nothing reads any output); upstream dead nodes are counted in.
    if (realOutputs(node).some((o) => isRead(graph, o, outerReads))) continue;
    const upstream = deadAncestors(graph, index, live);
    out.push(hint(ctx, {
      severity: 'warning', code: 'hint/dead-node', node, related: upstream, tensor: node.outputs[0] ?? '',
      message: `${nodeLabel(node)} computes ${realOutputs(node).map((o) => `'${o}'`).join(', ')}, which nothing reads and which is not a graph output`
        + `${upstream.length > 0 ? `; ${upstream.length} more node(s) feed only this dead branch` : ''}.`,
      fix: 'Remove the branch (an ONNX simplifier or ONNX Runtime\'s optimizer drops dead nodes); in the model code, do not compute what forward() does not return.',
    }));
  }
  return out;
}

function deadAncestors(graph: Graph, sink: number, live: Uint8Array): number[] {
  const seen = new Set<number>([sink]);
  const stack = [sink];
  while (stack.length > 0) {
    for (const name of graph.nodes[stack.pop()!]?.inputs ?? []) {
      const p = graph.tensors.get(name)?.producer;
      if (p === null || p === undefined || live[p] || seen.has(p)) continue;
      seen.add(p);
      stack.push(p);
    }
  }
  seen.delete(sink);
  return [...seen].sort((a, b) => a - b);
}

/** Live nodes with some outputs nobody reads (the others are used). */
function unusedOutputHints(ctx: HintContext, outerReads: Set<string>): HintDiagnostic[] {
  const { graph } = ctx;
  const out: HintDiagnostic[] = [];
  const order = graph.order;
  for (let i = 0; i < order.length; i++) {
    const node = graph.nodes[order[i]!];
    // Dropout's mask is covered by the Dropout hint.
    if (!node || node.canonicalOp === 'Dropout') continue;
    // Counted first, listed only for a node that has one (asked of every node).
    let outputs = 0;
    let unread = 0;
    const names = node.outputs;
    for (let k = 0; k < names.length; k++) {
      const o = names[k]!;
      if (o === '') continue;
      outputs++;
      if (!isRead(graph, o, outerReads)) unread++;
    }
    if (unread === 0 || unread === outputs) continue;
    const unused = realOutputs(node).filter((o) => !isRead(graph, o, outerReads));
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/unused-output', node, tensor: unused[0]!,
      message: `${nodeLabel(node)} has output(s) ${unused.map((o) => `'${o}'`).join(', ')} that nothing reads and that are not graph outputs; the runtime may still compute and store them.`,
      fix: 'Leave the output name empty in the node (ONNX allows omitting optional outputs), or drop the unused result in the model code (e.g. return only the needed part of a split).',
    }));
  }
  return out;
}

function unusedInitializerHints(ctx: HintContext, outerReads: Set<string>): HintDiagnostic[] {
  const { graph } = ctx;
  const unused = [...graph.tensors.values()].filter((t) => t.constant && t.producer === null && !isRead(graph, t.name, outerReads));
  return unused.map((t) => hint(ctx, {
    severity: 'info', code: 'hint/unused-initializer', tensor: t.name,
    message: `Constant '${t.name}'${t.dataBytes !== undefined ? ` (${formatCount(t.dataBytes)} bytes)` : ''} is stored in the model but no node reads it: it only adds to the file and flash size.`,
    fix: 'Remove unused initializers (onnxsim or ONNX Runtime\'s optimizer drop them); for TFLite, re-run the converter, which keeps only referenced buffers.',
  }));
}
