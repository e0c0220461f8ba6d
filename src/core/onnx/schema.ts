// The ONNX protobuf schema, compiled into the bundle as a JSON descriptor (see scripts/build.mjs).
// The reader takes field numbers from here rather than hard-coding them, and the writer and the
// tests' oracle encode/decode with the same descriptor (protobufSchema.ts), so all three agree on
// one onnx.proto. This file reads the descriptor as plain JSON: the reader does not load protobufjs.

import descriptor from '../../../third_party/onnx/onnx.proto';

interface DescriptorNode {
  fields?: Record<string, { id: number }>;
  values?: Record<string, number>;
  nested?: Record<string, DescriptorNode>;
}

/** `ModelProto`, `TensorShapeProto.Dimension`, `AttributeProto.AttributeType` in package onnx. */
function lookup(name: string): DescriptorNode {
  let node = (descriptor as unknown as DescriptorNode).nested?.['onnx'];
  for (const part of name.split('.')) node = node?.nested?.[part];
  if (!node) throw new Error(`onnx.proto: no type '${name}'`);
  return node;
}

/**
 * Field numbers of `typeName` by field name. Throws at start-up if the schema lacks one of them,
 * so a schema edit that drops a field the reader relies on fails loudly instead of misreading.
 */
export function fieldIds<const K extends string>(typeName: string, names: readonly K[]): Record<K, number> {
  const fields = lookup(typeName).fields ?? {};
  const out = {} as Record<K, number>;
  for (const name of names) {
    const field = fields[name];
    if (!field) throw new Error(`onnx.proto: ${typeName} has no field '${name}'`);
    out[name] = field.id;
  }
  return out;
}

/** The values of an enum of onnx.proto by name, e.g. enumValues('AttributeProto.AttributeType'). */
export function enumValues(enumName: string): Record<string, number> {
  const values = lookup(enumName).values;
  if (!values) throw new Error(`onnx.proto: '${enumName}' is not an enum`);
  return values;
}
