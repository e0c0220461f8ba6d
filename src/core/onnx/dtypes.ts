// ONNX TensorProto.DataType numbers <-> the IR's DType names.

import type { DType } from '../ir/dtype';

const BY_CODE: readonly (DType | undefined)[] = [
  undefined, 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
  'float16', 'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
  'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1', 'float8e8m0',
];

/** The DType of an ONNX data_type code; null for UNDEFINED (0) and codes this build does not know. */
export function dtypeFromOnnx(code: number): DType | null {
  return BY_CODE[code] ?? null;
}

/** The ONNX data_type code of a DType; throws for DTypes ONNX has no code for (resource, variant, ...). */
export function onnxDataType(dtype: DType): number {
  const code = BY_CODE.indexOf(dtype);
  if (code <= 0) throw new Error(`ONNX has no data type for '${dtype}'`);
  return code;
}
