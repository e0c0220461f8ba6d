// TFLite Micro in WebAssembly (src/processes/tflm/engine.ts over native/tflm): the arena figures
// TFLM publishes, TFLM's own verdicts and text on models it cannot run, the abort path, Invoke
// with per-op timing, the smallest arena that allocates, and bad input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TflmEngine } from '../src/processes/tflm/engine';
import { TFLM_KERNELS } from '../src/processes/tflm/wasmModule';
import { int8ConvNet, prepareRejectedModel, unknownCustomOpModel, unsupportedOpModel } from './fixtures/tflmModels';
import { keywordScrambled, rampInput, sharedTfliteModels, tflmEngine, tflmWasmDir } from './support/tflm';

function personDetect(): Uint8Array | null {
  const entry = sharedTfliteModels()?.find(([name]) => name === 'shared/person_detect.tflite');
  return entry ? fs.readFileSync(entry[1]) : null;
}

test('person_detect: TFLM head 55,296 B with CMSIS-NN kernels, as TFLM publishes', async (t) => {
  const model = personDetect();
  if (!model) { t.skip('../shared/models not present'); return; }
  const engine = await tflmEngine('cmsis_nn');
  const r = await engine.allocate(model, { arenaBytes: 136 * 1024, recording: true });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  // Ground truth: tensorflow/tflite-micro @ 90b983c2b3f1480642e040bbd2ddb37b998f3424 (the pinned
  // commit), tensorflow/lite/micro/tools/benchmarking/README.md line 449, example output of the
  // generic benchmark (person_detect, CMSIS-NN, Corstone-300): "NonPersistent | 55296 | 65.49";
  // its Allocations table: eval tensor data count 89, node and registration array count 31.
  assert.equal(r.value.figures.headBytes, 55_296);
  assert.equal(r.value.figures.categories!.nodeAndRegistrationArray.count, 31);
  assert.equal(r.value.figures.categories!.tfLiteEvalTensorData.count, 89);
});

test('keyword_scrambled: TFLM head 672 B in both kernel variants, as memory_arena_threshold_test.cc requires', async () => {
  for (const kernels of TFLM_KERNELS) {
    const engine = await tflmEngine(kernels);
    // The test's arena: kKeywordModelTensorArenaSize = 22 * 1024.
    const r = await engine.allocate(keywordScrambled(), { arenaBytes: 22 * 1024, recording: true });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    // Ground truth: tensorflow/tflite-micro @ 90b983c2b3f1480642e040bbd2ddb37b998f3424,
    // tensorflow/lite/micro/memory_arena_threshold_test.cc line 77: kKeywordModelHeadSize = 672,
    // kKeywordModelTensorCount = 54, kKeywordModelNodeAndRegistrationCount = 15,
    // kKeywordModelTfLiteTensorVariableBufferDataSize = 10240.
    assert.equal(r.value.figures.headBytes, 672, kernels);
    assert.equal(r.value.figures.categories!.tfLiteEvalTensorData.count, 54, kernels);
    assert.equal(r.value.figures.categories!.nodeAndRegistrationArray.count, 15, kernels);
    assert.equal(r.value.figures.categories!.tfLiteTensorVariableBufferData.requestedBytes, 10_240, kernels);
  }
});

test('an op TFLM has no kernel for: TFLM\'s own text, on that node', async () => {
  for (const kernels of TFLM_KERNELS) {
    const engine = await tflmEngine(kernels);
    const r = await engine.allocate(unsupportedOpModel(), { arenaBytes: 64 * 1024 });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'allocate-failed');
    // tensorflow/lite/micro/micro_op_resolver.cc (GetRegistrationFromOpCode) prints this line.
    assert.match(r.error.message, /Didn't find op for builtin opcode 'GELU'/);
    assert.deepEqual(r.error.node, { subgraph: 0, index: 1, how: 'unresolved-op', builtinCode: 150, opName: 'GELU' });
    assert.ok(!r.error.arenaTooSmall);
  }
});

