// The command palette: every DeployLens command, registered in one place. Commands that take a
// model accept its URI (explorer menus, the overview editor, tests) and otherwise use the active
// model or ask for one.

import * as vscode from 'vscode';
import { formatMarkdown } from '../core/report/renderText';
import type { Report } from '../core/report/report';
import { toSarif } from '../core/findings/sarif';
import { describeLimits, describeMemory, describePeak } from '../core/targets/describeTarget';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';
import type { AnalysisService } from './analysisService';
import type { ModelTextProvider } from './modelText/modelTextProvider';
import { activeModelUri, modelForCommand } from './activeModel';
import { OVERVIEW_VIEW_TYPE } from './webviews/overviewEditor';
import type { TargetService } from './targetService';

export type ExportFormat = 'markdown' | 'json' | 'sarif';
const EXTENSION: Record<ExportFormat, string> = { markdown: 'md', json: 'json', sarif: 'sarif' };

interface Services {
  analysis: AnalysisService;
  targets: TargetService;
  text: ModelTextProvider;
  log: vscode.LogOutputChannel;
}

async function reportOrError(services: Services, uri: vscode.Uri): Promise<Report | undefined> {
  const result = await services.analysis.analyze(uri);
  if (result.ok) return result.report;
  void vscode.window.showErrorMessage(`DeployLens: ${result.error}`);
  return undefined;
}

async function showMarkdown(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

async function selectTarget(services: Services, arg: unknown): Promise<void> {
  const resource = arg instanceof vscode.Uri ? arg : activeModelUri();
  const current = services.targets.activeTarget(resource).id;
  type Item = vscode.QuickPickItem & { id: string };
  const items: Item[] = services.targets.all().map((t) => ({
    label: `${t.id === current ? '$(check) ' : ''}${t.name}`,
    description: `${t.id}${t.id === DEFAULT_TARGET_ID ? ' (default)' : ''}`,
    detail: `${describeMemory(t)} · ${describePeak(t)} · ${describeLimits(t)}`,
    id: t.id,
  }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.items = items;
  pick.placeholder = `Target for DeployLens analyses (now: ${current})`;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  // Open on the current target, so Enter keeps it and arrows move from it.
  pick.activeItems = items.filter((i) => i.id === current);
  const picked = await new Promise<Item | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0] ?? pick.activeItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (picked) await services.targets.setTarget(picked.id, resource);
}

async function exportReport(services: Services, arg: unknown, formatArg: unknown, destArg: unknown): Promise<vscode.Uri | undefined> {
  const uri = await modelForCommand(arg);
  if (!uri) return undefined;
  let format = typeof formatArg === 'string' && formatArg in EXTENSION ? (formatArg as ExportFormat) : undefined;
  if (!format) {
    const picked = await vscode.window.showQuickPick([
      { label: 'Markdown', description: 'for a pull request or a design review', format: 'markdown' as const },
      { label: 'JSON', description: 'the documented report contract', format: 'json' as const },
      { label: 'SARIF 2.1.0', description: 'for code scanning', format: 'sarif' as const },
    ], { placeHolder: 'Report format' });
    if (!picked) return undefined;
    format = picked.format;
  }
  let dest = destArg instanceof vscode.Uri ? destArg : undefined;
  if (!dest) {
    dest = await vscode.window.showSaveDialog({
      defaultUri: uri.with({ path: `${uri.path.replace(/\.[^./]+$/, '')}.deploylens.${EXTENSION[format]}` }),
      filters: { [format.toUpperCase()]: [EXTENSION[format]] },
    });
    if (!dest) return undefined;
  }
  const report = await reportOrError(services, uri);
  if (!report) return undefined;
  const text = format === 'markdown' ? formatMarkdown(report) : JSON.stringify(format === 'json' ? report : toSarif([report]), null, 2) + '\n';
  await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(text));
  services.log.info(`exported ${format} report of ${uri.fsPath} to ${dest.fsPath}`);
  if (!(destArg instanceof vscode.Uri)) void vscode.window.showInformationMessage(`DeployLens: report written to ${vscode.workspace.asRelativePath(dest)}`);
  return dest;
}

export function registerCommands(services: Services): vscode.Disposable[] {
  const { analysis, text, log } = services;
  return [
    vscode.commands.registerCommand('deploylens.showLog', () => log.show()),
    vscode.commands.registerCommand('deploylens.selectTarget', (arg?: unknown) => selectTarget(services, arg)),
    vscode.commands.registerCommand('deploylens.analyzeModel', async (arg?: unknown) => {
      const uri = await modelForCommand(arg);
      if (!uri) return;
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `DeployLens: analyzing ${vscode.workspace.asRelativePath(uri)}` }, () => reportOrError(services, uri));
      if (report) await showMarkdown(formatMarkdown(report));
    }),
    vscode.commands.registerCommand('deploylens.openModelAsText', async (arg?: unknown, node?: unknown) => {
      const uri = await modelForCommand(arg);
      if (!uri) return;
      const result = await analysis.analyze(uri);
      if (!result.ok) {
        void vscode.window.showErrorMessage(`DeployLens: ${result.error}`);
        return;
      }
      await text.open(uri, typeof node === 'number' && Number.isInteger(node) ? node : undefined);
    }),
    vscode.commands.registerCommand('deploylens.showModelOverview', async (arg?: unknown) => {
      const uri = await modelForCommand(arg);
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, OVERVIEW_VIEW_TYPE);
    }),
    vscode.commands.registerCommand('deploylens.exportReport', (arg?: unknown, format?: unknown, dest?: unknown) => exportReport(services, arg, format, dest)),
  ];
}
