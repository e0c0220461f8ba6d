// Two real models from ../shared/models, copied into the workspace by makeWorkspace when present.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, codeOf, describe, exists, model, settledDiagnostics } from './helpers';

suite('shared models', () => {
  test('tiny_transformer_gelu.onnx: GELU’s Erf is unsupported on the default target', async function () {
    const uri = model('shared/tiny_transformer_gelu.onnx');
    if (!(await exists(uri))) return this.skip();
    const api = await activate();
    const diags = await settledDiagnostics(api, uri);
    assert.ok(diags.some((d) => codeOf(d) === 'compat/unsupported-op' && /Erf/.test(d.message)), describe(diags));
    assert.ok(!diags.some((d) => codeOf(d) === 'read/invalid-model'), describe(diags));
  });

  test('person_detect.tflite is read and analyzed (no read error)', async function () {
    const uri = model('shared/person_detect.tflite');
    if (!(await exists(uri))) return this.skip();
    const api = await activate();
    const diags = await settledDiagnostics(api, uri, () => true);
    assert.ok(!diags.some((d) => codeOf(d) === 'read/invalid-model'), describe(diags));
    assert.ok(diags.every((d) => d.source === 'DeployLens' && d.severity !== vscode.DiagnosticSeverity.Error), describe(diags));
  });
});
