// Issue 12, the ONNX Runtime child: a model that allocates without bound ends with a clear error
// inside the child's OS memory budget (Linux: RLIMIT_DATA through prlimit) instead of taking the
// machine's memory; a model whose static estimate does not fit is refused before it runs; and the
// temp folders of layer timing (`deploylens-prof-*`) and the quantization preview
// (`deploylens-quantize-*`, calibration copies `deploylens-calib-*`) are gone afterwards — after a
// success, a time-out, a cancel and a child that was killed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { isOrtAllocationFailure, OrtClient, ORT_OUT_OF_MEMORY } from '../src/processes/ort/client';
import { exitError } from '../src/processes/rpc/client';
import { findPrlimit } from '../src/processes/rpc/memoryLimit';
import { ProcessError } from '../src/processes/rpc/processError';
import { timeLayers } from '../src/jobs/layerTiming';
import { OrtBudgetError } from '../src/jobs/ortBudget';
import { quantizePreview } from '../src/jobs/quantizePreview';
import { bundledExampleModel } from '../src/cli/exampleModel';
import { repoRoot } from './support/sharedModels';

const hostScript = path.join(repoRoot(), 'dist', 'ortHost.js');
const LIMIT = 1024 ** 3;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ort-limits-'));
// Every temp folder the jobs and the child make lands here, so the test sees exactly its own.
const tmp = path.join(work, 'tmp');
fs.mkdirSync(tmp);
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = tmp;
after(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  fs.rmSync(work, { recursive: true, force: true });
});
/** Our temp folders left in it (ONNX Runtime's own debug logs are not ours to judge). */
const leftovers = (): string[] => fs.readdirSync(tmp).filter((f) => f.startsWith('deploylens-'));

const osLimit = findPrlimit() !== null;
const noLimit = osLimit ? false : 'no OS memory limit on this platform (Linux prlimit)';

function write(name: string, b: OnnxGraphBuilder): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': 17 } }));
  return file;
}

/** ConstantOfShape [30000, 30000]: 3.6 GB of float32 from a 16-byte shape constant (issue 12 #10). */
const constantOfShape = write('cos.onnx', new OnnxGraphBuilder('g').input('x', 'float32', [1])
  .initializer('s', 'int64', [2], [30000, 30000])
  .node('ConstantOfShape', ['s'], ['c']).node('Add', ['c', 'x'], ['y']).output('y', 'float32', null));

/** A Loop with 2^62 iterations, each adding 64 KiB to a scan output: grows until something stops it. */
const endlessLoop = write('loop.onnx', new OnnxGraphBuilder('g').input('x', 'float32', [1])
  .initializer('M', 'int64', [], [2 ** 62]).initializer('c', 'bool', [], [1]).initializer('big', 'float32', [16384], new Array<number>(16384).fill(1))
  .node('Loop', ['M', 'c'], ['scans'], {
    body: new OnnxGraphBuilder('body').input('i', 'int64', []).input('cond', 'bool', [])
      .node('Identity', ['cond'], ['cond_out']).node('Identity', ['big'], ['scan'])
      .output('cond_out', 'bool', []).output('scan', 'float32', [16384]),
  })
  .output('scans', 'float32', null));

const relu = write('relu.onnx', new OnnxGraphBuilder('g').input('x', 'float32', [1, 64]).node('Relu', ['x'], ['y']).output('y', 'float32', [1, 64]));

// What the limit bounds. RLIMIT_DATA counts the child's private writable memory, not the pages of
// node's and ONNX Runtime's code it maps from files; peak RSS (VmHWM) includes those, so CI saw a
// child at 1037 MB peak RSS under a 1024 MB limit with its data inside it. The peak of the data part
// is VmHWM minus the file-backed and shared pages resident at the sample: close, since the code the
// child has mapped barely changes once it runs, and high where pages left the set after the peak.
interface ChildMemory { peakRss: number; peakData: number }
function childMemory(pid: number | undefined): ChildMemory | null {
  if (pid === undefined) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
    const peakRss = kb('VmHWM');
    const peakData = peakRss - kb('RssFile') - kb('RssShmem');
    return Number.isFinite(peakData) ? { peakRss, peakData } : null;
  } catch {
    return null;
  }
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

