// A file with a model's extension that is not that model says so in plain words, from its first
// bytes: a TFLite flatbuffer carries "TFL3" at bytes 4–8; an ONNX ModelProto starts with the tag of
// one of its fields (ir_version 0x08, producer_name 0x12, graph 0x3a, opset_import 0x42, …). What
// the bytes look like instead (text, a ZIP or HDF5 container — a Keras or PyTorch checkpoint —,
// JSON) is named, so "table offset 1819043176 is outside the file" becomes "not a TFLite file (no
// TFL3 identifier): it starts with text 'hello world…'".

/** First bytes of the ModelProto fields (tag = field << 3 | wire type), onnx.proto. */
const ONNX_FIRST_TAGS = new Set([
  0x08, // 1 ir_version (varint)
  0x12, // 2 producer_name
  0x1a, // 3 producer_version
  0x22, // 4 domain
  0x28, // 5 model_version (varint)
  0x32, // 6 doc_string
  0x3a, // 7 graph
  0x42, // 8 opset_import
  0x72, // 14 metadata_props
  0xa2, // 20 training_info (two-byte tag 0xa2 0x01)
  0xca, // 25 functions (0xca 0x01)
  0xd2, // 26 configuration (0xd2 0x01)
]);

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const b of bytes) if (b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0xc2) printable++;
  return printable === bytes.length;
}

function textExcerpt(bytes: Uint8Array): string {
  const s = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 24)).replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?');
  return `'${s.trimEnd()}${bytes.length > 24 ? '…' : ''}'`;
}

/** What the first bytes are, when they are recognizably something else. */
export function describeBytes(bytes: Uint8Array): string | null {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'a ZIP archive (a PyTorch checkpoint or a Keras .keras file?)';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'an HDF5 file (a Keras .h5 model?)';
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! <= 5) return 'a Python pickle (a PyTorch checkpoint?)';
  if (looksLikeText(bytes)) {
    const first = String.fromCharCode(bytes[0]!);
    return first === '{' || first === '[' ? `JSON text ${textExcerpt(bytes)}` : `text ${textExcerpt(bytes)}`;
  }
  return null;
}

/** Why a .tflite file is not a TFLite flatbuffer, or null when its first bytes could be one. */
export function notTflite(head: Uint8Array, size: number): string | null {
  const hasId = head.length >= 8 && head[4] === 0x54 && head[5] === 0x46 && head[6] === 0x4c && head[7] === 0x33;
  if (hasId) return null;
  const what = describeBytes(head);
  const root = head.length >= 4 ? (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0 : size;
  // A flatbuffer without its identifier still starts with the offset of its root table.
  if (what || size < 8 || root + 4 > size) return `not a TFLite file (no TFL3 identifier)${what ? `: it starts with ${what}` : size < 8 ? `: it is only ${size} bytes` : ''}`;
  return null;
}

/** Why a .onnx file is not an ONNX protobuf, or null when its first byte can start a ModelProto. */
export function notOnnx(head: Uint8Array, size: number): string | null {
  if (size === 0) return 'not an ONNX model: the file is empty';
  const what = describeBytes(head);
  if (!ONNX_FIRST_TAGS.has(head[0]!)) return `not an ONNX model (an ONNX file is a ModelProto protobuf${what ? '' : `, and byte 0x${head[0]!.toString(16).padStart(2, '0')} starts none of its fields`})${what ? `: it starts with ${what}` : ''}`;
  return null;
}
