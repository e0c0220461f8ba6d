// Background checks of Python training scripts: every open Python document (saved, unsaved or
// untitled) is analyzed on each edit, debounced, in the analysis worker (the document's text is
// sent, never a path), so the extension host never parses Python. A result is kept only if the
// document is still at the version it was computed for; an older answer that arrives late is dropped.

import * as vscode from 'vscode';
import { BackgroundService } from '../backgroundService';
import type { ScriptAnalysis } from '../../core/python/analyzeScript';
import type { TargetService } from '../targetService';
import { READ_ERROR, type AnalysisMethods } from '../../processes/analysis/protocol';
import { isRemoteError, ProcessError } from '../../processes/rpc/processError';
import type { Rpc } from '../../processes/rpc/client';
import { errorText } from '../../core/util/errorText';
import { SCRIPTS_SECTION, scriptSettings } from './scriptSettings';
import { cellAnalyses, NOTEBOOK_CELL_SCHEME, notebookLabel, notebookOfCell, snapshot } from './notebookScripts';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
const DEBOUNCE_MS = 200;

export interface ScriptResult {
  uri: vscode.Uri;
  /** The document version the analysis was computed from: edits and fixes apply only to it. */
  version: number;
  targetId: string;
  /** The ONNX opset the export was assumed to use. */
  opset: number;
  analysis: ScriptAnalysis;
}

/** Files, unsaved new documents and notebook cells; not read-only views such as git's old versions. */
export const SCRIPT_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote']);

export function isScript(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python' && SCRIPT_SCHEMES.has(doc.uri.scheme);
}

export class ScriptService extends BackgroundService<ScriptResult> {
  private readonly results = new Map<string, ScriptResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per document, the sequence number of the latest request: answers to older ones are stale. */
  private readonly latest = new Map<string, number>();
  private sequence = 0;
  private readonly disposables: vscode.Disposable[] = [this.analyzed, this.forgotten];

