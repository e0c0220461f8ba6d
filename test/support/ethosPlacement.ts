// DeployLens's Ethos-U placement of a TFLite model, op by op, in the shape the Vela comparison uses.
import { prepareModel, reportFor } from '../../src/core/analyze';
import { originalSupports } from '../../src/core/analysis/targetAnalysis';
import type { PlacedOp } from '../../src/core/oracles/velaOutput';
import { readModelFile } from '../../src/core/readModel';
import { getBuiltinTarget } from '../../src/core/targets/builtins';

export interface DeployLensPlacement {
  ops: PlacedOp[];
  /** 'NPU' or 'CPU' per op index. */
  device: ('NPU' | 'CPU')[];
  /** The violated reasons of each op, joined ('' when placed on the NPU). */
  why: string[];
}

export function ethosPlacement(file: string): DeployLensPlacement {
  const prepared = prepareModel(readModelFile(file).model);
  const target = getBuiltinTarget('ethos-u55-128')!;
  const { analyses } = reportFor(prepared, [target]);
  const a = analyses[0]!;
  const graph = prepared.model.graphs[0]!;
  const shape = (name: string) => {
    const s = graph.tensors.get(name)?.shape;
    return s && s.every((d) => typeof d === 'number') ? (s as number[]) : null;
  };
  const ops = graph.nodes.map((n) => ({
    // Vela prints custom ops as CUSTOM, and unnamed tensors (DeployLens calls them '#<index>') with an empty name.
    index: n.index, op: n.domain === 'tflite.custom' ? 'CUSTOM' : n.op, name: /^#\d+$/.test(n.outputs[0] ?? '') ? '' : n.outputs[0] ?? n.name,
    inputShapes: n.inputs.filter((i) => i).map(shape), outputShapes: n.outputs.filter((o) => o).map(shape),
  }));
  // The analyses run on the deployed graph (Vela fuses a PAD into the next convolution as hardware
  // padding): a file op is placed where the deployed op that runs it is placed.
  const deployedDevice = (node: number) => {
    const into = a.lowering.fates[node]?.into;
    return into !== undefined && a.partition.deviceOf[into] === 'accelerator' ? 'NPU' : 'CPU';
  };
  return {
    ops,
    device: graph.nodes.map((n) => deployedDevice(n.index)),
    why: originalSupports(a).map((s) => s.reasons.filter((r) => r.outcome !== 'info').map((r) => r.message).join('; ')),
  };
}
