// ONNX Runtime's level-1 rewrite rule DivMulFusion (SOURCES.ortDivMulFusion), registered for every
// EP (SOURCES.ortLevel1: level-1 rules are not filtered by EP): 1 / a → · b becomes b / a. It is what
// lets SimplifiedLayerNormFusion (ortTransformerFusions.ts) take an RMSNorm written x · (1 / √…).

import type { WorkGraph } from '../workGraph';
import { firstChild, isOp, outputEdges, producesGraphOutput, scalarConstant } from './ortTransformerFusions';

/** The Div's numerator: a one-element constant of float, double, int32 or int64 equal to 1 (float16 is not read here). */
function isOne(g: WorkGraph, name: string | undefined): boolean {
  if (!name || !g.isConstant(name)) return false;
  const t = g.tensor(name);
  if (!t || !['float32', 'float64', 'int32', 'int64'].includes(t.dtype)) return false;
  return scalarConstant(g, name) === 1;
}

/**
 * DivMulFusion::SatisfyCondition / Apply: a Div with one output edge, not producing a graph output,
 * whose first input is the constant 1 and whose consumer is a Mul → the Div divides the Mul's other
 * input and takes the Mul's output. The Mul's own edges are not checked.
 */
export function fuseDivMul(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const div = liveNodes[li]!;
    if (!isOp(div, 'Div') || outputEdges(g, div) !== 1 || producesGraphOutput(g, div)) continue;
    const mul = firstChild(g, div);
    if (!isOp(mul, 'Mul') || mul.inputs.length !== 2) continue;
    if (!isOne(g, div.inputs[0])) continue;
    const other = mul.inputs[0] === div.outputs[0] ? mul.inputs[1]! : mul.inputs[0]!;
    const out = mul.outputs[0]!;
    g.setInputs(div, [other, div.inputs[1]!]);
    g.merge(mul, div, 'fused', `fused into Div '${div.name}': 1 / a · b runs as b / a (ONNX Runtime DivMulFusion, level 1)`);
    g.setOutputs(div, [out]);
    // The Div now reads the Mul's other input, which may come after it: it runs where the Mul ran.
    div.pos = mul.pos;
    g.moved();
    changed++;
  }
  return changed;
}
