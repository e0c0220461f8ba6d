// Which model the user means: the model of the active tab (a model file in a text or custom
// editor, or its text view), the one a command was given, or one picked from the workspace; and the
// editor's one answer to "is this a model file?" (src/core/modelFiles.ts).

import * as vscode from 'vscode';
import { modelFormatOf } from '../core/modelFiles';
import type { ModelFormat } from '../core/ir/model';
import { excludeGlob, settings } from './config';
import { modelUriOf } from './modelText/modelTextUri';

export function modelFormatOfUri(uri: vscode.Uri): ModelFormat | null {
  return modelFormatOf(uri.path);
}

export function isModelUri(uri: vscode.Uri): boolean {
  return modelFormatOfUri(uri) !== null;
}

/** The last path segment, for titles and messages ("kws.onnx"). */
export function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

/** The model the user is looking at: a model file in a text or custom editor, or its text view. */
export function activeModelUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  let uri: vscode.Uri | undefined;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) uri = input.uri;
  if (!uri) return undefined;
  const fromText = modelUriOf(uri);
  if (fromText) return fromText;
  return isModelUri(uri) ? uri : undefined;
}

/** Asks for a model when a command has none: a quick pick of the workspace's model files. */
export async function pickModelFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(settings().include, excludeGlob(), 2000);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('DeployLens: no .onnx or .tflite model in this workspace.');
    return undefined;
  }
  // The file name is the label and the folder the description: typing 'mobilenet_v3_large.onnx'
  // then ranks that file (a prefix match of its label) above 'deeplabv3_mobilenet_v3_large.onnx',
  // which a whole relative path as the label would rank first.
  const items = files.sort((a, b) => a.path.localeCompare(b.path)).map((uri) => {
    const rel = vscode.workspace.asRelativePath(uri);
    const slash = rel.lastIndexOf('/');
    return { label: rel.slice(slash + 1), description: slash > 0 ? rel.slice(0, slash) : '', uri };
  });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Model to analyze', matchOnDescription: true });
  return picked?.uri;
}

/**
 * The model a command is about: the URI it was given (explorer, editor title, tests), else the
 * active model, else `fallback` (e.g. the model an open panel shows: the panel itself is the active
 * tab then), else a pick.
 */
export async function modelForCommand(arg: unknown, fallback?: () => vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  return (arg instanceof vscode.Uri ? arg : undefined) ?? activeModelUri() ?? fallback?.() ?? (await pickModelFile());
}
