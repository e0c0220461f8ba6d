// Module roll-ups (issue 17): the panels get the model's module tree with its payload (overview,
// partitions, memory), and a module links to the `self.x = ...` line of the training script that
// exports the model — from Problems' related information and from a panel's module row.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KWS_SCRIPT } from '../makeWorkspace';
import { activate, closeAllEditors, codeOf, describe, exists, model, modelTextUri, setTarget, waitFor, workspaceUri } from './helpers';

interface Tree { modules: { path: string; label: string; totals: { items: number; verdict: string } }[] }
interface PanelRecord { uri: string; posted: Record<string, unknown> }

const PARTITIONS = 'deploylens.partitions';

async function modulesOf(uri: vscode.Uri): Promise<Tree> {
  await vscode.commands.executeCommand('deploylens.showPartitions', uri);
  return waitFor(`the module tree of ${uri.path}`, async () => {
    const p = (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', PARTITIONS)).find((x) => x.uri === uri.toString());
    const payload = (p?.posted['analysis'] as { payload?: { ok: boolean; fileName: string; modules?: Tree } } | undefined)?.payload;
    // the panel is reused for the next model: wait for this one's analysis
    return payload?.ok && payload.fileName === uri.path.split('/').pop() && payload.modules ? payload.modules : undefined;
  }, 120_000);
}

const lineOf = (text: string) => KWS_SCRIPT.split('\n').findIndex((l) => l.includes(text));

suite('module roll-ups and their script lines', () => {
  suiteTeardown(closeAllEditors);

  test('a TFLite model rolls up by its TensorFlow scopes (person_detect: MobilenetV1 → 27 layers)', async function () {
    const uri = model('shared/person_detect.tflite');
    if (!(await exists(uri))) return this.skip();
    await activate();
    const tree = await modulesOf(uri);
    const body = tree.modules.find((m) => m.path === 'MobilenetV1/MobilenetV1');
    assert.ok(body, tree.modules.map((m) => m.path).join(', '));
    assert.equal(body.totals.items, 27);
  });

  test('vit_b_16 and mobilenet_v3_large roll up by their torch module paths', async function () {
    const vit = workspaceUri('models', 'big', 'vit_b_16.onnx');
    const mv3 = workspaceUri('models', 'big', 'mobilenet_v3_large.onnx');
    if (!(await exists(vit)) || !(await exists(mv3))) return this.skip();
    this.timeout(180_000);
    await activate();
    const t1 = await modulesOf(vit);
    assert.ok(t1.modules.some((m) => m.path === 'encoder.layers.encoder_layer_11.self_attention'));
    assert.ok(t1.modules.length < 150, `${t1.modules.length} modules`);
    const t2 = await modulesOf(mv3);
    assert.ok(t2.modules.some((m) => m.path.startsWith('features.15')));
    assert.ok(t2.modules.some((m) => m.path === 'classifier'));
  });

  test('a finding\'s module links to the self.x = ... line of the script that exports the model', async () => {
    const api = await activate();
    await closeAllEditors();
    const script = workspaceUri('scripts', 'train_kws.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(script));
    await setTarget(api, 'ethos-u55-128');
    try {
      const stemLine = lineOf('self.stem = Stem(64)');
      const diag = await waitFor('a finding on /stem/conv/Conv linked to the script', () => {
        const d = vscode.languages.getDiagnostics(modelTextUri(model('kws.onnx'))).find((x) => /\/stem\/conv\/Conv/.test(x.message)
          && (x.relatedInformation ?? []).some((r) => r.location.uri.toString() === script.toString()));
        return d;
      }, 30_000).catch(() => assert.fail(describe(vscode.languages.getDiagnostics(modelTextUri(model('kws.onnx'))))));
      const link = diag.relatedInformation!.find((r) => r.location.uri.toString() === script.toString())!;
      // The innermost module with a known line: `self.conv = nn.Conv2d(...)` in Stem when the script
      // was exported on save (every module's call site), else `self.stem = Stem(64)` (static, first level).
      const exact = /module stem\.conv is built here/.test(link.message);
      assert.match(link.message, /module stem(\.conv)? is built here/);
      assert.equal(link.location.range.start.line, exact ? lineOf('self.conv = nn.Conv2d(1, channels') : stemLine, `${codeOf(diag)}: ${link.message}`);
    } finally {
      await setTarget(api, undefined);
    }
  });

  test('a module row opens the script at the line that builds it; the payload names the lines', async () => {
    await activate();
    const script = workspaceUri('scripts', 'train_kws.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(script));
    await vscode.commands.executeCommand('deploylens.showPartitions', model('kws.onnx'));
    const sources = await waitFor('the module sources in the payload', async () => {
      const p = (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', PARTITIONS)).find((x) => x.uri === model('kws.onnx').toString());
      const payload = (p?.posted['analysis'] as { payload?: { moduleSources?: { scriptName: string; sites: Record<string, number> } } } | undefined)?.payload;
      return payload?.moduleSources;
    }, 30_000);
    assert.equal(sources.scriptName, 'train_kws.py');
    assert.equal(sources.sites['blocks'], lineOf('self.blocks = ') + 1);
    assert.equal(sources.sites['stem'], lineOf('self.stem = Stem(64)') + 1);
    const response = await vscode.commands.executeCommand<{ ok: boolean; error?: string }>('deploylens.internal.panelMessage', PARTITIONS, { type: 'openModuleSource', id: 41, module: 'blocks.2.depthwise' }, model('kws.onnx').toString());
    assert.equal(response?.ok, true, response?.error);
    const editor = await waitFor('the script editor', () => (vscode.window.activeTextEditor?.document.uri.toString() === script.toString() ? vscode.window.activeTextEditor : undefined));
    // the innermost module with a line: blocks.2.depthwise after an export on save, else blocks
    const expected = sources.sites['blocks.2.depthwise'] !== undefined ? lineOf('self.depthwise = nn.Conv2d') : lineOf('self.blocks = ');
    assert.equal(editor.selection.active.line, expected);
  });
});
