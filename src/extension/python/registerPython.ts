// Wires the training-script features (issue 6) into the extension: the background checker, its
// diagnostics, hover, quick fixes, the CodeLens to the exported model and per-module inlay hints.

import * as vscode from 'vscode';
import type { AnalysisService } from '../analysisService';
import type { TargetService } from '../targetService';
import type { AnalysisMethods } from '../../processes/analysis/protocol';
import type { Rpc } from '../../processes/rpc/client';
import { ExportCodeLens } from './exportCodeLens';
import { ModuleInlayHints } from './moduleInlayHints';
import { ScriptCodeActions } from './scriptCodeActions';
import { ScriptDiagnostics } from './scriptDiagnostics';
import { ScriptHover } from './scriptHover';
import { SCRIPT_SCHEMES, ScriptService } from './scriptService';

export interface PythonServices {
  worker: Rpc<AnalysisMethods>;
  targets: TargetService;
  analysis: AnalysisService;
  log: vscode.LogOutputChannel;
  docsRoot: vscode.Uri;
}

/** Python files, unsaved new scripts and notebook cells (the documents the checker analyzes). */
const SELECTOR: vscode.DocumentSelector = [...SCRIPT_SCHEMES].map((scheme) => ({ language: 'python', scheme }));

export function registerPython(context: vscode.ExtensionContext, s: PythonServices): { whenIdle(): Promise<void> } {
  const scripts = new ScriptService(s.worker, s.targets, s.log);
  const diagnostics = new ScriptDiagnostics(scripts, s.docsRoot);
  const lens = new ExportCodeLens(scripts, s.analysis);
  const hints = new ModuleInlayHints(scripts, s.analysis);
  context.subscriptions.push(
    scripts, diagnostics, lens, hints,
    vscode.languages.registerHoverProvider(SELECTOR, new ScriptHover(scripts)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ScriptCodeActions(scripts), ScriptCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(SELECTOR, lens),
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
  );
  scripts.start();
  return { whenIdle: () => scripts.whenIdle() };
}
