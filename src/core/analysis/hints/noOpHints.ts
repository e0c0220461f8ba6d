// Ops that do nothing at inference time: Identity, Dropout, a Cast to the type the tensor already
// has. Each still costs a node (and on an accelerator possibly a copy or a partition boundary)
// unless a converter removes it, so the hint says to drop it at export.

import { dtypeFromOnnx } from '../../onnx/dtypes';
import { attrNumber } from '../nodeGeometry';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

export function noOpHints(ctx: HintContext): HintDiagnostic[] {
  const { graph } = ctx;
  const out: HintDiagnostic[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const node = graph.nodes[index];
    if (!node) continue;
    const input = graph.tensors.get(node.inputs[0] ?? '');
    if (node.canonicalOp === 'Identity') {
      // torch.onnx.export routes an initializer used twice through Identity nodes (weight sharing
      // after de-duplication): harmless aliases, but every runtime still sees a node.
      const why = input?.constant
        ? `aliases the constant '${input.name}' (exporters route a shared weight through Identity)`
        : 'copies its input unchanged';
      out.push(hint(ctx, {
        severity: 'info', code: 'hint/identity', node, tensor: node.outputs[0] ?? '',
        message: `${nodeLabel(node)} is a no-op: it ${why}.`,
        fix: 'Remove it: run an ONNX simplifier (onnxsim) or ONNX Runtime\'s graph optimizer and save the optimized model, or let the converter drop it.',
      }));
    } else if (node.canonicalOp === 'Dropout') {
      out.push(hint(ctx, {
        severity: 'info', code: 'hint/dropout', node, tensor: node.outputs[0] ?? '',
        message: `${nodeLabel(node)} does nothing at inference (it only drops values in training), yet stays a node in the graph.`,
        fix: 'Export in eval mode (model.eval() before torch.onnx.export) so Dropout is left out, or remove it with an ONNX simplifier.',
      }));
    } else if (node.canonicalOp === 'Cast') {
      const outT = graph.tensors.get(node.outputs[0] ?? '');
      // ONNX names the target type in `to`; TFLite only through the output tensor's type.
      const toCode = node.domain === 'tflite' ? null : attrNumber(node, 'to');
      const to = (toCode !== null ? dtypeFromOnnx(toCode) : null) ?? outT?.dtype ?? 'unknown';
      const from = input?.dtype ?? 'unknown';
      if (from === 'unknown' || to === 'unknown' || from !== to) continue;
      out.push(hint(ctx, {
        severity: 'info', code: 'hint/noop-cast', node, tensor: node.outputs[0] ?? '',
        message: `${nodeLabel(node)} casts '${input?.name ?? ''}' to ${to}, the type it already has.`,
        fix: 'Remove the cast (in PyTorch, a .to(dtype)/.float() on a tensor that already has that type still exports a Cast).',
      }));
    }
  }
  return out;
}
