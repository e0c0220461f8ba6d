// The Vela-output parser on Vela 3.10's own words (lines as Vela prints them for
// keyword_scrambled_8bit.tflite with --show-cpu-operations --verbose-operators).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinOfVelaType, parseVelaOutput, velaCpuPlacement } from '../src/core/oracles/velaOutput';

const OUTPUT = `Warning: Unsupported TensorFlow Lite semantics for SOFTMAX ''. Placing on CPU instead
 - IFM and OFM data types must match
   Op has ifm_dtype=int8 and ofm_dtype=int16
Warning: QUANTIZE '' is not supported on the NPU. Placing on CPU instead
 - Tensors which are int32 are only valid when op type is: ADD, ARG_MAX, MUL, SHAPE, SUB, TRANSPOSE
   Op has int32 tensor(s): 
Info: SVDF '' is a CPU only op

Network summary for keyword_scrambled_8bit
Total SRAM used                                  5.28 KiB
Total DRAM used                                  7.94 KiB

CPU operators = 3 (60.0%)
   CPU: Svdf =  (inputs [1, 96] [64, 96] [64, 8] [64] [1, 512], outputs [1, 64])
   CPU: Softmax =  (inputs [1, 2], outputs [1, 2])
   CPU: Quantize =  (inputs [1, 2], outputs [1, 2])
NPU operators = 6 (40.0%)
   NPU: AvgPool =  (inputs [1, 96], outputs [1, 96])
NPU cycles                                       1991 cycles/batch
Total cycles                                     2918 cycles/batch
`;

test('Vela output: CPU operators with shapes, reasons with their docstring, SRAM and cycles', () => {
  const r = parseVelaOutput(OUTPUT);
  assert.deepEqual(r.cpuOps.map((o) => o.op), ['SVDF', 'SOFTMAX', 'QUANTIZE']);
  assert.deepEqual(r.cpuOps[0]!.inputShapes, [[1, 96], [64, 96], [64, 8], [64], [1, 512]]);
  assert.deepEqual(r.reasons[0], { op: 'SOFTMAX', name: '', constraint: 'IFM and OFM data types must match', detail: 'Op has ifm_dtype=int8 and ofm_dtype=int16' });
  assert.equal(r.reasons[2]!.constraint, 'CPU only op');
  assert.equal(r.cpuOperatorCount, 3);
  assert.equal(r.npuOperatorCount, 6);
  assert.equal(r.sramBytes, Math.round(5.28 * 1024));
  assert.equal(r.npuCycles, 1991);
  assert.equal(r.totalCycles, 2918);
  assert.equal(builtinOfVelaType('Conv2DBias'), 'CONV_2D');
  assert.equal(builtinOfVelaType('DepthwiseConv2DBias'), 'DEPTHWISE_CONV_2D');
});

test('CPU lines map to the model operator with the same builtin, name and shapes, each op once', () => {
  const r = parseVelaOutput(OUTPUT);
  const ops = [
    { index: 0, op: 'QUANTIZE', name: '', inputShapes: [[1, 96]], outputShapes: [[1, 96]] },
    { index: 1, op: 'SVDF', name: '', inputShapes: [[1, 96], [64, 96], [64, 8], [64], [1, 512]], outputShapes: [[1, 64]] },
    { index: 2, op: 'SOFTMAX', name: '', inputShapes: [[1, 2]], outputShapes: [[1, 2]] },
    { index: 3, op: 'QUANTIZE', name: '', inputShapes: [[1, 2]], outputShapes: [[1, 2]] },
  ];
  const { cpu, unmatched } = velaCpuPlacement(ops, r);
  assert.deepEqual([...cpu].sort(), [1, 2, 3]);
  assert.deepEqual(unmatched, []);
  assert.equal(velaCpuPlacement(ops.slice(0, 1), r).unmatched.length, 3, 'a CPU line no operator matches is reported');
});

test('a crash or unrelated text gives an empty report, not a verdict', () => {
  const r = parseVelaOutput('Traceback (most recent call last):\n  File "x", line 1\nTypeError: boom\n');
  assert.deepEqual(r.cpuOps, []);
  assert.equal(r.cpuOperatorCount, null);
  assert.equal(r.sramBytes, null);
});
