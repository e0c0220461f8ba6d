// ONNX Runtime's level-1 MatMulAddFusion (SOURCES.ortLevel1): MatMul with a 2-D activation and
// constant 2-D weights, followed by an Add of a constant bias, runs as one Gemm.

import type { WorkGraph } from '../workGraph';

export function fuseMatMulAdd(g: WorkGraph): number {
  let changed = 0;
  for (const mm of g.live()) {
    if (mm.removed || mm.op !== 'MatMul' || mm.domain !== '') continue;
    const a = g.tensor(mm.inputs[0] ?? '');
    const b = g.tensor(mm.inputs[1] ?? '');
    if (a?.shape?.length !== 2 || b?.shape?.length !== 2 || !b.constant) continue;
    const add = g.soleConsumer(mm);
    if (!add || add.op !== 'Add') continue;
    const bias = add.inputs.find((i) => i !== mm.outputs[0]);
    if (!bias || !g.isConstant(bias)) continue;
    mm.op = 'Gemm';
    mm.canonicalOp = 'Gemm';
    const out = add.outputs[0]!;
    g.merge(add, mm, 'fused', `fused into Gemm '${mm.name}' (ONNX Runtime MatMulAddFusion)`);
    g.setInputs(mm, [mm.inputs[0]!, mm.inputs[1]!, bias]);
    g.setOutputs(mm, [out]);
    changed++;
  }
  return changed;
}
