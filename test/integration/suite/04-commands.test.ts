// The commands of the contract, called with a model's URI the way menus and code lenses call them.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GELU_NODE_NAMES } from '../makeWorkspace';
import { analyzeFile } from '../../../src/core/analyze';
import { listBuiltinTargets } from '../../../src/core/targets/builtins';
import { formatShape } from '../../../src/core/units';
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

  test('the text view\'s outline: the author\'s modules, each node on its own line with its name and op (from what the worker packed)', async () => {
    await activate();
    await vscode.commands.executeCommand('deploylens.openModelAsText', model('gelu.onnx'));
    const doc = await openedDocument('deploylens-model', (d) => d.getText().includes('gelu/Erf'));
    const symbols = await waitFor('the outline', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s?.length ? s : undefined;
    });
    const flat: vscode.DocumentSymbol[] = [];
    const walk = (xs: vscode.DocumentSymbol[]) => xs.forEach((x) => { flat.push(x); walk(x.children); });
    walk(symbols);
    const report = analyzeFile(model('gelu.onnx').fsPath).report;
    const lines = doc.getText().split(/\r?\n/);
    for (const name of GELU_NODE_NAMES) {
      const node = report.nodes.find((n) => n.name === name)!;
      const symbol = flat.find((x) => x.kind === vscode.SymbolKind.Function && x.name === name);
      assert.ok(symbol, `${name} is not in the outline: ${flat.map((x) => x.name).join(', ')}`);
      assert.equal(symbol.detail, node.op);
      assert.ok(lines[symbol.range.start.line]!.includes(name), `${name}'s symbol is on "${lines[symbol.range.start.line]}"`);
    }
    assert.ok(flat.some((x) => x.kind === vscode.SymbolKind.Namespace && x.name === 'gelu'), 'the gelu module groups its nodes');
  });

  test('a model deleted under its open text view: the view says so, and DeployLens does not analyze it in a loop', async () => {
    const api = await activate() as Awaited<ReturnType<typeof activate>> & { onDidAnalyze: vscode.Event<{ uri: vscode.Uri }> };
    const copy = workspaceUri('models', 'deleted-under-view.onnx');
    await vscode.workspace.fs.copy(model('gelu.onnx'), copy, { overwrite: true });
    await vscode.commands.executeCommand('deploylens.openModelAsText', copy);
    const doc = await openedDocument('deploylens-model', (d) => d.uri.path.includes('deleted-under-view') && d.getText().includes('gelu/Erf'));
    await api.whenIdle();
    let analyses = 0;
    const sub = api.onDidAnalyze((r) => { if (r.uri.toString() === copy.toString()) analyses++; });
    try {
      await vscode.workspace.fs.delete(copy);
      await waitFor('the view to say the file is gone', () => (/could not read/.test(doc.getText()) ? true : undefined));
      const settled = analyses;
      await new Promise((r) => setTimeout(r, 1500));
      // Each analysis of the missing file used to re-announce the view, which asked for it again.
      assert.ok(analyses - settled <= 2, `${analyses - settled} more analyses in 1.5 s after the view showed the error (${analyses} in all)`);
      assert.ok(analyses <= 6, `${analyses} analyses of a deleted file`);
    } finally {
      sub.dispose();
    }
  });

  test("a text view's first hover on a node lists its support on every built-in target, as a full analysis on each target judges it", async () => {
    const api = await activate();
    const uri = model('gelu.onnx');
    await vscode.commands.executeCommand('deploylens.openModelAsText', uri);
    const doc = await openedDocument('deploylens-model', (d) => d.getText().includes('gelu/Erf'));
    // The table is computed in the background for the model the user looks at; once DeployLens is
    // idle, the first hover has it (no "still being computed").
    await api.whenIdle();
    const erfLine = doc.getText().split(/\r?\n/).findIndex((l) => /[^\w/]gelu\/Erf([^\w/]|$)/.test(l));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(erfLine, 4));
    // As rendered: markdownText escapes punctuation and HTML's special characters.
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n')
      .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
    assert.doesNotMatch(text, /still being computed/, 'the first hover after idle waited for the table');
    const rows = new Map<string, string>();
    for (const m of text.matchAll(/^\| (.+?) \| (✓|\? not checked|✗.*?) \|$/gm)) rows.set(m[1]!, m[2]!);
    const { report: own } = analyzeFile(uri.fsPath);
    const erf = own.nodes.findIndex((n) => n.name === 'gelu/Erf');
    assert.ok(erf >= 0, 'no gelu/Erf node in the model');
    // The output shape (from the outline the worker packs, not the tensor table) is the analysis's.
    const shape = formatShape(own.tensors[own.nodes[erf]!.outputs[0]!]?.shape ?? null);
    assert.ok(text.includes(`output ${shape}`), `the hover should say "output ${shape}":\n${text}`);
    for (const target of listBuiltinTargets()) {
      const mark = rows.get(target.name);
      assert.ok(mark, `no row for ${target.name} in the hover:\n${text}`);
      const full = analyzeFile(uri.fsPath, { targets: [target] }).report.nodes[erf]!;
      const expected = full.support === 'supported' ? '✓' : full.support === 'unknown' || full.support === undefined ? '? not checked' : '✗';
      assert.ok(mark.startsWith(expected), `${target.name}: the hover says "${mark}", a full analysis on it says ${full.support}`);
      if (expected === '✗') {
        const reason = full.reasons?.find((r) => r.outcome === 'violated')?.message;
        assert.ok(reason && mark.includes(reason), `${target.name}: the hover's reason "${mark}" is not the analysis's "${reason}"`);
      }
    }
    assert.ok([...rows.values()].some((m) => m.startsWith('✗')) && [...rows.values()].some((m) => m === '✓'), `Erf should run on some targets and not on others:\n${text}`);
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
