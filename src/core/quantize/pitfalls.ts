// The quantization pitfalls a preview flags: weight-only quantization, layers whose error
// dominates, float ops that force a dequantize island, and random calibration data. Pure.

import type { Graph } from '../ir/model';
import type { Diagnostic } from '../ir/diagnostic';
import type { FloatNode } from './result';
import type { LayerWeightError } from './weights';

export interface PitfallInput {
  graph: Graph;
  layers: LayerWeightError[];
  perChannel: boolean;
  floatNodes: FloatNode[];
  randomCalibration: boolean;
  /** The target computes only in INT8 (Edge TPU, Ethos-U): a float op leaves the accelerator. */
  fullInt8Target: boolean;
}

/** An SQNR below this (dB) on a layer is worth a look; 8-bit weights usually give 35–45 dB. */
export const LOW_SQNR_DB = 25;

export function chosenSqnr(l: LayerWeightError, perChannel: boolean): number {
  return perChannel ? l.sqnr.perChannelSymmetric : l.sqnr.perTensorSymmetric;
}

export function quantizationPitfalls(input: PitfallInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { graph } = input;
  // A model that is already weight-only quantized: DequantizeLinear on constants, activations float.
  const dqOnConst = graph.nodes.filter((n) => n.canonicalOp === 'DequantizeLinear' && graph.tensors.get(n.inputs[0] ?? '')?.constant);
  const qOnAct = graph.nodes.some((n) => n.canonicalOp === 'QuantizeLinear' || n.canonicalOp === 'DynamicQuantizeLinear');
  if (dqOnConst.length > 0 && !qOnAct) {
    out.push({ severity: 'warning', code: 'quantize/weight-only', message: `the model is weight-only quantized: ${dqOnConst.length} DequantizeLinear on weights, but every activation is float, so every layer still computes in float (only the file got smaller). An INT8 target needs activations quantized too: calibrate and write QDQ around activations.` });
  }
  const sorted = input.layers.map((l) => chosenSqnr(l, input.perChannel)).sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
  for (const l of input.layers) {
    const s = chosenSqnr(l, input.perChannel);
    if (s >= LOW_SQNR_DB && s >= median - 10) continue;
    const fix = !input.perChannel && l.perChannelGainDb > 6
      ? `per-channel scales raise it to ${l.sqnr.perChannelSymmetric.toFixed(1)} dB`
      : 'keep this layer in higher precision (INT16 activations or FP16), or retrain with quantization-aware training';
    out.push({ severity: 'warning', code: 'quantize/dominant-error', node: l.node, tensor: l.weight,
      message: `${l.name} (${l.kind}): INT8 weight SQNR ${s.toFixed(1)} dB, ${(median - s).toFixed(1)} dB below the model's median: its error dominates; ${fix}.` });
  }
  if (!input.perChannel) {
    const dw = input.layers.filter((l) => l.kind === 'depthwise' && l.perChannelGainDb > 6);
    if (dw.length) {
      out.push({ severity: 'warning', code: 'quantize/per-tensor-depthwise', node: dw[0]!.node,
        message: `${dw.length} depthwise convolution(s) lose most with one scale per tensor (up to ${Math.max(...dw.map((l) => l.perChannelGainDb)).toFixed(1)} dB below per-channel): their channels have very different ranges. Use per-channel weights.` });
    }
  }
  for (const f of input.floatNodes.filter((n) => n.island)) {
    out.push({ severity: input.fullInt8Target ? 'error' : 'warning', code: 'quantize/float-island', node: f.node,
      message: `${f.name} (${f.op}) stays float between quantized tensors: DequantizeLinear → ${f.op} → QuantizeLinear${input.fullInt8Target ? '; on this INT8-only target the model leaves the accelerator here' : ''} (${f.reason}).` });
  }
  const others = input.floatNodes.filter((n) => !n.island);
  if (others.length) {
    out.push({ severity: input.fullInt8Target ? 'warning' : 'info', code: 'quantize/float-ops', node: others[0]!.node,
      message: `left in float: ${others.map((f) => `${f.name} (${f.op})`).join(', ')}.` });
  }
  if (input.randomCalibration) {
    out.push({ severity: 'warning', code: 'quantize/random-calibration',
      message: 'activations were calibrated on random inputs: their ranges are not those of real data, so scales (and the agreement measured on the same random inputs) can be far off. Give a folder of representative inputs (.npy/.raw).' });
  }
  return out;
}
