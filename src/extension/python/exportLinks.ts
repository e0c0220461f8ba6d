// Which model file a script writes: each export call's output path, resolved against the script's
// folder (then the workspace folder, where training scripts are usually run from), kept only when
// the file exists. Untitled scripts have no folder, so only the workspace folder is tried.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportCall } from '../../core/python/analyzeScript';
import { isModelFile } from '../../core/modelFiles';

export interface ExportLink {
  call: ExportCall;
  model: vscode.Uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

function candidates(doc: vscode.TextDocument, outputPath: string): vscode.Uri[] {
  if (path.isAbsolute(outputPath)) return [vscode.Uri.file(outputPath)];
  const bases: vscode.Uri[] = [];
  if (doc.uri.scheme === 'file') bases.push(vscode.Uri.joinPath(doc.uri, '..'));
  // A notebook cell's URI carries the notebook's path: paths are relative to the notebook's folder.
  else if (doc.uri.scheme === 'vscode-notebook-cell') bases.push(vscode.Uri.joinPath(vscode.Uri.file(doc.uri.fsPath), '..'));
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder) bases.push(folder.uri);
  return bases.map((b) => vscode.Uri.joinPath(b, outputPath));
}

export async function resolveExports(doc: vscode.TextDocument, calls: readonly ExportCall[]): Promise<ExportLink[]> {
  const links: ExportLink[] = [];
  for (const call of calls) {
    if (!call.outputPath || !isModelFile(call.outputPath)) continue;
    for (const uri of candidates(doc, call.outputPath)) {
      if (await exists(uri)) {
        links.push({ call, model: uri });
        break;
      }
    }
  }
  return links;
}
