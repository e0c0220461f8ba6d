// Design hints: model changes that make a network cheaper or easier to deploy, beyond "does it
// run". Each family lives in its own file; this runs them all and orders the findings by where
// they sit in the graph. Codes and fixes are listed in docs/findings.md.

import type { Model } from '../../ir/model';
import type { TargetProfile } from '../../targets/profile';
import { activationHints } from './activationHints';
import { cancellingChainHints } from './cancellingChainHints';
import { channelAlignmentHints } from './channelAlignmentHints';
import { constantSubgraphHints } from './constantSubgraphHints';
import { deadCodeHints } from './deadCodeHints';
import { floatOnMcuHints } from './floatOnMcuHints';
import { ignoredActivationHints } from './ignoredActivationHints';
import type { HintContext, HintDiagnostic, HintRule } from './hintTypes';
import { mixedPrecisionHints } from './mixedPrecisionHints';
import { noOpHints } from './noOpHints';
import { partlyUsedResultHints } from './partlyUsedResultHints';
import { sparsityHints } from './sparsityHints';
import type { SparsityScan } from './sparsityScan';
import { unfusedBatchNormHints } from './unfusedBatchNormHints';

export type { HintDiagnostic } from './hintTypes';

const RULES: readonly HintRule[] = [
  noOpHints, cancellingChainHints, deadCodeHints, constantSubgraphHints, partlyUsedResultHints,
  unfusedBatchNormHints, mixedPrecisionHints, activationHints, channelAlignmentHints, floatOnMcuHints, ignoredActivationHints,
];

/**
 * All design hints of the verdict path for one graph: none of them reads a weight byte. `target`
 * null: only the target-independent hints (redundancy, dead code, folding, fusion, weight-only
 * quantization). Works on unknown shapes (hints that need them skip) and uses inferred shapes when
 * shape inference ran first. The sparsity hint needs weight values: weightHints, after the verdict.
 */
export function designHints(model: Model, target: TargetProfile | null, graphIndex = 0): HintDiagnostic[] {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`${model.path}: no graph ${graphIndex}`);
  const ctx: HintContext = { model, graph, graphIndex, target };
  // Each node's place in the execution order (-1: not in it), in a typed array rather than a Map:
  // 10k Map entries on the decoder, per target, to sort a few hundred findings.
  const position = new Int32Array(graph.nodes.length).fill(-1);
  graph.order.forEach((nodeIndex, i) => { if (nodeIndex >= 0 && nodeIndex < position.length) position[nodeIndex] = i; });
  const found = RULES.flatMap((rule) => rule(ctx));
  const at = (d: HintDiagnostic) => {
    const p = d.node === undefined ? -1 : position[d.node] ?? -1;
    return p >= 0 ? p : Number.MAX_SAFE_INTEGER;
  };
  // Array.prototype.sort is stable: same-node findings keep the family order above.
  return found.sort((a, b) => at(a) - at(b));
}

/**
 * The hints that need weight values (sparsity), from a scan of the weights that ran after the
 * verdict (sparsityScan.ts). They are info findings: they never change a verdict.
 */
export function weightHints(model: Model, target: TargetProfile | null, scan: SparsityScan, graphIndex = 0): HintDiagnostic[] {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`${model.path}: no graph ${graphIndex}`);
  return sparsityHints({ model, graph, graphIndex, target }, scan);
}
