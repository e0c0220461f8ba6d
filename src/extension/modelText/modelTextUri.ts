// The model text view is a virtual document: `deploylens-model:<model path>.dlmodel?<model uri>`.
// The path makes the tab read "model.onnx.dlmodel"; the query carries the model's own URI back.

import * as vscode from 'vscode';

export const MODEL_TEXT_SCHEME = 'deploylens-model';

export function modelTextUri(model: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: MODEL_TEXT_SCHEME, path: `${model.path}.dlmodel`, query: model.toString() });
}

export function modelUriOf(textUri: vscode.Uri): vscode.Uri | undefined {
  if (textUri.scheme !== MODEL_TEXT_SCHEME || !textUri.query) return undefined;
  try {
    return vscode.Uri.parse(textUri.query, true);
  } catch {
    return undefined;
  }
}
