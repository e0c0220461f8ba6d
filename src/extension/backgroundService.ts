// What the background services (model analyses: analysisService.ts; script checks:
// python/scriptService.ts) share: results announced by onDidAnalyze, dropped ones by onDidForget,
// a count of running jobs, and "resolves once nothing is pending" for the tests and the startup
// scan's progress. Each service says what pending means (isIdle) and calls settle() after any change.

import * as vscode from 'vscode';

export abstract class BackgroundService<R> implements vscode.Disposable {
  protected running = 0;
  protected readonly analyzed = new vscode.EventEmitter<R>();
  protected readonly forgotten = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidAnalyze = this.analyzed.event;
  readonly onDidForget = this.forgotten.event;
  private waiters: (() => void)[] = [];

  protected abstract isIdle(): boolean;

  /** Resolves once nothing is debounced, queued or running. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    this.analyzed.dispose();
    this.forgotten.dispose();
  }

  /** Call after any change of the pending work: wakes the waiters once nothing is left. */
  protected settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
