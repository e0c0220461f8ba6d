// The same onnx.proto descriptor as schema.ts, loaded into protobufjs for code that encodes or
// decodes whole messages (the ONNX writer, the quantizer's full decode, the tests' oracle). The
// reader never loads this: it walks the wire format itself with field numbers from schema.ts.

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
