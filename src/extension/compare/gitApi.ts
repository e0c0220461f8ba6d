// The few parts of VS Code's built-in git extension API (`vscode.git`, API version 1) DeployLens
// uses to compare a model with its HEAD version. Declared here by hand (names and shapes as the
// extension exposes them) rather than vendoring its whole git.d.ts; anything missing at run time
// (git disabled, an older VS Code) makes the feature unavailable, never an error.

import * as vscode from 'vscode';

export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface GitRepositoryState {
  readonly HEAD: { readonly name?: string; readonly commit?: string } | undefined;
  readonly workingTreeChanges: readonly GitChange[];
  readonly indexChanges: readonly GitChange[];
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  /** The blob at `ref:path` (path relative to the repository root or absolute). */
  buffer(ref: string, path: string): Promise<Uint8Array>;
  getObjectDetails(treeish: string, path: string): Promise<{ mode: string; object: string; size: number }>;
  status(): Promise<void>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The git API once it is initialized, or null (no git extension, disabled, or no git binary). */
export async function gitApi(): Promise<GitApi | null> {
  const ext = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!ext) return null;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports?.enabled) return null;
    const api = exports.getAPI(1);
    if (api.state !== 'initialized') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        const sub = api.onDidChangeState((s) => {
          if (s !== 'initialized') return;
          clearTimeout(timer);
          sub.dispose();
          resolve();
        });
      });
    }
    return api.state === 'initialized' ? api : null;
  } catch {
    return null;
  }
}
