// Small generated ONNX models shared by the ONNX tests (never committed binaries).

import { MemoryByteSource } from '../../src/core/io/byteSource';
import type { Model } from '../../src/core/ir/model';
import { readOnnx } from '../../src/core/onnx/readOnnx';
import { OnnxGraphBuilder, attr, writeOnnxModel } from '../../src/core/onnx/writeOnnx';

export function readBytes(bytes: Uint8Array, label = '/virtual/model.onnx'): Model {
  return readOnnx(new MemoryByteSource(label, bytes));
}

/** A conv net with a Constant node, a symbolic batch dim, value_info and an If with two bodies. */
export function sampleModel(): Uint8Array {
  const thenBody = new OnnxGraphBuilder('then_body')
    .node('Relu', ['y'], ['t_out'])
    .output('t_out', 'float32', ['N', 4, 6, 6]);
  const elseBody = new OnnxGraphBuilder('else_body')
    .node('Neg', ['y'], ['e_out'])
    .output('e_out', 'float32', ['N', 4, 6, 6]);
  const weights = Float32Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => i / 10);
  const b = new OnnxGraphBuilder('sample')
    .input('x', 'float32', ['N', 3, 8, 8])
    .input('cond', 'bool', [])
    .initializer('w', 'float32', [4, 3, 3, 3], weights)
    .initializer('bias', 'float32', [4], [1, 2, 3, 4], { encoding: 'typed' })
    .constant({ name: 'k', dtype: 'int64', dims: [2], data: BigInt64Array.of(2n, -3n) })
    .node('Conv', ['x', 'w', 'bias'], ['y'], { kernel_shape: [3, 3], strides: [1, 1], alpha: attr.float(1) }, { name: 'conv0' })
    .node('If', ['cond'], ['z'], { then_branch: thenBody, else_branch: elseBody }, { name: 'if0' })
    .node('MyOp', ['z', 'k'], ['out'], {}, { name: 'custom0', domain: 'com.example' })
    .valueInfo('y', 'float32', ['N', 4, 6, 6])
    .output('out', 'float32', ['N', null, 6, 6]);
  return writeOnnxModel({ graph: b, opsets: { '': 13, 'com.example': 2 }, producer: { name: 'test', version: '1' } });
}
