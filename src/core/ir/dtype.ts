// Element types shared by ONNX and TFLite, with their storage size. Sub-byte types (int4, uint4,
// float4) are counted in bits so that byte sizes round up the way both formats pack them.

export type DType =
  | 'float32' | 'float16' | 'bfloat16' | 'float64'
  | 'int4' | 'uint4' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'bool' | 'string' | 'complex64' | 'complex128'
  | 'float8e4m3fn' | 'float8e4m3fnuz' | 'float8e5m2' | 'float8e5m2fnuz' | 'float8e8m0' | 'float4e2m1'
  | 'resource' | 'variant' | 'unknown';

const BITS: Record<DType, number> = {
  float32: 32, float16: 16, bfloat16: 16, float64: 64,
  int4: 4, uint4: 4, int8: 8, uint8: 8, int16: 16, uint16: 16, int32: 32, uint32: 32, int64: 64, uint64: 64,
  bool: 8, string: 0, complex64: 64, complex128: 128,
  float8e4m3fn: 8, float8e4m3fnuz: 8, float8e5m2: 8, float8e5m2fnuz: 8, float8e8m0: 8, float4e2m1: 4,
  resource: 0, variant: 0, unknown: 0,
};

/** Bits per element; 0 for types without a fixed size (string, resource, variant, unknown). */
export function dtypeBits(dtype: DType): number {
  return BITS[dtype];
}

/** Bytes needed for `elements` elements of `dtype` (sub-byte types packed, rounded up); null if not fixed-size. */
export function dtypeBytes(dtype: DType, elements: number): number | null {
  const bits = BITS[dtype];
  if (bits === 0) return null;
  return Math.ceil((elements * bits) / 8);
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float64' || dtype.startsWith('float8') || dtype === 'float4e2m1';
}

export function isQuantizedInt(dtype: DType): boolean {
  return dtype === 'int8' || dtype === 'uint8' || dtype === 'int16' || dtype === 'int4' || dtype === 'uint4';
}
