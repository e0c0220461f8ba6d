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
