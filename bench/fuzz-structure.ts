// `npm run fuzz [-- --seed N --inputs N --seconds N]`: a seeded, structure-aware fuzzer for the
// model readers and the whole analysis (issue 12). Byte flipping mostly hits the protobuf and
// flatbuffer framing, which the readers already check; this mutates what the analysis reasons
// about — graph structure (rewired inputs, self-loops and cycles, deleted/duplicated nodes, unknown
// and prototype-named ops, self-calling functions), dims (0, -1, -7, 2^31, beyond 2^53, huge
// symbolic) and attributes (extreme ints, long lists, wrong types) — of ONNX models (as decoded
// ModelProto objects) and TFLite models (as writer specs: shapes, tensor indices, opcodes, WHILE/IF
// subgraph references). Every input goes through read → shapes → costs → three targets → text,
// Markdown and JSON rendering, in this process.
//
// It prints counts per outcome class, the slowest input and the peak RSS. It exits 1 when an input
// ends in an internal error (anything but a ModelReadError or a finding) or takes longer than the
// per-input budget, so CI (.ci/run) fails on the first regression; the seed and the failing input
// index are printed to reproduce it.

import { prepareModel, reportFor } from '../src/core/analyze';
import { buildKwsDscnn } from '../src/core/examples/kwsDscnn';
import { MemoryByteSource } from '../src/core/io/byteSource';
import { ModelReadError } from '../src/core/ir/errors';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { decodeModel, encodeModel, type AttrObj, type ModelObj, type NodeObj } from '../src/core/quantize/onnxObjects';
import { readModel } from '../src/core/readModel';
import { formatMarkdown, formatText } from '../src/core/report/renderText';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { prng } from '../src/core/util/prng';
import { featureModelSpec } from '../test/fixtures/tfliteFeatureModel';
import { builtin, writeTflite, type ModelSpec } from '../test/fixtures/tfliteWriter';
import { sampleModel } from '../test/support/onnxFixtures';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SEED = arg('seed', 12);
const INPUTS = arg('inputs', 1500);
const SECONDS = arg('seconds', 120);
/** Per-input budget (ms) of the analysis in this process; the CLI's 5 s budget includes node's start-up. */
const INPUT_BUDGET_MS = arg('budget-ms', 4000);

const rand = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;

const HOSTILE_DIMS = [0, 1, -1, -7, 2 ** 31, 2 ** 31 - 1, 1e8, 2 ** 53 + 2, 3, 7, 64];
const PROTO = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];
const OPS = ['Relu', 'Conv', 'MaxPool', 'AveragePool', 'Reshape', 'Expand', 'ConstantOfShape', 'Split', 'Tile', 'Range', 'Concat', 'Gemm',
  'MatMul', 'Transpose', 'Unsqueeze', 'Squeeze', 'Pad', 'Resize', 'Slice', 'Gather', 'Add', 'Sum', 'Softmax', 'Erf', 'If', 'Loop',
  'Flatten', 'GlobalAveragePool', 'BatchNormalization', 'LSTM', 'Einsum', 'CustomThing', ...PROTO];

// ---------- ONNX: mutate the decoded ModelProto ----------

function tensorNames(m: ModelObj): string[] {
  const g = m.graph!;
  return [...new Set([...(g.input ?? []).map((v) => v.name ?? ''), ...(g.initializer ?? []).map((t) => t.name ?? ''), ...(g.node ?? []).flatMap((n) => n.output ?? [])])].filter((n) => n !== '');
}

function mutateDims(dims: { dim?: { dim_value?: number; dim_param?: string }[] } | undefined): void {
  if (!dims?.dim?.length) return;
  const d = pick(dims.dim);
  if (chance(0.2)) {
    delete d.dim_value;
    d.dim_param = chance(0.5) ? pick(PROTO) : 'x'.repeat(1 + Math.floor(rand() * 5000));
  } else {
    delete d.dim_param;
    d.dim_value = pick(HOSTILE_DIMS);
  }
}

function mutateAttribute(a: AttrObj): void {
  const r = rand();
  if (r < 0.3) a.i = pick([0, -1, 2 ** 31, -(2 ** 31), 1e8, 2 ** 53 + 2]);
  else if (r < 0.55) a.ints = Array.from({ length: pick([0, 1, 3, 300, 70000]) }, () => pick(HOSTILE_DIMS));
  else if (r < 0.7) a.type = Math.floor(rand() * 16);
  else if (r < 0.8) a.name = pick(PROTO);
  else a.f = pick([NaN, Infinity, -0, 1e38]);
}

