// Typed access to the `deploylens.scripts.*` settings (package.json `contributes.configuration`).

import * as vscode from 'vscode';
import { SECTION } from '../config';

export const SCRIPTS_SECTION = `${SECTION}.scripts`;

export interface ScriptSettings {
  enabled: boolean;
  codeLens: boolean;
  inlayHints: boolean;
  /** ONNX opset torch.onnx.export is assumed to use when the call does not say. */
  opset: number;
}

export function scriptSettings(resource?: vscode.Uri): ScriptSettings {
  const c = vscode.workspace.getConfiguration(SCRIPTS_SECTION, resource);
  const opset = c.get<number>('opset') ?? 17;
  return {
    enabled: c.get<boolean>('enabled') ?? true,
    codeLens: c.get<boolean>('codeLens') ?? true,
    inlayHints: c.get<boolean>('inlayHints') ?? true,
    opset: Number.isInteger(opset) && opset >= 7 && opset <= 30 ? opset : 17,
  };
}
