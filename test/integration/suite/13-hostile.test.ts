// Issue 12 in the real editor: a repository's hostile files cannot take the extension down or make
// it stop answering. A model that runs past the analysis budget (`deploylens.analysisTimeoutSeconds`)
// gets one `limits/analysis-stopped` error while a training script typed meanwhile is checked and
// another model is analyzed; hostile workspace profiles (nested 200k deep, 2 MiB, a symlink to
// /dev/zero) are refused by the worker that reads profiles, and the other profiles still load.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { reluChain } from '../../hostile/corpus';
import type { DeployLensApi } from './helpers';
import { activate, closeAllEditors, codeOf, describe, model, ours, setTarget, waitFor, workspaceUri } from './helpers';

interface Analyzed { uri: vscode.Uri; ok: boolean; error?: string }
type Api = DeployLensApi & { onDidAnalyze: vscode.Event<Analyzed> };

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('deploylens').update(key, value, vscode.ConfigurationTarget.Workspace);
}

suite('Hostile input (issue 12)', () => {
  const slow = model('hostile-50k.onnx');
  const link = workspaceUri('.deploylens', 'targets', 'zero.json');
  const deep = workspaceUri('.deploylens', 'targets', 'deep.json');
  const big = workspaceUri('.deploylens', 'targets', 'big.json');

  teardown(async () => {
    await closeAllEditors();
    await setSetting('analysisTimeoutSeconds', undefined);
    if (fs.existsSync(slow.fsPath)) fs.rmSync(slow.fsPath);
    for (const f of [link, deep, big]) if (fs.lstatSync(f.fsPath, { throwIfNoEntry: false })) fs.rmSync(f.fsPath);
    const api = await activate();
    await api.whenIdle();
  });

  test('a model over the time budget gets one clear error; a script typed meanwhile and another model are answered first', async () => {
    const api = await activate() as Api;
    await setTarget(api, undefined);
    await setSetting('analysisTimeoutSeconds', 1);
    // 50,000 nodes (the node limit): seconds of analysis, well past a 1 s budget.
    const events: string[] = [];
    const sub = api.onDidAnalyze((r) => { if (r.uri.toString() === slow.toString()) events.push(r.ok ? 'model ok' : 'model stopped'); });
    try {
      fs.writeFileSync(slow.fsPath, reluChain(50_000));
      const analysis = vscode.commands.executeCommand('deploylens.analyzeModel', slow);
      // While it runs: a training script is checked, and another model is analyzed by the other worker.
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\n\nact = nn.GELU()\n' });
      await vscode.window.showTextDocument(doc);
      await waitFor('the script diagnostic while the hostile model is analyzed', () => (ours(doc.uri).some((d) => /GELU/.test(doc.getText(d.range))) ? true : undefined), 15_000);
      events.push('script');
      await vscode.commands.executeCommand('deploylens.analyzeModel', model('gelu.onnx'));
      events.push('other model');
      await analysis;
      const diags = await waitFor('the stopped model\'s error', () => (ours(slow).length > 0 ? ours(slow) : undefined), 30_000);
      assert.ok(events.indexOf('script') < events.findIndex((e) => e.startsWith('model')), `order: ${events.join(', ')}`);
      assert.ok(events.indexOf('other model') < events.findIndex((e) => e.startsWith('model')), `order: ${events.join(', ')}`);
      if (events.includes('model stopped')) {
        assert.equal(diags.length, 1, describe(diags));
        assert.equal(codeOf(diags[0]!), 'limits/analysis-stopped');
        assert.match(diags[0]!.message, /hostile-50k\.onnx: analysis stopped: over the 1 s time budget/);
      }
      // The worker that was stopped is replaced: the next analysis works.
      await setSetting('analysisTimeoutSeconds', undefined);
      await vscode.commands.executeCommand('deploylens.analyzeModel', model('gelu.onnx'));
      assert.ok(ours(model('gelu.onnx')).some((d) => codeOf(d) === 'compat/unsupported-op'), describe(ours(model('gelu.onnx'))));
    } finally {
      sub.dispose();
    }
  });

  test('hostile workspace profiles are refused by the worker that reads them; the other profiles still load', async () => {
    const api = await activate();
    // A symlink to /dev/zero (the workspace search does not even list it), 200k nested brackets and a 2 MiB profile.
    fs.symlinkSync('/dev/zero', link.fsPath);
    fs.writeFileSync(deep.fsPath, '['.repeat(200_000) + ']'.repeat(200_000));
    fs.writeFileSync(big.fsPath, `{"id": "big", "name": "${'n'.repeat(2 * 1024 * 1024)}"}`);
    const diagnostic = (uri: vscode.Uri, what: string): Promise<vscode.Diagnostic[]> => waitFor(what, () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    }, 15_000);
    assert.match((await diagnostic(deep, 'a diagnostic on deep.json'))[0]!.message, /nested deeper than 64 levels/);
    assert.match((await diagnostic(big, 'a diagnostic on big.json'))[0]!.message, /larger than the 1 MiB a target profile may be/);
    await api.whenIdle();
    await setTarget(api, 'team-board');
    assert.ok(ours(model('gelu.onnx')).length > 0, 'models are still judged, on the workspace profile');
    await setTarget(api, undefined);
  });
});
