// TensorFlow Lite Micro itself as the oracle of tflm-cortex-m7's element types: 90 operators in each
// of 7 element types (test/fixtures/tflmTypeProbe.ts), each a single-op model that TFLM built at the
// pinned commit (dist/tflm, CMSIS-NN kernels) allocates and invokes or refuses. DeployLens's static
// check of the same model must say the same. The profile's types are read from the kernels' source
// (tools/targets/tflm.ts) and corrected in tools/targets/overlay/tflite-micro.json, each correction
// citing its line; this is what keeps both honest. The same models with one tensor's quantization
// parameters moved off what the kernels accept test the parameter checks (quantizationParams).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkCompatibility, compatibilityDiagnostics } from '../src/core/analysis/compatibility';
import { designHints } from '../src/core/analysis/hints';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { readTflite } from '../src/core/tflite/readTflite';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { analyzeFile } from '../src/core/analyze';
import { withTflm } from '../src/core/oracles/tflmVerdict';
import { activationCases, embeddingCases, lstmCase, pairCases, svdfCases, positiveInputs, probeCases, probedOps, PROBE_TYPES, quantParamCases, rankCases, weightTypeCases, type ProbeCase } from './fixtures/tflmTypeProbe';
import { tflmEngine } from './support/tflm';

/**
 * Where DeployLens refuses on purpose what TFLM runs: its LOGICAL_AND and LOGICAL_OR read every
 * tensor as bool without checking the type (logical_common.cc:39), so another type runs with its
 * bytes misread. TFLite's schema defines both on bool; the profile keeps bool only. And GREATER in
 * int16: its Prepare sets the scaling parameters for int8 only (comparisons.cc:562) and the int16
 * case compares with whatever the op's persistent buffer held, so TFLM runs or aborts depending on
 * the models the engine ran before (both seen): the profile refuses it.
 */
const MISREAD = (id: string) => (/^LOGICAL_(AND|OR):/.test(id) && !id.endsWith(':bool')) || /^GREATER:int16(:|$)/.test(id);
/** The LOGICAL_AND/OR cases among `ids`. */
const logicalOnly = (ids: readonly string[]) => ids.filter((id) => id.startsWith('LOGICAL_'));

interface Compared { runs: number; ran: Set<string>; disagreements: string[]; misread: string[] }

/** Each model through TFLM (allocate + invoke) and DeployLens's tflm-cortex-m7 check of the same model. */
async function compare(cases: readonly ProbeCase[], misread: (id: string) => boolean = () => false): Promise<Compared> {
  const engine = await tflmEngine('cmsis_nn');
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const out: Compared = { runs: 0, ran: new Set(), disagreements: [], misread: [] };
  for (const c of cases) {
    const run = await engine.run(c.model, { arenaBytes: 256 * 1024, inputs: positiveInputs });
    const support = checkCompatibility(readTflite(new MemoryByteSource(c.id, c.model)), m7, 0)[0]!;
    if (run.ok) {
      out.runs++;
      out.ran.add(c.id);
    }
    if ((support.status === 'supported') === run.ok) continue;
    if (run.ok && misread(c.id)) { out.misread.push(c.id); continue; }
    const why = support.reasons.filter((r) => r.outcome === 'violated').map((r) => r.message).join('; ');
    out.disagreements.push(`${c.id}: TFLM ${run.ok ? 'runs it' : `refuses it (${run.error.message.replace(/\s+/g, ' ').slice(0, 160)})`}; DeployLens ${support.status}${why ? ` (${why})` : ''}`);
  }
  return out;
}

