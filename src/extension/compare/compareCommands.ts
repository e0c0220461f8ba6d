// The commands that open a model comparison (webviews/compareModelsPanel.ts):
//   deploylens.compareModels(current?, baseline?)  — DeployLens: Compare Models…: the model it is
//       given (or the explorer's two selected models, or the active one, or a pick), compared with
//       a baseline picked from: its git HEAD version, the workspace's other models, a file;
//   deploylens.compareWithHead(uri?)               — the model against its git HEAD version.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { isModelFile } from '../../core/modelFiles';
import { errorText } from '../../core/util/errorText';
import { excludeGlob, settings } from '../config';
import { fileNameOf, isModelUri, modelForCommand } from '../activeModel';
import type { ComparedModel, CompareModelsPanels } from '../webviews/compareModelsPanel';
import { differsFromHead, headVersion } from './gitBaseline';

export const COMPARE_MODELS_COMMAND = 'deploylens.compareModels';
export const COMPARE_WITH_HEAD_COMMAND = 'deploylens.compareWithHead';

/** The HEAD version of `current` as a comparison side, or a warning saying why there is none. */
export async function headBaseline(current: vscode.Uri): Promise<ComparedModel | undefined> {
  try {
    const head = await headVersion(current);
    return { uri: vscode.Uri.file(head.file), label: head.label, dispose: head.dispose };
  } catch (e) {
    void vscode.window.showWarningMessage(`DeployLens: cannot compare with HEAD: ${errorText(e)}`);
    return undefined;
  }
}

interface BaselineItem extends vscode.QuickPickItem {
  pick: () => Promise<ComparedModel | undefined>;
}

/** Asks what to compare `current` with: its HEAD version (when in git), another model of the workspace, or a file. */
export async function pickBaseline(current: vscode.Uri): Promise<ComparedModel | undefined> {
  const items: BaselineItem[] = [];
  const changed = await differsFromHead(current).catch(() => null);
  if (changed !== null) {
    items.push({ label: '$(git-commit) HEAD version', description: changed ? 'the working copy differs from it' : 'the same as the working copy', pick: () => headBaseline(current) });
  }
  const folder = path.dirname(current.fsPath);
  const files = (await vscode.workspace.findFiles(settings().include, excludeGlob(), 2000)).filter((u) => u.toString() !== current.toString());
  // Models of the same folder first (an INT8 copy sits next to its FP32 model), then by path.
  files.sort((a, b) => Number(path.dirname(b.fsPath) === folder) - Number(path.dirname(a.fsPath) === folder) || a.path.localeCompare(b.path));
  if (items.length && files.length) items.push({ label: 'models', kind: vscode.QuickPickItemKind.Separator, pick: () => Promise.resolve(undefined) });
  for (const uri of files) items.push({ label: `$(file) ${fileNameOf(uri)}`, description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), pick: () => Promise.resolve({ uri }) });
  items.push({
    label: '$(folder-opened) Browse…', description: 'a model file anywhere',
    pick: async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Models: ['onnx', 'tflite'] }, openLabel: 'Compare with', defaultUri: vscode.Uri.file(folder) });
      return picked?.[0] ? { uri: picked[0] } : undefined;
    },
  });
  const choice = await vscode.window.showQuickPick(items, { placeHolder: `Compare ${fileNameOf(current)} with…`, matchOnDescription: true });
  return choice?.pick();
}

export function registerCompareCommands(panels: CompareModelsPanels): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMPARE_MODELS_COMMAND, async (arg?: unknown, second?: unknown) => {
      // The explorer passes the clicked file and the whole selection: two models are the pair.
      const selection = Array.isArray(second) ? second.filter((u): u is vscode.Uri => u instanceof vscode.Uri && isModelUri(u)) : [];
      if (selection.length === 2) return panels.open({ uri: selection[0]! }, { uri: selection[1]! }).uri.toString();
      const current = await modelForCommand(arg, () => panels.all()[0]?.uri);
      if (!current) return undefined;
      if (!isModelFile(current.path)) {
        void vscode.window.showWarningMessage('DeployLens: Compare Models works on .onnx and .tflite files.');
        return undefined;
      }
      const baseline = second instanceof vscode.Uri ? { uri: second } : await pickBaseline(current);
      return baseline ? panels.open(baseline, { uri: current }).uri.toString() : undefined;
    }),
    vscode.commands.registerCommand(COMPARE_WITH_HEAD_COMMAND, async (arg?: unknown) => {
      const current = await modelForCommand(arg, () => panels.all()[0]?.uri);
      if (!current) return undefined;
      const head = await headBaseline(current);
      return head ? panels.open(head, { uri: current, label: 'working copy' }).uri.toString() : undefined;
    }),
  ];
}
