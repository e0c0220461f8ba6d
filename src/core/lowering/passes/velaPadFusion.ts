// Vela removes a PAD in front of a VALID convolution, depthwise convolution or average pool by
// using the NPU's hardware padding (replace_pad_by_hw_pad, SOURCES.velaPadFusion): the pair runs
// as one NPU op. Vela checks the pad fits in half the kernel; the paddings of converter-made PADs
// (one pixel for a 3×3 kernel) always do, and the verdict path reads no constant values, so the
// check is assumed.

import type { WorkGraph } from '../workGraph';

const HW_PAD = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'AVERAGE_POOL_2D']);

export function velaPadFusion(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const pad = liveNodes[li]!;
    if (pad.removed || pad.op !== 'PAD') continue;
    const kernel = g.soleConsumer(pad);
    if (!kernel || !HW_PAD.has(kernel.op) || kernel.inputs[0] !== pad.outputs[0]) continue;
    const padding = kernel.attributes.padding;
    if (padding?.type === 'string' && padding.value.toUpperCase() !== 'VALID') continue;
    const input = pad.inputs[0]!;
    kernel.attributes = { ...kernel.attributes, padding: { type: 'string', value: 'SAME' } };
    g.merge(pad, kernel, 'fused', `fused into ${kernel.op} '${kernel.name}' as hardware padding (Vela replace_pad_by_hw_pad)`);
    g.setInputs(kernel, [input, ...kernel.inputs.slice(1)]);
    changed++;
  }
  return changed;
}
