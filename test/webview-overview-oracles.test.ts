// The overview's "real compiler" cards and Vela columns (webview/overview/oracleView.ts, viewModel.ts):
// what the page shows when Vela answered, is compiling, gave no answer, or is not there at all.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { velaFailedSection, velaSection, withVela } from '../src/core/oracles/velaCompare';
import { parseVelaOutput } from '../src/core/oracles/velaOutput';
import { edgeTpuSection, withEdgeTpu } from '../src/core/oracles/edgetpuCompare';
import { parseEdgeTpuLog } from '../src/core/oracles/edgetpuLog';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { TargetRegistry } from '../src/core/targets/targetRegistry';
import { filterRows, overviewModel } from '../webview/overview/viewModel';
import { SINGLE_FC_EDGETPU_27 } from './fixtures/edgetpuLogs';
import { velaEdgeCases } from './fixtures/velaEdgeCases';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ov-oracles-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function softmaxModel(): string {
  const file = path.join(tmp, 'softmax_i16.tflite');
  fs.writeFileSync(file, velaEdgeCases().find((c) => c.id === 'softmax-int8-to-int16')!.model);
  return file;
}

const run = { command: 'vela softmax_i16.tflite --accelerator-config ethos-u55-128', version: '3.10.0', acceleratorConfig: 'ethos-u55-128', clockHz: 500e6, millis: 1200 };

test('without an oracle the overview is what it was: no card, no Vela columns', () => {
  const r = analyzeFile(softmaxModel(), { targets: [getBuiltinTarget('ethos-u55-128')!] }).report;
  const m = overviewModel(r, 'softmax_i16.tflite', 'ethos-u55-128', 1);
  assert.deepEqual(m.oracles, []);
  assert.ok(!m.columns.some((c) => c.id === 'vela' || c.id === 'velaCycles'));
  assert.ok(m.rows.every((row) => row.vela === undefined));
});

test('Vela compiling: a pending card; Vela without an answer: a card saying so, no columns', () => {
  const r = analyzeFile(softmaxModel(), { targets: [getBuiltinTarget('ethos-u55-128')!] }).report;
  const pending = overviewModel(r, 'f', 'ethos-u55-128', 1, 'vela');
  assert.deepEqual(pending.oracles.map((c) => [c.id, c.state]), [['vela', 'pending']]);
  const failed = overviewModel(withVela(r, velaFailedSection(r, run, 'Vela failed (exit code 1): KeyError: 42')), 'f', 'ethos-u55-128', 1);
  assert.equal(failed.oracles[0]!.state, 'failed');
  assert.match(failed.oracles[0]!.summary, /^No answer: Vela failed \(exit code 1\): KeyError: 42/);
  assert.ok(!failed.columns.some((c) => c.id === 'vela'));
});

test("Vela's answer: the card's numbers beside DeployLens's, the disagreement with its node, Vela columns the filter can find", () => {
  const loose = new TargetRegistry().add({ file: 'loose.json', text: JSON.stringify({ id: 'loose', extends: 'ethos-u55-128', operators: { SOFTMAX: { ioTypesMatch: false } } }) });
  const r = analyzeFile(softmaxModel(), { targets: [loose] }).report;
  const name = r.nodes[0]!.outputs[0]!;
  // Vela 3.10's words for this model (test/oracle-vela-user.test.ts runs Vela itself when installed).
  const vela = parseVelaOutput([
    `Warning: Unsupported TensorFlow Lite semantics for SOFTMAX '${name}'. Placing on CPU instead`,
    ' - IFM and OFM data types must match',
    '   Op has ifm_dtype=int8 and ofm_dtype=int16',
    'Network summary for softmax_i16',
    'Total SRAM used                                  0.02 KiB',
    'CPU operators = 1 (100.0%)',
    `   CPU: Softmax = ${name} (inputs [1, 10], outputs [1, 10])`,
    'Total cycles                                      0 cycles/batch',
  ].join('\n'));
  const m = overviewModel(withVela(r, velaSection(r, vela, run)), 'softmax_i16.tflite', 'loose', 1);
  const card = m.oracles[0]!;
  assert.equal(card.title, 'Arm Vela 3.10.0');
  assert.equal(card.summaryLevel, 'warn');
  assert.match(card.summary, /disagrees with DeployLens on 1 of 1 operators/);
  assert.deepEqual(card.metrics.map((x) => x.label), ['Vela placement', 'Vela SRAM', 'Vela cycles', 'Vela latency']);
  assert.equal(card.metrics[0]!.value, '0 NPU · 1 CPU');
  assert.match(card.metrics[0]!.detail!, /DeployLens: 1 NPU · 0 CPU/);
  assert.match(card.metrics[1]!.detail!, /of 2\.00 MiB SRAM/);
  assert.equal(card.disagreements.length, 1);
  assert.equal(card.disagreements[0]!.node, 0);
  assert.match(card.disagreements[0]!.text, /SOFTMAX .*Vela CPU — IFM and OFM data types must match.*DeployLens NPU/);
  assert.deepEqual(m.columns.slice(-2).map((c) => c.id), ['vela', 'velaCycles']);
  assert.equal(m.rows[0]!.vela!.text, 'CPU ≠');
  assert.equal(m.rows[0]!.vela!.level, 'warn');
  assert.equal(filterRows(m.rows, { text: 'vela cpu', problemsOnly: false }).length, 1);
  assert.equal(filterRows(m.rows, { text: '', problemsOnly: true }).length, 1, 'a disagreement is a problem');
});

test('an edgetpu_compiler log: a card with the per-op table, the disagreeing op type marked (google-coral/edgetpu#27)', () => {
  const file = path.join(tmp, 'fc.tflite');
  fs.writeFileSync(file, velaEdgeCases().find((c) => c.id === 'fc-per-axis-weights')!.model);
  const r = analyzeFile(file, { targets: [getBuiltinTarget('coral-edgetpu')!] }).report;
  const m = overviewModel(withEdgeTpu(r, edgeTpuSection(r, parseEdgeTpuLog(SINGLE_FC_EDGETPU_27), 'fc_edgetpu.log')), 'fc.tflite', 'coral-edgetpu', 1);
  const card = m.oracles[0]!;
  assert.equal(card.id, 'edgetpu');
  assert.match(card.summary, /differ from DeployLens's for 1 op type\(s\): FULLY_CONNECTED/);
  assert.deepEqual(card.table!.rows.map((row) => [row.cells.slice(0, 5), row.level]), [[['FULLY_CONNECTED', '0', '1', '1', '0'], 'warn']]);
  assert.equal(card.footnote, 'fc_edgetpu.log');
});