test('a model whose static estimate exceeds the budget is refused before ONNX Runtime runs it', async () => {
  const ort = new OrtClient({ hostScript, memoryLimitBytes: LIMIT });
  try {
    await assert.rejects(timeLayers(ort, { model: constantOfShape, runs: 1, warmup: 0 }), (e: Error) =>
      e instanceof OrtBudgetError && /cos\.onnx: not run in ONNX Runtime: by DeployLens's static estimate it needs 3\.35 GiB .* more than the 1\.00 GiB its process may use/.test(e.message));
    await assert.rejects(quantizePreview(ort, constantOfShape, { perChannel: false, method: 'minmax', samples: 1 }), (e: Error) => e instanceof OrtBudgetError);
    assert.equal(ort.pid, undefined, 'no ONNX Runtime process was started for it');
    assert.deepEqual(leftovers(), []);
  } finally {
    ort.dispose();
  }
});

test('ConstantOfShape [30000, 30000] run anyway ends with a clear out-of-memory error inside the OS limit', { skip: noLimit }, async () => {
  const ort = new OrtClient({ hostScript, memoryLimitBytes: LIMIT });
  try {
    const t0 = performance.now();
    const e = await ort.run({ type: 'run', model: constantOfShape, feeds: { kind: 'random' } }).then(() => null, (x: unknown) => x);
    const ms = performance.now() - t0;
    assert.ok(e instanceof ProcessError && e.code === ORT_OUT_OF_MEMORY && e.outOfMemory, `expected out of memory, got ${String(e)}`);
    assert.match(e.message, /^ONNX Runtime ran out of memory: the model needs more than the 1\.00 GiB memory budget of its process \(it asked for a buffer of 3\.35 GiB\)/);
    assert.ok(ort.limitEnforced);
    const peak = childMemory(ort.pid);
    console.log(`  ConstantOfShape [30000, 30000]: ${ms.toFixed(0)} ms, child peak RSS ${peak === null ? '?' : mb(peak.peakRss)} MB, of it data ${peak === null ? '?' : mb(peak.peakData)} MB (limit ${mb(LIMIT)} MB)`);
    if (peak !== null) assert.ok(peak.peakData <= LIMIT, `child peak data ${peak.peakData} over the limit`);
    assert.equal((await ort.run({ type: 'test', action: 'echo', value: 1 })).echo, 1, 'the child still answers');
  } finally {
    ort.dispose();
  }
});

test('a Loop with 2^62 iterations ends within the memory budget', { skip: noLimit }, async () => {
  const ort = new OrtClient({ hostScript, memoryLimitBytes: LIMIT, timeoutMs: 120_000 });
  try {
    // The child dies of this model, so its peak is sampled while it runs.
    const peak: ChildMemory = { peakRss: 0, peakData: 0 };
    const sample = (): void => {
      const now = childMemory(ort.pid);
      if (now) { peak.peakRss = Math.max(peak.peakRss, now.peakRss); peak.peakData = Math.max(peak.peakData, now.peakData); }
    };
    const watch = setInterval(sample, 50);
    const t0 = performance.now();
    const e = await ort.run({ type: 'run', model: endlessLoop, feeds: { kind: 'random' } }).then(() => null, (x: unknown) => x);
    clearInterval(watch);
    sample();
    const ms = performance.now() - t0;
    console.log(`  Loop 2^62: ${ms.toFixed(0)} ms, child peak RSS ${mb(peak.peakRss)} MB, of it data ${mb(peak.peakData)} MB (limit ${mb(LIMIT)} MB): ${e instanceof Error ? e.message.slice(0, 160) : 'no error'}`);
    assert.ok(e instanceof ProcessError && e.outOfMemory && /^ONNX Runtime ran out of memory/.test(e.message), `expected out of memory, got ${String(e)}`);
    assert.ok(peak.peakData > 0, 'the child was sampled while it ran');
    assert.ok(peak.peakData <= LIMIT, `child peak data ${peak.peakData} over the limit`);
  } finally {
    ort.dispose();
  }
});

// The stderr a CI run printed when the 2^62 Loop hit the 1 GiB limit inside ORT's arena bookkeeping
// (see isOrtAllocationFailure: bfc_arena.cc, Extend → AllocateChunk throws std::bad_alloc half-way).
const arenaAbort = "terminate called after throwing an instance of 'onnxruntime::OnnxRuntimeException'\n  what():  /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:627 void onnxruntime::BFCArena::RemoveFreeChunkFromBin(ChunkHandle) !c->in_use() && (c->bin_num != kInvalidBinNum) was false.\n";

test('an ORT arena check that aborts the child under its memory limit is out of memory; without a limit, or another abort, it is a crash', () => {
  const died = exitError('the ONNX Runtime process', { code: null, signal: 'SIGABRT', detail: arenaAbort });
  assert.equal(died.outOfMemory, false, 'the RPC layer alone cannot tell');
  assert.equal(isOrtAllocationFailure(died, true), true);
  assert.equal(isOrtAllocationFailure(died, false), false, 'no OS limit: an arena check failing is an ORT bug to report, not memory');
  const other = exitError('the ONNX Runtime process', { code: null, signal: 'SIGABRT', detail: "terminate called after throwing an instance of 'onnxruntime::OnnxRuntimeException'\n  what():  /onnxruntime_src/onnxruntime/core/providers/cpu/tensor/reshape.cc:40 bad shape\n" });
  assert.equal(isOrtAllocationFailure(other, true), false);
  const badAlloc = exitError('the ONNX Runtime process', { code: null, signal: 'SIGABRT', detail: "terminate called after throwing an instance of 'std::bad_alloc'\n" });
  assert.equal(isOrtAllocationFailure(badAlloc, false), true);
});

test('layer timing leaves no deploylens-prof-* folder: after a success, a time-out and a cancel', async () => {
  const ort = new OrtClient({ hostScript, memoryLimitBytes: LIMIT });
  try {
    const ok = await timeLayers(ort, { model: relu, runs: 1, warmup: 0, optimization: 'all' });
    assert.ok(ok.rows.length > 0);
    assert.deepEqual(leftovers(), [], 'success');
    // The Loop runs until its memory ends: the time-out kills the child first; the host cleans up.
    await assert.rejects(timeLayers(ort, { model: endlessLoop, runs: 1, warmup: 0, memoryEstimate: null }, { timeoutMs: 300 }), (e: Error) => e instanceof ProcessError && e.kind === 'timeout');
    assert.deepEqual(leftovers(), [], 'time-out (child killed)');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(timeLayers(ort, { model: endlessLoop, runs: 1, warmup: 0, memoryEstimate: null }, { signal: ac.signal }), (e: Error) => e instanceof ProcessError && e.kind === 'cancelled');
    assert.deepEqual(leftovers(), [], 'cancel (child killed)');
  } finally {
    ort.dispose();
  }
});

test('the quantization preview leaves no temp folder, calibration copies included: after a success and a cancel', async () => {
  const ort = new OrtClient({ hostScript });
  try {
    // One-input model, a folder of loose .bin files: each is copied as a sample (deploylens-calib-*).
    const calib = path.join(work, 'calib');
    fs.mkdirSync(calib);
    const example = bundledExampleModel();
    const io = await ort.run({ type: 'inspect', model: example });
    const input = io.inputs[0]!;
    const elements = input.shape.reduce<number>((a, d) => a * (typeof d === 'number' ? d : 1), 1);
    for (let i = 0; i < 2; i++) fs.writeFileSync(path.join(calib, `s${i}.bin`), Buffer.from(new Float32Array(elements).fill(i * 0.1).buffer));
    const r = await quantizePreview(ort, example, { perChannel: true, method: 'minmax', calibrationDir: calib });
    assert.equal(r.calibration.samples, 2);
    assert.deepEqual(leftovers(), [], 'success');
    const ac = new AbortController();
    const p = quantizePreview(ort, example, { perChannel: true, method: 'minmax', calibrationDir: calib, signal: ac.signal, progress: (m) => { if (/calibrating \(2/.test(m)) ac.abort(); } });
    await assert.rejects(p, (e: Error) => e instanceof ProcessError && e.kind === 'cancelled');
    assert.deepEqual(leftovers(), [], 'cancel');
  } finally {
    ort.dispose();
  }
});

test('input files are read only when regular and no larger than the input', { skip: process.platform === 'win32' ? 'no FIFOs' : false }, async () => {
  const ort = new OrtClient({ hostScript, timeoutMs: 20_000 });
  try {
    const dir = path.join(work, 'feeds');
    fs.mkdirSync(dir);
    fs.symlinkSync('/dev/zero', path.join(dir, 'x.bin'));
    await assert.rejects(ort.run({ type: 'run', model: relu, feeds: { kind: 'dir', dir } }), (e: Error) => e instanceof ProcessError && e.kind === 'remote' && /x\.bin: not a regular file \(a character device\)/.test(e.message));
    fs.rmSync(path.join(dir, 'x.bin'));
    fs.writeFileSync(path.join(dir, 'x.bin'), Buffer.alloc(1024 * 1024));
    await assert.rejects(ort.run({ type: 'run', model: relu, feeds: { kind: 'dir', dir } }), (e: Error) => e instanceof ProcessError && /x\.bin: is 1,048,576 bytes, larger than the 256 bytes the input file of 'x' may be/.test(e.message));
  } finally {
    ort.dispose();
  }
});
