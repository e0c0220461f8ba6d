// BatchNormalization after a convolution folds exactly into the convolution's weights and bias:
// the TFLite converter folds it while converting (TF's fold_batch_norms / FuseMulOrDivWithConv,
// FuseBinaryOpToPrecedingAffine in SOURCES.tfliteFusedActivations), ONNX Runtime's level-1
// ConvBNFusion does the same before partitioning (SOURCES.ortLevel1), TensorRT fuses it at build
// time (SOURCES.tensorrtFusions). Preconditions as in ConvBNFusion: constant statistics, the
// convolution's output read only by the BatchNormalization and not a graph output.

import type { WorkGraph } from '../workGraph';

const FOLDS_INTO = new Set(['Conv', 'ConvTranspose']);

export function foldBatchNorm(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const conv = liveNodes[li]!;
    if (conv.removed || !FOLDS_INTO.has(conv.canonicalOp) || conv.domain === 'tflite') continue;
    const bn = g.soleConsumer(conv);
    if (!bn || bn.canonicalOp !== 'BatchNormalization' || bn.inputs[0] !== conv.outputs[0]) continue;
    if (!bn.inputs.slice(1, 5).every((t) => g.isConstant(t))) continue;
    if (bn.outputs.filter((o) => o !== '').length !== 1) continue;
    // A convolution without a bias gets one: the folded shift.
    if (!conv.inputs[2]) {
      const shift = g.tensor(bn.inputs[2] ?? '');
      if (shift) {
        const name = g.freshName(`${conv.name || 'conv'}_folded_bias`);
        g.setTensor({ ...shift, name, consumers: [], producer: null, origin: 'folded' });
        g.setInputs(conv, [conv.inputs[0] ?? '', conv.inputs[1] ?? '', name]);
      }
    }
    const out = bn.outputs[0]!;
    g.merge(bn, conv, 'fused', `folded into ${conv.op} '${conv.name}' weights and bias (BatchNorm folding)`);
    g.setOutputs(conv, [out]);
    changed++;
  }
  return changed;
}
