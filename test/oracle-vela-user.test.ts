// Vela for users: DeployLens runs the real Vela 3.10 (../shared/oracles/vela, installed by .ci/run
// to $DEPLOYLENS_VELA_DIR) on a model, reads what it prints and puts its answer beside the
// prediction: placement per operator, per-layer cycles, SRAM and flash against the profile, every
// disagreement named. Tests that need Vela skip when it is absent; the comparison logic and the
// cache are also tested on Vela's own words (test/oracle-vela-parse.test.ts) without it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { createRequire } from 'node:module';
import { runCli } from '../src/cli/cli';
import { prepareModel, reportFor } from '../src/core/analyze';
import { velaSection, withVela } from '../src/core/oracles/velaCompare';
import { parseVelaOutput } from '../src/core/oracles/velaOutput';
import { readModelFile } from '../src/core/readModel';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { TargetRegistry } from '../src/core/targets/targetRegistry';
import type { TargetProfile } from '../src/core/targets/profile';
import { attachVela, VelaOracle, velaApplies } from '../src/jobs/velaOracle';
import { findOnPath, resolveVelaCommand, runVela, splitCommandLine, velaArguments, type ToolCommand } from '../src/processes/external/vela';
import { velaEdgeCases } from './fixtures/velaEdgeCases';
import { sharedModelsDir } from './support/sharedModels';
import { velaDir } from './support/velaOracle';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-vela-user-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ETHOS = getBuiltinTarget('ethos-u55-128')!;
const SKIP_VELA = 'Vela not installed (bash ../shared/oracles/vela/setup.sh DIR; DEPLOYLENS_VELA_DIR=DIR)';

/** How a user without a `vela` on PATH runs Vela: a command with its leading arguments. */
function velaCommand(dir: string): ToolCommand {
  return { command: '/usr/bin/env', args: [`PYTHONPATH=${dir}`, '/usr/bin/python3', '-m', 'ethosu.vela'] };
}

function report(file: string, target: TargetProfile = ETHOS): Report {
  return reportFor(prepareModel(readModelFile(file).model), [target]).report;
}

/** A team profile that (wrongly) lets SOFTMAX change its type on the NPU: Vela disagrees. */
function looseSoftmaxTarget(): TargetProfile {
  const registry = new TargetRegistry();
  return registry.add({ file: 'loose.json', text: JSON.stringify({ id: 'ethos-loose-softmax', extends: 'ethos-u55-128', name: 'Ethos-U55 (SOFTMAX types unchecked)', operators: { SOFTMAX: { ioTypesMatch: false } } }) });
}

test('the Ethos-U profile says how to run Vela; only .tflite files on targets with that block qualify', () => {
  assert.deepEqual(ETHOS.vela, { acceleratorConfig: 'ethos-u55-128', clockHz: 500_000_000 });
  assert.ok(velaApplies('m.tflite', ETHOS));
  assert.ok(!velaApplies('m.onnx', ETHOS), 'Vela reads TFLite only');
  assert.ok(!velaApplies('m.tflite', getBuiltinTarget('tflm-cortex-m7')!));
  assert.deepEqual(velaArguments('/m.tflite', '/out', { acceleratorConfig: 'ethos-u65-256', configFile: '/c/vela.ini', systemConfig: 'S', memoryMode: 'M' }),
    ['/m.tflite', '--accelerator-config', 'ethos-u65-256', '--config', '/c/vela.ini', '--system-config', 'S', '--memory-mode', 'M', '--output-dir', '/out', '--show-cpu-operations', '--verbose-operators', '--verbose-performance']);
});

test('a Vela command line is split like a shell splits words, without a shell', () => {
  assert.deepEqual(splitCommandLine('env PYTHONPATH=/opt/vela python3 -m ethosu.vela'), ['env', 'PYTHONPATH=/opt/vela', 'python3', '-m', 'ethosu.vela']);
  assert.deepEqual(splitCommandLine(`"/My Tools/vela" --x 'a b' c\\ d`), ['/My Tools/vela', '--x', 'a b', 'c d']);
  assert.deepEqual(splitCommandLine('  '), []);
  assert.throws(() => splitCommandLine('"vela'), /unterminated/);
});

