// Training code in a Jupyter notebook (issue 17): the Python code cells are checked as one program,
// so `nn.GELU()` in a cell whose `import torch.nn as nn` is two cells earlier gets the TFLite Micro
// error on that call, in that cell; its quick fix edits the cell and the error goes; hovers and the
// export call's CodeLens work in cells as in a .py file. The notebook is opened with VS Code's
// built-in .ipynb support.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, codeOf, describe, setTarget, waitFor, workspaceUri } from './helpers';

/** A command, with its name in the error (the workbench's own errors say only "Illegal argument"). */
async function exec<T>(command: string, ...args: unknown[]): Promise<T> {
  try {
    return await vscode.commands.executeCommand<T>(command, ...args);
  } catch (e) {
    throw new Error(`${command}(${args.map((a) => String(a)).join(', ')}): ${(e as Error).message}`);
  }
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DeployLens');

suite('Notebooks', function () {
  this.timeout(60_000);
  suiteSetup(closeAllEditors);
  teardown(closeAllEditors);

  test('nn.GELU() in a cell gets the TFLite Micro error and its quick fix; hover and the export CodeLens work in cells', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const file = workspaceUri('notebooks', 'train_kws.ipynb'); // makeWorkspace.ts writes it
    const nb = await vscode.workspace.openNotebookDocument(file);
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    assert.equal(cell.languageId, 'python');

    const gelu = await waitFor('the GELU finding in the model cell', async () => {
      await api.whenIdle();
      return ours(cell.uri).find((d) => cell.getText(d.range) === 'nn.GELU()');
    }, 20_000).catch((e: unknown) => { throw new Error(`${(e as Error).message}; cell diagnostics: ${describe(ours(cell.uri))}`); });
    assert.equal(gelu.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(gelu.range.start.line, 4, 'on the cell\'s own line, not the program\'s');
    assert.match(String(codeOf(gelu)), /^script\//);
    assert.match(gelu.message, /TFLite Micro/);
    // the import cell: `%pip` is IPython, not a syntax error; the markdown cell is not code
    assert.deepEqual(ours(nb.cellAt(1).document.uri), []);
    assert.deepEqual(ours(nb.cellAt(0).document.uri), []);

    const hovers = await exec<vscode.Hover[]>('vscode.executeHoverProvider', cell.uri, gelu.range.start.translate(0, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /TFLite builtins/);

    const exportCell = nb.cellAt(3).document;
    // The workbench resolves CodeLenses of cells it renders: bring the last cell into view (with the
    // panel of an earlier test open it may be below the fold).
    await vscode.commands.executeCommand('workbench.action.closePanel');
    vscode.window.activeNotebookEditor?.revealRange(new vscode.NotebookRange(3, 4), vscode.NotebookEditorRevealType.InCenter);
    let lastError = '';
    const lenses = await waitFor('the export CodeLens', async () => {
      const l = await exec<vscode.CodeLens[]>('vscode.executeCodeLensProvider', exportCell.uri).catch((e: unknown) => { lastError = (e as Error).message; return []; });
      return l.some((x) => /kws\.onnx on /.test(x.command?.title ?? '')) ? l : undefined;
    }, 20_000).catch((e: unknown) => { throw new Error(`${(e as Error).message} (${lastError})`); });
    assert.ok(lenses.some((x) => x.range.start.line === 0));

    const actions = await exec<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.uri, gelu.range, vscode.CodeActionKind.QuickFix.value);
    const fixes = actions.filter((a) => a.edit && / — /.test(a.title));
    assert.ok(fixes.length > 0, `quick fixes: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixes[0]!.edit!));
    assert.doesNotMatch(cell.lineAt(4).text, /GELU/, 'the fix edited the GELU line of this cell');
    assert.match(nb.cellAt(1).document.getText(), /^%pip install torch/, 'other cells untouched');
    await waitFor('the finding to go', async () => {
      await api.whenIdle();
      return ours(cell.uri).some((d) => d.range.start.line === 4 && d.severity === vscode.DiagnosticSeverity.Error) ? undefined : true;
    }, 20_000);
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
  });
});
