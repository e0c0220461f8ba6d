// The integer type of the QDQ writer's activations (qdq.ts), chosen from the target profile's own
// rules: the element types its kernels accept for the ops the INT8 model will run (the quantized ops
// and QuantizeLinear/DequantizeLinear themselves). TFLite's full-integer models — what TFLite Micro,
// CMSIS-NN, Ethos-U and Edge TPU int8 kernels take — have int8 activations (asymmetric, zero point in
// [-128, 127]); a few runtimes take only uint8 (ONNX Runtime's NNAPI EP: its QuantizeLinear rule).
// int8 wherever the target accepts it; uint8 only where it needs it. Pure; reads no weights.

import type { DType } from '../ir/dtype';
import type { Model, Node } from '../ir/model';
import { qdqAsFloat, ruleConstraints } from '../analysis/compatibility';
import { isFloat } from '../ir/dtype';
import type { TargetProfile } from '../targets/profile';
import { isQuantizable, type TargetCheck } from './qdq';
import type { ActivationType, ActivationTypeChoice } from './result';

export type { ActivationType, ActivationTypeChoice };

/** The two ops every quantized activation passes through, judged like the model's own ops. */
function qdqNode(op: 'QuantizeLinear' | 'DequantizeLinear'): Node {
  return { index: -1, name: op, op, domain: '', canonicalOp: op, inputs: [], outputs: [], attributes: {}, subgraphs: [] };
}

/** Ops (by label) whose rule on the target allows activations of the given type: those that do not. */
function refusing(model: Model, target: TargetProfile, nodes: Node[], type: DType): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    // int8 inside Q/DQ counts as the op's float type where the runtime fuses the unit (TensorRT: compatibility.ts qdqAsFloat).
    const asFloat = type === 'int8' && n.index >= 0 && qdqAsFloat(target).qdqAsFloat === true;
    if (ruleConstraints(model, n, target).some((c) => c.dtypes !== undefined && !c.dtypes.includes(type) && !(asFloat && c.dtypes.some(isFloat)))) out.push(n.index < 0 ? n.op : n.name || n.op);
  }
  return out;
}

function list(names: string[]): string {
  const shown = [...new Set(names)];
  return shown.length > 3 ? `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more` : shown.join(', ');
}

/** Whether the target's QuantizeLinear/DequantizeLinear rules allow only a zero point of 0 (input 2). */
function zeroPointMustBeZero(model: Model, target: TargetProfile): boolean {
  return (['QuantizeLinear', 'DequantizeLinear'] as const).some((op) => ruleConstraints(model, qdqNode(op), target).some((c) => {
    const r = c.constantValues?.['2'];
    return r !== undefined && ((r.allowed !== undefined && r.allowed.every((v) => v === 0)) || (r.min === 0 && r.max === 0));
  }));
}

/**
 * The activation type for `model` quantized for `target`: int8 unless the target's rules refuse int8
 * and accept uint8 (for the quantized ops and Q/DQ); when both are refused somewhere, the type fewer
 * ops refuse (int8 on a tie).
 */
export function activationTypeFor(model: Model, target: TargetProfile, targetSupports?: TargetCheck): ActivationTypeChoice {
  const choice = typeFor(model, target, targetSupports);
  if (!zeroPointMustBeZero(model, target)) return choice;
  return { ...choice, scheme: 'symmetric', reason: `${choice.reason}; symmetric (zero point 0): ${target.name}'s QuantizeLinear/DequantizeLinear take no other zero point` };
}

function typeFor(model: Model, target: TargetProfile, targetSupports?: TargetCheck): ActivationTypeChoice {
  const graph = model.graphs[0];
  const nodes = [...(graph ? graph.nodes.filter((n) => isQuantizable(n, targetSupports)) : []), qdqNode('QuantizeLinear'), qdqNode('DequantizeLinear')];
  // A type the profile's precisions leave out (uint8 but not int8 there) is out whatever the op rules say.
  const inPrecisions = (t: DType): boolean => target.precisions.includes(t) || !target.precisions.includes(t === 'int8' ? 'uint8' : 'int8');
  const noInt8 = inPrecisions('int8') ? refusing(model, target, nodes, 'int8') : null;
  if (noInt8?.length === 0) return { type: 'int8', reason: `${target.name} takes int8 activations (TFLite's full-integer scheme)` };
  const noUint8 = inPrecisions('uint8') ? refusing(model, target, nodes, 'uint8') : null;
  if (noUint8?.length === 0) return { type: 'uint8', reason: `${target.name} takes uint8, not int8, activations (${noInt8 ? list(noInt8) : 'its precisions'})` };
  const type: ActivationType = noUint8 !== null && (noInt8 === null || noUint8.length < noInt8.length) ? 'uint8' : 'int8';
  const refused = (type === 'int8' ? noInt8 : noUint8) ?? [];
  return { type, reason: `${target.name} refuses both int8 and uint8 activations on some ops: ${type}, refused by fewer (${list(refused)})` };
}

/** No target to ask: int8, the TFLite full-integer convention (ONNX Runtime's CPU kernels run both). */
export const UNTARGETED_ACTIVATIONS: ActivationTypeChoice = {
  type: 'int8',
  reason: 'no target given: int8, the TFLite full-integer scheme (ONNX Runtime on CPU runs both)',
};
