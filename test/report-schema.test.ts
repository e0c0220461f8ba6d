// Reports of real and generated models validate against the published JSON Schema, so the
// documented contract and the code cannot drift apart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { analyzeFile, analyzeModel } from '../src/core/analyze';
import { bundledExampleModel } from '../src/cli/exampleModel';
import type { Report } from '../src/core/report/report';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';
import { readBytes, sampleModel } from './support/onnxFixtures';
import { velaFailedSection, velaSection, withVela } from '../src/core/oracles/velaCompare';
import { parseVelaOutput } from '../src/core/oracles/velaOutput';
import { edgeTpuSection, withEdgeTpu } from '../src/core/oracles/edgetpuCompare';
import { parseEdgeTpuLog } from '../src/core/oracles/edgetpuLog';
import { HEADER_EDGETPU_60 } from './fixtures/edgetpuLogs';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

function assertValid(report: unknown, label: string): void {
  const ok = validate(report);
  assert.ok(ok, `${label}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
}

test('the example and a generated model with subgraphs and symbolic dims give schema-valid reports', () => {
  assertValid(analyzeFile(bundledExampleModel()).report, 'example');
  assertValid(analyzeFile(bundledExampleModel(), { targets: [getBuiltinTarget(DEFAULT_TARGET_ID)!] }).report, 'example on the default target');
  const report = analyzeModel(readBytes(sampleModel()));
  assertValid(report, 'sample');
  assert.ok(report.model.graphs.length >= 3, 'If bodies are listed as graphs');
  assert.ok(report.model.graphs.slice(1).every((g) => g.parent !== undefined));
});

test('every shared model gives a schema-valid report, alone and on two targets side by side', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(onnx|tflite)$/.test(f));
  assert.ok(files.length > 10);
  const targets = [getBuiltinTarget('ethos-u55-128')!, getBuiltinTarget('tflite-gpu')!];
  for (const f of files) {
    assertValid(analyzeFile(path.join(dir, f)).report, f);
    const report: Report = analyzeFile(path.join(dir, f), { targets }).report;
    assertValid(report, `${f} on two targets`);
    assert.equal(report.comparison?.length, 2);
  }
});

test('reports with the real compilers beside the prediction (oracles.vela answered and failed, oracles.edgetpu) are schema-valid', (t) => {
  const dir = sharedModelsDir();
  if (!dir) return t.skip('../shared/models not present');
  const file = path.join(dir, 'tflite', 'keyword_scrambled_8bit.tflite');
  const base = analyzeFile(file, { targets: [getBuiltinTarget('ethos-u55-128')!] }).report;
  // Vela 3.10's words for this model (as in test/oracle-vela-parse.test.ts), with a per-layer row.
  const vela = parseVelaOutput([
    "Warning: Unsupported TensorFlow Lite semantics for SOFTMAX ''. Placing on CPU instead",
    ' - IFM and OFM data types must match',
    '   Op has ifm_dtype=int8 and ofm_dtype=int16',
    'TFLite_operator      NNG Operator         SRAM Usage  Peak%  Op Cycles Network%        NPU    SRAM AC    DRAM AC OnFlash AC OffFlash AC  MAC Count Network%  Util% Name',
    '-------------------- -------------------- ---------- ------ ---------- -------- ---------- ---------- ---------- ---------- ----------- ---------- -------- ------ --------------------',
    'QUANTIZE             AvgPool                    5408 100.00        157     5.11        157         48          0          0           0         96     2.26   0.48',
    '',
    'Network summary for keyword_scrambled_8bit',
    'Accelerator clock                                1000 MHz',
    'Total SRAM used                                  5.28 KiB',
    'CPU operators = 2 (60.0%)',
    '   CPU: Softmax =  (inputs [1, 2], outputs [1, 2])',
    '   CPU: Quantize =  (inputs [1, 2], outputs [1, 2])',
    'Total cycles                                     3075 cycles/batch',
  ].join('\n'));
  const run = { command: 'vela m.tflite', version: '3.10.0', acceleratorConfig: 'ethos-u55-128', clockHz: 500e6, millis: 900 };
  const answered = withVela(base, velaSection(base, vela, run));
  assert.equal(answered.oracles?.vela?.ops[0]?.cycles, 157);
  assertValid(answered, 'vela answered');
  assertValid(withVela(base, velaFailedSection(base, run, 'Vela failed (exit code 1): boom')), 'vela failed');
  const coral = analyzeFile(file, { targets: [getBuiltinTarget('coral-edgetpu')!] }).report;
  assertValid(withEdgeTpu(coral, edgeTpuSection(coral, parseEdgeTpuLog(HEADER_EDGETPU_60), 'model2_edgetpu.log')), 'edgetpu log');
});
