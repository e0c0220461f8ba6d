// What ONNX checks of every node against its operator's schema before anything runs
// (OpSchema::Verify, onnx/onnx@f754691 onnx/defs/schema.cc:185-343; ONNX Runtime runs it when it
// loads a model): a deprecated operator, an input or output count out of range, an empty name for
// an input or output that must be there, an attribute the schema does not declare, one of another
// type, a required one missing. Each makes ONNX Runtime refuse the model, and is the first thing
// a stale export or a hand edit breaks ("Unrecognized attribute: axes for operator ReduceMean"
// from an opset-17 exporter at opset 18).

import type { AttributeValue, Node } from '../ir/model';
import { schemaFor } from './onnxSchemaTable';

/** ONNX's AttributeProto types, beside the IR's names for the ones it does not hold a value of. */
const HELD_KINDS = new Set(['sparse_tensor', 'sparse_tensors', 'type_proto', 'type_protos']);

/** An attribute's type as the schema table names it; null where the IR cannot tell (a reference to a function's attribute, a list it did not read). */
function attributeType(a: AttributeValue): string | null {
  if (a.type !== 'other') return a.type;
  const kind = a.kind;
  if (HELD_KINDS.has(kind)) return kind;
  if (kind === 'tensor (missing)') return 'tensor';
  if (kind === 'graph (missing)') return 'graph';
  // A list over the read limits is kept as "ints (N elements, not read)".
  const list = /^(ints|floats|strings) \(/.exec(kind);
  return list ? list[1]! : null;
}

function countRange(min: number, max: number): string {
  if (min === max) return `exactly ${min}`;
  return max >= 2147483647 ? `at least ${min}` : `${min} to ${max}`;
}

/** An attribute name ONNX leaves to implementations ("__"-prefixed), never checked. */
function internal(name: string): boolean {
  return name.length >= 2 && name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95;
}

/**
 * The first way an ai.onnx node breaks its operator's schema, as the sentence a finding says; null
 * when it keeps to it or is not checked (an operator or opset the table does not know).
 */
export function nodeSchemaProblem(node: Node): string | null {
  const schema = schemaFor(node.op, node.opVersion);
  if (!schema) return null;
  // Indexed, not destructured: array destructuring goes through the iterator protocol.
  const since = schema[0];
  if (schema[1] === 1) return `${node.op} is deprecated since opset ${since}, and no runtime loads a deprecated operator`;
  const counts = schema[3];
  const inputs = node.inputs;
  const outputs = node.outputs;
  if (inputs.length < counts[0] || inputs.length > counts[1]) {
    return `it has ${inputs.length} input(s); ${node.op}-${since} takes ${countRange(counts[0], counts[1])}`;
  }
  if (outputs.length < counts[2] || outputs.length > counts[3]) {
    return `it has ${outputs.length} output(s); ${node.op}-${since} gives ${countRange(counts[2], counts[3])}`;
  }
  const formals = schema[2];
  for (let i = 0; i < inputs.length && i < formals.length; i++) {
    if (inputs[i] === '' && formals[i]![2] === 's') return `input ${i} is empty, but ${node.op}-${since} requires it`;
  }
  const outputOptions = schema[4];
  for (let i = 0; i < outputs.length && i < outputOptions.length; i++) {
    if (outputs[i] === '' && outputOptions.charCodeAt(i) === 115 /* 's' */) return `output ${i} is empty, but ${node.op}-${since} requires it`;
  }
  const declared = schema[5];
  const attributes = node.attributes;
  for (const attribute in attributes) {
    if (internal(attribute)) continue;
    let expected: string | null = null;
    for (let k = 0; k < declared.length; k++) {
      if (declared[k]![0] === attribute) {
        expected = declared[k]![1];
        break;
      }
    }
    if (expected === null) {
      if (schema[6] === 1) continue;
      const known = declared.map((a) => a[0]).join(', ');
      return `${node.op}-${since} has no attribute '${attribute}' (${known ? `its attributes: ${known}` : 'it takes none'})`;
    }
    const actual = attributeType(attributes[attribute]!);
    if (actual !== null && actual !== expected) return `attribute '${attribute}' is ${actual}, but ${node.op}-${since} declares it ${expected}`;
  }
  for (let k = 0; k < declared.length; k++) {
    const a = declared[k]!;
    if (a[2] === 1 && attributes[a[0]] === undefined) return `${node.op}-${since} requires attribute '${a[0]}', which is missing`;
  }
  return null;
}
