// A fused TANH or SIGN_BIT on a TFLite Micro kernel: TFLM runs the op and silently leaves the
// activation out. Its kernels clamp their output to the range CalculateActivationRange gives, which
// knows RELU, RELU6 and RELU_N1_TO_1 only (tensorflow/tflite-micro@90b983c2b3
// tensorflow/lite/kernels/kernel_util.h:273; any other activation gets the type's full range). The
// TFLite converter never fuses these two, so only a graph edited by hand or by another tool has
// them — and its outputs on the device are not the model's (test/oracle-tflm-kernel-types.test.ts
// runs TFLM on them).

import { fusedActivation } from '../nodeGeometry';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';

/** Fused activations TFLite Micro's activation range leaves out. */
const IGNORED = new Set(['TANH', 'SIGN_BIT']);

/**
 * The ops whose TFLM kernels apply their fused activation as that clamp (CalculateActivationRange in
 * conv_common.cc, depthwise_conv_common.cc, fully_connected_common.cc, transpose_conv.cc,
 * add_common.cc, sub_common.cc, mul_common.cc, div.cc, pooling_common.cc, l2_pool_2d.cc). Not the
 * recurrent ops: an LSTM's activation is its cell nonlinearity (cmsis_nn/unidirectional_sequence_lstm.cc:364,
 * a Keras LSTM's tanh) and SVDF applies its own (activation_utils.h), TANH included.
 */
const CLAMPING = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'TRANSPOSE_CONV', 'ADD', 'SUB', 'MUL', 'DIV', 'AVERAGE_POOL_2D', 'MAX_POOL_2D', 'L2_POOL_2D']);

export function ignoredActivationHints(ctx: HintContext): HintDiagnostic[] {
  const { graph, target } = ctx;
  if (!target || target.runtime !== 'tflite-micro') return [];
  const out: HintDiagnostic[] = [];
  // Indexed: runs once per analysis over every node, mostly before the JIT has compiled it.
  for (let i = 0; i < graph.nodes.length; i++) {
    const node = graph.nodes[i]!;
    if (node.domain !== 'tflite' || !CLAMPING.has(node.op)) continue;
    const act = fusedActivation(node);
    if (!act || !IGNORED.has(act)) continue;
    out.push(hint(ctx, {
      severity: 'warning', code: 'hint/ignored-fused-activation', node,
      message: `${nodeLabel(node)} fuses ${act}, which ${target.name} does not apply: its kernels clamp to the range of RELU, RELU6 or RELU_N1_TO_1 only (kernel_util.h:273), so the output is the ${node.op}'s without ${act}.`,
      fix: `Write ${act === 'TANH' ? 'the TANH' : 'the activation'} as its own op after the ${node.op} (the TFLite converter never fuses it); a graph edited by another tool must be unfused.`,
    }));
  }
  return out;
}