function mutateOnnx(m: ModelObj): void {
  const g = m.graph!;
  g.node ??= [];
  const names = tensorNames(m);
  const steps = 1 + Math.floor(rand() * 4);
  for (let s = 0; s < steps; s++) {
    const node: NodeObj | undefined = g.node.length ? pick(g.node) : undefined;
    const r = rand();
    if (r < 0.2 && node?.input?.length) node.input[Math.floor(rand() * node.input.length)] = chance(0.3) && node.output?.[0] ? node.output[0] : pick(names);
    else if (r < 0.3 && node) node.op_type = pick(OPS);
    else if (r < 0.38 && node) g.node.splice(g.node.indexOf(node), 1);
    else if (r < 0.45 && node) g.node.push(JSON.parse(JSON.stringify(node)) as NodeObj);
    else if (r < 0.6) {
      const shapeLen = pick(HOSTILE_DIMS.filter((d) => d > 0));
      const sname = `s${s}_${g.node.length}`;
      (g.input ??= []).push({ name: sname, type: { tensor_type: { elem_type: 7, shape: { dim: [{ dim_value: shapeLen }] } } } });
      const op = pick(['Reshape', 'Expand', 'ConstantOfShape', 'Unsqueeze', 'Tile', 'Pad', 'Resize', 'Range']);
      g.node.push({ op_type: op, input: op === 'ConstantOfShape' ? [sname] : [pick(names), sname], output: [`f${s}_${g.node.length}`], name: `fuzz${s}` });
    } else if (r < 0.75) mutateDims(pick([...(g.input ?? []), ...(g.output ?? []), ...(g.value_info ?? [])])?.type?.tensor_type?.shape as never);
    else if (r < 0.88 && node) {
      node.attribute ??= [];
      if (node.attribute.length && chance(0.7)) mutateAttribute(pick(node.attribute));
      else node.attribute.push({ name: pick(['num_outputs', 'axis', 'kernel_shape', 'pads', 'strides', 'perm', 'group', 'to']), type: 2, i: pick(HOSTILE_DIMS) });
    } else if (r < 0.94 && g.initializer?.length) {
      const t = pick(g.initializer);
      t.dims = (t.dims ?? []).map((d) => (chance(0.5) ? pick(HOSTILE_DIMS.filter((x) => x >= 0 && x < 2 ** 53)) : d));
    } else {
      // A local function calling itself (or the next), called from the main graph.
      const fns = (m['functions'] as unknown[] | undefined) ?? [];
      fns.push({ domain: 'fz', name: 'f', input: ['a'], output: ['b'], node: [{ op_type: chance(0.5) ? 'f' : 'Relu', domain: 'fz', input: ['a'], output: ['b'] }], opset_import: [{ domain: '', version: 13 }, { domain: 'fz', version: 1 }] });
      m['functions'] = fns;
      (m.opset_import ??= []).push({ domain: 'fz', version: 1 });
      g.node.push({ op_type: 'f', domain: 'fz', input: [pick(names)], output: [`fn${s}`] });
    }
  }
}

function onnxSeeds(): ModelObj[] {
  const fn = new OnnxGraphBuilder('calls').input('x', 'float32', [1, 8]).node('g', ['x'], ['y'], {}, { domain: 'loc' }).node('Relu', ['y'], ['z']).output('z', 'float32', [1, 8]);
  const withFunction = writeOnnxModel({
    graph: fn, opsets: { '': 13, loc: 1 },
    functions: [{ domain: 'loc', name: 'g', inputs: ['a'], outputs: ['b'], opsets: { '': 13 }, body: new OnnxGraphBuilder('g').node('Sigmoid', ['a'], ['s']).node('Mul', ['a', 's'], ['b']) }],
  });
  return [buildKwsDscnn(), sampleModel(), withFunction].map(decodeModel);
}

// ---------- TFLite: mutate the writer's spec ----------

function tfliteSeeds(): ModelSpec[] {
  const chain: ModelSpec = {
    operatorCodes: [builtin(19), builtin(3), builtin(119), builtin(17)],
    buffers: [{}],
    subgraphs: [
      { name: 'main', tensors: [0, 1, 2, 3].map((i) => ({ name: `t${i}`, shape: [1, 8, 8, 4] })), inputs: [0], outputs: [3],
        operators: [{ opcode: 0, inputs: [0], outputs: [1] }, { opcode: 3, inputs: [1], outputs: [2] }, { opcode: 0, inputs: [2], outputs: [3] }] },
      { name: 'body', tensors: [{ name: 'a', shape: [1] }, { name: 'b', shape: [1] }], inputs: [0], outputs: [1], operators: [{ opcode: 0, inputs: [0], outputs: [1] }] },
    ],
  };
  return [featureModelSpec(), chain];
}

