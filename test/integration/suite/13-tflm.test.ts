// TensorFlow Lite Micro itself in a real VS Code (trusted workspace): a .tflite model on a TFLite
// Micro target gets TFLM's answer in the background after its verdict — TFLM's own message on the
// failing node in Problems, TFLM's arena in the report and the overview, a model TFLM runs never
// rejected, answers cached by file identity. Untrusted workspaces: test/integration/restricted/.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../../src/core/report/report';
import { int8TransposeConv, prepareRejectedModel, unsupportedOpModel } from '../../fixtures/tflmModels';
import { activate, codeOf, describe, modelTextUri, setTarget, settledDiagnostics, waitFor, workspaceUri } from './helpers';

const dir = () => workspaceUri('models', 'tflm');
const gelu = () => vscode.Uri.joinPath(dir(), 'gelu_head.tflite');
const softmax = () => vscode.Uri.joinPath(dir(), 'softmax_zero_point.tflite');
const tconv = () => vscode.Uri.joinPath(dir(), 'transpose_conv.tflite');

async function exported(uri: vscode.Uri): Promise<Report> {
  const dest = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-it-tflm-')), 'r.json'));
  await vscode.commands.executeCommand('deploylens.exportReport', uri, 'json', dest);
  return JSON.parse(fs.readFileSync(dest.fsPath, 'utf8')) as Report;
}

async function tflmRuns(): Promise<number> {
  return (await vscode.commands.executeCommand<{ tflmRuns: number }>('deploylens.internal.oracleState')).tflmRuns;
}

suite('TensorFlow Lite Micro itself', () => {
  suiteSetup(async () => {
    await vscode.workspace.fs.createDirectory(dir());
    await vscode.workspace.fs.writeFile(gelu(), unsupportedOpModel());
    await vscode.workspace.fs.writeFile(softmax(), prepareRejectedModel());
    await vscode.workspace.fs.writeFile(tconv(), int8TransposeConv());
  });

  suiteTeardown(async () => {
    const api = await activate();
    await setTarget(api, undefined);
    await vscode.workspace.fs.delete(dir(), { recursive: true });
    await api.whenIdle();
  });

  test('an op TFLM has no kernel for: TFLM\'s own message on that node in Problems', async () => {
    const api = await activate();
    await setTarget(api, 'tflm-cortex-m7');
    const diags = await settledDiagnostics(api, gelu(), (d) => d.some((x) => codeOf(x) === 'tflm/rejected'));
    const d = diags.find((x) => codeOf(x) === 'tflm/rejected');
    assert.ok(d, describe(diags));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /^GELU 'gelu': TFLite Micro says: Didn't find op for builtin opcode 'GELU'.* AllocateTensors\(\) fails \(TFLite Micro with CMSIS-NN kernels\)/);
    // On the failing node: Problems lists it on the node's line of the model text view (diagnostics.ts).
    const textUri = modelTextUri(gelu());
    assert.ok(vscode.languages.getDiagnostics(textUri).some((x) => x.message === d.message), `not on ${textUri.toString()}`);
    const doc = await vscode.workspace.openTextDocument(textUri);
    assert.match(doc.lineAt(d.range.start.line).text, /GELU/, `line ${d.range.start.line} is not the GELU node's`);
  });

  test('a parameter TFLM\'s Prepare rejects: the kernel\'s check and the node, in TFLM\'s words', async () => {
    const api = await activate();
    await setTarget(api, 'tflm-cortex-m7');
    const diags = await settledDiagnostics(api, softmax(), (d) => d.some((x) => codeOf(x) === 'tflm/rejected'));
    const d = diags.find((x) => codeOf(x) === 'tflm/rejected');
    assert.ok(d, describe(diags));
    assert.match(d.message, /zero_point != -128 .*Node SOFTMAX \(number 1\) failed to prepare with status 1/);
    const r = await exported(softmax());
    assert.equal(r.summary.verdict, 'fail');
    assert.equal(r.tflm?.error?.node, 1);
  });

  test('a model TFLM runs: TFLM\'s arena in the report and the overview, never rejected, and the answer is cached', async () => {
    const api = await activate();
    await setTarget(api, 'tflm-cortex-m7');
    await vscode.commands.executeCommand('deploylens.analyzeModel', tconv());
    await api.whenIdle();
    const r = await exported(tconv());
    assert.equal(r.tflm?.status, 'answered', JSON.stringify(r.tflm?.error));
    // CMSIS-NN's transpose convolution: TFLM's head 2,352 B (docs/tflm-runtime.md), the planner 1,536 B.
    assert.equal(r.tflm?.arena?.headBytes, 2352);
    assert.equal(r.summary.arenaBytes, r.tflm?.arena?.minimumBytes);
    assert.equal(r.summary.arenaSource, 'tflm');
    assert.ok(r.diagnostics.some((d) => d.code === 'tflm/arena-differs'));
    assert.ok(!r.diagnostics.some((d) => d.severity === 'error'), JSON.stringify(r.diagnostics));

    await vscode.commands.executeCommand('vscode.openWith', tconv(), 'deploylens.modelOverview');
    const posted = await waitFor('the overview analysis with TFLM\'s answer', async () => {
      const states = await vscode.commands.executeCommand<{ uri: string; posted: Record<string, { payload?: { ok: boolean; report?: Report } }> }[]>('deploylens.internal.panelState', 'deploylens.modelOverview');
      const p = states.find((x) => x.uri === tconv().toString())?.posted['analysis']?.payload;
      return p?.ok && p.report?.tflm ? p.report : undefined;
    }, 30_000);
    assert.equal(posted.tflm!.arena!.headBytes, 2352);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // Same file, another CMSIS-NN target: the cached answer, no new TFLM run.
    const runs = await tflmRuns();
    await setTarget(api, 'tflm-cortex-m4');
    await vscode.commands.executeCommand('deploylens.analyzeModel', tconv());
    await api.whenIdle();
    const again = await exported(tconv());
    assert.equal(again.target?.id, 'tflm-cortex-m4');
    assert.equal(again.tflm?.arena?.headBytes, 2352);
    assert.equal(await tflmRuns(), runs);
  });

  test('ONNX models and other targets: TFLM does not run', async () => {
    const api = await activate();
    const runs = await tflmRuns();
    await setTarget(api, 'coral-edgetpu');
    await vscode.commands.executeCommand('deploylens.analyzeModel', tconv());
    await api.whenIdle();
    assert.equal((await exported(tconv())).tflm, undefined);
    await setTarget(api, 'tflm-cortex-m7');
    const kws = workspaceUri('models', 'kws.onnx');
    await vscode.commands.executeCommand('deploylens.analyzeModel', kws);
    await api.whenIdle();
    assert.equal((await exported(kws)).tflm, undefined);
    assert.equal(await tflmRuns(), runs);
  });
});
