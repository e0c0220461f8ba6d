// TensorFlow Lite Micro as the product uses it (`deploylens analyze` = dist/cli.js in a child
// process → the TFLM worker → the report's `tflm` section and verdict): the arena in the report is
// byte-exact TFLM's on every TFLite model the tests have, in the profile's kernel build; a model
// TFLM cannot run shows TFLM's own message on the failing node; a model TFLM runs is never
// rejected for an op or parameter reason; TFLM giving no answer changes nothing.

import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { withTflm } from '../src/core/oracles/tflmVerdict';
import { analyzeFile } from '../src/core/analyze';
import type { Report } from '../src/core/report/report';
import type { TflmKernels } from '../src/processes/tflm/wasmModule';
import { builtin, writeTflite } from './fixtures/tfliteWriter';
import { generatedTflmModels, prepareRejectedModel, unknownCustomOpModel, unsupportedOpModel } from './fixtures/tflmModels';
import { repoRoot } from './support/sharedModels';
import { reportModuleTree } from '../src/core/modules/moduleTree';
import { keywordScrambled, sharedTfliteModels, tflmEngine } from './support/tflm';

const cli = path.join(repoRoot(), 'dist', 'cli.js');

function deploylens(args: string[], cwd = repoRoot()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function reportsOf(args: string[]): Report[] {
  const r = deploylens([...args, '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const json = JSON.parse(r.stdout) as Report | Report[];
  return Array.isArray(json) ? json : [json];
}

interface Model { name: string; file: string }

function testModels(dir: string): Model[] {
  const models: Model[] = [];
  const keyword = path.join(dir, 'keyword_scrambled.tflite');
  fs.writeFileSync(keyword, keywordScrambled());
  models.push({ name: 'tflm/keyword_scrambled', file: keyword });
  for (const [name, file] of sharedTfliteModels() ?? []) models.push({ name, file });
  for (const g of generatedTflmModels()) {
    const file = path.join(dir, `${path.basename(g.name)}.tflite`);
    fs.writeFileSync(file, g.bytes);
    models.push({ name: g.name, file });
  }
  return models;
}

/** The reports of every model, through the CLI, and TFLM's own figures from the engine in this process. */
async function arenaTable(t: { diagnostic(m: string): void }, models: Model[], targetArgs: string[], kernels: TflmKernels): Promise<void> {
  const reports = reportsOf(['analyze', ...models.map((m) => m.file), ...targetArgs]);
  assert.equal(reports.length, models.length);
  const engine = await tflmEngine(kernels);
  const rows: string[] = [];
  for (const [i, m] of models.entries()) {
    const r = reports[i]!;
    const direct = await engine.measureArena(fs.readFileSync(m.file));
    const f = r.tflm;
    assert.ok(f, `${m.name}: no tflm section`);
    assert.equal(f.kernels, kernels === 'cmsis_nn' ? 'cmsis-nn' : 'reference', m.name);
    if (!direct.ok) {
      assert.equal(f.status, 'rejected', `${m.name}: TFLM refuses it in-process (${direct.error.message}), the report says ${f.status}`);
      rows.push(`${m.name.padEnd(44)} TFLM refuses: ${f.error!.message.slice(0, 80)}`);
      continue;
    }
    assert.equal(f.status, 'answered', `${m.name}: ${f.error?.message ?? ''}`);
    // Byte-exact: the report carries TFLM's own figures, and the summary's arena is TFLM's minimum.
    assert.equal(f.arena!.headBytes, direct.value.headBytes, `${m.name} head`);
    assert.equal(f.arena!.tailBytes, direct.value.tailBytes, `${m.name} tail`);
    assert.equal(f.arena!.minimumBytes, direct.value.minimumArenaBytes, `${m.name} minimum`);
    assert.equal(r.summary.arenaBytes, direct.value.minimumArenaBytes, m.name);
    assert.equal(r.summary.arenaSource, 'tflm');
    assert.equal(f.plannerArenaBytes, r.memory!.arena.bytes, `${m.name}: the planner's figure stays beside it`);
    rows.push(`${m.name.padEnd(44)} ${String(f.arena!.headBytes).padStart(9)} ${String(f.arena!.tailBytes).padStart(7)} ${String(f.arena!.minimumBytes).padStart(9)} ${String(f.plannerArenaBytes).padStart(9)}`);
  }
  t.diagnostic(`${kernels}: ${'model'.padEnd(44)} ${'TFLM head'.padStart(9)} ${'tail'.padStart(7)} ${'min arena'.padStart(9)} ${'planner'.padStart(9)}`);
  for (const row of rows) t.diagnostic(`${kernels}: ${row}`);
}

test('the report\'s arena is TFLM\'s own, byte for byte, on every TFLite model the tests have (CMSIS-NN profile)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const models = testModels(dir);
    await arenaTable(t, models, ['--target', 'tflm-cortex-m7'], 'cmsis_nn');
    const byName = new Map(reportsOf(['analyze', ...models.map((m) => m.file), '--target', 'tflm-cortex-m4']).map((r, i) => [models[i]!.name, r]));
    // TFLM's published figures (tflm-engine.test.ts cites the lines): through the product too.
    assert.equal(byName.get('tflm/keyword_scrambled')!.tflm!.arena!.headBytes, 672);
    const person = byName.get('shared/person_detect.tflite');
    if (person) assert.equal(person.tflm!.arena!.headBytes, 55_296);
    else t.diagnostic('../shared/models not present: person_detect not checked');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a profile with tflm.kernels "reference" gets the reference kernels\' arena (scratch sizes differ)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const profile = path.join(dir, 'riscv.json');
    fs.writeFileSync(profile, JSON.stringify({ id: 'tflm-riscv-reference', extends: 'tflm-cortex-m7', name: 'TFLite Micro, reference kernels', delegate: 'none', tflm: { kernels: 'reference' } }));
    const models = testModels(dir);
    await arenaTable(t, models, ['--target-file', profile, '--target', 'tflm-riscv-reference'], 'reference');
    // The transpose convolution's scratch differs between the builds (docs/tflm-runtime.md's table).
    const tconv = models.find((m) => m.name === 'generated/int8_transpose_conv')!;
    const [ref] = reportsOf(['analyze', tconv.file, '--target-file', profile, '--target', 'tflm-riscv-reference']);
    const [cmsis] = reportsOf(['analyze', tconv.file, '--target', 'tflm-cortex-m7']);
    assert.notEqual(ref!.tflm!.arena!.headBytes, cmsis!.tflm!.arena!.headBytes);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('TFLM\'s answer moves the nodes it overruled to "runs": node table, deployed ops and module roll-up follow the verdict', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const file = path.join(dir, 'gelu.tflite');
    fs.writeFileSync(file, unsupportedOpModel());
    const target = getBuiltinTarget('tflm-cortex-m7')!;
    const before = analyzeFile(file, { targets: [target] }).report;
    const gelu = before.nodes.findIndex((n) => n.support === 'unsupported');
    assert.ok(gelu >= 0, 'the static table has no GELU kernel');
    assert.equal(reportModuleTree(before).modules[0]!.totals.verdict, 'fail');
    // Suppose a firmware whose TFLM registers GELU: it allocates the model (the combination is pure).
    const after = withTflm(before, target, {
      kernels: 'cmsis-nn', runtime: 'TFLM', millis: 5, status: 'answered',
      headBytes: 1024, tailBytes: 256, usedBytes: 1400, minimumArenaBytes: 1536, resourceVariableSlots: 0, categories: [],
    });
    assert.deepEqual([...new Set(after.tflm!.overruled.map((o) => o.node))], [gelu]);
    const n = after.nodes[gelu]!;
    assert.equal(n.support, 'supported');
    assert.deepEqual(n.reasons!.map((r) => [r.kind, r.outcome]), [['tflm', 'info'], ...before.nodes[gelu]!.reasons!.map((r) => [r.kind, 'info'])]);
    assert.ok(after.deployed!.nodes.filter((op) => op.covers?.includes(gelu)).every((op) => op.support === 'supported'));
    assert.equal(after.summary.verdict, 'pass', 'the activation hint ("GELU is not supported") is overruled too');
    assert.ok(after.tflm!.overruled.some((o) => o.code === 'hint/unsupported-activation'));
    assert.equal(reportModuleTree(after).modules[0]!.totals.verdict, 'pass');
    assert.equal(before.nodes[gelu]!.support, 'unsupported', 'the input report is left as it was');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a model TFLM cannot run: TFLM\'s own message on the failing node in the CLI, and the verdict fails', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const cases = [
      { file: 'gelu.tflite', bytes: unsupportedOpModel(), node: 1, text: /Didn't find op for builtin opcode 'GELU'/ },
      // kernels/softmax_common.cc: an int8 softmax output needs zero point -128.
      { file: 'softmax.tflite', bytes: prepareRejectedModel(), node: 1, text: /zero_point != -128 .* Node SOFTMAX \(number 1\) failed to prepare/ },
      { file: 'custom.tflite', bytes: unknownCustomOpModel(), node: 1, text: /Failed to get registration from op code CUSTOM \(custom op 'AcmeNpuOp'\)/ },
    ];
    for (const c of cases) {
      const file = path.join(dir, c.file);
      fs.writeFileSync(file, c.bytes);
      const text = deploylens(['analyze', file, '--target', 'tflm-cortex-m7', '--fail-on', 'error']);
      assert.equal(text.status, 1, `${c.file}: ${text.stderr}`);
      const line = text.stdout.split('\n').find((l) => l.includes('tflm/rejected'));
      assert.ok(line, `${c.file}: no tflm/rejected finding in\n${text.stdout}`);
      assert.match(line, new RegExp(`^\\s*error\\s+tflm/rejected \\[node ${c.node} `), c.file);
      assert.match(line, c.text, c.file);
      assert.match(text.stdout, /verdict\s+FAIL/);
      const [report] = reportsOf(['analyze', file, '--target', 'tflm-cortex-m7']);
      const d = report!.diagnostics.find((x) => x.code === 'tflm/rejected')!;
      assert.equal(d.node, c.node);
      assert.equal(report!.tflm!.status, 'rejected');
      assert.equal(report!.tflm!.error!.node, c.node);
      // No answer means the planner's arena stays.
      assert.equal(report!.summary.arenaSource, 'planner');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid .tflite (a negative size in a shape): TFLM cannot run it, and the model\'s own error fails it whatever TFLM answers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const file = path.join(dir, 'negative.tflite');
    fs.writeFileSync(file, writeTflite({
      operatorCodes: [builtin(19)], buffers: [{}],
      subgraphs: [{ tensors: [{ name: 'a', shape: [-5, 4] }, { name: 'b', shape: [-5, 4] }], inputs: [0], outputs: [1], operators: [{ opcode: 0, inputs: [0], outputs: [1] }] }],
    }));
    const target = getBuiltinTarget('tflm-cortex-m7')!;
    // Ground truth: TFLM itself (in WebAssembly, as the CLI runs it) refuses to allocate the model.
    const [report] = reportsOf(['analyze', file, '--target', 'tflm-cortex-m7']);
    assert.equal(report!.tflm!.status, 'rejected');
    assert.ok(report!.diagnostics.some((d) => d.code === 'read/invalid-dim' && d.severity === 'error' && d.target === undefined));
    assert.equal(report!.summary.verdict, 'fail');
    const text = deploylens(['analyze', file, '--target', 'tflm-cortex-m7']);
    assert.match(text.stdout, /verdict +FAIL — the model itself is invalid \(2 errors in its findings\): it runs on no target/);
    // Were TFLM to allocate it (the combination is pure), the model's own errors would still fail it.
    const before = analyzeFile(file, { targets: [target] }).report;
    const after = withTflm(before, target, {
      kernels: 'cmsis-nn', runtime: 'TFLM', millis: 5, status: 'answered',
      headBytes: 1024, tailBytes: 256, usedBytes: 1400, minimumArenaBytes: 1536, resourceVariableSlots: 0, categories: [],
    });
    assert.equal(after.summary.verdict, 'fail');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a model TFLM runs is never rejected for an op or parameter reason; the static findings it overrules are listed', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const models = testModels(dir);
    const reports = reportsOf(['analyze', ...models.map((m) => m.file), '--target', 'tflm-cortex-m7']);
    const opLevel = new Set(['compat/unsupported-op', 'compat/custom-op', 'compat/constraint', 'compat/dynamic-shape', 'compat/float-on-int8-target']);
    let overruled = 0;
    for (const [i, r] of reports.entries()) {
      if (r.tflm?.status !== 'answered') continue;
      const blocking = r.diagnostics.filter((d) => d.target === 'tflm-cortex-m7' && d.severity !== 'info' && (opLevel.has(d.code) || d.code === 'tflm/rejected'));
      assert.deepEqual(blocking.map((d) => `${d.code}: ${d.message}`), [], models[i]!.name);
      for (const o of r.tflm.overruled) {
        assert.ok(r.diagnostics.some((d) => d.code === 'tflm/static-check-overruled' && d.node === o.node), models[i]!.name);
        // The node runs: its support says so wherever it is shown, TFLM's reason first.
        assert.equal(r.nodes[o.node]!.support, 'supported', `${models[i]!.name} node ${o.node}`);
        assert.equal(r.nodes[o.node]!.reasons?.[0]?.kind, 'tflm');
      }
      // The module roll-up agrees with the verdict: no module fails for a node TFLM runs.
      if (r.summary.verdict !== 'fail') assert.notEqual(reportModuleTree(r).modules[0]!.totals.verdict, 'fail', models[i]!.name);
      overruled += r.tflm.overruled.length;
    }
    const audioModel = models.find((m) => m.name === 'shared/audio_preprocessor_int8.tflite');
    if (audioModel) {
      // The signal-processing ops' uint32/uint64 tensors: the built-in table takes their types from
      // the signal kernels' own source (signal/micro/kernels/energy.cc, filter_bank.cc, …), so the
      // static check agrees with TFLM and nothing is overruled.
      const audio = reports[models.indexOf(audioModel)]!;
      assert.equal(audio.summary.verdict, 'pass');
      assert.deepEqual(audio.tflm!.overruled, []);
      assert.equal(analyzeFile(audioModel.file, { targets: [getBuiltinTarget('tflm-cortex-m7')!] }).report.summary.verdict, 'pass', 'the static check alone passes it too');
      // A workspace profile narrower than TFLM (SignalEnergy without its uint32 output): TFLM prepares
      // the node anyway, so TFLM's answer overrules the profile's and the verdict stands.
      const narrow = path.join(dir, 'narrow-m7.json');
      fs.writeFileSync(narrow, JSON.stringify({ id: 'narrow-m7', extends: 'tflm-cortex-m7', name: 'TFLM with a narrow SignalEnergy', operators: { 'custom:SignalEnergy': { supported: true, dtypes: ['int16'] } } }));
      const [mine] = reportsOf(['analyze', audioModel.file, '--target-file', narrow, '--target', 'narrow-m7']);
      const energy = mine!.nodes.findIndex((n) => n.op === 'SignalEnergy');
      assert.deepEqual(mine!.tflm!.overruled.map((o) => o.node), [energy]);
      assert.ok(mine!.diagnostics.some((d) => d.code === 'tflm/static-check-overruled' && d.node === energy));
      assert.equal(mine!.summary.verdict, 'pass');
      overruled += mine!.tflm!.overruled.length;
    } else t.diagnostic('../shared/models not present: no model with overruled static findings');
    t.diagnostic(`${overruled} static finding(s) overruled by TFLM over ${reports.length} models`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--no-tflm and ONNX models: no TFLM, the planner\'s arena', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const file = path.join(dir, 'kw.tflite');
    fs.writeFileSync(file, keywordScrambled());
    const [skipped] = reportsOf(['analyze', file, '--target', 'tflm-cortex-m7', '--no-tflm']);
    assert.equal(skipped!.tflm, undefined);
    assert.equal(skipped!.summary.arenaBytes, skipped!.memory!.arena.bytes);
    const [onnx] = reportsOf(['analyze', '--target', 'tflm-cortex-m7']);
    assert.equal(onnx!.model.format, 'onnx');
    assert.equal(onnx!.tflm, undefined);
    const [ethos] = reportsOf(['analyze', file, '--target', 'ethos-u55-128']);
    assert.equal(ethos!.tflm, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('TFLM gave no answer: an info finding, and the static verdict and planner arena stand', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const file = path.join(dir, 'gelu.tflite');
    fs.writeFileSync(file, unsupportedOpModel());
    const target = getBuiltinTarget('tflm-cortex-m7')!;
    const report = analyzeFile(file, { targets: [target] }).report;
    const after = withTflm(report, target, { kernels: 'cmsis-nn', runtime: 'TFLM', millis: 60_000, status: 'failed', message: 'the TFLite Micro worker did not answer within 60 s' });
    assert.equal(after.summary.verdict, report.summary.verdict);
    assert.equal(after.summary.arenaBytes, report.summary.arenaBytes);
    assert.deepEqual(after.diagnostics.slice(0, report.diagnostics.length), report.diagnostics);
    const d = after.diagnostics.find((x) => x.code === 'tflm/no-answer')!;
    assert.equal(d.severity, 'info');
    assert.match(d.message, /did not answer within 60 s/);
    // Attached once: a second answer does not change a report that has one.
    assert.equal(withTflm(after, target, { kernels: 'cmsis-nn', runtime: 'TFLM', millis: 1, status: 'failed', message: 'x' }), after);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reports with TFLM\'s answer (answered, rejected, no answer) are valid against the published schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'report.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const ok = path.join(dir, 'kw.tflite');
    fs.writeFileSync(ok, keywordScrambled());
    const bad = path.join(dir, 'gelu.tflite');
    fs.writeFileSync(bad, unsupportedOpModel());
    const reports = reportsOf(['analyze', ok, bad, '--target', 'tflm-cortex-m7']);
    const target = getBuiltinTarget('tflm-cortex-m7')!;
    reports.push(withTflm(analyzeFile(ok, { targets: [target] }).report, target, { kernels: 'cmsis-nn', runtime: 'TFLM', millis: 3, status: 'failed', message: 'time-out' }));
    assert.deepEqual(reports.map((r) => r.tflm?.status), ['answered', 'rejected', 'failed']);
    for (const r of reports) assert.ok(validate(r), JSON.stringify(validate.errors?.slice(0, 5)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('deploylens profile model.tflite: TFLM\'s per-op medians on the model\'s nodes, labelled as wall-clock shares; a model TFLM cannot run is a clear error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-product-'));
  try {
    const file = path.join(dir, 'kw.tflite');
    fs.writeFileSync(file, keywordScrambled());
    const json = deploylens(['profile', file, '--runs', '3', '--warmup', '1', '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const p = JSON.parse(json.stdout) as { runtime: string; note: string; runs: number; warmup: number; rows: { op: string; covers: { index: number }[]; medianUs: number; share: number }[]; targetId: string };
    assert.equal(p.runtime, 'TFLite Micro (CMSIS-NN kernels)');
    assert.match(p.note, /WebAssembly on this machine, wall-clock: relative shares, not device cycles/);
    assert.equal(p.runs, 3);
    assert.equal(p.warmup, 1);
    assert.equal(p.targetId, 'tflm-cortex-m7');
    // keyword_scrambled: 15 operators (memory_arena_threshold_test.cc: 15 nodes), one row each, on its own node.
    assert.equal(p.rows.length, 15);
    assert.deepEqual(p.rows.map((r) => r.covers.map((c) => c.index)).sort((a, b) => a[0]! - b[0]!), Array.from({ length: 15 }, (_, i) => [i]));
    assert.ok(Math.abs(p.rows.reduce((a, r) => a + r.share, 0) - 1) < 1e-9);
    const text = deploylens(['profile', file, '--runs', '2', '--kernels', 'reference']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /TFLite Micro \(reference kernels\), 2 runs after 2 warm-up, median per op\nTFLite Micro in WebAssembly on this machine, wall-clock: relative shares, not device cycles/);
    assert.match(text.stdout, /SVDF/);
    const gelu = path.join(dir, 'gelu.tflite');
    fs.writeFileSync(gelu, unsupportedOpModel());
    const bad = deploylens(['profile', gelu]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /TensorFlow Lite Micro cannot run this model \(operator 1 GELU\): Didn't find op for builtin opcode 'GELU'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('deploylens quantize model.tflite --reference float.tflite: int8 outputs against the float model, both in TFLM', (t) => {
  const shared = new Map(sharedTfliteModels() ?? []);
  const int8 = shared.get('shared/hello_world_int8.tflite');
  const float = shared.get('shared/hello_world_float.tflite');
  if (!int8 || !float) { t.skip('../shared/models not present'); return; }
  const r = deploylens(['quantize', int8, '--reference', float, '--samples', '8', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const c = JSON.parse(r.stdout) as { samples: number; inputs: string; agreement: { output: string; maxAbsError: number; sqnrDb: number; samples: number }[] };
  assert.equal(c.samples, 8);
  // hello_world's int8 input range is TFLM's sine domain [0, 2π) as the converter calibrated it.
  assert.match(c.inputs, /input 0 uniform in \[0\.000, 6\.2\d\d\]/);
  assert.equal(c.agreement.length, 1);
  const a = c.agreement[0]!;
  assert.equal(a.samples, 8);
  // An int8 sine model is close to its float original, not equal to it.
  assert.ok(a.maxAbsError > 0 && a.maxAbsError < 0.2, String(a.maxAbsError));
  assert.ok(a.sqnrDb > 15 && a.sqnrDb < 60, String(a.sqnrDb));
  // Another model as the "reference": refused with the reason.
  const wrong = deploylens(['quantize', int8, '--reference', shared.get('shared/person_detect.tflite')!]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /person_detect\.tflite is not a float version of hello_world_int8\.tflite: input 0 has shape \[1, 1\] in the int8 model and \[1, 96, 96, 1\]/);
  const none = deploylens(['quantize', int8]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /give --reference FLOAT\.tflite/);
});
