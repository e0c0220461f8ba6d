// Builds small IR graphs by hand for the target/compatibility tests, so they do not depend on the
// readers or on shape inference.

import type { DType } from '../../src/core/ir/dtype';
import type { AttributeValue, Graph, Model, ModelFormat, Node, Quantization, Shape, Tensor } from '../../src/core/ir/model';

export interface TensorSpec {
  dtype?: DType;
  shape?: Shape;
  constant?: boolean;
  quantization?: Quantization;
  shapeSignature?: number[];
}

export interface NodeSpec {
  op: string;
  canonicalOp?: string;
  domain?: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export function buildModel(format: ModelFormat, tensors: Record<string, TensorSpec>, nodes: NodeSpec[]): Model {
  const map = new Map<string, Tensor>();
  for (const [name, s] of Object.entries(tensors)) {
    map.set(name, {
      name, dtype: s.dtype ?? 'unknown', shape: s.shape === undefined ? null : s.shape, constant: s.constant ?? false,
      producer: null, consumers: [], isGraphInput: false, isGraphOutput: false,
      ...(s.quantization ? { quantization: s.quantization } : {}),
      ...(s.shapeSignature ? { shapeSignature: s.shapeSignature } : {}),
    });
  }
  const irNodes: Node[] = nodes.map((n, index) => ({
    index, name: n.name ?? `${n.op.toLowerCase()}_${index}`, op: n.op,
    domain: n.domain ?? (format === 'tflite' ? 'tflite' : ''), canonicalOp: n.canonicalOp ?? n.op,
    inputs: n.inputs, outputs: n.outputs, attributes: n.attributes ?? {}, subgraphs: [],
  }));
  for (const n of irNodes) {
    n.outputs.forEach((o) => { const t = map.get(o); if (t) t.producer = n.index; });
    n.inputs.forEach((i) => { const t = map.get(i); if (t) t.consumers.push(n.index); });
  }
  const graph: Graph = { index: 0, name: 'main', nodes: irNodes, tensors: map, inputs: [], outputs: [], order: irNodes.map((n) => n.index) };
  return {
    format, path: `test.${format}`, fileBytes: 0, producer: { name: 'test', version: '0' }, irVersion: 0, opsets: {},
    description: '', metadata: {}, graphs: [graph], functions: [], signatures: [], diagnostics: [],
    weights: { read: () => { throw new Error('no weights in test models'); } },
  };
}

export const ints = (value: number[]): AttributeValue => ({ type: 'ints', value });
export const int = (value: number): AttributeValue => ({ type: 'int', value });
export const str = (value: string): AttributeValue => ({ type: 'string', value });
export const q = (scale: number[] = [0.1]): Quantization => ({ scale, zeroPoint: scale.map(() => 0), ...(scale.length > 1 ? { axis: 0 } : {}) });

/** A TFLite int8 CONV_2D with OHWI weights of kernel kh x kw and the given options. */
export function tfliteConv(opts: { kh?: number; kw?: number; stride?: number; op?: string; dtype?: DType; attrs?: Record<string, AttributeValue>; inShape?: Shape } = {}): Model {
  const dtype = opts.dtype ?? 'int8';
  const qa = dtype === 'int8' ? { quantization: q() } : {};
  return buildModel('tflite', {
    x: { dtype, shape: opts.inShape ?? [1, 32, 32, 8], ...qa },
    w: { dtype: dtype === 'int8' ? 'int8' : dtype, shape: [16, opts.kh ?? 3, opts.kw ?? 3, 8], constant: true, quantization: q(new Array(16).fill(0.01)) },
    b: { dtype: 'int32', shape: [16], constant: true },
    y: { dtype, shape: [1, 16, 16, 16], ...qa },
  }, [{
    op: opts.op ?? 'CONV_2D', canonicalOp: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'],
    attributes: { strides: ints([opts.stride ?? 1, opts.stride ?? 1]), padding: str('SAME'), fused_activation_function: str('NONE'), ...(opts.attrs ?? {}) },
  }]);
}
