// Which target each model is judged on: built-in profiles plus the workspace's own
// (.deploylens/targets/*.json, validated with a diagnostic at the exact JSON path), and the
// `deploylens.target` setting. Everything that depends on the target listens to onDidChange.

import * as vscode from 'vscode';
import { MAX_PROFILE_BYTES } from '../core/limits';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';
import type { TargetProfile } from '../core/targets/profile';
import { TargetRegistry } from '../core/targets/targetRegistry';
import { TargetProfileError } from '../core/targets/validateProfile';
import { SECTION, settings } from './config';

export const WORKSPACE_PROFILES_GLOB = '.deploylens/targets/*.json';

export class TargetService implements vscode.Disposable {
  private registry = new TargetRegistry();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly profileDiagnostics = vscode.languages.createDiagnosticCollection('deploylens-targets');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.profileDiagnostics];
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_PROFILES_GLOB}`);
    const reload = () => void this.reload();
    this.disposables.push(
      watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.target`)) this.changed.fire();
      }),
    );
  }

  /** Loads workspace profiles (sorted, so `extends` between them is predictable) and reports broken ones. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const registry = new TargetRegistry();
      this.profileDiagnostics.clear();
      const files = (await vscode.workspace.findFiles(`**/${WORKSPACE_PROFILES_GLOB}`, '**/node_modules/**', 200))
        .sort((a, b) => a.path.localeCompare(b.path));
      for (const uri of files) {
        try {
          // A cloned repository may hold a FIFO or a symlink to /dev/zero here: only regular files of
          // at most MAX_PROFILE_BYTES are read (issue 12; parsing moves off the host with issue 11).
          const stat = await vscode.workspace.fs.stat(uri);
          if ((stat.type & vscode.FileType.File) === 0 || stat.size > MAX_PROFILE_BYTES) {
            throw new TargetProfileError(vscode.workspace.asRelativePath(uri), [{ path: '$', message: (stat.type & vscode.FileType.File) === 0 ? 'cannot read the file: not a regular file' : `cannot read the file: larger than the ${MAX_PROFILE_BYTES / 1048576} MiB a target profile may be` }]);
          }
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          registry.add({ file: vscode.workspace.asRelativePath(uri), text });
        } catch (e) {
          if (e instanceof TargetProfileError) {
            this.profileDiagnostics.set(uri, e.problems.map((p) => {
              const line = Math.max(0, (p.line ?? 1) - 1);
              const col = Math.max(0, (p.column ?? 1) - 1);
              const d = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1), `${p.path}: ${p.message}`, vscode.DiagnosticSeverity.Error);
              d.source = 'DeployLens';
              d.code = 'target/invalid-profile';
              return d;
            }));
            this.log.warn(e.message);
          } else this.log.error(`${uri.fsPath}: ${(e as Error).message}`);
        }
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
