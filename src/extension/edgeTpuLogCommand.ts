// "DeployLens: Load Edge TPU Compiler Log…": the user saved what `edgetpu_compiler -s model.tflite`
// printed (or its model_edgetpu.log); DeployLens remembers it for the model and shows the
// compiler's per-op table beside the prediction on Coral targets (oracleService.ts). The compiler
// is closed and runs only where the user has it, so its answer comes in as text.

import * as vscode from 'vscode';
import { errorText } from '../core/util/errorText';
import { modelForCommand } from './activeModel';
import type { AnalysisService } from './analysisService';
import type { OracleService } from './oracleService';
import { OVERVIEW_VIEW_TYPE } from './webviews/overviewEditor';

interface Services {
  analysis: AnalysisService;
  oracles: OracleService;
  log: vscode.LogOutputChannel;
}

/** `deploylens.loadEdgeTpuLog(model?, logFile?)`: with both (tests, other extensions) it asks nothing; `logFile` null forgets the log. */
export async function loadEdgeTpuLog(services: Services, arg: unknown, fileArg: unknown): Promise<boolean> {
  const uri = await modelForCommand(arg);
  if (!uri) return false;
  let file: string | null | undefined = typeof fileArg === 'string' ? fileArg : fileArg instanceof vscode.Uri ? fileArg.fsPath : fileArg === null ? null : undefined;
  if (file === undefined) {
    const current = services.oracles.loadedLog(uri);
    if (current) {
      const choice = await vscode.window.showQuickPick([
        { label: 'Load another log…', remove: false },
        { label: `Stop showing ${vscode.workspace.asRelativePath(current)}`, remove: true },
      ], { placeHolder: `Edge TPU compiler log of ${vscode.workspace.asRelativePath(uri)}` });
      if (!choice) return false;
      if (choice.remove) file = null;
    }
    if (file === undefined) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: 'Load Log',
        title: `edgetpu_compiler -s output for ${vscode.workspace.asRelativePath(uri)}`,
        defaultUri: vscode.Uri.joinPath(uri, '..'),
        filters: { 'Compiler log': ['log', 'txt'], 'All files': ['*'] },
      });
      if (!picked?.[0]) return false;
      file = picked[0].fsPath;
    }
  }
  if (file !== null) {
    try {
      await services.oracles.readEdgeTpuLog(file);
    } catch (e) {
      const why = errorText(e);
      void vscode.window.showErrorMessage(`DeployLens: ${file}: ${why}`);
      return false;
    }
  }
  await services.oracles.setLog(uri, file);
  services.log.info(file ? `edgetpu_compiler log ${file} loaded for ${uri.fsPath}` : `edgetpu_compiler log of ${uri.fsPath} forgotten`);
  await services.analysis.analyze(uri, { force: true });
  if (typeof fileArg !== 'string' && fileArg !== null && file) await vscode.commands.executeCommand('vscode.openWith', uri, OVERVIEW_VIEW_TYPE);
  return true;
}
