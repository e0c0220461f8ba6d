// Finds the activation functions of a graph, whether one op (Gelu, HardSwish, HardSigmoid) or the
// few-op pattern an exporter writes (SiLU as x * Sigmoid(x); GELU as x * 0.5 * (1 + Erf(x / √2))).

import type { Graph, Node } from '../../ir/model';
import { isSiluPart } from '../compatFixes';
import { producerOf, soleConsumer } from './graphQueries';
import { lookupTable } from '../../util/lookup';

export type ActivationFamily = 'gelu' | 'silu' | 'hardsigmoid' | 'hardswish';

export interface ActivationPattern {
  family: ActivationFamily;
  /** The node findings are reported on (the Erf of a GELU, the Sigmoid of a SiLU). */
  anchor: Node;
  /** Every node of the pattern, anchor included, in graph order. */
  nodes: Node[];
}

const ONE_OP = lookupTable<ActivationFamily>({
  Gelu: 'gelu', GELU: 'gelu', HardSwish: 'hardswish', HARD_SWISH: 'hardswish', HardSigmoid: 'hardsigmoid',
});

export function findActivationPatterns(graph: Graph): ActivationPattern[] {
  const out: ActivationPattern[] = [];
  // Indexed, not for…of: once per analysis, mostly unoptimized, where for…of makes an iterator result per node.
  for (let pos = 0; pos < graph.order.length; pos++) {
    const index = graph.order[pos]!;
    const node = graph.nodes[index];
    if (!node) continue;
    const single = ONE_OP.get(node.op) ?? ONE_OP.get(node.canonicalOp);
    if (single) {
      out.push({ family: single, anchor: node, nodes: [node] });
    } else if (node.canonicalOp === 'Sigmoid' && isSiluPart(node, graph)) {
      const mul = (graph.tensors.get(node.outputs[0] ?? '')?.consumers ?? []).map((c) => graph.nodes[c]).find((m) => m !== undefined && isSiluPart(m, graph));
      out.push({ family: 'silu', anchor: node, nodes: mul ? [node, mul] : [node] });
    } else if (node.canonicalOp === 'Erf') {
      const gelu = erfGelu(graph, node);
      if (gelu) out.push({ family: 'gelu', anchor: node, nodes: gelu });
    }
  }
  return out;
}

/**
 * Erf → Add(1) → Mul(·, x) [→ Mul(·, 0.5)], with Erf's input x / √2 (Div) or x · (1/√2) (Mul).
 * torch.onnx.export writes nn.GELU() this way; the 0.5 may also be applied to x first.
 */
function erfGelu(graph: Graph, erf: Node): Node[] | null {
  const scale = producerOf(graph, erf.inputs[0] ?? '');
  if (!scale || (scale.canonicalOp !== 'Div' && scale.canonicalOp !== 'Mul')) return null;
  const add = soleConsumer(graph, erf.outputs[0] ?? '');
  if (add?.canonicalOp !== 'Add') return null;
  const mul = soleConsumer(graph, add.outputs[0] ?? '');
  if (mul?.canonicalOp !== 'Mul') return null;
  const nodes = [scale, erf, add, mul];
  // x reaches the Mul directly, or through a Mul by 0.5.
  const x = scale.inputs[0] ?? '';
  const other = mul.inputs.find((n) => n !== add.outputs[0]) ?? '';
  if (other !== x) {
    const half = producerOf(graph, other);
    if (half?.canonicalOp !== 'Mul' || !half.inputs.includes(x)) return null;
    nodes.unshift(half);
  } else {
    const tail = soleConsumer(graph, mul.outputs[0] ?? '');
    if (tail?.canonicalOp === 'Mul' && tail.inputs.some((n) => graph.tensors.get(n)?.constant)) nodes.push(tail);
  }
  return nodes;
}
