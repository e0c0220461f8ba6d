// The ONNX protobuf schema, compiled into the bundle as a JSON descriptor (see scripts/build.mjs).
// The reader takes field numbers from here rather than hard-coding them, and the writer and the
// tests' oracle encode/decode with the same descriptor, so all three agree on one onnx.proto.

import protobuf from 'protobufjs';
import descriptor from '../../../third_party/onnx/onnx.proto';

let root: protobuf.Root | null = null;

export function onnxRoot(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(descriptor);
  return root;
}

/** A message type of onnx.proto, e.g. onnxType('ModelProto'). */
export function onnxType(name: string): protobuf.Type {
  return onnxRoot().lookupType(`onnx.${name}`);
}

/**
 * Field numbers of `typeName` by field name. Throws at start-up if the schema lacks one of them,
 * so a schema edit that drops a field the reader relies on fails loudly instead of misreading.
 */
export function fieldIds<const K extends string>(typeName: string, names: readonly K[]): Record<K, number> {
  const type = onnxType(typeName);
  const out = {} as Record<K, number>;
  for (const name of names) {
    const field = type.fields[name];
    if (!field) throw new Error(`onnx.proto: ${typeName} has no field '${name}'`);
    out[name] = field.id;
  }
  return out;
}
