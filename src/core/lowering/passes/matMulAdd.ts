// ONNX Runtime's level-1 MatMulAddFusion (SOURCES.ortLevel1): MatMul with constant 2-D weights
// followed by an Add of a constant bias runs as one Gemm. An activation of rank > 2 ([batch, seq,
// features]) is flattened to 2-D by a Reshape before the Gemm and restored by one after it, as
// ORT 1.30's optimized graph shows (tiny_transformer_gelu: 6 fusions, 12 Reshapes added).

import type { Dim } from '../../ir/model';
import type { WorkGraph } from '../workGraph';

export function fuseMatMulAdd(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const mm = liveNodes[li]!;
    if (mm.removed || mm.op !== 'MatMul' || mm.domain !== '') continue;
    const a = g.tensor(mm.inputs[0] ?? '');
    const b = g.tensor(mm.inputs[1] ?? '');
    if (!a?.shape || a.shape.length < 2 || b?.shape?.length !== 2 || !b.constant) continue;
    const add = g.soleConsumer(mm);
    if (!add || add.op !== 'Add') continue;
    const bias = add.inputs.find((i) => i !== mm.outputs[0]);
    const biasT = bias ? g.tensor(bias) : undefined;
    if (!bias || !biasT?.constant || (biasT.shape?.length ?? 0) > 1) continue;
    const out = add.outputs[0]!;
    g.merge(add, mm, 'fused', `fused into Gemm '${mm.name}' (ONNX Runtime MatMulAddFusion)`);
    mm.op = 'Gemm';
    mm.canonicalOp = 'Gemm';
    if (a.shape.length === 2) {
      g.setInputs(mm, [mm.inputs[0]!, mm.inputs[1]!, bias]);
      g.setOutputs(mm, [out]);
    } else {
      const rows = a.shape.slice(0, -1).reduce<Dim>((p, d) => (typeof p === 'number' && typeof d === 'number' ? p * d : `${p}*${d}`), 1);
      const flat = g.freshName(`${a.name}_2d`);
      g.setTensor({ ...a, name: flat, shape: [rows, a.shape[a.shape.length - 1]!], producer: null, consumers: [], isGraphInput: false, isGraphOutput: false });
      const outT = g.tensor(out);
      const gemmOut = g.freshName(`${out}_2d`);
      g.setTensor({ ...(outT ?? a), name: gemmOut, shape: [rows, b.shape[1]!], producer: null, consumers: [], isGraphInput: false, isGraphOutput: false });
      const base = { domain: '', canonicalOp: 'Reshape', op: 'Reshape', covers: mm.covers.slice(0, 1), origin: { note: 'ONNX Runtime flattens the MatMul input to 2-D around the fused Gemm' } };
      g.add({ ...base, name: `${mm.name}/reshape_in`, inputs: [a.name], outputs: [flat], pos: mm.pos - 1e-3 });
      g.add({ ...base, name: `${mm.name}/reshape_out`, inputs: [gemmOut], outputs: [out], pos: mm.pos + 1e-3 });
      g.setInputs(mm, [flat, mm.inputs[1]!, bias]);
      g.setOutputs(mm, [gemmOut]);
    }
    changed++;
  }
  return changed;
}
