// The real compilers beside the prediction, in a real VS Code: without Vela nothing changes and no
// process starts; with Vela (deploylens.vela.command, the CI's ../shared/oracles/vela install) the
// report of an int8 TFLite model on Ethos-U gets Vela's answer in the background, the overview
// shows it, and a disagreement reaches the Problems panel; an edgetpu_compiler log loads by command.
// Untrusted workspaces: test/integration/restricted/ (run-integration.js --restricted).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../../src/core/report/report';
import { velaEdgeCases } from '../../fixtures/velaEdgeCases';
import { SINGLE_FC_EDGETPU_27 } from '../../fixtures/edgetpuLogs';
import { velaDir } from '../../support/velaOracle';
import { activate, codeOf, describe, setTarget, settledDiagnostics, waitFor, workspaceUri } from './helpers';

const dir = () => workspaceUri('models', 'oracles');
const softmax = () => vscode.Uri.joinPath(dir(), 'softmax_i16.tflite');
const fc = () => vscode.Uri.joinPath(dir(), 'fc.tflite');
const LOOSE = { id: 'ethos-loose-softmax', extends: 'ethos-u55-128', name: 'Ethos-U55 (team profile: SOFTMAX types unchecked)', operators: { SOFTMAX: { ioTypesMatch: false } } };

async function exported(uri: vscode.Uri): Promise<Report> {
  const dest = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-it-oracle-')), 'r.json'));
  await vscode.commands.executeCommand('deploylens.exportReport', uri, 'json', dest);
  return JSON.parse(fs.readFileSync(dest.fsPath, 'utf8')) as Report;
}

async function oracleState(): Promise<{ velaRuns: number; trusted: boolean }> {
  return vscode.commands.executeCommand('deploylens.internal.oracleState');
}

async function setVelaCommand(command: string[] | undefined): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('deploylens.vela')) { sub.dispose(); resolve(); } });
  });
  await vscode.workspace.getConfiguration('deploylens.vela').update('command', command, vscode.ConfigurationTarget.Workspace);
  await changed;
}

