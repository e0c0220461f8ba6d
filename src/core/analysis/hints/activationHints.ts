// Activations a target lacks or runs slowly, when it supports a cheaper one: GELU (one op or the
// Erf pattern), SiLU/Swish (Sigmoid + Mul), HardSigmoid, HardSwish. Silent without a target, and
// silent when the activation is fine there or no cheaper replacement is supported.

import { checkNodes, type NodeSupport } from '../compatibility';
import { cheaperReplacement, costlyOps } from './activationCosts';
import { findActivationPatterns, type ActivationFamily, type ActivationPattern } from './activationPatterns';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

const FAMILY_NAME: Readonly<Record<ActivationFamily, string>> = {
  gelu: 'GELU', silu: 'SiLU/Swish', hardsigmoid: 'HardSigmoid', hardswish: 'HardSwish',
};

export function activationHints(ctx: HintContext): HintDiagnostic[] {
  const { target, model, graph, graphIndex } = ctx;
  if (!target) return [];
  const patterns = findActivationPatterns(graph);
  if (patterns.length === 0) return [];
  // Only the patterns' nodes are judged: a whole-model check here cost as much as the verdict's own.
  const supports = checkNodes(model, target, patterns.flatMap((p) => p.nodes.map((n) => n.index)), graphIndex);
  const costly = costlyOps(target);
  const out: HintDiagnostic[] = [];
  for (const pattern of patterns) {
    const replacement = cheaperReplacement(target, pattern.family);
    if (!replacement) continue;
    const missing = pattern.nodes.filter((n) => isUnplaceable(supports[n.index]));
    const slow = costly ? pattern.nodes.filter((n) => costly.ops.has(n.canonicalOp)) : [];
    if (missing.length === 0 && slow.length === 0) continue;
    const what = describe(pattern);
    const reason = missing.length > 0
      ? `${missing.map((n) => n.op).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not supported on ${target.name}, so ${target.partitioning.mode === 'none' ? 'the model cannot run there as it is' : `the activation falls back to ${target.partitioning.fallback ?? 'the CPU'}`}`
      : `on ${target.name} ${slow.map((n) => n.op).join(', ')} is costly: ${costly?.why ?? ''}`;
    const passes = pattern.nodes.length > 1 ? ` It takes ${pattern.nodes.length} ops, one pass over the activation each.` : '';
    out.push(hint(ctx, {
      severity: missing.length > 0 ? 'warning' : 'info',
      code: missing.length > 0 ? 'hint/unsupported-activation' : 'hint/costly-activation',
      node: pattern.anchor, related: pattern.nodes.map((n) => n.index), tensor: pattern.anchor.outputs[0] ?? '',
      message: `${what}: ${reason}.${passes} ${replacement.label} is supported there and cheaper.`,
      fix: `Replace ${FAMILY_NAME[pattern.family]} with ${replacement.label} (PyTorch: ${replacement.how}) and fine-tune briefly to recover accuracy.`,
    }));
  }
  return out;
}

function isUnplaceable(s: NodeSupport | undefined): boolean {
  if (!s) return false;
  return s.status === 'unsupported' || s.reasons.some((r) => r.outcome === 'violated' && (r.kind === 'unsupported-op' || r.kind === 'no-builtin'));
}

function describe(p: ActivationPattern): string {
  if (p.nodes.length === 1) return `${nodeLabel(p.anchor)} is ${FAMILY_NAME[p.family]}`;
  return `${nodeLabel(p.anchor)} is part of ${FAMILY_NAME[p.family]} written as ${p.nodes.map((n) => `${n.op} '${n.name || `#${n.index}`}'`).join(' → ')}`;
}