test('TFLite Micro runs exactly the element types tflm-cortex-m7 says, op by op', async () => {
  const cases = probeCases();
  const { runs, disagreements, misread } = await compare(cases, MISREAD);
  const refused = cases.length - runs;
  console.log(`${cases.length} cases (${probedOps().length} ops × ${PROBE_TYPES.length} types): TFLM refuses ${refused}; DeployLens disagrees on ${disagreements.length}; misread by TFLM, refused by DeployLens: ${misread.length}`);
  assert.equal(cases.length, probedOps().length * PROBE_TYPES.length);
  assert.ok(refused > 150, 'the probe reaches types TFLM has no kernel for');
  assert.deepEqual(disagreements, []);
  // Every non-bool LOGICAL_AND/OR: TFLM runs it unchecked (and GREATER int16, when the leftover memory lets it run).
  assert.equal(logicalOnly(misread).length, 2 * (PROBE_TYPES.length - 1));
  // GREATER int16 is the misread finding, kept when TFLM allocates the model (its Prepare never fails).
  const greater = cases.find((c) => c.id === 'GREATER:int16')!;
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const model = readTflite(new MemoryByteSource(greater.id, greater.model));
  const finding = compatibilityDiagnostics(model, m7, checkCompatibility(model, m7, 0))[0]!;
  assert.equal(finding.code, 'compat/misread-input');
  assert.match(finding.message, /Runs with wrong outputs — input 0 \('greater_int16_in0'\) is int16: the runtime runs the kernel on it without computing it right, so the outputs are wrong \(comparisons\.cc:562\)/);
  assert.match(finding.fix ?? '', /Give GREATER int8 or int32 or int64 or float32 data/);
});

test('TFLite Micro pairs data and weight types exactly as tflm-cortex-m7 says: no hybrid kernels', async () => {
  // The TFLite converter's dynamic-range quantization writes float32 data with int8 weights: TFLM has
  // no kernel for it ("Hybrid models are not supported on TFLite Micro.", cmsis_nn/fully_connected.cc:87).
  const cases = weightTypeCases();
  const { runs, ran, disagreements } = await compare(cases);
  console.log(`${cases.length} data/weight type pairs of ${new Set(cases.map((c) => c.op)).size} ops: TFLM runs ${runs}; DeployLens disagrees on ${disagreements.length}`);
  assert.deepEqual(disagreements, []);
  for (const op of ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'TRANSPOSE_CONV', 'BATCH_MATMUL']) {
    assert.ok(!ran.has(`${op}:float32 data:int8 weights`), `${op}: TFLM refuses the hybrid kernel`);
    assert.ok(ran.has(`${op}:float32 data:float32 weights`) && ran.has(`${op}:int8 data:int8 weights`), `${op}: TFLM runs float32 and int8`);
  }
  // SVDF: int8 data takes int8 features and int16 or int8 time weights, float32 data float32 both (svdf.cc:140, 224).
  const svdf = await compare(svdfCases());
  console.log(`${svdfCases().length} SVDF data/feature/time-weight types: TFLM runs ${svdf.runs}; DeployLens disagrees on ${svdf.disagreements.length}`);
  assert.deepEqual(svdf.disagreements, []);
  assert.deepEqual([...svdf.ran].sort(), ['SVDF:float32 data:float32 features:float32 time weights', 'SVDF:int8 data:int8 features:int16 time weights', 'SVDF:int8 data:int8 features:int8 time weights']);
  // EMBEDDING_LOOKUP: a float32 table writes float32 only; an int8 table float32 (hybrid, which TFLM has) or int8 (embedding_lookup.cc:91).
  const embedding = await compare(embeddingCases());
  assert.deepEqual(embedding.disagreements, []);
  assert.deepEqual([...embedding.ran].sort(), ['EMBEDDING_LOOKUP:float32 table:float32 output', 'EMBEDDING_LOOKUP:int8 table:float32 output', 'EMBEDDING_LOOKUP:int8 table:int8 output']);
  // The finding names both inputs, what the kernel takes, TFLM's own words and the fix.
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const hybrid = cases.find((c) => c.id === 'FULLY_CONNECTED:float32 data:int8 weights')!;
  const model = readTflite(new MemoryByteSource(hybrid.id, hybrid.model));
  const reason = checkCompatibility(model, m7, 0)[0]!.reasons.find((r) => r.outcome === 'violated')!;
  assert.equal(reason.message, "Hybrid models are not supported on TFLite Micro. — input 0 ('fully_connected_float32_int8_w_in0') is float32 and input 1 ('fully_connected_float32_int8_w_in1') int8; the kernel takes float32 with float32, int16 with int8, int8 with int8 or int4 (cmsis_nn/fully_connected.cc:87)");
  const finding = compatibilityDiagnostics(model, m7, checkCompatibility(model, m7, 0))[0]!;
  assert.match(finding.fix ?? '', /full-integer quantization .*representative_dataset.*dynamic-range quantization stores int8 weights for float32 data, a hybrid kernel/);
});

