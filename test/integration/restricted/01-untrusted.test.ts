// Restricted Mode (an untrusted workspace), in a real VS Code: run by `run-integration.js
// --restricted` with workspace trust on and the folder not trusted. DeployLens still analyzes
// (static analysis reads files only) but never runs Vela, even with `vela` configured and the
// model on an Ethos-U target — the workspace's own Vela command is not even read — and never runs
// TensorFlow Lite Micro (preparing a model's kernels is model execution): the static verdict only.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../../src/core/report/report';
import { velaEdgeCases } from '../../fixtures/velaEdgeCases';
import { unsupportedOpModel } from '../../fixtures/tflmModels';
import { velaDir } from '../../support/velaOracle';
import { activate, setTarget, workspaceUri } from '../suite/helpers';

suite('restricted mode (untrusted workspace)', () => {
  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'run-integration --restricted must open the workspace in Restricted Mode');
  });

  test('TensorFlow Lite Micro never runs: a .tflite model on a TFLite Micro target gets the static verdict only', async () => {
    const api = await activate();
    const model = workspaceUri('models', 'untrusted_gelu.tflite');
    await vscode.workspace.fs.writeFile(model, unsupportedOpModel());
    // The default target (tflm-cortex-m7): this test runs before any other sets one.
    await vscode.commands.executeCommand('deploylens.analyzeModel', model);
    await api.whenIdle();
    const dest = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-it-untrusted-')), 'r.json'));
    await vscode.commands.executeCommand('deploylens.exportReport', model, 'json', dest);
    const r = JSON.parse(fs.readFileSync(dest.fsPath, 'utf8')) as Report;
    assert.equal(r.target?.id, 'tflm-cortex-m7');
    assert.equal(r.tflm, undefined, 'no TFLM answer in Restricted Mode');
    assert.equal(r.summary.arenaSource, undefined);
    // The static check still flags the op TFLM has no kernel for.
    assert.ok(r.diagnostics.some((d) => d.code === 'compat/unsupported-op'), JSON.stringify(r.diagnostics.map((d) => d.code)));
    assert.ok(!r.diagnostics.some((d) => d.code.startsWith('tflm/')));
    const state = await vscode.commands.executeCommand<{ tflmRuns: number }>('deploylens.internal.oracleState');
    assert.equal(state.tflmRuns, 0);
  });

  test('Vela never runs: an int8 model on Ethos-U is analyzed, with no oracle section and no process', async () => {
    const api = await activate();
    const model = workspaceUri('models', 'untrusted_softmax.tflite');
    await vscode.workspace.fs.writeFile(model, velaEdgeCases().find((c) => c.id === 'softmax-int8-to-int16')!.model);
    // Vela configured both ways a workspace could: user settings (honoured elsewhere) and the workspace's own.
    const vela = velaDir() ?? '/opt/vela';
    const command = ['/usr/bin/env', `PYTHONPATH=${vela}`, '/usr/bin/python3', '-m', 'ethosu.vela'];
    await vscode.workspace.getConfiguration('deploylens.vela').update('command', command, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('deploylens.vela').update('command', command, vscode.ConfigurationTarget.Workspace).then(undefined, () => undefined);
    await setTarget(api, 'ethos-u55-128');
    await vscode.commands.executeCommand('deploylens.analyzeModel', model);
    await api.whenIdle();
    const dest = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-it-untrusted-')), 'r.json'));
    await vscode.commands.executeCommand('deploylens.exportReport', model, 'json', dest);
    const r = JSON.parse(fs.readFileSync(dest.fsPath, 'utf8')) as Report;
    assert.equal(r.target?.id, 'ethos-u55-128', 'the model was analyzed on the Ethos-U target');
    assert.ok(r.nodes.length > 0);
    assert.equal(r.oracles, undefined, 'no Vela answer in Restricted Mode');
    const state = await vscode.commands.executeCommand<{ velaRuns: number; tflmRuns: number; trusted: boolean }>('deploylens.internal.oracleState');
    assert.deepEqual(state, { velaRuns: 0, tflmRuns: 0, trusted: false });
  });

});
