// The git HEAD version of a model file, through the built-in git extension's API (gitApi.ts):
// whether the working copy differs from it, and its bytes written to a private temporary file
// (tempModels.ts) — never into the workspace — so it can be analyzed and compared.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/units';
import { gitApi, type GitApi, type GitRepository } from './gitApi';
import { writeTempModel, type TempModel } from './tempModels';

/** A HEAD blob larger than this is not loaded (the git API hands it over in one buffer). */
export const MAX_HEAD_MODEL_BYTES = 512 * 1024 * 1024;

export interface HeadVersion extends TempModel {
  /** "HEAD (a1b2c3d)". */
  label: string;
}

async function repositoryOf(api: GitApi, uri: vscode.Uri): Promise<GitRepository | null> {
  const repo = api.getRepository(uri);
  if (repo) return repo;
  // A repository created after the window opened is not known yet: ask git for the one around the file.
  if (!api.openRepository || !vscode.workspace.getWorkspaceFolder(uri)) return null;
  return api.openRepository(vscode.Uri.file(path.dirname(uri.fsPath))).then((r) => api.getRepository(uri) ?? r, () => null);
}

/** Whether the model differs from its HEAD version; null when it is not in a git repository's HEAD (or git is unavailable). */
export async function differsFromHead(uri: vscode.Uri): Promise<boolean | null> {
  if (uri.scheme !== 'file') return null;
  const api = await gitApi();
  const repo = api ? await repositoryOf(api, uri) : null;
  if (!repo) return null;
  try {
    await repo.getObjectDetails('HEAD', uri.fsPath);
  } catch {
    return null; // untracked, or no commit yet
  }
  await repo.status().catch(() => undefined);
  const same = (c: { uri: vscode.Uri }) => c.uri.fsPath === uri.fsPath;
  return repo.state.workingTreeChanges.some(same) || repo.state.indexChanges.some(same);
}

/** Writes the model's HEAD version to a temporary file; throws an error a user can read. */
export async function headVersion(uri: vscode.Uri): Promise<HeadVersion> {
  const name = path.basename(uri.fsPath);
  if (uri.scheme !== 'file') throw new Error(`${name} is not a file on disk, so it has no git history.`);
  const api = await gitApi();
  if (!api) throw new Error('the git extension is not available (disabled, or git is not installed).');
  const repo = await repositoryOf(api, uri);
  if (!repo) throw new Error(`${name} is not in a git repository.`);
  let size: number;
  try {
    size = (await repo.getObjectDetails('HEAD', uri.fsPath)).size;
  } catch {
    throw new Error(`${name} is not in HEAD (a new file, or the repository has no commit yet).`);
  }
  if (size > MAX_HEAD_MODEL_BYTES) throw new Error(`the HEAD version of ${name} is ${formatBytes(size)}; DeployLens loads HEAD versions up to ${formatBytes(MAX_HEAD_MODEL_BYTES)}.`);
  const bytes = await repo.buffer('HEAD', uri.fsPath);
  const commit = repo.state.HEAD?.commit;
  const temp = await writeTempModel(name, bytes);
  return { ...temp, label: `HEAD${commit ? ` (${commit.slice(0, 7)})` : ''}` };
}
