// ONNX Runtime's MatmulTransposeFusion on the CPU EP (SOURCES.ortMatmulTransposeFusion): a
// Transpose feeding a MatMul (or a FusedMatMul) folds into com.microsoft FusedMatMul as transA/transB
// (the last two axes swapped) and transBatchA/transBatchB (the leading axis moved behind the batch
// axes), as attention exports need for q·kᵀ and p·v. The Transpose goes once no other node reads it.
// ORT's Cast branch (Transpose → Cast → MatMul, which it reorders) is not modelled: such a MatMul is left as it is.

import type { DType } from '../../ir/dtype';
import type { WorkGraph, WorkNode } from '../workGraph';
import { producesGraphOutput } from './ortTransformerFusions';

/** IsAllowedFusedMatMulDataType. */
const FUSED_MATMUL_TYPES: ReadonlySet<DType> = new Set(['float32', 'float16', 'float64', 'bfloat16']);

interface Fold {
  transpose: WorkNode;
  trans: boolean;
  transBatch: boolean;
}

/** GetTransposePerms: the perm attribute, or the reversed axes of a known rank. */
function permsOf(g: WorkGraph, t: WorkNode): number[] | null {
  const a = t.attributes.perm;
  if (a?.type === 'ints') return [...a.value];
  const rank = g.tensor(t.inputs[0] ?? '')?.shape?.length;
  return rank === undefined ? null : Array.from({ length: rank }, (_, i) => rank - 1 - i);
}

/**
 * GetTransposeNodeFromOutput: the Transpose producing `name` when it can fold into a MatMul input:
 * the original last axis lands in one of the last two places (is_trans when second to last), the
 * batch axes keep their order contiguously from axis 0 or 1 (is_trans_batch when from 1).
 */
function transposeFeeding(g: WorkGraph, name: string): Fold | null {
  const t = g.producer(name);
  if (!t || t.op !== 'Transpose' || t.domain !== '' || producesGraphOutput(g, t)) return null;
  const perms = permsOf(g, t);
  if (!perms || perms.length < 2) return null;
  const rank = perms.length;
  const last = rank - 1;
  const at = perms[rank - 1] === last ? rank - 1 : perms[rank - 2] === last ? rank - 2 : -1;
  if (at < 0) return null;
  if (rank >= 3) {
    if (perms[0] !== 0 && perms[0] !== 1) return null;
    for (let i = 0; i < rank - 3; i++) if (perms[i]! + 1 !== perms[i + 1]) return null;
  }
  return { transpose: t, trans: at === rank - 2, transBatch: rank >= 3 && perms[0] === 1 };
}

function flag(n: WorkNode, name: string): boolean {
  const a = n.attributes[name];
  return a?.type === 'int' && a.value !== 0;
}

/** A Transpose → Cast into the MatMul: ORT reorders the two and fuses (not modelled). */
function castOfTranspose(g: WorkGraph, name: string): boolean {
  const c = g.producer(name);
  return c?.op === 'Cast' && c.domain === '' && transposeFeeding(g, c.inputs[0] ?? '') !== null;
}

export function fuseMatmulTranspose(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const mm = liveNodes[li]!;
    if (mm.removed) continue;
    const fused = mm.op === 'FusedMatMul' && mm.domain === 'com.microsoft';
    if (!fused && !(mm.op === 'MatMul' && mm.domain === '')) continue;
    const [a, b] = mm.inputs;
    if (!a || !b) continue;
    if (!FUSED_MATMUL_TYPES.has(g.tensor(a)?.dtype ?? 'unknown') || !FUSED_MATMUL_TYPES.has(g.tensor(b)?.dtype ?? 'unknown')) continue;
    // A side whose transBatch is already set is not fused again.
    let left = !fused || !flag(mm, 'transBatchA') ? transposeFeeding(g, a) : null;
    let right = !fused || !flag(mm, 'transBatchB') ? transposeFeeding(g, b) : null;
    if ((!left && castOfTranspose(g, a)) || (!right && castOfTranspose(g, b))) continue;
    // transBatch with inputs of different ranks would pad the wrong axis: both must have one known rank.
    if (left?.transBatch || right?.transBatch) {
      const ra = g.tensor(a)?.shape?.length;
      const rb = g.tensor(b)?.shape?.length;
      if (ra === undefined || rb === undefined || ra !== rb) {
        if (left?.transBatch) left = null;
        if (right?.transBatch) right = null;
      }
    }
    if (!left && !right) continue;
    const alpha = mm.attributes.alpha;
    mm.attributes = {
      transA: { type: 'int', value: Number((left?.trans ?? false) !== (fused && flag(mm, 'transA'))) },
      transB: { type: 'int', value: Number((right?.trans ?? false) !== (fused && flag(mm, 'transB'))) },
      transBatchA: { type: 'int', value: Number((left?.transBatch ?? false) !== (fused && flag(mm, 'transBatchA'))) },
      transBatchB: { type: 'int', value: Number((right?.transBatch ?? false) !== (fused && flag(mm, 'transBatchB'))) },
      alpha: fused && alpha?.type === 'float' ? alpha : { type: 'float', value: 1 },
    };
    mm.op = 'FusedMatMul';
    mm.canonicalOp = 'FusedMatMul';
    mm.domain = 'com.microsoft';
    g.setInputs(mm, [left ? left.transpose.inputs[0]! : a, right ? right.transpose.inputs[0]! : b]);
    const why = `folded into FusedMatMul '${mm.name}' as its transpose flags (ONNX Runtime MatmulTransposeFusion, CPU EP)`;
    for (const f of [left, right]) {
      if (!f || f.transpose.removed) continue;
      if (g.readerCount(f.transpose.outputs[0]!) === 0) g.merge(f.transpose, mm, 'fused', why);
    }
    changed++;
  }
  return changed;
}
