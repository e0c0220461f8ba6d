// Finds the model the user means: the active editor's file if it is a model, else a quick pick.

import * as vscode from 'vscode';

const MODEL_GLOB = '**/*.{onnx,tflite}';

function isModel(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && /\.(onnx|tflite)$/i.test(uri.path);
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

export async function pickModelFile(): Promise<vscode.Uri | undefined> {
  const active = activeTabUri();
  if (isModel(active)) return active;
  const files = await vscode.workspace.findFiles(MODEL_GLOB, '**/node_modules/**', 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('DeployLens: no .onnx or .tflite model in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Model to analyze', matchOnDescription: true },
  );
  return picked?.uri;
}
