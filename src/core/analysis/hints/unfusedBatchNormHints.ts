// Conv followed by BatchNormalization (and often an activation) in an ONNX file: the exporter ran
// without constant folding, or the model was exported in training mode. BatchNorm at inference is
// a per-channel scale and shift that folds exactly into the Conv's weights and bias; left in the
// graph it is one more pass over the whole activation (and on many targets a separate kernel).

import { formatCount, soleConsumer, tensorElements } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

const FOLDS_INTO = new Set(['Conv', 'ConvTranspose']);
/** Activations a runtime fuses into the Conv kernel once BatchNorm is gone. */
const FUSABLE_ACTIVATIONS = new Set(['Relu', 'Clip', 'LeakyRelu', 'HardSwish', 'Sigmoid', 'HardSigmoid', 'Tanh']);

export function unfusedBatchNormHints(ctx: HintContext): HintDiagnostic[] {
  const { graph, model } = ctx;
  if (model.format !== 'onnx') return [];
  const out: HintDiagnostic[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const conv = graph.nodes[index];
    if (!conv || !FOLDS_INTO.has(conv.canonicalOp)) continue;
    const bn = soleConsumer(graph, conv.outputs[0] ?? '');
    if (bn?.canonicalOp !== 'BatchNormalization' || bn.inputs[0] !== conv.outputs[0]) continue;
    // Folding needs the scale/bias/mean/var as constants (they are, unless exported as inputs).
    const paramsConstant = bn.inputs.slice(1, 5).every((n) => graph.tensors.get(n)?.constant === true);
    const act = soleConsumer(graph, bn.outputs[0] ?? '');
    const withAct = act !== undefined && FUSABLE_ACTIVATIONS.has(act.canonicalOp) ? act : undefined;
    const elements = tensorElements(graph, conv.outputs[0] ?? '');
    const passes = withAct ? 2 : 1;
    out.push(hint(ctx, {
      severity: 'warning', code: 'hint/unfused-batchnorm', node: bn, related: [conv.index, ...(withAct ? [withAct.index] : [])], tensor: bn.outputs[0] ?? '',
      message: `${nodeLabel(bn)} follows ${nodeLabel(conv)}${withAct ? ` and is followed by ${nodeLabel(withAct)}` : ''} unfused: `
        + `on the target that is ${passes} extra pass(es) over the activation${elements !== null ? ` (${formatCount(elements)} elements each)` : ''} `
        + `that folding would remove${paramsConstant ? '' : ' (its statistics are not constants here, so the exporter could not fold it)'}.`,
      fix: 'Export in eval mode with constant folding (model.eval(); torch.onnx.export(..., training=torch.onnx.TrainingMode.EVAL, do_constant_folding=True)) so BatchNorm folds into the Conv weights'
        + `${withAct ? ' and the activation fuses into the Conv kernel' : ''}; or run onnxsim / ONNX Runtime's optimizer; before quantization use torch.ao.quantization.fuse_modules.`,
    }));
  }
  return out;
}
