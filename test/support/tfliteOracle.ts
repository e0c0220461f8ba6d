// An independent count of what a .tflite file holds, read with the flatbuffers runtime's own
// accessors (not the reader under test), to check the reader against.

import { ByteBuffer } from 'flatbuffers';

export interface OracleCounts {
  /** Per subgraph: tensor count and, per operator, [builtin code, custom code or null]. */
  subgraphs: { tensors: number; operators: [number, string | null][] }[];
  buffers: number;
  signatures: number;
}

export function oracleCounts(bytes: Uint8Array): OracleCounts {
  const bb = new ByteBuffer(bytes);
  const field = (table: number, slot: number): number => bb.__offset(table, 4 + 2 * slot);
  const vector = (table: number, slot: number): { at: (i: number) => number; length: number } => {
    const o = field(table, slot);
    if (!o) return { at: () => 0, length: 0 };
    const start = bb.__vector(table + o);
    return { at: (i) => bb.__indirect(start + 4 * i), length: bb.__vector_len(table + o) };
  };
  const root = bb.readInt32(0);
  const codes = vector(root, 1);
  const opcodes: [number, string | null][] = [];
  for (let i = 0; i < codes.length; i++) {
    const c = codes.at(i);
    const dep = field(c, 0) ? bb.readInt8(c + field(c, 0)) : 0;
    const code = field(c, 3) ? bb.readInt32(c + field(c, 3)) : 0;
    const custom = field(c, 1) ? (bb.__string(c + field(c, 1)) as string) : null;
    opcodes.push([Math.max(dep, code), custom]);
  }
  const subgraphs = vector(root, 2);
  const out: OracleCounts = { subgraphs: [], buffers: vector(root, 4).length, signatures: vector(root, 7).length };
  for (let s = 0; s < subgraphs.length; s++) {
    const sg = subgraphs.at(s);
    const ops = vector(sg, 3);
    const operators: [number, string | null][] = [];
    for (let j = 0; j < ops.length; j++) {
      const op = ops.at(j);
      const index = field(op, 0) ? bb.readUint32(op + field(op, 0)) : 0;
      operators.push(opcodes[index]!);
    }
    out.subgraphs.push({ tensors: vector(sg, 0).length, operators });
  }
  return out;
}
