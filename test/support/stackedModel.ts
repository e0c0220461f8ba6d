// A generated model of `blocks` residual blocks (Conv → Relu → Conv → act → Add, 5 nodes each):
// 200 blocks make the 1,000-node model the panel tests and benchmarks use. Every `erfEvery`-th block
// uses Erf as its second activation, which delegates such as the TFLite GPU one do not take, so the
// graph fragments into many partitions.

import { OnnxGraphBuilder, writeOnnxModel } from '../../src/core/onnx/writeOnnx';

export function stackedBlocksModel(blocks = 200, erfEvery = 10, channels = 8, size = 8): Uint8Array {
  const b = new OnnxGraphBuilder('stacked');
  b.input('x0', 'float32', [1, channels, size, size]);
  const w = Float32Array.from({ length: channels * channels * 9 }, (_, i) => ((i % 7) - 3) / 10);
  b.initializer('W', 'float32', [channels, channels, 3, 3], w);
  const conv = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };
  for (let i = 0; i < blocks; i++) {
    const x = `x${i}`;
    b.node('Conv', [x, 'W'], [`c1_${i}`], conv, { name: `block${i}/conv1` });
    b.node('Relu', [`c1_${i}`], [`a1_${i}`], {}, { name: `block${i}/relu1` });
    b.node('Conv', [`a1_${i}`, 'W'], [`c2_${i}`], conv, { name: `block${i}/conv2` });
    const erf = erfEvery > 0 && i % erfEvery === erfEvery - 1;
    b.node(erf ? 'Erf' : 'Relu', [`c2_${i}`], [`a2_${i}`], {}, { name: `block${i}/${erf ? 'erf' : 'relu2'}` });
    b.node('Add', [x, `a2_${i}`], [`x${i + 1}`], {}, { name: `block${i}/add` });
  }
  b.output(`x${blocks}`, 'float32', [1, channels, size, size]);
  return writeOnnxModel({ graph: b, opsets: { '': 17 } });
}