test('without Vela nothing runs: no vela on PATH and no command means no command, and the CLI report is the one without --vela', async () => {
  const empty = fs.mkdtempSync(path.join(tmp, 'path-'));
  assert.equal(findOnPath('vela', empty), null);
  assert.equal(resolveVelaCommand(null, empty), null);
  assert.equal(resolveVelaCommand([], empty), null);
  const fake = path.join(empty, 'vela');
  fs.writeFileSync(fake, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  assert.deepEqual(resolveVelaCommand(null, empty), { command: fake, args: [] });
  assert.deepEqual(resolveVelaCommand(['python3', '-m', 'ethosu.vela'], empty), { command: 'python3', args: ['-m', 'ethosu.vela'] });

  // The CLI without --vela: no child process starts and the report carries no oracle section.
  const shared = sharedModelsDir();
  const model = shared ? path.join(shared, 'tflite', 'keyword_scrambled_8bit.tflite') : null;
  if (!model) return;
  // The module object runTool calls spawn through (a property read at call time).
  const childProcess = createRequire(__filename)('node:child_process') as typeof import('node:child_process');
  const spawned: string[] = [];
  const realSpawn = childProcess.spawn;
  (childProcess as { spawn: unknown }).spawn = (...a: Parameters<typeof realSpawn>) => { spawned.push(String(a[0])); return realSpawn(...a); };
  try {
    let out = '';
    const code = await runCli(['analyze', model, '--target', 'ethos-u55-128', '--format', 'json'], { stdout: (s) => { out += s; }, stderr: () => {} });
    assert.equal(code, 0);
    const r = JSON.parse(out) as Report;
    assert.equal(r.oracles, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(report(model))), r, 'the same report as the engine gives');
    assert.deepEqual(spawned, []);
  } finally {
    (childProcess as { spawn: unknown }).spawn = realSpawn;
  }
});

test('answers are cached by file identity and Vela configuration; a changed file or configuration runs Vela again', async () => {
  const model = path.join(tmp, 'cache.tflite');
  fs.writeFileSync(model, velaEdgeCases()[0]!.model);
  let runs = 0;
  const oracle = new VelaOracle({
    run: (cmd) => { runs++; return Promise.resolve({ ok: true, text: `Network summary for cache\nCPU operators = 0 (0.0%)\nNPU operators = 1 (100.0%)\nTotal cycles  ${100 * runs} cycles/batch\n`, commandLine: cmd.command, millis: 1 }); },
    version: () => Promise.resolve('3.10.0'),
  });
  const cmd: ToolCommand = { command: 'vela', args: [] };
  const spec = ETHOS.vela!;
  const a = await oracle.answer(model, cmd, spec, { timeoutMs: 1000 });
  const b = await oracle.answer(model, cmd, spec, { timeoutMs: 1000 });
  assert.equal(runs, 1, 'the same file and configuration: cached');
  assert.equal(a, b);
  await Promise.all([oracle.answer(model, { command: 'vela2', args: [] }, spec, { timeoutMs: 1000 }), oracle.answer(model, { command: 'vela2', args: [] }, spec, { timeoutMs: 1000 })]);
  assert.equal(runs, 2, 'another command runs once, shared by concurrent askers');
  await oracle.answer(model, cmd, { ...spec, acceleratorConfig: 'ethos-u55-256' }, { timeoutMs: 1000 });
  assert.equal(runs, 3, 'another accelerator config runs again');
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(model, later, later);
  const c = await oracle.answer(model, cmd, spec, { timeoutMs: 1000 });
  assert.equal(runs, 4, 'a re-exported file (new mtime) runs again');
  assert.ok(c.ok && c.vela.totalCycles === 400);
  assert.ok(oracle.peek(model, cmd, spec), 'peek sees the cached answer');
  fs.appendFileSync(model, Buffer.alloc(8));
  assert.equal(oracle.peek(model, cmd, spec), undefined, 'a changed size is another file');
});

