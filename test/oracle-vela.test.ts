// Arm Vela 3.10 as the oracle for the Ethos-U profile: every int8 TFLite model in ../shared/models
// and the single-op edge cases (test/fixtures/velaEdgeCases.ts) go through Vela, and DeployLens's
// placement must equal Vela's for every operator. Prints the agreement table. A model Vela crashes
// on is "no answer" (listed, not compared). Skips when Vela (../shared/oracles/vela, installed by
// .ci/run) or ../shared is absent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parseVelaOutput, velaCpuPlacement } from '../src/core/oracles/velaOutput';
import { readModelFile } from '../src/core/readModel';
import { velaEdgeCases } from './fixtures/velaEdgeCases';
import { ethosPlacement } from './support/ethosPlacement';
import { sharedModelsDir } from './support/sharedModels';
import { pooled, runVela, velaDir } from './support/velaOracle';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-vela-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Int8 models: they hold int8 tensors and are not already compiled by Vela. */
function int8Models(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tflite')).sort().map((f) => path.join(dir, f)).filter((file) => {
    const m = readModelFile(file).model;
    const g = m.graphs[0]!;
    return [...g.tensors.values()].some((t) => t.dtype === 'int8') && !g.nodes.some((n) => n.op === 'ethos-u');
  });
}

interface Row { model: string; ops: number; agree: number; velaCpu: number; deployLensCpu: number; answer: string; disagreements: string[] }

test('Vela 3.10 and DeployLens place every operator of the int8 models and edge cases on the same processor', { timeout: 900_000 }, async (t) => {
  const vela = velaDir();
  const shared = sharedModelsDir();
  if (!vela) return t.skip('Vela not installed (bash ../shared/oracles/vela/setup.sh DIR; DEPLOYLENS_VELA_DIR=DIR)');
  if (!shared) return t.skip('../shared/models not present');
  const models = int8Models(path.join(shared, 'tflite'));
  for (const c of velaEdgeCases()) {
    const file = path.join(tmp, `edge-${c.id}.tflite`);
    fs.writeFileSync(file, c.model);
    models.push(file);
  }
  const rows = await pooled(models, 2, async (file): Promise<Row> => {
    const name = path.basename(file, '.tflite');
    const p = ethosPlacement(file);
    const run = await runVela(vela, file, path.join(tmp, `out-${name}`));
    const deployLensCpu = p.device.filter((d) => d === 'CPU').length;
    if (!run.ok) return { model: name, ops: p.ops.length, agree: 0, velaCpu: NaN, deployLensCpu, answer: `no answer (${run.why})`, disagreements: [] };
    const report = parseVelaOutput(run.text);
    const { cpu, unmatched } = velaCpuPlacement(p.ops, report);
    const disagreements = unmatched.map((u) => `Vela CPU op ${u.op} '${u.name}' matches no operator`);
    let agree = 0;
    p.ops.forEach((o, i) => {
      const velaSays = cpu.has(o.index) ? 'CPU' : 'NPU';
      if (velaSays === p.device[i]) { agree++; return; }
      const why = report.reasons.find((r) => r.name === o.name && r.op === o.op);
      disagreements.push(`#${o.index} ${o.op} '${o.name}': Vela ${velaSays}${why ? ` (${why.constraint}${why.detail ? `: ${why.detail}` : ''})` : ''}, DeployLens ${p.device[i]}${p.why[i] ? ` (${p.why[i]})` : ''}`);
    });
    return { model: name, ops: p.ops.length, agree, velaCpu: cpu.size, deployLensCpu, answer: 'answered', disagreements };
  });

  const lines = ['', 'Vela 3.10 vs DeployLens on ethos-u55-128 (per operator)', '| model | ops | agree | Vela CPU | DeployLens CPU | Vela |', '|---|---:|---:|---:|---:|---|'];
  for (const r of rows) lines.push(`| ${r.model} | ${r.ops} | ${r.answer === 'answered' ? r.agree : '—'} | ${Number.isNaN(r.velaCpu) ? '—' : r.velaCpu} | ${r.deployLensCpu} | ${r.answer} |`);
  const answered = rows.filter((r) => r.answer === 'answered');
  lines.push(`agreement: ${answered.reduce((a, r) => a + r.agree, 0)}/${answered.reduce((a, r) => a + r.ops, 0)} operators on ${answered.length} models Vela answered; ${rows.length - answered.length} without an answer`);
  for (const r of rows) for (const d of r.disagreements) lines.push(`  ${r.model}: ${d}`);
  console.log(lines.join('\n'));
  assert.ok(answered.length >= velaEdgeCases().length, 'Vela answered at least every edge case');
  assert.deepEqual(rows.flatMap((r) => r.disagreements.map((d) => `${r.model}: ${d}`)), []);
});