function mutateTflite(spec: ModelSpec): void {
  const steps = 1 + Math.floor(rand() * 3);
  for (let s = 0; s < steps; s++) {
    const sg = spec.subgraphs.length ? pick(spec.subgraphs) : undefined;
    const r = rand();
    if (r < 0.3 && sg?.tensors.length) {
      const t = pick(sg.tensors);
      t.shape = chance(0.2) ? Array.from({ length: pick([0, 1, 9, 300]) }, () => 2) : t.shape.map((d) => (chance(0.5) ? pick([-5, -1, 0, 2147483647, 65536]) : d));
    } else if (r < 0.5 && sg?.operators.length) {
      const op = pick(sg.operators);
      const list = chance(0.5) ? op.inputs : op.outputs;
      if (list.length) list[Math.floor(rand() * list.length)] = pick([-1, 0, sg.tensors.length - 1, ...(chance(0.1) ? [sg.tensors.length + 3] : [])]);
    } else if (r < 0.65 && sg?.operators.length) {
      // A WHILE whose cond/body point at arbitrary subgraphs, including its own.
      const op = pick(sg.operators);
      spec.operatorCodes.push(builtin(119));
      op.opcode = spec.operatorCodes.length - 1;
      op.options = { type: 93, fields: [[0, 'i32', Math.floor(rand() * (spec.subgraphs.length + 1))], [1, 'i32', spec.subgraphs.indexOf(sg)]] };
    } else if (r < 0.75 && sg?.operators.length) {
      pick(sg.operators).opcode = Math.floor(rand() * spec.operatorCodes.length);
    } else if (r < 0.85) {
      spec.operatorCodes.push(builtin(pick([0, 3, 4, 9, 17, 22, 25, 34, 150, 200])));
    } else if (r < 0.92 && sg?.operators.length) {
      sg.operators.push(JSON.parse(JSON.stringify(pick(sg.operators))) as (typeof sg.operators)[number]);
    } else if (chance(0.5)) spec.subgraphs = spec.subgraphs.slice(0, Math.floor(rand() * spec.subgraphs.length));
  }
}

// ---------- the run ----------

type Outcome = 'analyzed, no error finding' | 'analyzed, error findings' | 'read error (clear message)' | 'not writable (skipped)' | 'internal error';
const counts = new Map<Outcome, number>();
const targets = ['tflm-cortex-m7', 'tflite-gpu', 'coral-edgetpu'].map((id) => getBuiltinTarget(id)!);
const onnxBase = onnxSeeds();
const tfliteBase = tfliteSeeds();
let slowest = { ms: 0, index: -1, format: '' };
let peakRss = process.memoryUsage().rss;
const failures: string[] = [];
const started = performance.now();
let done = 0;

for (let i = 0; i < INPUTS && performance.now() - started < SECONDS * 1000; i++) {
  const onnx = chance(0.6);
  let bytes: Uint8Array;
  try {
    if (onnx) {
      const m = JSON.parse(JSON.stringify(pick(onnxBase), (_k, v: unknown) => (v instanceof Uint8Array ? { __bytes: [...v] } : v)), (_k, v: unknown) => (v && typeof v === 'object' && '__bytes' in v ? Uint8Array.from((v as { __bytes: number[] }).__bytes) : v)) as ModelObj;
      mutateOnnx(m);
      bytes = encodeModel(m);
    } else {
      const spec = structuredClone(pick(tfliteBase));
      mutateTflite(spec);
      bytes = writeTflite(spec);
    }
  } catch {
    counts.set('not writable (skipped)', (counts.get('not writable (skipped)') ?? 0) + 1);
    continue;
  }
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    const model = readModel(new MemoryByteSource(onnx ? `fuzz-${i}.onnx` : `fuzz-${i}.tflite`, bytes));
    const { report } = reportFor(prepareModel(model, {}), targets);
    formatText(report);
    formatMarkdown(report);
    JSON.stringify(report);
    outcome = report.diagnostics.some((d) => d.severity === 'error') ? 'analyzed, error findings' : 'analyzed, no error finding';
  } catch (e) {
    if (e instanceof ModelReadError) outcome = 'read error (clear message)';
    else {
      outcome = 'internal error';
      if (failures.length < 10) failures.push(`input ${i} (${onnx ? 'onnx' : 'tflite'}): ${e instanceof Error ? e.stack?.split('\n').slice(0, 4).join(' | ') : String(e)}`);
    }
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, index: i, format: onnx ? 'onnx' : 'tflite' };
  if (ms > INPUT_BUDGET_MS && failures.length < 10) failures.push(`input ${i} (${onnx ? 'onnx' : 'tflite'}) took ${ms.toFixed(0)} ms, over the ${INPUT_BUDGET_MS} ms budget`);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  done++;
}

console.log(`structure-aware fuzzer: seed ${SEED}, ${done} inputs analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(6)}  ${k}`);
console.log(`  slowest input: #${slowest.index} (${slowest.format}) ${slowest.ms.toFixed(0)} ms; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
if (failures.length) {
  console.log(`FAILED (reproduce with --seed ${SEED}):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
