// Typed access to the export settings: `deploylens.python` and `deploylens.export.*`
// (package.json `contributes.configuration`; all of them are restricted in untrusted workspaces).

import * as vscode from 'vscode';
import { SECTION } from '../config';

export const EXPORT_SECTION = `${SECTION}.export`;

export interface ExportSettings {
  /** `deploylens.python`, with ${workspaceFolder} expanded; empty when unset. */
  python: string;
  onSave: boolean;
  timeoutMs: number;
  memoryLimitBytes: number;
  /** `module:function`, or null. */
  entryPoint: string | null;
}

export function exportSettings(resource?: vscode.Uri): ExportSettings {
  const root = vscode.workspace.getConfiguration(SECTION, resource);
  const c = vscode.workspace.getConfiguration(EXPORT_SECTION, resource);
  const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) ?? vscode.workspace.workspaceFolders?.[0] : vscode.workspace.workspaceFolders?.[0];
  const python = (root.get<string>('python') ?? '').trim().replace(/\$\{workspaceFolder\}/g, folder?.uri.fsPath ?? '');
  const timeout = c.get<number>('timeoutSeconds') ?? 120;
  const memory = c.get<number>('memoryLimitMb') ?? 16384;
  const entry = (c.get<string>('entryPoint') ?? '').trim();
  return {
    python,
    onSave: c.get<boolean>('onSave') ?? true,
    timeoutMs: Math.max(5, Math.min(3600, Number.isFinite(timeout) ? timeout : 120)) * 1000,
    memoryLimitBytes: Math.max(512, Math.min(1 << 20, Number.isFinite(memory) ? memory : 16384)) * 2 ** 20,
    entryPoint: entry || null,
  };
}
