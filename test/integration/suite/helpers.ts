// Shared by the in-host test files (each bundle gets its own copy; the state lives in VS Code).

/// <reference types="mocha" />

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'deploylens.deploylens';

/** What activate() returns (the contract the suite is written against). */
export interface DeployLensApi {
  whenIdle(): Promise<void>;
}

export async function activate(): Promise<DeployLensApi> {
  const ext = vscode.extensions.getExtension<DeployLensApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api && typeof api.whenIdle === 'function', 'activate() must return { whenIdle(): Promise<void> }');
  return api;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the generated workspace open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export const model = (name: string): vscode.Uri => workspaceUri('models', name);

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns a value that is not undefined. Used only where a change crosses
 * from the workbench to the extension host (tabs, diagnostics of deleted files) after whenIdle().
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** The model's text view (`deploylens-model:`), where a readable model's findings are published (src/extension/diagnostics.ts). */
export function modelTextUri(model: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: 'deploylens-model', path: `${model.path}.dlmodel`, query: model.toString() });
}

const isModelFile = (uri: vscode.Uri) => uri.scheme === 'file' && /\.(onnx|tflite)$/i.test(uri.path);

/** DeployLens's diagnostics of a file; for a model file, those on its text view too (a read error stays on the file). */
export const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  [...vscode.languages.getDiagnostics(uri), ...(isModelFile(uri) ? vscode.languages.getDiagnostics(modelTextUri(uri)) : [])].filter((d) => d.source === 'DeployLens');

export function describe(diags: readonly vscode.Diagnostic[]): string {
  return diags.length === 0 ? '(none)' : diags.map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)}: ${d.message}`).join('\n  ');
}

/**
 * The DeployLens diagnostics of a model once analysis has settled. The extension analyzes the
 * workspace's models by itself; when it has published nothing for this file yet (e.g. a file
 * created by the test), `deploylens.analyzeModel` is asked for it explicitly.
 */
export async function settledDiagnostics(api: DeployLensApi, uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean = (d) => d.length > 0): Promise<vscode.Diagnostic[]> {
  await api.whenIdle();
  if (predicate(ours(uri))) return ours(uri);
  await vscode.commands.executeCommand('deploylens.analyzeModel', uri);
  await api.whenIdle();
  try {
    return await waitFor('diagnostics', () => (predicate(ours(uri)) ? ours(uri) : undefined), 5_000);
  } catch {
    return ours(uri);
  }
}

export async function setTarget(api: DeployLensApi, id: string | undefined): Promise<void> {
  const current = vscode.workspace.getConfiguration('deploylens').inspect<string>('target')?.workspaceValue;
  if (current === id) return api.whenIdle();
  // The change event reaches the extension host after update() may have resolved. Listeners run in
  // registration order and the extension registered its own at activation, so once ours has fired
  // the extension has queued its re-analysis and whenIdle() covers it.
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('deploylens.target')) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration('deploylens').update('target', id, vscode.ConfigurationTarget.Workspace);
  await changed;
  await api.whenIdle();
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
