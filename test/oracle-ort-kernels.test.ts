// ort-cpu-desktop's element types per op version against ONNX Runtime 1.30 itself (the
// onnxruntime-node dependency): every case tools/ort-kernels/ builds — 125 ops, each version in
// opsets 1–26, each type ONNX allows for each input ORT registers kernels by (Pow: its base and its
// exponent) — is loaded by ONNX
// Runtime and analyzed by DeployLens. ORT refusing the type at session creation ("Could not find an
// implementation for Add(14) node", "Unsupported data type") must be exactly the cases where
// DeployLens gives the node a kernel-type reason, and the committed table must be what the probe
// finds now (re-run `npm run ort-kernels:probe` when onnxruntime-node changes).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { OrtClient } from '../src/processes/ort/client';
import { askOrt, writeCase } from '../tools/ort-kernels/askOrt';
import { probeCases } from '../tools/ort-kernels/probeCases';
import { repoRoot } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ort-kernels-'));
const ort = new OrtClient({ hostScript: path.join(repoRoot(), 'dist', 'ortHost.js'), timeoutMs: 120_000 });
after(() => {
  ort.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A kernel-types reason: the input it names, the op and its version. */
const KERNEL_REASON = /input (\d+) \('[^']*'\) is \w+; the kernels for (\w+) version (\d+) take/g;
/** The [input, op] pairs a finding's kernel-types reasons name. */
const kernelReasons = (message: string) => [...message.matchAll(KERNEL_REASON)].map((m) => [Number(m[1]), m[2]] as const);

test('ONNX Runtime 1.30 refuses exactly the op-version/type cases DeployLens gives no kernel on ort-cpu-desktop', { timeout: 600_000 }, async () => {
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const committed = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'tools', 'ort-kernels', 'ort-cpu-kernel-types.json'), 'utf8')) as { onnxruntime: string; ops: Record<string, { input: number; since: Record<string, string[]> }[]> };
  const installed = (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(committed.onnxruntime, installed, 'the table was probed from the installed ONNX Runtime');
  // Each case is probed at the first and the last opset its op version is in effect at: ONNX Runtime's
  // answer and DeployLens's for each, then the version's type is judged as a whole.
  const answers = new Map<string, { ortRefuses: boolean[]; ours: boolean[]; listed: boolean | undefined }>();
  const cases = probeCases();
  let refused = 0;
  for (const c of cases) {
    const file = writeCase(tmp, c);
    const answer = await askOrt(ort, file, c.op);
    const { report } = analyzeFile(file, { targets: [target] });
    fs.rmSync(file);
    const key = `${c.op}-${c.since} input ${c.input} ${c.dtype}`;
    const listed = committed.ops[c.op]?.find((e) => e.input === c.input)?.since[c.since]?.includes(c.dtype);
    const a = answers.get(key) ?? { ortRefuses: [], ours: [], listed };
    a.ortRefuses.push(answer.kind === 'no-kernel');
    // The probed node's reason on the probed input (not a helper Cast's around a type the binding cannot pass).
    a.ours.push(report.diagnostics.some((d) => d.target === target.id && kernelReasons(d.message).some(([input, op]) => op === c.op && input === c.input)));
    answers.set(key, a);
    if (answer.kind === 'no-kernel') refused++;
  }
  const disagree: string[] = [];
  let narrowed = 0;
  let mixed = 0;
  for (const [key, a] of answers) {
    // Narrowed only where ONNX Runtime refuses the type at every opset probed: never a model ORT loads.
    const expected = a.ortRefuses.every(Boolean);
    if (expected) narrowed++;
    else if (a.ortRefuses.some(Boolean)) mixed++;
    if (a.ours.some((x) => x !== expected)) disagree.push(`${key}: ONNX Runtime refuses it at ${a.ortRefuses.filter(Boolean).length} of ${a.ortRefuses.length} opsets, DeployLens gives no kernel at ${a.ours.filter(Boolean).length}`);
    if (a.listed !== undefined && a.listed === expected) disagree.push(`${key}: the committed table ${a.listed ? 'lists' : 'leaves out'} a type ONNX Runtime ${expected ? 'refuses' : 'loads'}`);
  }
  console.log(`${cases.length} cases, ${refused} refused by ONNX Runtime 1.30's CPU EP; ${narrowed} op-version types without a kernel, ${mixed} refused at one end of their opsets only (not narrowed)`);
  assert.ok(answers.size > 1500 && narrowed > 200, 'the probe covers the common ops and finds refusals');
  assert.deepEqual(disagree, []);
});

