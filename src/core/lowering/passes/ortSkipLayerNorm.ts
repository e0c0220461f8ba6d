// ONNX Runtime's SkipLayerNormFusion on the CPU EP (SOURCES.ortSkipLayerNormFusion): a residual Add
// read only by the LayerNormalization after it (and a bias Add before it, when that is read only by
// the residual Add) run as one com.microsoft SkipLayerNormalization. A residual Add whose sum is also
// read by the next block (every pre-norm transformer layer but the last) stays. ORT's Casts to float
// for inputs of another type than the LayerNorm's output are not modelled: such a LayerNorm is left as it is.

import type { DType } from '../../ir/dtype';
import type { WorkGraph, WorkNode } from '../workGraph';
import { isOp, outputEdges, producesGraphOutput } from './ortTransformerFusions';

/** skiplayernormfusion_internal::IsSupportedDataType. */
const SKIP_LN_TYPES: ReadonlySet<DType> = new Set(['float16', 'float32', 'bfloat16']);

function supportedTypes(g: WorkGraph, n: WorkNode): boolean {
  return n.inputs.every((i) => i !== '' && SKIP_LN_TYPES.has(g.tensor(i)?.dtype ?? 'unknown'));
}

/** CheckFirstAdd: one output edge, both inputs 3-D with equal dims (values, or the same symbolic name). */
function residualAdd(g: WorkGraph, add: WorkNode): boolean {
  if (!supportedTypes(g, add) || outputEdges(g, add) !== 1) return false;
  const a = g.tensor(add.inputs[0] ?? '')?.shape;
  const b = g.tensor(add.inputs[1] ?? '')?.shape;
  return !!a && !!b && a.length === 3 && b.length === 3 && a.every((d, i) => d === b[i]);
}

/** CheckSecondAdd: one output edge, a constant 1-D second input as long as the first input's last (of three) dims. */
function biasAdd(g: WorkGraph, add: WorkNode): boolean {
  if (!supportedTypes(g, add) || outputEdges(g, add) !== 1 || !g.isConstant(add.inputs[1] ?? '')) return false;
  const x = g.tensor(add.inputs[0] ?? '')?.shape;
  const bias = g.tensor(add.inputs[1] ?? '')?.shape;
  return !!x && !!bias && x.length === 3 && bias.length === 1 && typeof x[2] === 'number' && x[2] === bias[0];
}

/** graph_utils::FindPath one step up: the Add producing `n`'s input `index` from its output 0. */
function addFeeding(g: WorkGraph, n: WorkNode, index: number): WorkNode | undefined {
  const input = n.inputs[index];
  const p = input ? g.producer(input) : undefined;
  return isOp(p, 'Add') && p.outputs[0] === input ? p : undefined;
}

export function fuseSkipLayerNorm(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const ln = liveNodes[li]!;
    if (!isOp(ln, 'LayerNormalization') || !supportedTypes(g, ln)) continue;
    const add1 = addFeeding(g, ln, 0);
    if (!add1 || !residualAdd(g, add1) || producesGraphOutput(g, add1)) continue;
    // Format 1 (bias Add on the residual's input 0), Format 2 (on its input 1), else Format 3 (no bias).
    let bias: { add: WorkNode; at: 0 | 1 } | undefined;
    for (const at of [0, 1] as const) {
      const add2 = addFeeding(g, add1, at);
      if (add2 && biasAdd(g, add2) && !producesGraphOutput(g, add2)) {
        bias = { add: add2, at };
        break;
      }
    }
    const inputs = [add1.inputs[0]!, add1.inputs[1]!, ln.inputs[1]!, ln.inputs[2] ?? ''];
    if (bias) {
      inputs[bias.at] = bias.add.inputs[0]!;
      inputs.push(bias.add.inputs[1]!);
    }
    // CastToFloat: ORT inserts a Cast for an input of another type than a float output (not modelled).
    const outType = g.tensor(ln.outputs[0] ?? '')?.dtype;
    if (outType === 'float32' && inputs.some((i) => i !== '' && g.tensor(i)?.dtype !== outType)) continue;
    const eps = ln.attributes.epsilon;
    const why = `fused into SkipLayerNormalization '${ln.name}' (ONNX Runtime SkipLayerNormFusion, CPU EP)`;
    for (const n of [add1, bias?.add]) if (n) g.merge(n, ln, 'fused', why);
    ln.op = 'SkipLayerNormalization';
    ln.canonicalOp = 'SkipLayerNormalization';
    ln.domain = 'com.microsoft';
    // The LayerNorm's epsilon, else contrib::kDefaultSkipLayerNormEpsilon.
    ln.attributes = { epsilon: eps?.type === 'float' ? eps : { type: 'float', value: 1e-12 } };
    g.setInputs(ln, inputs); // outputs stay: SkipLayerNormalization's output, mean and inv_std_var are the LayerNorm's
    changed++;
  }
  return changed;
}
