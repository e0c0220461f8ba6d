// The commands of the contract, called with a model's URI the way menus and code lenses call them.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GELU_NODE_NAMES } from '../makeWorkspace';
import { activate, closeAllEditors, codeOf, describe, model, waitFor, workspaceUri } from './helpers';

const activeTabInput = (): unknown => vscode.window.tabGroups.activeTabGroup.activeTab?.input;

async function openedDocument(scheme: string, match: (d: vscode.TextDocument) => boolean = () => true): Promise<vscode.TextDocument> {
  return waitFor(`a ${scheme} document`, () => {
    const active = vscode.window.activeTextEditor?.document;
    if (active && active.uri.scheme === scheme && match(active)) return active;
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === scheme && match(d));
  });
}

suite('commands', () => {
  setup(closeAllEditors);
  suiteTeardown(closeAllEditors);

  test('openModelAsText: read-only deploylens-model document, one line per node', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('deploylens.openModelAsText', model('gelu.onnx'));
    const doc = await openedDocument('deploylens-model', (d) => d.getText().includes('gelu/Erf'));
    const lines = doc.getText().split(/\r?\n/);
    const lineOf = GELU_NODE_NAMES.map((name) => lines.findIndex((l) => new RegExp(`(^|[^\\w/])${name.replace('/', '\\/')}([^\\w/]|$)`).test(l)));
    assert.ok(lineOf.every((i) => i >= 0), `node names missing from the text view: ${GELU_NODE_NAMES.filter((_, i) => lineOf[i]! < 0).join(', ')}`);
    assert.equal(new Set(lineOf).size, GELU_NODE_NAMES.length, 'each node has its own line');

    // Read-only: nothing can write the scheme. (TextEditor.edit() is no probe: VS Code 1.100 applies
    // API edits to content-provider documents too; the editor's read-only state is a UI property,
    // which scripts/vscode/run-ui.ts checks by typing into the view.)
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem('deploylens-model'), true, 'the deploylens-model scheme is writable');

    // its diagnostics sit on the node lines: the Erf error on the Erf line
    await api.whenIdle();
    const erfLine = lineOf[GELU_NODE_NAMES.indexOf('gelu/Erf')]!;
    const diags = await waitFor('diagnostics on the text view', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.some((x) => codeOf(x) === 'compat/unsupported-op') ? d : undefined;
    }).catch(() => vscode.languages.getDiagnostics(doc.uri));
    const erf = diags.find((d) => codeOf(d) === 'compat/unsupported-op');
    assert.ok(erf, `no compat/unsupported-op on ${doc.uri.toString()}:\n  ${describe(diags)}`);
    assert.equal(erf.range.start.line, erfLine, `on line ${erf.range.start.line}: "${lines[erf.range.start.line]}", Erf is on ${erfLine}`);
  });

  test('showModelOverview opens the custom editor deploylens.modelOverview', async () => {
    await activate();
    await vscode.commands.executeCommand('deploylens.showModelOverview', model('kws.onnx'));
    const input = await waitFor('the overview tab', () => {
      const i = activeTabInput();
      return i instanceof vscode.TabInputCustom ? i : undefined;
    }).catch(() => assert.fail(`active tab input: ${JSON.stringify(activeTabInput())}`));
    assert.equal(input.viewType, 'deploylens.modelOverview');
    assert.equal(input.uri.toString(), model('kws.onnx').toString());
  });

  for (const format of ['markdown', 'json', 'sarif'] as const) {
    test(`exportReport writes ${format} to the given destination without a dialog`, async () => {
      await activate();
      const ext = { markdown: 'md', json: 'json', sarif: 'sarif' }[format];
      const dest = workspaceUri('out', `gelu.${ext}`);
      await vscode.commands.executeCommand('deploylens.exportReport', model('gelu.onnx'), format, dest);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(dest));
      if (format === 'markdown') {
        assert.match(text, /gelu\/Erf/);
        assert.match(text, /compat\/unsupported-op/);
      } else if (format === 'json') {
        const r = JSON.parse(text) as { target?: { id?: string }; diagnostics?: { code: string }[] };
        assert.equal(r.target?.id, 'tflm-cortex-m7');
        assert.ok(r.diagnostics?.some((d) => d.code === 'compat/unsupported-op'));
      } else {
        const s = JSON.parse(text) as { version?: string; runs?: { results?: { ruleId?: string }[] }[] };
        assert.equal(s.version, '2.1.0');
        assert.ok(s.runs?.[0]?.results?.some((r) => r.ruleId === 'compat/unsupported-op'));
      }
    });
  }

  test('analyzeModel with a URI runs without a picker', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('deploylens.analyzeModel', model('kws.onnx'));
    await api.whenIdle();
  });

  test('showLog reveals the DeployLens output channel', async () => {
    await activate();
    await vscode.commands.executeCommand('deploylens.showLog');
  });
});
