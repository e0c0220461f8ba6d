// Composition root of the VS Code extension. Activation only wires things up: the worker starts on
// the first analysis, the workspace scan runs after activation returns, and no model is read on the
// extension host thread.

import * as vscode from 'vscode';
import { AnalysisService } from './analysisService';
import { registerCommands } from './commands';
import { SECTION, settings } from './config';
import { ModelDiagnostics } from './diagnostics';
import { ModelFileDecorations } from './modelFileDecorations';
import { ModelTextProvider } from './modelText/modelTextProvider';
import { ModelWatcher } from './modelWatcher';
import { registerPython } from './python/registerPython';
import { TargetStatusBar } from './statusBar';
import { TargetService } from './targetService';
import { analysisWorkers } from '../processes/analysis/client';
import { registerOverviewEditor } from './webviews/overviewEditor';
import { registerMemoryTimelinePanel } from './webviews/memoryTimelinePanel';
import { registerLayerTimingPanel } from './webviews/layerTimingPanel';
import { registerQuantizePanel } from './webviews/quantizePanel';
import { onDidReceivePanelMessage, registerModelPanelTestCommands, type PanelMessageEvent } from './webviews/modelPanel';
import type { ModelAnalysisResult } from './analysisService';
import { registerPartitionsPanel } from './webviews/partitionsPanel';
import { registerCompareTargetsPanel } from './webviews/compareTargetsPanel';
import { OracleService } from './oracleService';
import { setModuleSourceProvider } from './webviews/analysisPayload';
import { TflmService } from './tflmService';
import { loadEdgeTpuLog } from './edgeTpuLogCommand';
import { registerCompare } from './compare/registerCompare';

/** What activate() returns: used by the integration tests (and other extensions) to wait for analyses. */
export interface DeployLensApi {
  whenIdle(): Promise<void>;
  /** For the integration tests: answer the once-per-workspace export question, and stand in for workspace trust (the harness runs with trust disabled). */
  exportTesting: {
    setConsent(value: 'allowed' | 'denied' | undefined): Promise<void>;
    setTrusted(trusted: boolean | undefined): void;
  };
  /** Each finished analysis (the verdict; again if the weight phase adds findings). */
  onDidAnalyze: vscode.Event<ModelAnalysisResult>;
  /** Messages the panels' pages send (the benchmark times first paint by their 'painted' log). */
  onDidReceivePanelMessage: vscode.Event<PanelMessageEvent>;
}

export function activate(context: vscode.ExtensionContext): DeployLensApi {
  const log = vscode.window.createOutputChannel('DeployLens', { log: true });
  const docsRoot = vscode.Uri.joinPath(context.extensionUri, 'docs');
  // Two model workers and one for scripts and profiles, each with a time and heap budget (issue 12).
  const { analysisMemoryMb } = settings();
  const worker = analysisWorkers(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath, log, {
    models: 2, memoryMb: analysisMemoryMb, timeoutMs: () => settings().analysisTimeoutMs,
  });
  const targets = new TargetService(worker, log);
  const oracles = new OracleService(context.workspaceState, log, worker);
  const tflm = new TflmService(vscode.Uri.joinPath(context.extensionUri, 'dist', 'tflmWorker.js').fsPath, log);
  const analysis = new AnalysisService(worker, targets, log, oracles, analysisMemoryMb, tflm);
  const diagnostics = new ModelDiagnostics(docsRoot);
  const text = new ModelTextProvider(analysis, diagnostics);
  const fileDecorations = new ModelFileDecorations(diagnostics);
  const watcher = new ModelWatcher(analysis, log);
  const statusBar = new TargetStatusBar(targets, analysis);

  context.subscriptions.push(
    log, { dispose: () => worker.dispose() }, targets, oracles, tflm, analysis, text, diagnostics, fileDecorations, watcher, statusBar,
    analysis.onDidAnalyze((r) => diagnostics.publish(r)),
    analysis.onDidForget((uri) => diagnostics.clear(uri)),
    targets.onDidChange(() => analysis.reanalyzeAll()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.dims`)) analysis.reanalyzeAll();
      if (e.affectsConfiguration(`${SECTION}.vela`)) {
        oracles.reset();
        analysis.reanalyzeAll();
      }
      if (e.affectsConfiguration(`${SECTION}.tflm`)) {
        tflm.reset();
        analysis.reanalyzeAll();
      }
    }),
    // Vela and TensorFlow Lite Micro run only in trusted workspaces: trusting one brings their answers.
    vscode.workspace.onDidGrantWorkspaceTrust(() => analysis.reanalyzeAll()),
    // For the integration tests: how many Vela processes ran, and whether this workspace lets them.
    vscode.commands.registerCommand('deploylens.internal.oracleState', () => ({ velaRuns: oracles.vela.runs, tflmRuns: tflm.oracle.runs, trusted: vscode.workspace.isTrusted })),
    vscode.commands.registerCommand('deploylens.loadEdgeTpuLog', (arg?: unknown, file?: unknown) => loadEdgeTpuLog({ analysis, oracles, log }, arg, file)),
    ...registerCommands({ analysis, targets, text, log }),
    ...registerPartitionsPanel(context, { analysis, targets, log }),
    ...registerMemoryTimelinePanel(context, { analysis, targets, log }),
    ...registerLayerTimingPanel(context, { analysis, targets, log }),
    ...registerQuantizePanel(context, { analysis, targets, log }),
    ...registerCompareTargetsPanel(context, { analysis, targets, log }),
    ...registerModelPanelTestCommands(),
  );
  registerOverviewEditor(context, { analysis, targets, log });
  const python = registerPython(context, { worker, targets, analysis, log, docsRoot });
  context.subscriptions.push(...registerCompare(context, { analysis, targets, log, exports: python.exports }));
  diagnostics.setSources(python.sources);
  setModuleSourceProvider(python.sources);

  // After activation returns: profiles first (they decide the target), then the scan.
  const ready = new Promise<void>((resolve) => {
    setTimeout(() => {
      targets.reload().then(() => watcher.scan()).catch((e: unknown) => log.error(`startup scan failed: ${String(e)}`)).finally(resolve);
    }, 0);
  });
  log.info(`DeployLens activated (workspace trust: ${vscode.workspace.isTrusted ? 'trusted' : 'restricted — static analysis only'})`);
  return {
    whenIdle: () => ready.then(() => Promise.all([analysis.whenIdle(), python.whenIdle()])).then(() => undefined),
    exportTesting: {
      setConsent: (value) => python.exports.setConsent(value),
      setTrusted: (trusted) => { python.exports.isTrusted = trusted === undefined ? () => vscode.workspace.isTrusted : () => trusted; },
    },
    onDidAnalyze: analysis.onDidAnalyze,
    onDidReceivePanelMessage,
  };
}

export function deactivate(): void {}