test('a custom op TFLM has no kernel for: TFLM\'s text, the node and its custom code', async () => {
  const engine = await tflmEngine('reference');
  const r = await engine.allocate(unknownCustomOpModel(), { arenaBytes: 64 * 1024 });
  assert.ok(!r.ok);
  assert.equal(r.error.kind, 'allocate-failed');
  // TFLM's own line names only "CUSTOM" (micro_allocator.cc); the engine adds the custom code.
  assert.match(r.error.message, /Failed to get registration from op code CUSTOM/);
  assert.deepEqual(r.error.node, { subgraph: 0, index: 1, how: 'unresolved-op', builtinCode: 32, opName: 'AcmeNpuOp', customCode: 'AcmeNpuOp' });
});

test('a parameter TFLM\'s Prepare rejects: the kernel\'s check and the node, in TFLM\'s words', async () => {
  for (const kernels of TFLM_KERNELS) {
    const engine = await tflmEngine(kernels);
    const r = await engine.allocate(prepareRejectedModel(), { arenaBytes: 64 * 1024 });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'allocate-failed');
    // kernels/softmax_common.cc CalculateSoftmaxParams: int8 output needs zero point -128
    // (TF_LITE_ENSURE_EQ prints "<file>:<line> output->params.zero_point != -128 (0 != -128)");
    // micro_interpreter_graph.cc PrepareSubgraphs then names the node.
    // The file is named as in TFLM's own builds, not by where this checkout lives.
    assert.match(r.error.log, /^tensorflow\/lite\/micro\/kernels\/softmax_common\.cc:\d+ output->params\.zero_point != -128 \(0 != -128\)$/m);
    assert.match(r.error.message, /Node SOFTMAX \(number 1\) failed to prepare with status 1/);
    assert.deepEqual(r.error.node, { subgraph: 0, index: 1, opName: 'SOFTMAX', how: 'tflm-message' });
  }
});

test('an arena too small: TFLM says so, and the engine flags it', async () => {
  const engine = await tflmEngine('cmsis_nn');
  const r = await engine.allocate(keywordScrambled(), { arenaBytes: 4 * 1024 });
  assert.ok(!r.ok);
  assert.equal(r.error.arenaTooSmall, true);
  assert.match(r.error.log, /Failed to allocate/);
});

test('TFLM abort() inside Prepare: a typed result with TFLM\'s text, then a fresh module that works', async (t) => {
  const model = personDetect();
  if (!model) { t.skip('../shared/models not present'); return; }
  const loaded = await TflmEngine.load({ kernels: 'cmsis_nn', wasmDir: tflmWasmDir() });
  assert.ok(loaded.ok);
  const engine = loaded.value;
  // With 20 KiB, a temporary allocation fails inside a kernel's Prepare and TFLM's
  // TFLITE_DCHECK calls abort() (the probe in ../shared/tflm-wasm shows the same).
  const r = await engine.allocate(model, { arenaBytes: 20 * 1024 });
  assert.ok(!r.ok);
  assert.equal(r.error.kind, 'aborted');
  assert.match(r.error.log, /Failed to allocate temp memory/);
  assert.equal(r.error.arenaTooSmall, true);
  assert.equal(r.error.node?.how, 'last-log-position');
  assert.equal(engine.recreations, 0);
  const again = await engine.allocate(model, { arenaBytes: 136 * 1024, recording: true });
  assert.ok(again.ok, again.ok ? '' : again.error.message);
  assert.equal(again.value.figures.headBytes, 55_296);
  assert.equal(engine.recreations, 1);
});

