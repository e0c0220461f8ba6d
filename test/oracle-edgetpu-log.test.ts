// The edgetpu_compiler log parser on real compiler output (quoted from public issues in
// test/fixtures/edgetpuLogs.ts, each with its source), and the log beside DeployLens's Coral
// prediction: per op type counts, the compiler's reasons, disagreements and a log of another model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../src/cli/cli';
import { prepareModel, reportFor } from '../src/core/analyze';
import { edgeTpuSection, withEdgeTpu } from '../src/core/oracles/edgetpuCompare';
import { EdgeTpuLogError, parseEdgeTpuLog } from '../src/core/oracles/edgetpuLog';
import { readModelFile } from '../src/core/readModel';
import type { Report } from '../src/core/report/report';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { HEADER_EDGETPU_60, INDENTED_MODELS_9033, LOG_FILE_HUB_1136, MOBILENET_V2_F0CAL_20, SINGLE_FC_EDGETPU_27 } from './fixtures/edgetpuLogs';
import { velaEdgeCases } from './fixtures/velaEdgeCases';
import { sharedModelsDir } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-edgetpu-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const CORAL = getBuiltinTarget('coral-edgetpu')!;

test('the -s table: one row per op type and status, mapped or the reason, and the counts (f0cal/google-coral#20)', () => {
  const log = parseEdgeTpuLog(MOBILENET_V2_F0CAL_20);
  assert.equal(log.rows.length, 9);
  assert.deepEqual(log.rows[2], { op: 'QUANTIZE', count: 1, status: 'Operation is otherwise supported, but not mapped due to some unspecified limitation', onTpu: false });
  assert.deepEqual(log.rows.filter((r) => !r.onTpu).map((r) => r.op), ['QUANTIZE', 'DEQUANTIZE']);
  assert.equal(log.tpuOps, 70);
  assert.equal(log.cpuOps, 2);
  assert.equal(log.rows.reduce((a, r) => a + (r.onTpu ? r.count : 0), 0), log.tpuOps, 'the table adds up to the stated count');
});

test('the header: compiler version, on-chip / remaining / off-chip parameter memory, subgraphs, totals (google-coral/edgetpu#60)', () => {
  const log = parseEdgeTpuLog(HEADER_EDGETPU_60);
  assert.equal(log.compilerVersion, '2.1.302470888');
  assert.equal(log.inputModel, 'model2.tflite');
  assert.equal(log.onChipBytes, Math.round(6.86 * 1024 * 1024));
  assert.equal(log.onChipRemainingBytes, Math.round(7.75 * 1024));
  assert.equal(log.offChipBytes, Math.round(1.22 * 1024 * 1024));
  assert.equal(log.subgraphs, 1);
  assert.equal(log.totalOps, 93);
  assert.deepEqual([log.tpuOps, log.cpuOps], [83, 10]);
  assert.deepEqual(log.rows.filter((r) => r.op === 'CONCATENATION').map((r) => [r.count, r.onTpu]), [[1, false], [3, true]], 'one op type, two statuses');
});

test('logs pasted indented (tensorflow/models#9033) and MODEL_edgetpu.log files without count lines (ultralytics/hub#1136) read the same', () => {
  const indented = parseEdgeTpuLog(INDENTED_MODELS_9033);
  assert.equal(indented.compilerVersion, '14.1.317412892');
  assert.equal(indented.offChipBytes, 0);
  assert.deepEqual(indented.rows.map((r) => [r.op, r.count, r.onTpu]), [['ADD', 10, true], ['CUSTOM', 1, false]]);
  const file = parseEdgeTpuLog(LOG_FILE_HUB_1136);
  assert.equal(file.compilerVersion, '16.0.384591198');
  assert.equal(file.inputModel, 'yolov8n-face_saved_model/yolov8n-face_full_integer_quant.tflite');
  assert.equal(file.tpuOps, 6 + 57 + 3, 'counted from the table');
  assert.equal(file.cpuOps, 2 + 1);
  assert.equal(file.totalOps, null);
});

