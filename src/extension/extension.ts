// Composition root of the VS Code extension. Activation only wires things up: the worker starts on
// the first analysis, and no model is read on the extension host thread.

import * as vscode from 'vscode';
import { formatMarkdown } from '../core/report/format';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../core/targets/builtins';
import { WorkerClient } from './workerClient';
import { pickModelFile } from './pickModel';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('DeployLens', { log: true });
  const worker = new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath, (m) => log.error(m));
  context.subscriptions.push(log, { dispose: () => worker.dispose() });

  context.subscriptions.push(
    vscode.commands.registerCommand('deploylens.showLog', () => log.show()),
    vscode.commands.registerCommand('deploylens.analyzeModel', async (resource?: vscode.Uri) => {
      const uri = resource instanceof vscode.Uri ? resource : await pickModelFile();
      if (!uri) return;
      log.info(`analyzing ${uri.fsPath}`);
      const response = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `DeployLens: analyzing ${vscode.workspace.asRelativePath(uri)}` },
        () => worker.analyze(uri.fsPath, { targets: [getBuiltinTarget(DEFAULT_TARGET_ID)!] }),
      );
      if (response.kind === 'error') {
        log.error(response.message);
        void vscode.window.showErrorMessage(response.readError ? response.message : `DeployLens failed: ${response.message.split('\n')[0]}`);
        return;
      }
      log.info(`analyzed ${uri.fsPath} in ${response.millis.toFixed(1)} ms (${response.bytesRead} bytes read)`);
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatMarkdown(response.report) });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
  );
  log.info('DeployLens activated');
}

export function deactivate(): void {}
