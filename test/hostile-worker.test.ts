// Issue 12 in the editor's worker: every input of the hostile corpus (test/hostile/corpus.ts, the
// same generators the CLI test runs) goes through the analysis workers the extension uses
// (analysisWorkers: two model workers and the script/profile worker), each request with a time-out
// and a heap of 512 MB (the issue's budget; the product default is 768 MB) — and must end with an answer or a clear error: no time-out, no dead worker, no
// internal error. While the slowest hostile model is being analyzed, a training script's check
// is answered (the editor keeps answering); and a model that does go over a budget is stopped with
// "analysis stopped: over the … budget" while the other workers keep serving.
//
// The worker gets what the editor gives it: a model's path, a document's text (the editor, not
// the worker, reads a document, so a FIFO named train.py never reaches it: the harness refuses it
// the way the CLI does), and the profile files to read and validate.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analysisStopped, analysisWorkers, type AnalysisWorkers } from '../src/processes/analysis/client';
import { readRegularTextFile } from '../src/core/io/regularFile';
import { formatMarkdown, formatText } from '../src/core/report/renderText';
import { unpackReport } from '../src/core/report/packedReport';
import { formatScriptMarkdown, formatScriptText, toScriptReport } from '../src/core/python/scriptReport';
import { DEFAULT_OPSET } from '../src/core/python/constructTable';
import { TargetRegistry } from '../src/core/targets/targetRegistry';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';
import type { TargetProfile } from '../src/core/targets/profile';
import { errorText } from '../src/core/util/errorText';
import { ProcessError } from '../src/processes/rpc/processError';
import { HOSTILE_CASES, reluChain } from './hostile/corpus';
import { repoRoot } from './support/sharedModels';

/**
 * The product's default is 10 s of wall time; this machine is shared by several jobs (load 6 on two
 * cores is common), so the test allows what the CLI test's wall-clock kill switch allows, and the
 * table printed at the end shows what each request took.
 */
const TIMEOUT_MS = 30_000;
const HEAP_MB = 512;
const silent = { info: () => undefined, error: () => undefined };
const dist = path.join(repoRoot(), 'dist');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-hostile-worker-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const workers = analysisWorkers(dist, silent, { models: 2, timeoutMs: TIMEOUT_MS, memoryMb: HEAP_MB });
after(() => workers.dispose());

interface Parsed { files: string[]; targets: string[]; targetFiles: string[]; format: string }

function parseArgs(args: string[]): Parsed {
  const p: Parsed = { files: [], targets: [], targetFiles: [], format: 'text' };
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--target') p.targets.push(args[++i]!);
    else if (a === '--target-file') p.targetFiles.push(args[++i]!);
    else if (a === '--format') p.format = args[++i]!;
    else if (a === '--fail-on') i++;
    else if (!a.startsWith('--')) p.files.push(a);
  }
  return p;
}

/** What the editor would send for one corpus case, and the text its answer renders to. */
async function throughWorkers(w: AnalysisWorkers, dir: string, args: string[]): Promise<{ answer: string; requests: { method: string; ms: number; outcome: string }[] }> {
  const p = parseArgs(args);
  const requests: { method: string; ms: number; outcome: string }[] = [];
  const out: string[] = [];
  const timed = async <T>(method: string, run: () => Promise<T>): Promise<T | null> => {
    const t0 = performance.now();
    try {
      const r = await run();
      requests.push({ method, ms: performance.now() - t0, outcome: 'answer' });
      return r;
    } catch (e) {
      requests.push({ method, ms: performance.now() - t0, outcome: e instanceof ProcessError ? e.kind : 'thrown' });
      // A budget breach or a dead worker is what this test rules out.
      if (e instanceof ProcessError && e.kind !== 'remote') throw new Error(`${method}: ${analysisStopped(e, { timeoutMs: TIMEOUT_MS, memoryMb: HEAP_MB }) ?? e.message}`);
      out.push(errorText(e));
      return null;
    }
  };

  // Profiles: the workspace's, then --target-file, read and validated by the script worker.
  const profileDir = path.join(dir, '.deploylens', 'targets');
  const files = [
    ...(fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join('.deploylens', 'targets', f)) : []),
    ...p.targetFiles,
  ].map((f) => ({ path: path.join(dir, f), label: f }));
  const registry = new TargetRegistry();
  if (files.length) {
    const load = await timed('profiles', () => w.request('profiles', { files }));
    if (load) {
      registry.adopt(load.profiles);
      out.push(...load.errors.map((e) => e.message));
      out.push(...load.profiles.map((t) => t.name));
    }
  }
  const targets = (p.targets.length ? p.targets : [DEFAULT_TARGET_ID]).map((id) => registry.get(id) ?? getBuiltinTarget(id)).filter((t): t is TargetProfile => !!t);

  for (const rel of p.files) {
    const file = path.join(dir, rel);
    if (rel.endsWith('.py')) {
      // The editor hands the worker a document's text; a FIFO or a device is refused before that.
      let text: string;
      try {
        readRegularTextFile(file, Number.MAX_SAFE_INTEGER, 'a training script', rel);
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        out.push(errorText(e));
        continue;
      }
      const r = await timed('script', () => w.request('script', { file: rel, text, target: targets[0]! }));
      if (r) {
        const report = toScriptReport(r.analysis, targets[0]!, DEFAULT_OPSET);
        out.push(p.format === 'json' ? JSON.stringify(report, null, 2) : p.format === 'markdown' ? formatScriptMarkdown(report) : formatScriptText(report));
      }
    } else {
      const r = await timed('analyze', () => w.request('analyze', { file, label: rel, dims: {}, targets }));
      if (r) {
        const report = unpackReport(r.report);
        out.push(p.format === 'json' ? JSON.stringify(report, null, 2) : p.format === 'markdown' ? formatMarkdown(report) : formatText(report));
      }
    }
  }
  return { answer: out.join('\n'), requests };
}

