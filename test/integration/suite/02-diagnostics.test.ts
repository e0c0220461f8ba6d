// Diagnostics on model files: produced for the workspace's models on the default target, shaped as
// the contract says (source, code with a documentation target), a read error for a broken file,
// and cleared when the file is deleted.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, codeOf, describe, model, ours, settledDiagnostics, waitFor } from './helpers';

suite('diagnostics on model files', () => {
  test('workspace models are analyzed without running a command', async () => {
    const api = await activate();
    await api.whenIdle();
    const diags = await waitFor('diagnostics on models/gelu.onnx', () => {
      const d = ours(model('gelu.onnx'));
      return d.length > 0 ? d : undefined;
    }, 15_000).catch(() => ours(model('gelu.onnx')));
    assert.ok(diags.length > 0, 'gelu.onnx has no DeployLens diagnostics after whenIdle() without an explicit analysis');
  });

  test('Erf in gelu.onnx is an error compat/unsupported-op on the default target', async () => {
    const api = await activate();
    const diags = await settledDiagnostics(api, model('gelu.onnx'));
    const erf = diags.filter((d) => codeOf(d) === 'compat/unsupported-op' && /Erf/.test(d.message));
    assert.equal(erf.length, 1, `expected one compat/unsupported-op naming Erf, got:\n  ${describe(diags)}`);
    assert.equal(erf[0]!.severity, vscode.DiagnosticSeverity.Error);
  });

  test('every diagnostic has source DeployLens and a code { value, target: Uri }', async () => {
    const api = await activate();
    const diags = await settledDiagnostics(api, model('gelu.onnx'));
    assert.ok(diags.length > 0, 'no diagnostics');
    for (const d of ours(model('gelu.onnx'))) {
      assert.equal(d.source, 'DeployLens');
      const code = d.code;
      assert.ok(code && typeof code === 'object', `code of "${d.message}" is not an object: ${String(code)}`);
      assert.equal(typeof code.value, 'string');
      assert.match(String(code.value), /^[a-z-]+\/[a-z0-9-]+$/, 'code values look like area/name');
      assert.ok(code.target instanceof vscode.Uri, `code.target of ${String(code.value)} is not a Uri`);
    }
  });

  test('a truncated model gets exactly one error read/invalid-model naming the file', async () => {
    const api = await activate();
    const uri = model('broken.onnx');
    const diags = await settledDiagnostics(api, uri);
    assert.equal(diags.length, 1, `expected one diagnostic, got:\n  ${describe(diags)}`);
    const d = diags[0]!;
    assert.equal(codeOf(d), 'read/invalid-model');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /broken\.onnx/);
  });

  test('the example model has no error diagnostics on the default target', async () => {
    const api = await activate();
    await api.whenIdle();
    const errors = ours(model('kws.onnx')).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map(codeOf), [], describe(errors));
  });

  test('deleting a model file clears its diagnostics', async () => {
    const api = await activate();
    const uri = model('delete-me.onnx');
    const before = await settledDiagnostics(api, uri);
    assert.ok(before.length > 0, 'delete-me.onnx (a copy of gelu.onnx) should have diagnostics before the delete');
    await vscode.workspace.fs.delete(uri);
    await api.whenIdle();
    await waitFor('diagnostics of the deleted file to clear', () => (ours(uri).length === 0 ? true : undefined), 10_000)
      .catch(() => assert.fail(`still there after the delete:\n  ${describe(ours(uri))}`));
  });
});
