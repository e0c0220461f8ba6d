// Training-script checks in the real editor (issue 6): typing an op the target cannot run squiggles
// its exact call, the quick fix's edit removes the finding, untitled scripts are checked too, late
// answers for old versions are dropped, a target change re-checks, and the export call links to
// the exported model (CodeLens) with per-module costs (inlay hints) and hovers per target.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KWS_SCRIPT } from '../makeWorkspace';
import type { DeployLensApi } from './helpers';
import { activate, closeAllEditors, codeOf, describe, model, setTarget, waitFor, workspaceUri } from './helpers';

const script = (): vscode.Uri => workspaceUri('scripts', 'train_kws.py');
/** The Stem's `self.relu = nn.ReLU()` line: the test types a GELU layer after it. */
const STEM_RELU = '        self.relu = nn.ReLU()\n';

const scriptDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DeployLens');

/** Diagnostics once the checker has settled on the document's current text. */
async function settled(api: DeployLensApi, uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(what, async () => {
    await api.whenIdle();
    const d = scriptDiagnostics(uri);
    return predicate(d) ? d : undefined;
  }, 15_000).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}; DeployLens diagnostics now:\n  ${describe(scriptDiagnostics(uri))}`);
  });
}

const geluFindings = (doc: vscode.TextDocument, d: vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => /GELU/.test(doc.getText(x.range)));

async function typeAt(editor: vscode.TextEditor, position: vscode.Position, text: string): Promise<void> {
  editor.selection = new vscode.Selection(position, position);
  for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
}

async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.languageId === 'python') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await closeAllEditors();
}

suite('Python training scripts', () => {
  teardown(revertAll);

  test('typing nn.GELU() squiggles exactly that call on TFLite Micro, and the quick fix removes it', async () => {
    const api = await activate();
    await setTarget(api, undefined); // the default: TFLite Micro on Cortex-M7
    const doc = await vscode.workspace.openTextDocument(script());
    const editor = await vscode.window.showTextDocument(doc);
    const before = await settled(api, doc.uri, () => true, 'the fixture script to be checked');
    assert.equal(geluFindings(doc, before).length, 0, `the fixture has no GELU yet:\n  ${describe(before)}`);

    const line = KWS_SCRIPT.slice(0, KWS_SCRIPT.indexOf(STEM_RELU) + STEM_RELU.length).split('\n').length - 1;
    await typeAt(editor, new vscode.Position(line, 0), '        self.act = nn.GELU()\n');
    const diags = await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'a diagnostic on the typed nn.GELU()');
    const [gelu] = geluFindings(doc, diags);
    assert.ok(gelu);
    assert.equal(doc.getText(gelu.range), 'nn.GELU()', 'the diagnostic covers the call, not the line');
    assert.equal(gelu.range.start.line, line);
    assert.equal(gelu.severity, vscode.DiagnosticSeverity.Error, describe([gelu]));
    assert.ok(gelu.code && typeof gelu.code === 'object' && gelu.code.target instanceof vscode.Uri, 'the code links to the docs');
    assert.match(String(codeOf(gelu)), /^[a-z-]+\/[a-z0-9-]+$/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, gelu.range, vscode.CodeActionKind.QuickFix.value);
    // the command's result carries the edit and title (diagnostics do not survive the conversion)
    const fixes = actions.filter((a) => a.edit && / — /.test(a.title));
    assert.ok(fixes.length > 0, `no DeployLens quick fix for ${describe([gelu])}; actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fixes[0]!.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fixes[0]!.edit!), 'the quick fix edit applies');
    const same = (d: vscode.Diagnostic): boolean => d.range.start.line === line && codeOf(d) === codeOf(gelu);
    await settled(api, doc.uri, (d) => !d.some(same), `the ${codeOf(gelu)} finding to go after "${fixes[0]!.title}"`);
    assert.notEqual(doc.lineAt(line).text, '        self.act = nn.GELU()', 'the fix changed the line');
  });

  test('an untitled script is checked from its unsaved text', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\n\nact = nn.GELU()\n' });
    await vscode.window.showTextDocument(doc);
    const diags = await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'a diagnostic on nn.GELU() in the untitled script');
    assert.equal(doc.getText(geluFindings(doc, diags)[0]!.range), 'nn.GELU()');
  });

  test('results of older versions are dropped: type and delete quickly, the final text decides', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\n\n' });
    const editor = await vscode.window.showTextDocument(doc);
    await settled(api, doc.uri, () => true, 'the empty script');
    const at = new vscode.Position(2, 0);
    await editor.edit((e) => e.insert(at, 'act = nn.GELU()\n'));
    await editor.edit((e) => e.delete(new vscode.Range(at, new vscode.Position(3, 0))));
    await editor.edit((e) => e.insert(at, 'act = nn.ReLU()\n'));
    await api.whenIdle();
    await new Promise((r) => setTimeout(r, 400)); // longer than the debounce: anything late would have landed
    await api.whenIdle();
    assert.equal(geluFindings(doc, scriptDiagnostics(doc.uri)).length, 0, `a finding of an old version survived:\n  ${describe(scriptDiagnostics(doc.uri))}`);
  });

  test('a target change re-checks open scripts', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\n\nact = nn.GELU()\n' });
    await vscode.window.showTextDocument(doc);
    await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'the GELU finding on TFLite Micro');
    try {
      await setTarget(api, 'ort-cpu-desktop'); // ONNX Runtime on a desktop CPU runs GELU
      await settled(api, doc.uri, (d) => geluFindings(doc, d).every((x) => x.severity !== vscode.DiagnosticSeverity.Error), 'no GELU error on ort-cpu-desktop');
    } finally {
      await setTarget(api, undefined);
    }
    await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'the GELU finding back on TFLite Micro');
  });

  test('the export call has a CodeLens on models/kws.onnx that opens its overview', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument(script());
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('a DeployLens CodeLens on the export call', async () => {
      await api.whenIdle();
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      const ours = l.filter((x) => x.command?.command === 'deploylens.showModelOverview');
      return ours.length > 0 ? ours : undefined;
    }, 15_000);
    assert.equal(lenses.length, 1);
    const lens = lenses[0]!;
    assert.match(doc.getText(lens.range), /^torch\.onnx\.export\(/);
    assert.match(lens.command!.title, /^PASS — kws\.onnx on TFLite Micro.*: peak [\d.]+ KiB of [\d.]+ KiB SRAM — open overview$/);
    const [arg] = lens.command!.arguments ?? [];
    assert.ok(arg instanceof vscode.Uri && arg.toString() === model('kws.onnx').toString(), `the lens opens models/kws.onnx, not ${String(arg)}`);
  });

  test('hovering a layer lists its exported ops and its support on every built-in target', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\n\nact = nn.GELU()\n' });
    await vscode.window.showTextDocument(doc);
    await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'the GELU finding');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /TFLite builtins/);
    // grouped by verdict: one line per reason, the targets listed after it
    assert.match(text, /^- ✗ no GELU kernel: .*`tflm-cortex-m7`\*\* \(active\)/m);
    assert.match(text, /^- ✓ runs on: .*`ort-cpu-desktop`/m);
  });

  test('inlay hints give per-module cost of the exported model at the self.X lines', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument(script());
    await vscode.window.showTextDocument(doc);
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await waitFor('inlay hints', async () => {
      await api.whenIdle();
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, full);
      return h.length > 0 ? h : undefined;
    }, 15_000);
    const blocksLine = doc.getText().split('\n').findIndex((l) => l.includes('self.blocks ='));
    const blocks = hints.find((h) => h.position.line === blocksLine);
    assert.ok(blocks, `no hint at self.blocks (line ${blocksLine}); hints at lines ${hints.map((h) => h.position.line).join(', ')}`);
    const label = typeof blocks.label === 'string' ? blocks.label : blocks.label.map((p) => p.value).join('');
    assert.match(label, /MAC/i);
  });

  test('deploylens.scripts.enabled = false clears the findings', async () => {
    const api = await activate();
    await setTarget(api, undefined);
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\n\nact = nn.GELU()\n' });
    await vscode.window.showTextDocument(doc);
    await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'the GELU finding');
    const config = vscode.workspace.getConfiguration('deploylens.scripts');
    try {
      await config.update('enabled', false, vscode.ConfigurationTarget.Workspace);
      await settled(api, doc.uri, (d) => d.length === 0, 'no findings with scripts disabled');
    } finally {
      await config.update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await settled(api, doc.uri, (d) => geluFindings(doc, d).length > 0, 'the GELU finding back');
  });
});