  constructor(private readonly worker: Rpc<AnalysisMethods>, private readonly targets: TargetService, private readonly log: vscode.LogOutputChannel) {
    super();
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      // Notebooks: cells added, removed, moved or changing language change the program.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.document !== undefined)) this.scheduleNotebook(e.notebook);
        for (const change of e.contentChanges) for (const cell of change.removedCells) this.forget(cell.document.uri);
      }),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.scheduleNotebook(nb, 0)),
      targets.onDidChange(() => this.rescheduleAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SCRIPTS_SECTION)) this.rescheduleAll();
      }),
    );
  }

  /** Check the Python documents that were open before activation. */
  start(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** The latest result, whatever the document's version now is (callers compare `version`). */
  get(uri: vscode.Uri): ScriptResult | undefined {
    return this.results.get(uri.toString());
  }


  schedule(doc: vscode.TextDocument, delay = DEBOUNCE_MS): void {
    if (!isScript(doc)) return;
    if (doc.uri.scheme === NOTEBOOK_CELL_SCHEME) {
      // A cell is checked with the cells before and after it (notebookScripts.ts).
      const notebook = notebookOfCell(doc);
      if (notebook) this.scheduleNotebook(notebook, delay);
      return;
    }
    const k = doc.uri.toString();
    clearTimeout(this.timers.get(k));
    this.latest.set(k, ++this.sequence); // anything in flight for this document is now stale
    if (!scriptSettings(doc.uri).enabled) {
      this.timers.delete(k);
      this.drop(doc.uri);
      this.settle();
      return;
    }
    this.timers.set(k, setTimeout(() => {
      this.timers.delete(k);
      void this.run(doc);
    }, delay));
  }

  /** Checks a notebook's Python code cells as one program (debounced like a script). */
  scheduleNotebook(notebook: vscode.NotebookDocument, delay = DEBOUNCE_MS): void {
    const k = notebook.uri.toString();
    clearTimeout(this.timers.get(k));
    this.latest.set(k, ++this.sequence);
    if (!scriptSettings(notebook.uri).enabled) {
      this.timers.delete(k);
      for (const c of notebook.getCells()) this.drop(c.document.uri);
      this.settle();
      return;
    }
    this.timers.set(k, setTimeout(() => {
      this.timers.delete(k);
      void this.runNotebook(notebook);
    }, delay));
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
    this.settle();
  }

  private rescheduleAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
    for (const nb of vscode.workspace.notebookDocuments) this.scheduleNotebook(nb, 0);
  }

  private async runNotebook(notebook: vscode.NotebookDocument): Promise<void> {
    const k = notebook.uri.toString();
    const sequence = this.latest.get(k);
    const s = snapshot(notebook);
    const target = this.targets.activeTarget(notebook.uri);
    this.running++;
    try {
      const label = notebookLabel(notebook);
      const { opset } = scriptSettings(notebook.uri);
      let response: AnalysisMethods['script']['result'];
      try {
        response = await this.worker.request('script', { file: label, text: s.program.text, target, opset });
      } catch (e) {
        this.log.error(`checking ${label} failed: ${errorText(e)}`);
        return;
      }
      if (this.latest.get(k) !== sequence || notebook.isClosed) return;
      const parts = cellAnalyses(s, response.analysis);
      for (const part of parts) {
        // A cell edited meanwhile waits for the newer check (already scheduled by its edit).
        if (part.document.isClosed || part.document.version !== part.version) continue;
        const result: ScriptResult = { uri: part.document.uri, version: part.version, targetId: target.id, opset, analysis: part.analysis };
        this.results.set(part.document.uri.toString(), result);
        this.analyzed.fire(result);
      }
      // Cells that stopped being Python code (now markdown, another language) lose their findings.
      const analyzed = new Set(parts.map((p) => p.document.uri.toString()));
      for (const cell of notebook.getCells()) if (!analyzed.has(cell.document.uri.toString())) this.drop(cell.document.uri);
      this.log.trace(`checked ${label} (${parts.length} code cells) on ${target.id} in ${response.millis.toFixed(1)} ms (${response.analysis.constructs.length} constructs, ${response.analysis.diagnostics.length} findings)`);
    } finally {
      this.running--;
      this.settle();
    }
  }

  private forget(uri: vscode.Uri): void {
    const k = uri.toString();
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    this.latest.delete(k);
    this.drop(uri);
    this.settle();
  }

  private drop(uri: vscode.Uri): void {
    if (this.results.delete(uri.toString())) this.forgotten.fire(uri);
  }

  private async run(doc: vscode.TextDocument): Promise<void> {
    const k = doc.uri.toString();
    const sequence = this.latest.get(k);
    const version = doc.version;
    const target = this.targets.activeTarget(doc.uri);
    this.running++;
    try {
      const label = doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri);
      const { opset } = scriptSettings(doc.uri);
      let response: AnalysisMethods['script']['result'];
      try {
        response = await this.worker.request('script', { file: label, text: doc.getText(), target, opset });
      } catch (e) {
        // Too large to check (or over the worker's budget): say so, and drop findings of an older text.
        if (isRemoteError(e, READ_ERROR) || (e instanceof ProcessError && (e.kind === 'timeout' || e.kind === 'exited'))) {
          this.log.warn(`${label} was not checked: ${errorText(e)}`);
          if (this.latest.get(k) === sequence) this.drop(doc.uri);
        } else this.log.error(`checking ${label} failed: ${errorText(e)}`);
        return;
      }
      // Edited, closed or re-targeted meanwhile: a newer request owns this document's result.
      if (this.latest.get(k) !== sequence || doc.isClosed || doc.version !== version) return;
      const result: ScriptResult = { uri: doc.uri, version, targetId: target.id, opset, analysis: response.analysis };
      this.results.set(k, result);
      this.log.trace(`checked ${label} on ${target.id} in ${response.millis.toFixed(1)} ms (${response.analysis.constructs.length} constructs, ${response.analysis.diagnostics.length} findings)`);
      this.analyzed.fire(result);
    } finally {
      this.running--;
      this.settle();
    }
  }

  protected isIdle(): boolean {
    return this.timers.size === 0 && this.running === 0;
  }
}
