// The model-as-text rendering the editor shows: one line per node, lines known for every node and
// tensor definition, so squiggles, links and the outline land on the right place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { nodeLines, renderModelText } from '../src/core/report/modelText';
import { getBuiltinTarget } from '../src/core/targets/builtins';

test('every node has its own line with outputs = Op(inputs), key attributes, name and facts', () => {
  const { report } = analyzeFile(bundledExampleModel(), { targets: [getBuiltinTarget('tflm-cortex-m7')!] });
  const layout = renderModelText({ report });
  const lines = layout.text.split('\n');
  assert.equal(layout.nodeLine.size, report.nodes.length);
  const stem = lines[layout.nodeLine.get(0)!]!;
  assert.equal(stem.trimStart().split(' = ')[0], '/stem/conv/Conv_output_0');
  assert.match(stem, /= Conv\(mfcc, stem\.conv\.weight, stem\.conv\.bias\) \{kernel_shape=\[10,4\], strides=\[2,2\], dilations=\[1,1\], pads=\[4,1,5,1\], group=1\}/);
  // The working set is the deployed CONV_2D's: its PAD-ed NHWC input and its output (ReLU fused).
  assert.match(stem, /# \/stem\/conv\/Conv · \[1, 64, 25, 5\] · 320\.0K MACs · ws 34\.1 KiB/);
  assert.match(lines[layout.nodeLine.get(1)!]!, /fused into CONV_2D '\/stem\/conv\/Conv'/, 'the ReLU says where it went');
  assert.match(lines[0]!, /kws_dscnn\.onnx on TFLite Micro on Cortex-M7 .*: PASS/);
  assert.deepEqual([...nodeLines(report)].sort((a, b) => a[0] - b[0]), [...layout.nodeLine].sort((a, b) => a[0] - b[0]), 'node lines without rendering agree with the rendered text');
});

test('tensor references point at the line that defines them: producer, graph input or constant', () => {
  const { report } = analyzeFile(bundledExampleModel(), { targets: [getBuiltinTarget('tflm-cortex-m7')!] });
  const layout = renderModelText({ report });
  const lines = layout.text.split('\n');
  for (const ref of layout.tensorRefs) {
    assert.equal(lines[ref.line]!.slice(ref.start, ref.start + ref.name.length), ref.name, `ref ${ref.name} at ${ref.line}:${ref.start}`);
    assert.ok(layout.definitionLine.has(ref.name), `definition of ${ref.name}`);
  }
  assert.equal(layout.definitionLine.get('/stem/relu/Relu_output_0'), layout.nodeLine.get(1));
  assert.match(lines[layout.definitionLine.get('mfcc')!]!, /^# inputs: mfcc: float32\[1, 1, 49, 10\]/);
  assert.match(lines[layout.definitionLine.get('classifier.weight')!]!, /classifier\.weight: float32\[12, 64\]/);
});

test('partitions map to line ranges on a delegate target', () => {
  const { report } = analyzeFile(bundledExampleModel(), { targets: [getBuiltinTarget('tflite-gpu')!] });
  const layout = renderModelText({ report });
  assert.equal(layout.partitionLines.length, report.partitions!.length);
  assert.match(layout.text, / (GPU|CPU) P\d/);
});