test('the smallest arena that allocates: TFLM succeeds there and fails one byte below', async () => {
  for (const kernels of TFLM_KERNELS) {
    const engine = await tflmEngine(kernels);
    for (const model of [keywordScrambled(), int8ConvNet()]) {
      const m = await engine.measureArena(model);
      assert.ok(m.ok, m.ok ? '' : m.error.message);
      const { minimumArenaBytes: min, usedBytes, headBytes, tailBytes } = m.value;
      assert.ok(min >= usedBytes, `${kernels}: ${min} < ${usedBytes}`);
      // The plain interpreter's arena_used_bytes(): head + the model's tail + its allocator's objects.
      assert.ok(usedBytes > headBytes + tailBytes && usedBytes - (headBytes + tailBytes) < 512, `${kernels}: ${usedBytes} vs ${headBytes} + ${tailBytes}`);
      const at = await engine.allocate(model, { arenaBytes: min });
      assert.ok(at.ok, at.ok ? '' : at.error.message);
      const below = await engine.allocate(model, { arenaBytes: min - 1 });
      assert.ok(!below.ok);
    }
  }
});

test('Invoke: int8 outputs and one timed event per node, in execution order', async (t) => {
  const model = personDetect();
  if (!model) { t.skip('../shared/models not present'); return; }
  const engine = await tflmEngine('cmsis_nn');
  const alloc = await engine.allocate(model, { arenaBytes: 136 * 1024 });
  assert.ok(alloc.ok);
  assert.deepEqual(alloc.value.inputs.map((i) => [i.type, i.shape]), [['int8', [1, 96, 96, 1]]]);
  const inputs = alloc.value.inputs.map((info, k) => rampInput(info, k));
  const r = await engine.run(model, { arenaBytes: 136 * 1024, inputs, invokes: 2 });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.value.outputs.length, 1);
  assert.equal(r.value.outputs[0]!.type, 'int8');
  assert.equal(r.value.outputs[0]!.data.length, 2);
  assert.equal(r.value.invocations.length, 2);
  for (const inv of r.value.invocations) {
    assert.deepEqual(inv.ops.map((o) => o.node), Array.from({ length: 31 }, (_, i) => i));
    assert.ok(inv.ops.every((o) => o.subgraph === 0 && o.ms >= 0));
    // The model's op list (TFLM benchmark README lists it): depthwise first, softmax last.
    assert.equal(inv.ops[0]!.op, 'DEPTHWISE_CONV_2D');
    assert.equal(inv.ops[30]!.op, 'SOFTMAX');
  }
  // The same input gives the same output: Invoke is deterministic.
  const again = await engine.run(model, { arenaBytes: 136 * 1024, inputs });
  assert.ok(again.ok);
  assert.deepEqual(again.value.outputs[0]!.data, r.value.outputs[0]!.data);
});

test('bad input: corrupt bytes, wrong input size, absurd arena → typed errors, no throw', async () => {
  const engine = await tflmEngine('cmsis_nn');
  const model = keywordScrambled();
  const truncated = await engine.allocate(model.subarray(0, 1000), { arenaBytes: 64 * 1024 });
  assert.ok(!truncated.ok);
  assert.equal(truncated.error.kind, 'invalid-model');
  const garbage = await engine.allocate(Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff), { arenaBytes: 64 * 1024 });
  assert.ok(!garbage.ok);
  assert.equal(garbage.error.kind, 'invalid-model');
  const wrongSize = await engine.run(model, { arenaBytes: 64 * 1024, inputs: [new Uint8Array(3)] });
  assert.ok(!wrongSize.ok);
  assert.equal(wrongSize.error.kind, 'bad-input');
  const arena = await engine.allocate(model, { arenaBytes: -5 });
  assert.ok(!arena.ok);
  assert.equal(arena.error.kind, 'bad-input');
  // …and the engine still works.
  const ok = await engine.allocate(model, { arenaBytes: 64 * 1024 });
  assert.ok(ok.ok);
});

test('a missing wasm is a load error naming the file', async () => {
  const r = await TflmEngine.load({ kernels: 'reference', wasmDir: '/nonexistent/tflm' });
  assert.ok(!r.ok);
  assert.equal(r.error.kind, 'load-failed');
  assert.match(r.error.message, /\/nonexistent\/tflm\/tflm_reference\.wasm/);
});