test('Vela 3.10 run for a user: placement, per-layer cycles, SRAM/flash against the profile and latency at the NPU clock (person_detect, keyword_scrambled)', { timeout: 300_000 }, async (t) => {
  const dir = velaDir();
  const shared = sharedModelsDir();
  if (!dir) return t.skip(SKIP_VELA);
  if (!shared) return t.skip('../shared/models not present');
  const oracle = new VelaOracle();
  for (const name of ['person_detect.tflite', 'keyword_scrambled_8bit.tflite']) {
    const file = path.join(shared, 'tflite', name);
    const answer = await oracle.answer(file, velaCommand(dir), ETHOS.vela!, { timeoutMs: 240_000 });
    assert.ok(answer.ok, `${name}: ${answer.ok ? '' : answer.error}`);
    assert.equal(answer.run.version, '3.10.0');
    const r = attachVela(report(file), answer);
    const v = r.oracles!.vela!;
    assert.equal(v.status, 'answered');
    assert.equal(v.ops.length, r.nodes.length, `${name}: one row per operator`);
    assert.deepEqual(v.disagreements, [], `${name}: Vela and DeployLens agree (test/oracle-vela.test.ts checks every model)`);
    assert.equal(v.npuOps + v.cpuOps, r.nodes.length);
    assert.equal(v.npuOps, answer.vela.npuOperatorCount === null ? v.npuOps : r.nodes.length - answer.vela.cpuOps.length);
    // Every per-layer row of Vela's table lands on an operator: their cycles add up to the table's.
    const tableCycles = Math.round(answer.vela.layers.reduce((a, l) => a + l.cycles, 0));
    const opCycles = v.ops.reduce((a, o) => a + (o.cycles ?? 0), 0);
    assert.ok(Math.abs(tableCycles - opCycles) <= answer.vela.layers.length, `${name}: layer cycles ${opCycles} vs table ${tableCycles}`);
    assert.ok(v.ops.filter((o) => o.vela === 'cpu').every((o) => o.cycles === undefined), 'CPU ops have no NPU cycles');
    assert.equal(v.profileSramBytes, 2 * 1024 * 1024);
    assert.ok(v.sramBytes! > 0 && v.sramBytes! < v.profileSramBytes!);
    assert.equal(v.clockHz, 500e6, 'latency at the profile NPU clock');
    assert.equal(v.latencyMs, Math.round((v.totalCycles! / 500e6) * 1e6) / 1e3);
    assert.match(v.command, /ethosu\.vela .*--accelerator-config ethos-u55-128/);
    assert.equal(r.diagnostics.filter((d) => d.code.startsWith('oracle/')).length, 0);
  }
  // person_detect: every op on the NPU, and its convolutions have cycles.
  const pd = attachVela(report(path.join(shared, 'tflite', 'person_detect.tflite')), await oracle.answer(path.join(shared, 'tflite', 'person_detect.tflite'), velaCommand(dir), ETHOS.vela!, { timeoutMs: 240_000 }));
  assert.equal(oracle.runs, 2, 'the second ask was served from the cache');
  const convs = pd.oracles!.vela!.ops.filter((o) => pd.nodes[o.node]!.op.includes('CONV_2D'));
  assert.ok(convs.length > 20 && convs.every((o) => o.cycles! > 0 && o.vela === 'npu'));
});

test('a disagreement is named op by op with both verdicts and both reasons (real Vela, a team profile that skips the SOFTMAX type rule)', { timeout: 120_000 }, async (t) => {
  const dir = velaDir();
  if (!dir) return t.skip(SKIP_VELA);
  const c = velaEdgeCases().find((e) => e.id === 'softmax-int8-to-int16')!;
  const file = path.join(tmp, 'softmax_i16.tflite');
  fs.writeFileSync(file, c.model);
  const loose = looseSoftmaxTarget();
  const answer = await new VelaOracle().answer(file, velaCommand(dir), loose.vela!, { timeoutMs: 100_000 });
  assert.ok(answer.ok, answer.ok ? '' : answer.error);
  const r = attachVela(report(file, loose), answer);
  const v = r.oracles!.vela!;
  assert.equal(v.disagreements.length, 1);
  const d = v.disagreements[0]!;
  assert.equal(d.op, 'SOFTMAX');
  assert.equal(d.oracle, 'CPU');
  assert.equal(d.deployLens, 'NPU');
  assert.match(d.oracleReason!, /IFM and OFM data types must match: Op has ifm_dtype=int8 and ofm_dtype=int16/);
  const f = r.diagnostics.filter((x) => x.code === 'oracle/vela-disagrees');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.node, d.node);
  assert.match(f[0]!.message, /SOFTMAX .*Vela 3\.10\.0 places it on the CPU \(IFM and OFM data types must match.*DeployLens predicted the NPU/);
  // On the built-in profile the same model agrees.
  assert.deepEqual(attachVela(report(file), answer).oracles!.vela!.disagreements, []);
});

