// The status bar shows the active target and, for the active model, its verdict; click to switch.

import * as vscode from 'vscode';
import { markdownCode, markdownText } from '../core/report/escape';
import type { AnalysisService } from './analysisService';
import { activeModelUri } from './activeModel';
import type { TargetService } from './targetService';

export class TargetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deploylens.target', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly targets: TargetService, private readonly analysis: AnalysisService) {
    this.item.name = 'DeployLens Target';
    this.item.command = 'deploylens.selectTarget';
    this.disposables.push(
      targets.onDidChange(() => this.refresh()),
      analysis.onDidAnalyze(() => this.refresh()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.refresh();
    this.item.show();
  }

  refresh(): void {
    const model = activeModelUri();
    const target = this.targets.activeTarget(model);
    const result = model ? this.analysis.get(model) : undefined;
    let verdict = '';
    let icon = '$(chip)';
    if (result && result.targetId === target.id) {
      if (!result.ok) {
        verdict = ' · unreadable';
        icon = '$(error)';
      } else {
        const v = result.report.summary.verdict ?? 'pass';
        verdict = ` · ${v.toUpperCase()}`;
        icon = v === 'fail' ? '$(error)' : v === 'warn' ? '$(warning)' : '$(pass)';
      }
    }
    this.item.text = `${icon} ${target.name}${verdict}`;
    // A workspace profile's name and description are repository text: escaped, never markup.
    const md = new vscode.MarkdownString(`**DeployLens target:** ${markdownText(target.name)} (${markdownCode(target.id)})\n\n${markdownText(target.description)}\n\nClick to choose another target.`);
    this.item.tooltip = md;
    this.item.backgroundColor = verdict.includes('FAIL') || verdict.includes('unreadable') ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