test('TFLite Micro runs a hybrid LSTM and misreads its int8 weights: compat/misread-input, which TFLM accepting the model does not withdraw', async () => {
  // cmsis_nn/unidirectional_sequence_lstm.cc:441: float32 data runs EvalLstm<float, float, float, float>,
  // which reads every weight as float32 without checking its type.
  const engine = await tflmEngine('cmsis_nn');
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const outputs = async (c: ProbeCase) => {
    const run = await engine.run(c.model, { arenaBytes: 256 * 1024, inputs: positiveInputs });
    assert.ok(run.ok, `${c.id}: TFLM allocates and invokes it`);
    return Array.from(new Float32Array(run.value.outputs[0]!.data.slice().buffer));
  };
  const float = lstmCase('float32');
  const hybrid = lstmCase('int8');
  const expected = await outputs(float);
  const got = await outputs(hybrid);
  // The int8 weights hold the float model's values (1 at scale 1): a kernel that read them as int8 would give the same outputs.
  assert.ok(expected.every((v) => Math.abs(v - 0.7587) < 1e-3), `the float LSTM: ${expected.join(', ')}`);
  assert.ok(got.some((v, i) => !(Math.abs(v - expected[i]!) < 1e-3)), `TFLM's hybrid outputs are not the model's: ${got.join(', ')}`);
  const supportOf = (c: ProbeCase) => checkCompatibility(readTflite(new MemoryByteSource(c.id, c.model)), m7, 0)[0]!;
  assert.equal(supportOf(float).status, 'supported');
  // The LSTM's fused TANH is its cell nonlinearity, which TFLM applies (0.7587 = σ(6)·tanh(σ(6)·tanh(6)),
  // where leaving it out would give 0.995): no ignored-activation warning.
  assert.deepEqual(designHints(readTflite(new MemoryByteSource(float.id, float.model)), m7).filter((d) => d.code === 'hint/ignored-fused-activation'), []);
  const reason = supportOf(hybrid).reasons.find((r) => r.outcome === 'violated')!;
  assert.equal(reason.message, "input 0 ('lstm_int8_w_in0') is float32 and input 2 ('lstm_int8_w_in2') int8: the runtime does not check the pair, it reads input 2 as float32 and the outputs are wrong; the kernel takes float32 with float32, int8 with int8, int16 with int8 (cmsis_nn/unidirectional_sequence_lstm.cc:441)");
  // The weight-only hint says what happens there: the node runs, its weights read as float.
  const weightOnly = designHints(readTflite(new MemoryByteSource(hybrid.id, hybrid.model)), m7).filter((d) => d.code === 'hint/weight-only-quantization');
  assert.match(weightOnly[0]!.message, /runs it anyway, reading the weights as float, so the outputs are wrong/);
  // The product's verdict: TFLM allocating the model withdraws compat/constraint findings, not this one.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-lstm-'));
  try {
    const file = path.join(dir, 'lstm_hybrid.tflite');
    fs.writeFileSync(file, hybrid.model);
    const before = analyzeFile(file, { targets: [m7] }).report;
    const after = withTflm(before, m7, { kernels: 'cmsis-nn', runtime: 'TFLM', millis: 5, status: 'answered', headBytes: 1024, tailBytes: 256, usedBytes: 1400, minimumArenaBytes: 1536, resourceVariableSlots: 0, categories: [] });
    const misread = after.diagnostics.filter((d) => d.code === 'compat/misread-input');
    assert.equal(misread.length, 1);
    assert.equal(misread[0]!.severity, 'error');
    assert.match(misread[0]!.fix ?? '', /full-integer quantization/);
    assert.equal(after.summary.verdict, 'fail');
    assert.deepEqual(after.tflm!.overruled, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('TFLite Micro converts exactly the type pairs tflm-cortex-m7 says (CAST, QUANTIZE, DEQUANTIZE)', async () => {
  const cases = pairCases();
  const { runs: converted, disagreements } = await compare(cases);
  console.log(`${cases.length} conversions: TFLM runs ${converted}; DeployLens disagrees on ${disagreements.length}`);
  assert.ok(converted >= 30 && converted < cases.length - 50);
  assert.deepEqual(disagreements, []);
  // The reason names the pair and what the kernels convert from that type.
  const f32ToU8 = cases.find((c) => c.id === 'QUANTIZE:float32->uint8')!;
  const reason = checkCompatibility(readTflite(new MemoryByteSource(f32ToU8.id, f32ToU8.model)), getBuiltinTarget('tflm-cortex-m7')!, 0)[0]!.reasons.find((r) => r.outcome === 'violated')!;
  assert.equal(reason.message, 'float32 → uint8 is not converted; the kernels convert float32 → int8, float32 → int16');
});

test('TFLite Micro accepts exactly the quantization parameters tflm-cortex-m7 says', async () => {
  // The int8 and int16 models TFLM runs as built (their parameters are the ones it accepts)...
  const { ran } = await compare(probeCases(probedOps(), ['int8', 'int16']), MISREAD);
  // ...each with one tensor's zero point or scale moved: symmetric int16 made asymmetric, SOFTMAX's
  // 1/256 output scale × 1.5, a CONCATENATION input off its output's parameters, ...
  const cases = quantParamCases().filter((c) => ran.has(c.base));
  const { runs, disagreements, misread } = await compare(cases, MISREAD);
  const refused = cases.length - runs;
  console.log(`${cases.length} models with one tensor's quantization parameters moved: TFLM refuses ${refused}; DeployLens disagrees on ${disagreements.length}; misread by TFLM, refused by DeployLens: ${misread.length}`);
  assert.ok(refused >= 70, 'the moves reach the kernels\' parameter checks');
  assert.ok(runs > refused, 'most kernels take any parameters');
  assert.deepEqual(disagreements, []);
  assert.ok(misread.every((id) => MISREAD(id)));
  // The reason says what the tensor has, what the kernel needs, and where the kernel checks it.
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const reasonOf = (id: string) => {
    const c = cases.find((x) => x.id === id)!;
    return checkCompatibility(readTflite(new MemoryByteSource(c.id, c.model)), m7, 0)[0]!.reasons.find((r) => r.outcome === 'violated')!.message;
  };
  assert.equal(reasonOf('SOFTMAX:int8:output 0 scale'), "output 0 ('softmax_int8_moved', int8) has scale 0.005859375; the kernel needs zero point -128, scale 1/256 (0.00390625) (softmax_common.cc:103)");
  assert.equal(reasonOf('CONCATENATION:int8:input 1 zeroPoint'), "input 1 ('concatenation_int8_moved_in1', int8) has zero point 5; the kernel needs output 0's ('concatenation_int8_moved'): scale 0.05, zero point 0 (concatenation.cc:183)");
  assert.equal(reasonOf('CONV_2D:int16:output 0 zeroPoint'), "output 0 ('conv_2d_int16_moved', int16) has zero point 7; the kernel needs zero point 0 (cmsis_nn/conv.cc:158)");
});

/**
 * Where TFLM runs ranks DeployLens refuses, on purpose: 19 kernels that never build a RuntimeShape
 * of the tensor's rank (flat elementwise loops, byte copies, reductions, GATHER, SPLIT, PACK, …) run
 * at rank 7, where the others abort (runtime_shape.h:42), and DeployLens keeps the 6 it holds;
 * and PRELU's int8 kernel runs to rank 6 where its float kernel stops at 4 (prelu_common.cc:56):
 * one limit per op keeps the lower, where a limit by element type would be the exact answer.
 */
const ABOVE_LIMIT = (id: string) => /:rank 7$/.test(id) || /^PRELU broadcast:int8:rank [56]$/.test(id);

test('TFLite Micro runs exactly the ranks tflm-cortex-m7 says (ranks 1 to 7)', async () => {
  const cases = rankCases(['float32', 'int8', 'int16', 'int32']);
  const { runs, disagreements, misread } = await compare(cases, (id) => MISREAD(id) || ABOVE_LIMIT(id));
  console.log(`${cases.length} models of ${new Set(cases.map((c) => c.op)).size} ops at ranks 1-7 (float32, int8, int16, int32): TFLM refuses ${cases.length - runs}; DeployLens disagrees on ${disagreements.length}; run by TFLM above DeployLens's limit or misread: ${misread.length}`);
  assert.deepEqual(disagreements, []);
  // The listed exceptions and nothing more: the kernels that run at rank 7, PRELU int8 at ranks 5 and 6.
  const above = misread.filter((id) => !MISREAD(id));
  assert.deepEqual([...new Set(above.filter((id) => id.endsWith(':rank 7')).map((id) => id.split(':')[0]))].sort(), [
    'ABS', 'COS', 'GATHER', 'LOG', 'LOGISTIC', 'MEAN', 'MIRROR_PAD', 'PACK', 'REDUCE_MAX', 'REDUCE_MIN', 'RESHAPE', 'RSQRT', 'SIN', 'SPLIT', 'SQRT', 'SQUARE', 'SQUEEZE', 'SUM', 'UNPACK',
  ]);
  assert.deepEqual(above.filter((id) => !id.endsWith(':rank 7')), ['PRELU broadcast:int8:rank 5', 'PRELU broadcast:int8:rank 6']);
  // Rank 5 is where STRIDED_SLICE (strided_slice_common.cc:143), L2_NORMALIZATION and MAXIMUM stop.
  const strided = cases.find((c) => c.id === 'STRIDED_SLICE:float32:rank 5')!;
  const reason = checkCompatibility(readTflite(new MemoryByteSource(strided.id, strided.model)), getBuiltinTarget('tflm-cortex-m7')!, 0)[0]!.reasons.find((r) => r.outcome === 'violated')!;
  assert.match(reason.message, /has rank 5; the maximum is 4/);
  // Rank 6 runs for the elementwise ops (RuntimeShape holds 6 dims), where the old limit of 5 refused it.
  const add6 = cases.find((c) => c.id === 'ADD broadcast:int8:rank 6')!;
  assert.equal(checkCompatibility(readTflite(new MemoryByteSource(add6.id, add6.model)), getBuiltinTarget('tflm-cortex-m7')!, 0)[0]!.status, 'supported');
});

test('TFLite Micro takes exactly the fused activations tflm-cortex-m7 says', async () => {
  // Every op with a fused_activation_function, in float32, int8 and int16, once per activation but NONE.
  const { ran } = await compare(probeCases(probedOps(), ['float32', 'int8', 'int16']));
  const cases = activationCases().filter((c) => ran.has(`${c.op}:${c.type}`));
  const { runs, disagreements } = await compare(cases);
  console.log(`${cases.length} models with a fused activation: TFLM refuses ${cases.length - runs}; DeployLens disagrees on ${disagreements.length}`);
  assert.deepEqual(disagreements, []);
  // CONCATENATION (concatenation.cc:147) and L2_NORMALIZATION (l2norm.cc:68) take none.
  assert.equal(cases.length - runs, 5 * 5);
});

test('a fused TANH or SIGN_BIT that TFLM leaves out is a warning, and TFLM indeed writes the output without it', async () => {
  // kernel_util.h:273: CalculateActivationRange knows RELU, RELU6 and RELU_N1_TO_1; any other gets the full range.
  const engine = await tflmEngine('cmsis_nn');
  const m7 = getBuiltinTarget('tflm-cortex-m7')!;
  const bytesOf = async (model: Uint8Array) => {
    const run = await engine.run(model, { arenaBytes: 256 * 1024, inputs: positiveInputs });
    assert.ok(run.ok);
    return Buffer.from(run.value.outputs[0]!.data).toString('hex');
  };
  for (const op of ['CONV_2D', 'FULLY_CONNECTED', 'ADD']) {
    const none = await bytesOf(probeCases([op], ['float32'])[0]!.model);
    for (const c of activationCases().filter((x) => x.op === op && x.type === 'float32')) {
      const act = c.id.split(':')[2]!;
      const hints = designHints(readTflite(new MemoryByteSource(c.id, c.model)), m7).filter((d) => d.code === 'hint/ignored-fused-activation');
      const same = (await bytesOf(c.model)) === none;
      // The probe's outputs are positive and above 1 (13 or 3): RELU leaves them, RELU_N1_TO_1 clamps them to 1, TANH would squash them.
      if (act === 'TANH' || act === 'SIGN_BIT') {
        assert.ok(same, `${c.id}: TFLM applies no ${act}`);
        assert.equal(hints.length, 1, c.id);
        assert.match(hints[0]!.message, new RegExp(`fuses ${act}, which .* does not apply`));
      } else {
        assert.equal(hints.length, 0, c.id);
        if (act === 'RELU_N1_TO_1') assert.ok(!same, `${c.id}: TFLM clamps`);
      }
    }
  }
});
