// Finds the workspace's models at startup (without blocking activation) and keeps them analyzed
// as files are created, changed and deleted.

import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { excludeGlob, SECTION, settings } from './config';

/** Above this many models the startup scan shows a progress notification. */
const PROGRESS_THRESHOLD = 20;

export class ModelWatcher implements vscode.Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly analysis: AnalysisService, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.include`) || e.affectsConfiguration(`${SECTION}.exclude`)) {
        this.watch();
        void this.scan();
      }
    }));
    this.watch();
  }

  /** Analyzes every model in the workspace in the background. */
  async scan(): Promise<void> {
    if (!settings().analyzeOnStartup) return;
    const files = await vscode.workspace.findFiles(settings().include, excludeGlob(), 10000);
    this.log.info(`found ${files.length} model file(s) in the workspace`);
    for (const uri of files) this.analysis.schedule(uri);
    if (files.length > PROGRESS_THRESHOLD) {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `DeployLens: analyzing ${files.length} models` },
        () => this.analysis.whenIdle(),
      );
    }
  }

  private watch(): void {
    this.watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(settings().include);
    const excluded = (uri: vscode.Uri) => /(^|\/)(node_modules|\.git)\//.test(uri.path);
    w.onDidCreate((uri) => excluded(uri) || this.analysis.schedule(uri));
    w.onDidChange((uri) => excluded(uri) || this.analysis.schedule(uri));
    w.onDidDelete((uri) => this.analysis.forget(uri));
    this.watcher = w;
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