suite('real compilers beside the prediction', () => {
  suiteSetup(async () => {
    await vscode.workspace.fs.createDirectory(dir());
    await vscode.workspace.fs.writeFile(softmax(), velaEdgeCases().find((c) => c.id === 'softmax-int8-to-int16')!.model);
    await vscode.workspace.fs.writeFile(fc(), velaEdgeCases().find((c) => c.id === 'fc-per-axis-weights')!.model);
    await vscode.workspace.fs.writeFile(workspaceUri('.deploylens', 'targets', 'loose.json'), new TextEncoder().encode(JSON.stringify(LOOSE, null, 2)));
  });

  suiteTeardown(async () => {
    const api = await activate();
    await setVelaCommand(undefined);
    await setTarget(api, undefined);
    await vscode.workspace.fs.delete(dir(), { recursive: true });
    await vscode.workspace.fs.delete(workspaceUri('.deploylens', 'targets', 'loose.json'));
    await api.whenIdle();
  });

  test('without Vela nothing changes: no process starts, no oracle section, no pending state', async function () {
    const api = await activate();
    if (process.env.PATH?.split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, 'vela')))) return this.skip(); // a machine with vela on PATH
    const before = (await oracleState()).velaRuns;
    await setTarget(api, 'ethos-u55-128');
    await vscode.commands.executeCommand('deploylens.analyzeModel', softmax());
    await api.whenIdle();
    const r = await exported(softmax());
    assert.equal(r.target?.id, 'ethos-u55-128');
    assert.equal(r.oracles, undefined);
    assert.ok(!r.diagnostics.some((d) => d.code.startsWith('oracle/')));
    assert.equal((await oracleState()).velaRuns, before, 'no Vela process was started');
  });

  test('with Vela: its answer is added in the background, the overview shows it, and a disagreement is a finding in Problems', async function () {
    const vela = velaDir();
    if (!vela) return this.skip(); // Vela not installed (CI installs it: DEPLOYLENS_VELA_DIR)
    this.timeout(180_000);
    const api = await activate();
    assert.ok((await oracleState()).trusted, 'the suite runs in a trusted workspace');
    await setTarget(api, 'ethos-u55-128');
    const before = (await oracleState()).velaRuns;
    await setVelaCommand(['/usr/bin/env', `PYTHONPATH=${vela}`, '/usr/bin/python3', '-m', 'ethosu.vela']);
    await api.whenIdle();
    await vscode.commands.executeCommand('deploylens.analyzeModel', softmax());
    await api.whenIdle();
    const r = await exported(softmax());
    assert.equal(r.oracles?.vela?.status, 'answered', JSON.stringify(r.oracles?.vela?.error));
    assert.equal(r.oracles?.vela?.version, '3.10.0');
    assert.deepEqual(r.oracles?.vela?.disagreements, [], 'the built-in profile agrees with Vela');
    assert.equal(r.oracles?.vela?.cpuOps, 1, 'Vela keeps the int8→int16 SOFTMAX on the CPU');
    assert.ok((await oracleState()).velaRuns > before);

    // The overview of the model gets the report with Vela's section.
    await vscode.commands.executeCommand('vscode.openWith', softmax(), 'deploylens.modelOverview');
    const posted = await waitFor('the overview analysis with Vela', async () => {
      const states = await vscode.commands.executeCommand<{ uri: string; posted: Record<string, { payload?: { ok: boolean; report?: Report } }> }[]>('deploylens.internal.panelState', 'deploylens.modelOverview');
      const s = states.find((x) => x.uri === softmax().toString());
      const p = s?.posted['analysis']?.payload;
      return p?.ok && p.report?.oracles?.vela ? p.report : undefined;
    }, 30_000);
    assert.equal(posted.oracles!.vela!.status, 'answered');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // A team profile that would delegate the SOFTMAX: Vela disagrees, op by op, in Problems.
    const runs = (await oracleState()).velaRuns;
    await setTarget(api, 'ethos-loose-softmax');
    const diags = await settledDiagnostics(api, softmax(), (d) => d.some((x) => codeOf(x) === 'oracle/vela-disagrees'));
    const d = diags.find((x) => codeOf(x) === 'oracle/vela-disagrees');
    assert.ok(d, describe(diags));
    assert.match(d.message, /SOFTMAX .*Vela 3\.10\.0 places it on the CPU \(IFM and OFM data types must match.*DeployLens predicted the NPU/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal((await oracleState()).velaRuns, runs, 'same file, same Vela configuration: the cached answer');
  });

  test('Load Edge TPU Compiler Log: the compiler\'s table is beside the Coral prediction and its disagreement in Problems', async () => {
    const api = await activate();
    await setTarget(api, 'coral-edgetpu');
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-it-log-')), 'fc_edgetpu.log');
    fs.writeFileSync(log, SINGLE_FC_EDGETPU_27);
    assert.equal(await vscode.commands.executeCommand('deploylens.loadEdgeTpuLog', fc(), log), true);
    await api.whenIdle();
    const r = await exported(fc());
    assert.equal(r.oracles?.edgetpu?.tpuOps, 0);
    assert.deepEqual(r.oracles?.edgetpu?.disagreements, ['FULLY_CONNECTED']);
    const diags = await settledDiagnostics(api, fc(), (x) => x.some((y) => codeOf(y) === 'oracle/edgetpu-disagrees'));
    assert.ok(diags.some((x) => codeOf(x) === 'oracle/edgetpu-disagrees' && /2D output/.test(x.message)), describe(diags));
    // Forgetting the log takes its answer away again.
    assert.equal(await vscode.commands.executeCommand('deploylens.loadEdgeTpuLog', fc(), null), true);
    await api.whenIdle();
    assert.equal((await exported(fc())).oracles, undefined);
  });
});
