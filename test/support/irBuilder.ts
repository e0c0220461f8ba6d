// Builds small IR models directly (no file format), for unit tests of shape inference and costs.

import type { Diagnostic } from '../../src/core/ir/diagnostic';
import type { DType } from '../../src/core/ir/dtype';
import { linkGraph, newActivation } from '../../src/core/ir/link';
import type { AttributeValue, Graph, Model, ModelFormat, Node, Shape, Tensor } from '../../src/core/ir/model';

export type Attrs = Record<string, number | number[] | string | AttributeValue>;

function toAttr(v: number | number[] | string | AttributeValue): AttributeValue {
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', value: v } : { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'string', value: v };
  if (Array.isArray(v)) return { type: 'ints', value: v };
  return v;
}

/** Little-endian int64 bytes, as an initializer's raw_data would hold them. */
export function int64Bytes(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return new Uint8Array(view.buffer);
}

export class IrBuilder {
  private readonly nodes: Node[] = [];
  private readonly tensors = new Map<string, Tensor>();
  private readonly inputs: string[] = [];
  private readonly outputs: string[] = [];

  constructor(private readonly opset = 17, private readonly format: ModelFormat = 'onnx') {}

  input(name: string, dtype: DType, shape: Shape): this {
    this.tensors.set(name, { ...newActivation(name), dtype, shape });
    this.inputs.push(name);
    return this;
  }

  /** A constant: int64 values are stored inline (readable by shape inference); others carry no bytes. */
  constant(name: string, dtype: DType, shape: number[], values?: number[]): this {
    const t: Tensor = { ...newActivation(name), dtype, shape, constant: true, origin: 'initializer' };
    if (values && dtype === 'int64') t.data = { kind: 'inline', bytes: int64Bytes(values), encoding: 'raw' };
    this.tensors.set(name, t);
    return this;
  }

  /** Declares a shape for a node output, as value_info / graph outputs do. */
  declare(name: string, dtype: DType, shape: Shape): this {
    this.tensors.set(name, { ...newActivation(name), dtype, shape });
    return this;
  }

  node(op: string, inputs: string[], outputs: string[], attrs: Attrs = {}, domain = this.format === 'tflite' ? 'tflite' : ''): this {
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(attrs)) attributes[k] = toAttr(v);
    this.nodes.push({
      index: this.nodes.length, name: `${op}_${this.nodes.length}`, op, domain, canonicalOp: op,
      opVersion: this.opset, inputs, outputs, attributes, subgraphs: [],
    });
    return this;
  }

  output(...names: string[]): this {
    this.outputs.push(...names);
    return this;
  }

  build(): Model {
    const graph: Graph = { index: 0, name: 'main', nodes: this.nodes, tensors: this.tensors, inputs: this.inputs, outputs: this.outputs, order: [] };
    const diagnostics: Diagnostic[] = [];
    linkGraph(graph, this.format === 'tflite', diagnostics);
    return {
      format: this.format, path: 'in-memory', fileBytes: 0, producer: { name: 'test', version: '' }, irVersion: 8,
      opsets: { '': this.opset }, description: '', metadata: {}, graphs: [graph], functions: [], signatures: [], diagnostics,
      weights: { read: () => { throw new Error('no weights in a built model'); } },
    };
  }
}

export function shapeOf(model: Model, name: string): Shape {
  return model.graphs[0]!.tensors.get(name)?.shape ?? null;
}
