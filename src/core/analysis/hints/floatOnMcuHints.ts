// A float model on a microcontroller runs, but on TFLite Micro's reference kernels: CMSIS-NN (and
// the Ethos-U path) accelerates int8 only, and float32 weights take four times the flash. Users
// find out from a slow board; this says so while the model is still being designed.

import { isFloat, isQuantizedInt } from '../../ir/dtype';
import { formatBytes } from '../../units';
import { hint, type HintContext, type HintDiagnostic } from './hintTypes';

export function floatOnMcuHints(ctx: HintContext): HintDiagnostic[] {
  const { graph, target } = ctx;
  if (!target || target.runtime !== 'tflite-micro' || !target.precisions.includes('int8')) return [];
  // One forEach over the tensors: no copy of the list of activations, no iterator results.
  let quantizedActivation = false;
  let floatActivation = false;
  let floatWeightBytes = 0;
  graph.tensors.forEach((t) => {
    if (!t.constant) {
      if (isQuantizedInt(t.dtype) || t.quantization) quantizedActivation = true;
      else if (isFloat(t.dtype)) floatActivation = true;
    } else if (t.producer === null && isFloat(t.dtype)) floatWeightBytes += t.dataBytes ?? 0;
  });
  if (quantizedActivation || !floatActivation) return [];
  const kernels = target.delegate === 'cmsis-nn' ? 'CMSIS-NN accelerates int8 kernels only, so every layer runs on the portable reference kernels' : 'the optimized kernels are int8';
  return [hint(ctx, {
    severity: 'info', code: 'hint/float-model-on-mcu',
    message: `The model computes in float32 on ${target.name}: ${kernels}, and its ${formatBytes(floatWeightBytes)} of float weights take 4x the flash of int8.`,
    fix: 'Quantize to full int8 (TFLite converter with a representative dataset, or quantization-aware training): about 4x smaller weights and the optimized kernels.',
  })];
}
