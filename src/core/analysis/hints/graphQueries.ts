// Small read-only questions about a graph that several hint families ask (who produces a tensor,
// who reads it, how many elements it has when its shape is fully known).

import type { Graph, Node, Shape } from '../../ir/model';

export function producerOf(graph: Graph, tensorName: string): Node | undefined {
  const p = graph.tensors.get(tensorName)?.producer;
  return p === null || p === undefined ? undefined : graph.nodes[p];
}

/** The only node reading `tensorName`, when the tensor is not also a graph output. */
export function soleConsumer(graph: Graph, tensorName: string): Node | undefined {
  const t = graph.tensors.get(tensorName);
  if (!t || t.isGraphOutput || t.consumers.length !== 1) return undefined;
  return graph.nodes[t.consumers[0]!];
}

/** Product of the dims, or null when the rank or any dim is unknown/symbolic. */
export function staticElements(shape: Shape): number | null {
  if (!shape) return null;
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || d < 0) return null;
    n *= d;
  }
  return n;
}

export function tensorElements(graph: Graph, tensorName: string): number | null {
  return staticElements(graph.tensors.get(tensorName)?.shape ?? null);
}

/** Whether a node has any output that is not omitted (without listing them: asked of every node). */
export function hasRealOutput(node: Node): boolean {
  const outputs = node.outputs;
  for (let i = 0; i < outputs.length; i++) if (outputs[i] !== '') return true;
  return false;
}

/** Node outputs that are not omitted ('' marks an omitted optional output). */
export function realOutputs(node: Node): string[] {
  return node.outputs.filter((o) => o !== '');
}

export { formatCount } from '../../units';

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
