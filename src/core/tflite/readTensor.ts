// One TFLite Tensor table → an IR tensor: unique name, dtype, shape and shape_signature,
// quantization, and where its constant data lives.

import type { Diagnostic } from '../ir/diagnostic';
import type { Quantization, Tensor } from '../ir/model';
import type { FbTable } from './flatbufferTable';
import { F, TENSOR_TYPES } from './schema';
import { MAX_RANK } from '../limits';

/** Where a Buffer's bytes are: none, inside the flatbuffer, or after it (offset/size form). */
export type BufferLocation = { offset: number; length: number; external: boolean } | null;

/**
 * TFLite does not require tensor names to be unique (nor non-empty), but the IR keys tensors by
 * name: a repeated name gets '#<tensor index>' appended, an empty one becomes '#<tensor index>'.
 */
function uniqueName(name: string, index: number, taken: Map<string, Tensor>): string {
  if (name !== '' && !taken.has(name)) return name;
  let candidate = `${name}#${index}`;
  for (let k = 1; taken.has(candidate); k++) candidate = `${name}#${index}.${k}`;
  return candidate;
}

export function readTensor(
  t: FbTable, index: number, buffers: BufferLocation[], taken: Map<string, Tensor>, diagnostics: Diagnostic[], graph: number,
): Tensor {
  const T = F.Tensor;
  const name = uniqueName(t.string(T.name, 'name') ?? '', index, taken);
  const typeCode = t.int8(T.type, 'type');
  const dtype = TENSOR_TYPES[typeCode] ?? 'unknown';
  if (TENSOR_TYPES[typeCode] === undefined || dtype === 'unknown') {
    diagnostics.push({ severity: 'warning', code: 'read/tflite-unknown-type', graph, tensor: name, message: `Tensor '${name}' has TensorType ${typeCode}, which has no known element type here.` });
  }
  const bufferIndex = t.uint32(T.buffer, 'buffer');
  if (bufferIndex >= buffers.length && !(bufferIndex === 0 && buffers.length === 0)) {
    t.r.fail(`buffer index ${bufferIndex} is out of range (${buffers.length} buffers)`, t.pos, `${t.path}.buffer`);
  }
  const variable = t.bool(T.is_variable, 'is_variable');
  const location = buffers[bufferIndex] ?? null;

  const tensor: Tensor = {
    name,
    dtype,
    shape: checkedShape(t.int32s(T.shape, 'shape') ?? [], name, diagnostics, graph),
    // A variable's buffer is only its initial value: it is state written at run time, not a constant.
    constant: location !== null && !variable,
    producer: null,
    consumers: [],
    isGraphInput: false,
    isGraphOutput: false,
    index,
    origin: location ? `tensor ${index}, buffer ${bufferIndex}` : `tensor ${index}`,
  };
  const signature = t.int32s(T.shape_signature, 'shape_signature');
  if (signature) tensor.shapeSignature = signature;
  if (variable) tensor.variable = true;
  if (location) {
    tensor.data = { kind: 'embedded', offset: location.offset, length: location.length, encoding: 'raw' };
    tensor.dataBytes = location.length;
  }
  const q = t.table(T.quantization, 'quantization');
  if (q) {
    const quantization = readQuantization(q);
    if (quantization) tensor.quantization = quantization;
  }
  return tensor;
}

/**
 * Stored sizes are what an interpreter allocates from, so an impossible one is an error finding:
 * a negative size becomes a named unknown ('invalid(-5)'), never a negative byte count or latency;
 * a shape with more than 2^53 elements keeps its dims but gets no size. Beyond MAX_RANK dims the
 * shape is unknown.
 */
function checkedShape(dims: number[], name: string, diagnostics: Diagnostic[], graph: number): Tensor['shape'] {
  if (dims.length > MAX_RANK) {
    diagnostics.push({ severity: 'error', code: 'read/invalid-dim', graph, tensor: name, message: `Tensor '${name}' has ${dims.length} dims, more than the ${MAX_RANK} DeployLens reads; its shape is unknown.` });
    return null;
  }
  let elements = 1;
  for (const d of dims) elements *= Math.max(d, 0);
  if (dims.some((d) => d < 0)) {
    diagnostics.push({ severity: 'error', code: 'read/invalid-dim', graph, tensor: name, message: `Tensor '${name}' has shape [${dims.join(', ')}]: a negative size is invalid (dynamic dims are -1 in shape_signature, not in shape); its size is unknown.` });
    return dims.map((d) => (d < 0 ? `invalid(${d})` : d));
  }
  if (elements > Number.MAX_SAFE_INTEGER) {
    diagnostics.push({ severity: 'error', code: 'read/invalid-dim', graph, tensor: name, message: `Tensor '${name}' has shape [${dims.join(', ')}]: more than 2^53 elements, which no device holds; its size is unknown.` });
  }
  return dims;
}

/** Affine parameters; null when the table carries no scales (TFLite writes empty tables for float tensors). */
function readQuantization(q: FbTable): Quantization | null {
  const Q = F.QuantizationParameters;
  const scale = q.float32s(Q.scale, 'scale') ?? [];
  if (scale.length === 0) return null;
  const out: Quantization = { scale, zeroPoint: q.int64s(Q.zero_point, 'zero_point') ?? [] };
  if (scale.length > 1) out.axis = q.int32(Q.quantized_dimension, 'quantized_dimension');
  const min = q.float32s(Q.min, 'min');
  const max = q.float32s(Q.max, 'max');
  if (min && min.length > 0) out.min = min;
  if (max && max.length > 0) out.max = max;
  return out;
}