test('text that is not a compiler log is refused with a clear message', () => {
  assert.throws(() => parseEdgeTpuLog('Traceback (most recent call last):\n  boom\n'), (e: unknown) => e instanceof EdgeTpuLogError && /Operator +Count +Status/.test((e as Error).message));
  assert.throws(() => parseEdgeTpuLog(''), EdgeTpuLogError);
});

function coralReport(file: string): Report {
  return reportFor(prepareModel(readModelFile(file).model), [CORAL]).report;
}

test('the log beside the prediction: a FULLY_CONNECTED the compiler leaves on the CPU is a disagreement with its status (google-coral/edgetpu#27)', () => {
  const file = path.join(tmp, 'fc.tflite');
  fs.writeFileSync(file, velaEdgeCases().find((c) => c.id === 'fc-per-axis-weights')!.model);
  const r = coralReport(file);
  assert.equal(r.nodes.filter((n) => n.device === 'accelerator').length, 1, 'DeployLens maps the one FULLY_CONNECTED to the Edge TPU');
  const s = edgeTpuSection(r, parseEdgeTpuLog(SINGLE_FC_EDGETPU_27), 'fc_edgetpu.log');
  assert.equal(s.mismatch, null, 'one op in the log, one in the model');
  const row = s.rows.find((x) => x.op === 'FULLY_CONNECTED')!;
  assert.deepEqual([row.compilerTpu, row.compilerCpu, row.deployLensTpu + row.deployLensCpu], [0, 1, 1]);
  assert.deepEqual(row.cpuStatus, ['For example, a fully-connected or softmax layer with 2D output']);
  const withLog = withEdgeTpu(r, s);
  const f = withLog.diagnostics.filter((d) => d.code === 'oracle/edgetpu-disagrees');
  assert.deepEqual(s.disagreements, ['FULLY_CONNECTED']);
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /FULLY_CONNECTED .*maps 0 to the Edge TPU and leaves 1 on the CPU \(For example, a fully-connected or softmax layer with 2D output\); DeployLens predicted 1 on the Edge TPU/);
  assert.equal(r.oracles, undefined, 'the input report is left as it was');
});

test('a log of another model is flagged (oracle/edgetpu-log-mismatch) and --edgetpu-log shows the table in the CLI', async (t) => {
  const shared = sharedModelsDir();
  if (!shared) return t.skip('../shared/models not present');
  const model = path.join(shared, 'tflite', 'mobilenet_v2_quantized_1x3x224x224.tflite');
  const r = coralReport(model);
  const s = edgeTpuSection(r, parseEdgeTpuLog(MOBILENET_V2_F0CAL_20), 'mnv2.log');
  assert.match(s.mismatch ?? '', /the log counts 72 operations, the model has 84/);
  assert.ok(s.disagreements.includes('PAD'), 'PAD: 5 in that model, 18 in this one');
  const codes = withEdgeTpu(r, s).diagnostics.filter((d) => d.code.startsWith('oracle/')).map((d) => d.code);
  assert.equal(codes[0], 'oracle/edgetpu-log-mismatch');

  const logFile = path.join(tmp, 'mnv2_edgetpu.log');
  fs.writeFileSync(logFile, MOBILENET_V2_F0CAL_20);
  let out = '';
  let err = '';
  const io = { stdout: (x: string) => { out += x; }, stderr: (x: string) => { err += x; } };
  assert.equal(await runCli(['analyze', model, '--target', 'coral-edgetpu', '--edgetpu-log', logFile], io), 0, err);
  assert.match(out, /edgetpu_compiler log beside the prediction:/);
  assert.match(out, /DEQUANTIZE ≠ +0 +1 +0 +0 +Operation is working on an unsupported data type/);
  assert.equal(await runCli(['analyze', model, '--target', 'ethos-u55-128', '--edgetpu-log', logFile], io), 2, 'a Coral log on another target is a usage error');
  assert.match(err, /not a Coral Edge TPU target/);
});
