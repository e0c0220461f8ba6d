// The `deploylens.target` setting switches the target every model is judged on, and workspace
// profiles from .deploylens/targets are selectable like built-ins.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_TARGET_ID } from '../../../src/core/targets/builtins';
import { activate, codeOf, describe, model, settledDiagnostics, setTarget, workspaceUri } from './helpers';

suite('target selection', () => {
  suiteTeardown(async () => {
    const api = await activate();
    await setTarget(api, undefined);
  });

  test(`the default target is ${DEFAULT_TARGET_ID}`, () => {
    const inspected = vscode.workspace.getConfiguration('deploylens').inspect<string>('target');
    assert.ok(inspected, 'deploylens.target is not a contributed setting');
    assert.equal(inspected.defaultValue, DEFAULT_TARGET_ID);
  });

  test('deploylens.target is resource-scoped', () => {
    const ext = vscode.extensions.getExtension('deploylens.deploylens');
    const pkg = ext?.packageJSON as { contributes?: { configuration?: unknown } } | undefined;
    const sections = [pkg?.contributes?.configuration ?? []].flat() as { properties?: Record<string, { scope?: string }> }[];
    const prop = sections.map((s) => s.properties?.['deploylens.target']).find((p) => p !== undefined);
    assert.ok(prop, 'deploylens.target not in contributes.configuration');
    assert.equal(prop.scope, 'resource');
  });

  test('coral-edgetpu adds compat/float-model to the float example; the default target does not', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const onDefault = await settledDiagnostics(api, model('kws.onnx'), () => true);
    assert.ok(!onDefault.some((d) => codeOf(d) === 'compat/float-model'), `default target:\n  ${describe(onDefault)}`);

    await setTarget(api, 'coral-edgetpu');
    const onCoral = await settledDiagnostics(api, model('kws.onnx'), (d) => d.some((x) => codeOf(x) === 'compat/float-model'));
    const floatModel = onCoral.filter((d) => codeOf(d) === 'compat/float-model');
    assert.equal(floatModel.length, 1, `coral-edgetpu:\n  ${describe(onCoral)}`);
    assert.equal(floatModel[0]!.severity, vscode.DiagnosticSeverity.Warning);

    await setTarget(api, undefined);
    const back = await settledDiagnostics(api, model('kws.onnx'), () => true);
    assert.ok(!back.some((d) => codeOf(d) === 'compat/float-model'), `after switching back:\n  ${describe(back)}`);
  });

  test('the workspace profile team-board is selectable and used', async () => {
    const api = await activate();
    await setTarget(api, 'team-board');
    // team-board extends tflm-cortex-m4: Erf stays unsupported, and the message names the profile
    const diags = await settledDiagnostics(api, model('gelu.onnx'), (d) => d.some((x) => /Team board/.test(x.message)));
    const erf = diags.find((d) => codeOf(d) === 'compat/unsupported-op');
    assert.ok(erf, `team-board:\n  ${describe(diags)}`);
    assert.match(erf.message, /Team board/);
    // the report says so too
    const out = workspaceUri('out', 'team-board.json');
    await vscode.commands.executeCommand('deploylens.exportReport', model('gelu.onnx'), 'json', out);
    const report = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(out))) as { target?: { id?: string } };
    assert.equal(report.target?.id, 'team-board');
    await setTarget(api, undefined);
  });
});
