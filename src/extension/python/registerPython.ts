// Wires the training-script features (issue 6) into the extension: the background checker, its
// diagnostics, hover, quick fixes, the CodeLens to the exported model and per-module inlay hints,
// and export on save (issue 18): the export service, its status CodeLens and commands.

import * as vscode from 'vscode';
import type { AnalysisService } from '../analysisService';
import type { TargetService } from '../targetService';
import type { AnalysisMethods } from '../../processes/analysis/protocol';
import type { Rpc } from '../../processes/rpc/client';
import { ExportCodeLens } from './exportCodeLens';
import { ExportService } from './exportService';
import { ExportStatusLens } from './exportStatusLens';
import { ModuleInlayHints } from './moduleInlayHints';
import { ModuleSourceIndex } from './moduleSources';
import { ScriptCodeActions } from './scriptCodeActions';
import { ScriptDiagnostics } from './scriptDiagnostics';
import { ScriptHover } from './scriptHover';
import { SCRIPT_SCHEMES, ScriptService } from './scriptService';

export interface PythonServices {
  context: vscode.ExtensionContext;
  worker: Rpc<AnalysisMethods>;
  targets: TargetService;
  analysis: AnalysisService;
  log: vscode.LogOutputChannel;
  docsRoot: vscode.Uri;
}

/** Python files, unsaved new scripts and notebook cells (the documents the checker analyzes). */
const SELECTOR: vscode.DocumentSelector = [...SCRIPT_SCHEMES].map((scheme) => ({ language: 'python', scheme }));

export function registerPython(context: vscode.ExtensionContext, s: Omit<PythonServices, 'context'>): { whenIdle(): Promise<void>; exports: ExportService; sources: ModuleSourceIndex } {
  const scripts = new ScriptService(s.worker, s.targets, s.log);
  const exports = new ExportService(s.worker, s.targets, s.log, context);
  const diagnostics = new ScriptDiagnostics(scripts, exports, s.docsRoot);
  const lens = new ExportCodeLens(scripts, s.analysis);
  const status = new ExportStatusLens(exports, scripts, s.docsRoot);
  const hints = new ModuleInlayHints(scripts, s.analysis, exports);
  const sources = new ModuleSourceIndex(scripts, exports);
  const documentFor = (arg: unknown): vscode.TextDocument | undefined => {
    if (arg instanceof vscode.Uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
    return vscode.window.activeTextEditor?.document;
  };
  context.subscriptions.push(
    scripts, exports, diagnostics, lens, status, hints, sources,
    vscode.languages.registerCodeLensProvider(SELECTOR, status),
    vscode.commands.registerCommand('deploylens.exportAndAnalyze', async (arg?: unknown) => {
      const doc = documentFor(arg) ?? (arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : undefined);
      if (!doc) {
        void vscode.window.showWarningMessage('DeployLens: open a Python training script to export and analyze it.');
        return undefined;
      }
      return exports.exportNow(doc);
    }),
    vscode.commands.registerCommand('deploylens.cancelExport', (arg?: unknown) => {
      const doc = documentFor(arg);
      if (!exports.cancel(doc?.uri)) void vscode.window.showInformationMessage('DeployLens: no export is running.');
    }),
    vscode.languages.registerHoverProvider(SELECTOR, new ScriptHover(scripts)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ScriptCodeActions(scripts), ScriptCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(SELECTOR, lens),
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
  );
  scripts.start();
  return { whenIdle: () => Promise.all([scripts.whenIdle(), exports.whenIdle()]).then(() => undefined), exports, sources };
}
