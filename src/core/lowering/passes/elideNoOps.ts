// Ops that do nothing at inference and that every converter and ONNX Runtime's level-1 rewrite
// rules drop (EliminateIdentity, EliminateDropout, CastElimination): Identity, Dropout (its mask
// unused), a Cast to the type the tensor already has. ONNX Runtime keeps a Dropout whose output is
// a graph output (EliminateDropout asks graph_utils::CanRemoveNode, which refuses a node that
// produces one) and runs its kernel — an Identity there it removes, renaming its producer's output:
// ORT 1.30's optimized graphs, test/lowering-ort-noops.test.ts.

import { dtypeFromOnnx } from '../../onnx/dtypes';
import { attrNumber } from '../../analysis/nodeGeometry';
import type { WorkGraph, WorkNode } from '../workGraph';

export interface ElideOptions {
  /** ONNX Runtime: a Dropout that produces a graph output stays (and needs its kernel). */
  keepGraphOutputDropout?: boolean;
}

function isNoOp(g: WorkGraph, n: WorkNode, options: ElideOptions): string | null {
  if (n.canonicalOp === 'Identity') return 'a no-op (Identity) the converter removes';
  if (n.canonicalOp === 'Dropout') {
    const mask = n.outputs[1];
    if (mask && g.readerCount(mask) > 0) return null;
    if (options.keepGraphOutputDropout && g.isGraphOutput(n.outputs[0] ?? '')) return null;
    return 'does nothing at inference (Dropout); the converter removes it';
  }
  if (n.canonicalOp === 'Cast') {
    const from = g.tensor(n.inputs[0] ?? '')?.dtype ?? 'unknown';
    const code = n.domain === 'tflite' ? null : attrNumber({ attributes: n.attributes } as never, 'to');
    const to = (code !== null ? dtypeFromOnnx(code) : null) ?? g.tensor(n.outputs[0] ?? '')?.dtype ?? 'unknown';
    if (from !== 'unknown' && from === to) return `casts to ${to}, the type it already has; the converter removes it`;
  }
  return null;
}

export function elideNoOps(g: WorkGraph, options: ElideOptions = {}): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const n = liveNodes[li]!;
    const why = isNoOp(g, n, options);
    if (why && g.bypass(n, 'elided', why)) changed++;
  }
  return changed;
}
