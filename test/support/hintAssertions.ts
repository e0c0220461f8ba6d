// Small helpers for the design-hint tests: pick findings by code and name nodes by op.

import type { HintDiagnostic } from '../../src/core/analysis/hints';
import type { Model, Node } from '../../src/core/ir/model';

export function withCode(hints: HintDiagnostic[], code: string): HintDiagnostic[] {
  return hints.filter((h) => h.code === code);
}

export function codes(hints: HintDiagnostic[]): string[] {
  return hints.map((h) => h.code).sort();
}

/** The graph-0 nodes whose op is `op`, in file order. */
export function nodesOf(model: Model, op: string): Node[] {
  return model.graphs[0]!.nodes.filter((n) => n.op === op);
}

/** The index of the n-th node (file order) whose op is `op`. */
export function nodeIndex(model: Model, op: string, n = 0): number {
  const node = nodesOf(model, op)[n];
  if (!node) throw new Error(`no ${op} #${n}`);
  return node.index;
}
