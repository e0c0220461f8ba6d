// A few lines of protobuf wire format, for the hostile ONNX files that protobufjs would either
// refuse to write or write too slowly (40 MB packed attributes, millions of unpacked elements):
// the corpus needs byte-exact control over the encoding, not a valid-model writer.

export class Pb {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): this {
    this.parts.push(b);
    this.size += b.byteLength;
    return this;
  }

  static varint(n: number | bigint): Uint8Array {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      out.push(b);
    } while (v > 0n);
    return Uint8Array.from(out);
  }

  tag(field: number, wire: number): this {
    return this.push(Pb.varint((field << 3) | wire));
  }

  int(field: number, n: number | bigint): this {
    return this.tag(field, 0).push(Pb.varint(n));
  }

  bytes(field: number, b: Uint8Array): this {
    return this.tag(field, 2).push(Pb.varint(b.byteLength)).push(b);
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  msg(field: number, m: Pb): this {
    return this.bytes(field, m.finish());
  }

  /** Appends bytes already in wire format (a run of fields built elsewhere). */
  raw(b: Uint8Array): this {
    return this.push(b);
  }

  get length(): number {
    return this.size;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

/** ONNX field numbers (onnx.proto) used by the corpus. */
export const ONNX = {
  model: { ir_version: 1, graph: 7, opset_import: 8, functions: 25 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12, value_info: 13 },
  node: { input: 1, output: 2, name: 3, op_type: 4, attribute: 5, domain: 7 },
  attr: { name: 1, i: 3, floats: 7, ints: 8, type: 20 },
  attrType: { INT: 2, FLOATS: 6, INTS: 7 },
  tensor: { dims: 1, data_type: 2, int32_data: 5, name: 8, raw_data: 9, external_data: 13, data_location: 14 },
  kv: { key: 1, value: 2 },
  valueInfo: { name: 1, type: 2 },
  type: { tensor_type: 1 },
  tensorType: { elem_type: 1, shape: 2 },
  shape: { dim: 1 },
  dim: { dim_value: 1, dim_param: 2 },
} as const;

export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;

/** A ValueInfoProto with a tensor type of the given element type and dims. */
export function valueInfo(name: string, elemType: number, dims: (number | bigint | string)[]): Pb {
  const shape = new Pb();
  for (const d of dims) shape.msg(ONNX.shape.dim, typeof d === 'string' ? new Pb().string(ONNX.dim.dim_param, d) : new Pb().int(ONNX.dim.dim_value, d));
  return new Pb().string(ONNX.valueInfo.name, name)
    .msg(ONNX.valueInfo.type, new Pb().msg(ONNX.type.tensor_type, new Pb().int(ONNX.tensorType.elem_type, elemType).msg(ONNX.tensorType.shape, shape)));
}

export function nodeProto(op: string, inputs: string[], outputs: string[], extra?: (n: Pb) => void): Pb {
  const n = new Pb();
  for (const i of inputs) n.string(ONNX.node.input, i);
  for (const o of outputs) n.string(ONNX.node.output, o);
  n.string(ONNX.node.op_type, op);
  extra?.(n);
  return n;
}

/** A ModelProto around a graph body; opset 13 of ai.onnx unless told. */
export function modelProto(graph: Pb, opset = 13): Uint8Array {
  return new Pb().int(ONNX.model.ir_version, 8)
    .msg(ONNX.model.graph, graph)
    .msg(ONNX.model.opset_import, new Pb().string(ONNX.opset.domain, '').int(ONNX.opset.version, opset))
    .finish();
}
