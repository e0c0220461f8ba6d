// Counts exact zeros in a constant tensor's raw little-endian bytes, for the sparsity hint. Only
// the element types where "zero" is a bit pattern (float32/float16 ±0) or a known quantized value
// (int8/uint8 equal to the zero point) are counted.

import type { DType } from '../../ir/dtype';

export interface ZeroCount {
  zeros: number;
  elements: number;
}

export const ZERO_COUNTABLE: ReadonlySet<DType> = new Set<DType>(['float32', 'float16', 'int8', 'uint8']);

/** Zeros among the elements of `bytes`; `zeroPoint` is the stored value meaning 0 for int8/uint8. Null for other types. */
export function countZeros(bytes: Uint8Array, dtype: DType, zeroPoint = 0): ZeroCount | null {
  switch (dtype) {
    case 'float32': {
      const words = aligned(bytes, 4, (b) => new Uint32Array(b.buffer, b.byteOffset, b.byteLength >> 2));
      let zeros = 0;
      // ±0.0: every bit but the sign is clear.
      for (let i = 0; i < words.length; i++) if ((words[i]! & 0x7fffffff) === 0) zeros++;
      return { zeros, elements: words.length };
    }
    case 'float16': {
      const halves = aligned(bytes, 2, (b) => new Uint16Array(b.buffer, b.byteOffset, b.byteLength >> 1));
      let zeros = 0;
      for (let i = 0; i < halves.length; i++) if ((halves[i]! & 0x7fff) === 0) zeros++;
      return { zeros, elements: halves.length };
    }
    case 'int8':
    case 'uint8': {
      // Compare stored bytes: int8 zero point -1 is the byte 0xff.
      const target = zeroPoint & 0xff;
      let zeros = 0;
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === target) zeros++;
      return { zeros, elements: bytes.length };
    }
    default:
      return null;
  }
}

/** A typed view of `bytes`, copying first when the offset is not a multiple of the element size. Assumes a little-endian host (every Node platform). */
function aligned<T>(bytes: Uint8Array, size: number, view: (b: Uint8Array) => T): T {
  const usable = bytes.byteLength - (bytes.byteLength % size);
  if (bytes.byteOffset % size === 0) return view(bytes.subarray(0, usable));
  // A fresh copy (a Buffer's slice() would share the same unaligned memory).
  const copy = new Uint8Array(usable);
  copy.set(bytes.subarray(0, usable));
  return view(copy);
}
