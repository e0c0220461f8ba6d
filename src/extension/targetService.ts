// Which target each model is judged on: built-in profiles plus the workspace's own
// (.deploylens/targets/*.json, read and validated in the script worker, with a diagnostic at the
// exact JSON path), and the `deploylens.target` setting. Everything that depends on the target
// listens to onDidChange.

import * as vscode from 'vscode';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';
import type { TargetProfile } from '../core/targets/profile';
import { TargetRegistry } from '../core/targets/targetRegistry';
import type { ProfileLoad } from '../core/targets/profileFiles';
import { errorText } from '../core/util/errorText';
import type { AnalysisMethods } from '../processes/analysis/protocol';
import type { Rpc } from '../processes/rpc/client';
import { SECTION, settings } from './config';

export const WORKSPACE_PROFILES_GLOB = '.deploylens/targets/*.json';

export class TargetService implements vscode.Disposable {
  private registry = new TargetRegistry();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly profileDiagnostics = vscode.languages.createDiagnosticCollection('deploylens-targets');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.profileDiagnostics];
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly worker: Rpc<AnalysisMethods>, private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_PROFILES_GLOB}`);
    const reload = () => void this.reload();
    this.disposables.push(
      watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.target`)) this.changed.fire();
      }),
    );
  }

  /**
   * Loads workspace profiles (sorted, so `extends` between them is predictable) and reports broken
   * ones. The script worker reads and validates them: a cloned repository may hold a FIFO, a
   * symlink to /dev/zero or 200k nested brackets there, and the extension host only gets the answer.
   */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const files = (await vscode.workspace.findFiles(`**/${WORKSPACE_PROFILES_GLOB}`, '**/node_modules/**', 200))
        .sort((a, b) => a.path.localeCompare(b.path));
      let load: ProfileLoad;
      try {
        load = files.length === 0 ? { profiles: [], errors: [] } : await this.worker.request('profiles', { files: files.map((uri) => ({ path: uri.fsPath, label: vscode.workspace.asRelativePath(uri) })) });
      } catch (e) {
        this.log.error(`target profiles could not be loaded: ${errorText(e)}`);
        return;
      }
      const registry = new TargetRegistry();
      registry.adopt(load.profiles);
      this.profileDiagnostics.clear();
      for (const error of load.errors) {
        const uri = files[error.index];
        if (!uri) continue;
        this.profileDiagnostics.set(uri, error.problems.map((p) => {
          const line = Math.max(0, (p.line ?? 1) - 1);
          const col = Math.max(0, (p.column ?? 1) - 1);
          const d = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1), `${p.path}: ${p.message}`, vscode.DiagnosticSeverity.Error);
          d.source = 'DeployLens';
          d.code = 'target/invalid-profile';
          return d;
        }));
        this.log.warn(error.message);
      }
      this.registry = registry;
      this.changed.fire();
    });
    return this.reloading;
  }

  all(): TargetProfile[] {
    return this.registry.all();
  }

  get(id: string): TargetProfile | undefined {
    return this.registry.get(id);
  }

  /** The target for a model: the setting (folder-scoped), falling back to the default if it names no profile. */
  activeTarget(resource?: vscode.Uri): TargetProfile {
    const id = settings(resource).target;
    return this.registry.get(id) ?? this.registry.get(DEFAULT_TARGET_ID)!;
  }

  async setTarget(id: string, resource?: vscode.Uri): Promise<void> {
    const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : undefined;
    const scope = vscode.workspace.workspaceFolders?.length ? (folder && vscode.workspace.workspaceFolders.length > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace) : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION, folder?.uri).update('target', id, scope);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
