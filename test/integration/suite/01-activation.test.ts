// The extension loads from the repo (extensionDevelopmentPath), activates on a workspace with
// models, returns its API and registers every command of the contract.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activate } from './helpers';

export const COMMANDS = [
  'deploylens.selectTarget',
  'deploylens.analyzeModel',
  'deploylens.openModelAsText',
  'deploylens.showModelOverview',
  'deploylens.compareTargets',
  'deploylens.exportReport',
  'deploylens.showLog',
];

suite('activation', () => {
  test('the extension is present and activated by the workspace’s model files', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    // workspaceContains:**/*.onnx activates it without the suite's help (give the host a moment
    // after startup rather than activating it ourselves, which would hide a broken activation event)
    const deadline = Date.now() + 15_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true, 'not activated by workspaceContains');
  });

  test('activate() returns { whenIdle }, which resolves', async () => {
    const api = await activate();
    await api.whenIdle();
  });

  test('every contract command is registered', async () => {
    await activate();
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `missing commands: ${missing.join(', ')}`);
  });

  test('every contract command is contributed in package.json (palette titles)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const pkg = ext.packageJSON as { contributes?: { commands?: { command: string }[] } };
    const contributed = new Set((pkg.contributes?.commands ?? []).map((c) => c.command));
    const missing = COMMANDS.filter((c) => !contributed.has(c));
    assert.deepEqual(missing, [], `not in contributes.commands: ${missing.join(', ')}`);
  });
});