test('a Vela that crashes gives "no answer" (oracle/vela-failed), never a verdict; a cancelled run rejects', { timeout: 120_000 }, async (t) => {
  const dir = velaDir();
  if (!dir) return t.skip(SKIP_VELA);
  // Real Vela on a file that is not a TFLite model: it dies with a Python traceback.
  const bogus = path.join(tmp, 'bogus.tflite');
  fs.writeFileSync(bogus, Buffer.from('TFL3 this is not a flatbuffer at all'));
  const answer = await new VelaOracle().answer(bogus, velaCommand(dir), ETHOS.vela!, { timeoutMs: 100_000 });
  assert.equal(answer.ok, false);
  assert.match(answer.ok ? '' : answer.error, /^Vela failed \(exit code \d+\): \S/);
  const shared = sharedModelsDir();
  if (shared) {
    const r = attachVela(report(path.join(shared, 'tflite', 'keyword_scrambled_8bit.tflite')), answer);
    assert.equal(r.oracles!.vela!.status, 'failed');
    assert.deepEqual(r.oracles!.vela!.ops, []);
    const f = r.diagnostics.filter((d) => d.code.startsWith('oracle/'));
    assert.deepEqual(f.map((d) => [d.code, d.severity]), [['oracle/vela-failed', 'info']]);
  }
  const abort = new AbortController();
  const model = path.join(tmp, 'cancel.tflite');
  fs.writeFileSync(model, velaEdgeCases()[0]!.model);
  const run = runVela(velaCommand(dir), model, ETHOS.vela!, { timeoutMs: 100_000, signal: abort.signal });
  setTimeout(() => abort.abort(), 50);
  await assert.rejects(run, /cancelled/);
  // A run that takes too long is stopped and is "no answer".
  const slow = await runVela({ command: '/bin/sh', args: ['-c', 'sleep 30'] }, model, ETHOS.vela!, { timeoutMs: 300 });
  assert.equal(slow.ok, false);
  assert.match(slow.ok ? '' : slow.error, /did not finish within/);
});

test('deploylens analyze --vela=COMMAND prints Vela beside the prediction (text, JSON) and --vela on a non-Vela target is a usage error', { timeout: 120_000 }, async (t) => {
  const io = () => { const o = { out: '', err: '' }; return { o, io: { stdout: (s: string) => { o.out += s; }, stderr: (s: string) => { o.err += s; } } }; };
  const bad = io();
  assert.equal(await runCli(['analyze', '--target', 'tflm-cortex-m7', '--vela=vela'], bad.io), 2);
  assert.match(bad.o.err, /no Vela configuration/);
  const dir = velaDir();
  const shared = sharedModelsDir();
  if (!dir) return t.skip(SKIP_VELA);
  if (!shared) return t.skip('../shared/models not present');
  const model = path.join(shared, 'tflite', 'keyword_scrambled_8bit.tflite');
  const cmd = `--vela=env PYTHONPATH=${dir} /usr/bin/python3 -m ethosu.vela`;
  const text = io();
  assert.equal(await runCli(['analyze', model, '--target', 'ethos-u55-128', cmd], text.io), 0, text.o.err);
  assert.match(text.o.out, /Arm Vela 3\.10\.0 beside the prediction:/);
  assert.match(text.o.out, /agreement\s+Vela and DeployLens agree on all 15 operators/);
  assert.match(text.o.out, /Vela cycles/);
  const json = io();
  assert.equal(await runCli(['analyze', model, '--target', 'ethos-u55-128', cmd, '--format', 'json'], json.io), 0);
  const r = JSON.parse(json.o.out) as Report;
  assert.equal(r.oracles?.vela?.status, 'answered');
  assert.equal(r.oracles?.vela?.cpuOps, 9);
});

test('the comparison on Vela\'s own words: the SOFTMAX Vela keeps on the CPU is a disagreement on a profile that would delegate it', () => {
  // Vela 3.10's output for the softmax-int8-to-int16 edge case (captured by the test above when Vela is installed).
  const c = velaEdgeCases().find((e) => e.id === 'softmax-int8-to-int16')!;
  const file = path.join(tmp, 'softmax_words.tflite');
  fs.writeFileSync(file, c.model);
  const r = report(file, looseSoftmaxTarget());
  const name = r.nodes[0]!.outputs[0]!;
  const out = parseVelaOutput([
    `Warning: Unsupported TensorFlow Lite semantics for SOFTMAX '${name}'. Placing on CPU instead`,
    ' - IFM and OFM data types must match',
    '   Op has ifm_dtype=int8 and ofm_dtype=int16',
    'Network summary for softmax_words',
    'CPU operators = 1 (100.0%)',
    `   CPU: Softmax = ${name} (inputs [1, 10], outputs [1, 10])`,
    'NPU operators = 0 (0.0%)',
  ].join('\n'));
  const s = velaSection(r, out, { command: 'vela', version: '3.10.0', acceleratorConfig: 'ethos-u55-128', clockHz: 500e6, millis: 1 });
  assert.deepEqual(s.disagreements.map((d) => [d.op, d.oracle, d.deployLens]), [['SOFTMAX', 'CPU', 'NPU']]);
  const withIt = withVela(r, s);
  assert.equal(withIt.diagnostics.filter((d) => d.code === 'oracle/vela-disagrees').length, 1);
  assert.equal(r.oracles, undefined, 'the input report is left as it was');
  // Attaching again replaces, never duplicates, the findings.
  assert.equal(withVela(withIt, s).diagnostics.filter((d) => d.code === 'oracle/vela-disagrees').length, 1);
});