test('a refused type is an error with the reason on ort-cpu-desktop and on no other target judged op by op from it', () => {
  const c = probeCases().find((x) => x.op === 'Relu' && x.since === 14 && x.dtype === 'int64')!;
  const file = writeCase(tmp, c);
  const { report } = analyzeFile(file, { targets: [getBuiltinTarget('ort-cpu-desktop')!] });
  assert.equal(report.summary.verdict, 'fail');
  const finding = report.diagnostics.find((d) => kernelReasons(d.message).length > 0)!;
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /input 0 \('x'\) is int64; the kernels for Relu version 14 take float16, float32, float64, int32, int8/);
  // The fix names the types the kernels take, not the target's precisions (which include int64).
  assert.match((finding as { fix?: string }).fix ?? '', /Compute Relu in a type its kernels take \(float16, float32, float64, int32, int8\): Cast input 0/);
  // The same node at float32 passes.
  const ok = writeCase(tmp, probeCases().find((x) => x.op === 'Relu' && x.since === 14 && x.dtype === 'float32')!);
  assert.equal(analyzeFile(ok, { targets: [getBuiltinTarget('ort-cpu-desktop')!] }).report.summary.verdict, 'pass');
});

test("Pow's exponent is checked on its own: ONNX Runtime refuses a uint32 exponent under a float32 base, and the fix casts input 1", async () => {
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const refused = probeCases().find((x) => x.op === 'Pow' && x.since === 15 && x.input === 1 && x.dtype === 'uint32')!;
  const file = writeCase(tmp, refused);
  assert.equal((await askOrt(ort, file, 'Pow')).kind, 'no-kernel');
  const finding = analyzeFile(file, { targets: [target] }).report.diagnostics.find((d) => kernelReasons(d.message).length > 0)!;
  assert.match(finding.message, /input 1 \('e'\) is uint32; the kernels for Pow version 15 take float16, float32, float64, int32, int64/);
  assert.match((finding as { fix?: string }).fix ?? '', /Cast input 1 to one of them/);
  const taken = writeCase(tmp, probeCases().find((x) => x.op === 'Pow' && x.since === 15 && x.input === 1 && x.dtype === 'int64')!);
  assert.equal((await askOrt(ort, taken, 'Pow')).kind, 'loads');
  assert.equal(analyzeFile(taken, { targets: [target] }).report.summary.verdict, 'pass');
});

// ONNX Runtime's CPU recurrent kernels enforce layout 0 when they are created (the profile cites
// lstm_base.h, deep_cpu_gru.h and rnn.h at pinned commits): ORT 1.30 refuses a batch-first LSTM.
test('a batch-first (layout 1) LSTM fails on ort-cpu-desktop as ONNX Runtime refuses it; layout 0 passes as ORT loads it', async () => {
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const lstm = (layout: number) => {
    const x = layout === 1 ? [1, 3, 2] : [3, 1, 2];
    const g = new OnnxGraphBuilder(`lstm_layout${layout}`).input('X', 'float32', x)
      .initializer('W', 'float32', [1, 28, 2], new Array(56).fill(0.1)).initializer('R', 'float32', [1, 28, 7], new Array(196).fill(0.1))
      .node('LSTM', ['X', 'W', 'R'], ['Y'], { hidden_size: 7, layout }).output('Y', 'float32', null);
    const file = path.join(tmp, `lstm-layout${layout}.onnx`);
    fs.writeFileSync(file, writeOnnxModel({ graph: g, opsets: { '': 14 }, producer: { name: 'deploylens-test', version: '1' } }));
    return file;
  };
  const batchFirst = lstm(1);
  const ortAnswer = await askOrt(ort, batchFirst, 'LSTM');
  assert.match(ortAnswer.message, /Batchwise recurrent operations \(layout == 1\) are not supported/);
  const { report } = analyzeFile(batchFirst, { targets: [target] });
  assert.equal(report.summary.verdict, 'fail');
  const finding = report.diagnostics.find((d) => d.code === 'compat/constraint')!;
  assert.match(finding.message, /Batchwise recurrent operations \(layout == 1\) are not supported — attribute layout = 1 is not one of 0/);
  assert.match((finding as { fix?: string }).fix ?? '', /Use layout 0 \(sequence first/);
  const seqFirst = lstm(0);
  assert.equal((await askOrt(ort, seqFirst, 'LSTM')).kind, 'loads');
  assert.equal(analyzeFile(seqFirst, { targets: [target] }).report.summary.verdict, 'pass');
});
