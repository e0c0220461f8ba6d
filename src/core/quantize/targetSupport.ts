// Which nodes a target can run in INT8, for the QDQ writer (qdq.ts) and the pitfalls (pitfalls.ts).
// Op-level only: a node counts as unsupported when the target has no kernel for its op at all
// (compatibility status 'unsupported': not in a closed operator table, no builtin after the format
// bridge, a custom op). Dtype and quantization constraints are ignored on purpose — a float model
// violates them on every INT8 target, and quantizing is exactly what fixes that; shape limits
// (kernel size, stride) decide placement, not whether the op can be written as INT8. Pure.

import { checkCompatibility } from '../analysis/compatibility';
import { isFloat } from '../ir/dtype';
import type { Model, Node } from '../ir/model';
import type { TargetProfile } from '../targets/profile';

/** Whether the target runs this node in INT8, and if not, why (shown next to the float op). */
export type TargetVerdict = { ok: true } | { ok: false; reason: string };

export interface QuantTargetSupport {
  targetId: string;
  supports(node: Node): TargetVerdict;
  /** The target computes only in integers (no float precision: Edge TPU, Ethos-U): a float op leaves the accelerator. */
  fullInt8: boolean;
}

/** A profile without any float precision computes everything it accelerates in integers. */
export function isFullInt8Target(target: TargetProfile): boolean {
  return !target.precisions.some(isFloat);
}

export function quantTargetSupport(model: Model, target: TargetProfile, graphIndex = 0): QuantTargetSupport {
  const verdicts = new Map<number, TargetVerdict>();
  for (const s of checkCompatibility(model, target, graphIndex)) {
    if (s.status !== 'unsupported') continue;
    const why = s.reasons.find((r) => r.outcome === 'violated')?.message ?? `no kernel on ${target.name}`;
    verdicts.set(s.node, { ok: false, reason: `${target.name}: ${why}` });
  }
  const ok: TargetVerdict = { ok: true };
  return { targetId: target.id, supports: (node) => verdicts.get(node.index) ?? ok, fullInt8: isFullInt8Target(target) };
}
