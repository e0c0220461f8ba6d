// What every design hint shares: the finding type (a Diagnostic plus the fix, like compatibility's
// CompatDiagnostic) and the context each hint family receives.

import type { Diagnostic, Severity } from '../../ir/diagnostic';
import type { Graph, Model, Node } from '../../ir/model';
import type { TargetProfile } from '../../targets/profile';
import type { FindingCode } from '../../findings/catalog';

/** A design hint: always carries the model change that removes it. */
export interface HintDiagnostic extends Diagnostic {
  fix: string;
  /** Every node the finding covers (a pattern of several nodes), the reported `node` first. */
  nodes?: number[];
}

export interface HintContext {
  model: Model;
  graph: Graph;
  graphIndex: number;
  /** null when analyzing without a target: target-dependent hints stay silent. */
  target: TargetProfile | null;
}

/** One hint family: reads the graph, returns its findings. */
export type HintRule = (ctx: HintContext) => HintDiagnostic[];

/** "Node 'conv1' (Conv)" — how every hint names a node. */
export function nodeLabel(node: Node): string {
  return `Node '${node.name || `#${node.index}`}' (${node.op})`;
}

export interface HintInput {
  severity: Severity;
  code: FindingCode;
  node?: Node;
  tensor?: string;
  /** Other nodes of the pattern, besides `node`. */
  related?: number[];
  /** The finding, without the fix (the fix travels in its own field: the report prints it apart, the editor offers it). */
  message: string;
  fix: string;
}

export function hint(ctx: HintContext, h: HintInput): HintDiagnostic {
  const out: HintDiagnostic = {
    severity: h.severity, code: h.code, graph: ctx.graphIndex,
    message: h.message, fix: h.fix,
  };
  if (h.node) out.node = h.node.index;
  if (h.tensor !== undefined) out.tensor = h.tensor;
  if (h.node && h.related && h.related.length > 0) out.nodes = [h.node.index, ...h.related.filter((i) => i !== h.node?.index)];
  return out;
}
