// Which Python runs the export: `deploylens.python` when the user set it (an explicit choice for
// DeployLens wins), else the interpreter the Python extension has selected for the script (its
// public environments API: getActiveEnvironmentPath + resolveEnvironment, ms-python.python), else
// `python3` (`python` on Windows). The source is logged with the command.

import * as vscode from 'vscode';
import { exportSettings } from './exportSettings';

export interface Interpreter {
  command: string;
  /** Where it came from, for the log and messages. */
  source: 'deploylens.python' | 'Python extension' | 'default';
}

/** The slice of ms-python.python's public API used here (docs: @vscode/python-extension). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

async function fromPythonExtension(resource: vscode.Uri): Promise<string | null> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) return null;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    const active = envs?.getActiveEnvironmentPath(resource);
    if (!envs || !active) return null;
    const resolved = await envs.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? null;
  } catch {
    return null;
  }
}

export async function resolveInterpreter(resource: vscode.Uri): Promise<Interpreter> {
  const configured = exportSettings(resource).python;
  if (configured) return { command: configured, source: 'deploylens.python' };
  const selected = await fromPythonExtension(resource);
  if (selected) return { command: selected, source: 'Python extension' };
  return { command: process.platform === 'win32' ? 'python' : 'python3', source: 'default' };
}
