// The element types an ONNX operator's inputs may have, from ONNX's own operator schemas
// (onnxSchemaTable.ts). ONNX Runtime checks them when it loads a model: an input type its
// parameter does not allow, or two inputs bound to one type parameter with different types (a
// float16 tensor added to a float32 one, after a partial fp16 conversion), and it refuses the
// model. So does DeployLens, with the same table.

import type { DType } from '../ir/dtype';
import { schemaFor, typeSet } from './onnxSchemaTable';

/** Types with no element type to check (sequences, resources, what the reader could not tell). */
function unchecked(dtype: DType): boolean {
  return dtype === 'unknown' || dtype === 'resource' || dtype === 'variant';
}

// The type parameters bound so far on the node being checked: parallel arrays reused across nodes,
// written by index up to boundCount. This runs for every node of a graph: a Map per node, or
// `length = 0` (which gives the backing store back, so the next push allocates another), made
// garbage per node that cost a 10k-node decoder's inference more than the check itself.
const boundParams: string[] = [];
const boundTypes: DType[] = [];
const boundInputs: string[] = [];
let boundCount = 0;

function boundIndex(param: string): number {
  for (let b = 0; b < boundCount; b++) if (boundParams[b] === param) return b;
  return -1;
}

function typeList(set: number): string {
  return [...(typeSet(set) ?? [])].join(', ');
}

/**
 * The first input of an ai.onnx node whose element type its schema refuses, as the sentence a
 * finding says (`dtypes[i]` is input i's type, for i < inputs.length: plain values, so that the
 * optimized code holds nothing of one analysis and is not thrown away with it); null when every
 * known input type is allowed, or the node is not checked (an opset newer than the table's, an
 * operator it does not know, a deprecated one: schemaCheck.ts reports that).
 */
export function inputTypeProblem(op: string, opset: number | undefined, inputs: readonly string[], dtypes: readonly DType[]): string | null {
  const schema = schemaFor(op, opset);
  if (!schema || schema[1] === 1) return null;
  const formals = schema[2];
  if (formals.length === 0) return null;
  boundCount = 0;
  for (let i = 0; i < inputs.length; i++) {
    const name = inputs[i]!;
    if (name === '') continue;
    const last = formals[formals.length - 1]!;
    const formal = i < formals.length ? formals[i]! : last[2] === 'v' || last[2] === 'h' ? last : undefined;
    if (!formal) continue;
    const dtype = dtypes[i] ?? 'unknown';
    if (unchecked(dtype)) continue;
    // Indexed, not destructured: array destructuring goes through the iterator protocol, an
    // allocation per input in code that runs before the optimizing compiler has seen it.
    const param = formal[0];
    const set = formal[1];
    const option = formal[2];
    const allowed = typeSet(set);
    if (allowed && allowed.size > 0 && !allowed.has(dtype)) {
      return `input '${name}' is ${dtype}, which ${op}-${schema[0]} does not take${param ? ` (${param}: ${typeList(set)})` : ` (it takes ${typeList(set)})`}`;
    }
    if (param === '' || option === 'h') continue;
    const at = boundIndex(param);
    if (at < 0) {
      boundParams[boundCount] = param;
      boundTypes[boundCount] = dtype;
      boundInputs[boundCount] = name;
      boundCount++;
    } else if (boundTypes[at] !== dtype) {
      return `inputs '${boundInputs[at]!}' (${boundTypes[at]!}) and '${name}' (${dtype}) must have one type, ${op}'s ${param}`;
    }
  }
  return null;
}