/** Expectations that are about the CLI's own output (terminal escaping, its notes), not the worker's answer. */
const CLI_ONLY_EXPECT = new Set(['output-injection-text']);

const table: string[] = [];
after(() => { if (table.length) console.log(`hostile corpus through the analysis workers (${TIMEOUT_MS / 1000} s, ${HEAP_MB} MB heap):\n${table.join('\n')}`); });

for (const c of HOSTILE_CASES) {
  test(`worker: hostile input ${c.id} (${c.klass}) is answered within the budget`, async () => {
    const dir = path.join(root, c.id.replace(/[^\w.-]/g, '_'));
    fs.mkdirSync(dir);
    try {
      const { answer, requests } = await throughWorkers(workers, dir, c.build(dir));
      table.push(`  ${c.id.padEnd(40)} ${requests.map((r) => `${r.method} ${r.ms.toFixed(0)} ms ${r.outcome}`).join(', ') || 'refused before the worker'}`);
      assert.doesNotMatch(answer, /internal error|\n\s+at .+:\d+:\d+\)?\n/, `${c.id}: internal error\n${answer.slice(0, 2000)}`);
      if (!CLI_ONLY_EXPECT.has(c.id)) assert.match(answer, c.expect, `${c.id}: expected answer missing\n${answer.slice(0, 3000)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('worker: while the slowest hostile model is analyzed, a script check is answered first', async () => {
  const dir = fs.mkdtempSync(path.join(root, 'concurrent-'));
  fs.writeFileSync(path.join(dir, 'm.onnx'), reluChain(50000));
  const target = getBuiltinTarget(DEFAULT_TARGET_ID)!;
  const order: string[] = [];
  const model = workers.request('analyze', { file: path.join(dir, 'm.onnx'), dims: {}, targets: [target] }).then(() => order.push('model'));
  // Let the model request reach its worker first.
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await workers.request('script', { file: 'train.py', text: 'import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        self.a = nn.GELU()\n', target }).then((r) => {
    order.push('script');
    assert.ok(r.analysis.diagnostics.some((d) => /GELU|Gelu/.test(d.message)));
  });
  const scriptMs = performance.now() - t0;
  await model;
  assert.deepEqual(order, ['script', 'model'], `the script check waited for the model (${scriptMs.toFixed(0)} ms)`);
});

test('worker: a model over the time budget is stopped with a clear error; other models and scripts are served meanwhile', async () => {
  const dir = fs.mkdtempSync(path.join(root, 'budget-'));
  fs.writeFileSync(path.join(dir, 'slow.onnx'), reluChain(50000));
  fs.writeFileSync(path.join(dir, 'small.onnx'), reluChain(10));
  const target = getBuiltinTarget(DEFAULT_TARGET_ID)!;
  const w = analysisWorkers(dist, silent, { models: 2, timeoutMs: 1500, memoryMb: HEAP_MB });
  try {
    const done: string[] = [];
    const slow = w.request('analyze', { file: path.join(dir, 'slow.onnx'), dims: {}, targets: [target] }).then(() => done.push('slow'), (e: unknown) => { done.push('slow stopped'); throw e; });
    await new Promise((r) => setTimeout(r, 50));
    const small = await w.request('analyze', { file: path.join(dir, 'small.onnx'), dims: {}, targets: [target] });
    done.push('small');
    assert.equal(unpackReport(small.report).nodes.length, 10);
    await w.request('script', { file: 'train.py', text: 'import torch\n', target });
    done.push('script');
    // On a loaded machine the 50k-node model may still finish within 1.5 s: then there is no breach to check.
    const outcome = await slow.then(() => null, (e: unknown) => e);
    assert.deepEqual(done.slice(0, 2), ['small', 'script'], 'served while the slow model ran');
    if (outcome !== null) {
      assert.equal(analysisStopped(outcome, { timeoutMs: 1500, memoryMb: HEAP_MB }), 'analysis stopped: over the 1.5 s time budget (the worker was stopped and restarted)');
      const again = await w.request('analyze', { file: path.join(dir, 'small.onnx'), dims: {}, targets: [target] });
      assert.equal(unpackReport(again.report).nodes.length, 10, 'the pool serves after a worker was stopped');
    } else console.log('  (the slow model finished within 1.5 s here; time-out path covered by rpc-pool.test.ts)');
  } finally {
    w.dispose();
  }
});

test('worker: a model over the heap budget stops that worker with a clear error, and the next request works', async () => {
  const dir = fs.mkdtempSync(path.join(root, 'heap-'));
  fs.writeFileSync(path.join(dir, 'big.onnx'), reluChain(50000));
  fs.writeFileSync(path.join(dir, 'small.onnx'), reluChain(10));
  const target = getBuiltinTarget(DEFAULT_TARGET_ID)!;
  const w = analysisWorkers(dist, silent, { models: 1, timeoutMs: 60_000, memoryMb: 48 });
  try {
    const e = await w.request('analyze', { file: path.join(dir, 'big.onnx'), dims: {}, targets: [target] }).then(() => null, (x: unknown) => x);
    assert.ok(e instanceof ProcessError && e.kind === 'exited' && e.outOfMemory, `expected an out-of-memory exit, got ${String(e)}`);
    assert.equal(analysisStopped(e, { timeoutMs: 60_000, memoryMb: 48 }), 'analysis stopped: over the 48 MB memory budget (the worker was stopped and restarted)');
    const next = await w.request('analyze', { file: path.join(dir, 'small.onnx'), dims: {}, targets: [target] });
    assert.equal(unpackReport(next.report).nodes.length, 10);
  } finally {
    w.dispose();
  }
});
