// Asks for a model when a command has none: a quick pick of the workspace's model files.

import * as vscode from 'vscode';
import { excludeGlob, settings } from './config';

export async function pickModelFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(settings().include, excludeGlob(), 2000);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('DeployLens: no .onnx or .tflite model in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.sort((a, b) => a.path.localeCompare(b.path)).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Model to analyze' },
  );
  return picked?.uri;
}
