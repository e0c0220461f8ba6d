// Problems that help (issue 17): each finding once — also with the text view open —, the same
// problem on many nodes one entry listing them with a count, and every finding of a binary model
// opening the model's text view on its node.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, codeOf, describe, exists, model, modelTextUri, ours, settledDiagnostics, waitFor, workspaceUri } from './helpers';

const BLOCKS = 8;

/** Every DeployLens diagnostic VS Code holds for a model: the file, its text view, anything else that names it. */
function everywhere(m: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics()
    .filter(([uri]) => uri.toString() === m.toString() || (uri.scheme === 'deploylens-model' && uri.query === m.toString()))
    .flatMap(([, ds]) => ds)
    .filter((d) => d.source === 'DeployLens');
}

/** What clicking an entry in Problems does: open its resource with its range selected. */
async function openProblem(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('vscode.open', uri, { selection: d.range, preview: false });
  return waitFor('the opened problem', () => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.toString() === uri.toString() ? e : undefined;
  });
}

suite('Problems: each finding once, alike findings grouped, binary findings on their node', () => {
  suiteTeardown(closeAllEditors);

  test('the same problem on every block is one entry listing its nodes with a count', async () => {
    const api = await activate();
    const uri = model('blocks.onnx');
    const diags = await settledDiagnostics(api, uri);
    const erf = diags.filter((d) => codeOf(d) === 'compat/unsupported-op');
    assert.equal(erf.length, 1, `one entry for Erf on ${BLOCKS} blocks:\n  ${describe(diags)}`);
    assert.match(erf[0]!.message, new RegExp(`^${BLOCKS} nodes alike — Node '/blocks/blocks\\.0/act/Erf' .*\\(also '/blocks/blocks\\.1/act/Erf', '/blocks/blocks\\.2/act/Erf', '/blocks/blocks\\.3/act/Erf', … \\+${BLOCKS - 4} more\\)`));
    // each other node is one click away
    // the next few are one click away (the text view squiggles them all); the rest are counted
    const related = erf[0]!.relatedInformation ?? [];
    assert.equal(related.filter((r) => /^also node \d+ '\/blocks\/blocks\.\d\/act\/Erf'$/.test(r.message)).length, 4, related.map((r) => r.message).join('\n'));
    assert.ok(related.some((r) => r.message.startsWith(`… and ${BLOCKS - 1 - 4} more nodes`)), related.map((r) => r.message).join('\n'));
    const identity = diags.filter((d) => codeOf(d) === 'hint/identity');
    assert.equal(identity.length, 1, describe(identity));
    assert.match(identity[0]!.message, new RegExp(`^${BLOCKS + 1} nodes alike — `));
  });

  test('opening the model as text adds no entry: its squiggles are the same diagnostics', async () => {
    const api = await activate();
    const uri = model('blocks.onnx');
    await settledDiagnostics(api, uri);
    const before = everywhere(uri).map((d) => `${codeOf(d)} ${d.message}`).sort();
    await vscode.commands.executeCommand('deploylens.openModelAsText', uri);
    const editor = await waitFor('the text view', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'deploylens-model' && e.document.getText().includes('blocks.7') ? e : undefined;
    });
    await api.whenIdle();
    const after = everywhere(uri).map((d) => `${codeOf(d)} ${d.message}`).sort();
    assert.deepEqual(after, before, 'the text view published findings of its own');
    // the squiggle sits on the first Erf's code, not on the header
    const onView = vscode.languages.getDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'compat/unsupported-op');
    assert.ok(onView, 'the text view shows the Erf finding');
    const line = editor.document.lineAt(onView.range.start.line).text;
    assert.match(line, /Erf\(/, `the Erf finding squiggles "${line}"`);
    assert.match(line.slice(onView.range.start.character, onView.range.end.character), /= Erf\(/, 'the squiggle covers the code part of the line');
    assert.ok(!line.slice(onView.range.start.character, onView.range.end.character).includes('#'), 'the squiggle stops before the comment');
    // another block's Erf (squiggled, no entry of its own): its hover says which entry it belongs to
    const other = Array.from({ length: editor.document.lineCount }, (_, i) => i).find((i) => i !== onView.range.start.line && /= Erf\(/.test(editor.document.lineAt(i).text));
    assert.ok(other !== undefined, 'a second Erf line');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(other, 4));
    // As rendered: MarkdownString.appendText escapes spaces and punctuation.
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n')
      .replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
    assert.match(text, new RegExp(`compat/unsupported-op: one of ${BLOCKS} nodes with this finding \\(listed once in Problems, at line ${onView.range.start.line + 1}\\)`), text.slice(0, 400));
  });

  test('clicking a finding of a binary model opens the text view on its node', async () => {
    const api = await activate();
    await closeAllEditors();
    const uri = model('gelu.onnx');
    await settledDiagnostics(api, uri);
    // Problems lists the finding under the model's text view, with the node's range
    const entry = vscode.languages.getDiagnostics(modelTextUri(uri)).find((d) => codeOf(d) === 'compat/unsupported-op');
    assert.ok(entry, `no compat/unsupported-op on ${modelTextUri(uri).toString()}:\n  ${describe(ours(uri))}`);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0, 'nothing is left on the binary file itself ([Ln 1, Col 1])');
    const editor = await openProblem(modelTextUri(uri), entry);
    assert.equal(editor.document.languageId, 'deploylens-model');
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(line, /gelu\/Erf/, `the click landed on "${line}"`);
  });

  test('a model that cannot be read keeps its one error on the file', async () => {
    const api = await activate();
    const diags = await settledDiagnostics(api, model('broken.onnx'));
    assert.equal(diags.length, 1, describe(diags));
    assert.equal(vscode.languages.getDiagnostics(model('broken.onnx')).length, 1, 'the read error is on the file');
  });

  test('vit_b_16 with its text view open: each finding once, at most 30 entries for the findings that repeat', async function () {
    const uri = workspaceUri('models', 'big', 'vit_b_16.onnx');
    if (!(await exists(uri))) {
      this.skip();
      return;
    }
    this.timeout(120_000);
    const api = await activate();
    await settledDiagnostics(api, uri);
    await vscode.commands.executeCommand('deploylens.openModelAsText', uri);
    await api.whenIdle();
    const all = everywhere(uri);
    const keys = all.map((d) => `${d.range.start.line}:${codeOf(d)}:${d.message}`);
    assert.equal(new Set(keys).size, keys.length, 'a finding is listed twice');
    const grouped = all.filter((d) => /^\d+ nodes alike — /.test(d.message));
    assert.ok(grouped.length > 0 && grouped.length <= 30, `${grouped.length} entries for findings that repeat`);
    const identity = all.filter((d) => codeOf(d) === 'hint/identity');
    assert.equal(identity.length, 1, 'the 72 Identity hints are one entry');
    assert.match(identity[0]!.message, /^72 nodes alike — /);
    assert.ok(all.length <= 30, `${all.length} entries in Problems for vit_b_16:\n  ${describe(all)}`);
  });
});
