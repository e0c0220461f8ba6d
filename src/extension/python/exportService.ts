// Export on save (issue 18): when a training script is saved (debounced) or on
// `DeployLens: Export and Analyze`, its export entry point (src/core/python/exportEntry.ts, found by
// the analysis worker) is run in the user's Python by the export job (src/jobs/scriptExport.ts:
// the driver in a child process via runTool, with a time-out, a memory limit and cancel), the
// exported model — in the extension's global storage, never next to the user's files — is analyzed
// on the target in the worker, and the figures and findings are mapped onto the script's calls.
//
// Gate (exportGate.ts): trusted workspaces only, the first run asks once per workspace. The output
// channel shows the exact command. A new save cancels the export still running for that script.
// Results are kept per document with the text they were exported from: they are *fresh* while the
// document holds that text and *stale* (ranges carried along with the edits) otherwise. A change of
// target re-analyzes the exported model without exporting again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { BackgroundService } from '../backgroundService';
import { settings } from '../config';
import type { TargetService } from '../targetService';
import type { AnalysisMethods } from '../../processes/analysis/protocol';
import type { Rpc } from '../../processes/rpc/client';
import { isCancelled } from '../../processes/rpc/processError';
import type { ExportPlan } from '../../core/python/exportEntry';
import { mapExportToScript, type ExportView, type ModuleSite } from '../../core/python/exportLink';
import type { FailureDiagnostic } from '../../core/python/exportFailure';
import { shiftRanges, type TextChange } from '../../core/python/rangeShift';
import type { ScriptRange } from '../../core/python/syntax';
import type { Report } from '../../core/report/report';
import { errorText } from '../../core/util/errorText';
import { exportScript, type RunnablePlan } from '../../jobs/scriptExport';
import { consentMessage, exportGate, type Consent, type ExportTrigger } from './exportGate';
import { exportSettings } from './exportSettings';
import { resolveInterpreter, type Interpreter } from './pythonInterpreter';
import { isScript } from './scriptService';
import { unpackReport } from '../../core/report/packedReport';

const SAVE_DEBOUNCE_MS = 300;
const CONSENT_KEY = 'deploylens.export.consent';
export const DECLARE_DOCS = 'docs/training-scripts.md#export-on-save';

/** What the last export of a document gave, with its ranges carried along with later edits. */
export interface ExportRecord {
  uri: vscode.Uri;
  /** The script's text that was exported (the saved file) and its document version. */
  text: string;
  version: number;
  plan: ExportPlan;
  interpreter: Interpreter | null;
  commandLine: string | null;
  finishedAt: number;
  targetId: string;
  outcome:
    | { kind: 'exported'; view: ExportView; modelPath: string; modules: ModuleSite[]; report: Report; framework: string; timings: { exportMs: number; analyzeMs: number; totalMs: number } }
    | { kind: 'failed'; diagnostic: FailureDiagnostic; traceback?: string }
    | { kind: 'skipped'; reason: string };
}

export interface ExportStatus {
  record: ExportRecord | undefined;
  /** The document holds the exported text (figures and findings are exact for it). */
  fresh: boolean;
  running: boolean;
}

interface Running { controller: AbortController; sequence: number }

function cacheKey(uri: vscode.Uri): string {
  return createHash('sha1').update(uri.toString()).digest('hex').slice(0, 16);
}

export class ExportService extends BackgroundService<vscode.Uri> {
  private readonly records = new Map<string, ExportRecord>();
  /** Edits since the record's export, per document (the record's ranges are shifted through them). */
  private readonly edits = new Map<string, TextChange[][]>();
  /** Edits since the last save, for exports still running when they happen. */
  private readonly pendingEdits = new Map<string, { version: number; changes: TextChange[] }[]>();
  private readonly inFlight = new Map<string, Running>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.analyzed, this.forgotten];
  private askedThisSession = false;
  private readonly exportedEmitter = new vscode.EventEmitter<{ after: ExportRecord; before: ExportRecord | undefined }>();
  /** A successful export, with the record it replaces (Compare Models offers before vs after a fix). */
  readonly onDidExport = this.exportedEmitter.event;
  private sequence = 0;
  /** Tests and benchmarks replace the trust check (the harness runs with workspace trust disabled). */
  isTrusted: () => boolean = () => vscode.workspace.isTrusted;

  constructor(
    private readonly worker: Rpc<AnalysisMethods>,
    private readonly targets: TargetService,
    private readonly log: vscode.LogOutputChannel,
    private readonly context: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'workspaceState' | 'extensionUri'>,
  ) {
    super();
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => this.scheduleSave(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      targets.onDidChange(() => void this.reanalyzeAll()),
    );
  }

  status(uri: vscode.Uri, doc?: vscode.TextDocument): ExportStatus {
    const k = uri.toString();
    const record = this.records.get(k);
    const d = doc ?? vscode.workspace.textDocuments.find((x) => x.uri.toString() === k);
    const fresh = !!record && !!d && (d.version === record.version || (!d.isDirty && d.getText() === record.text));
    return { record: record ? this.shifted(record) : undefined, fresh, running: this.inFlight.has(k) || this.timers.has(k) };
  }

  /** What the workspace answered to "allow exports?" (tests set it: the harness cannot click a modal). */
  consent(): Consent {
    return this.context.workspaceState.get<Consent>(CONSENT_KEY);
  }

  async setConsent(value: Consent): Promise<void> {
    await this.context.workspaceState.update(CONSENT_KEY, value);
  }

  scheduleSave(doc: vscode.TextDocument): void {
    if (!isScript(doc) || doc.uri.scheme !== 'file') return;
    const k = doc.uri.toString();
    this.pendingEdits.set(k, []);
    clearTimeout(this.timers.get(k));
    this.timers.set(k, setTimeout(() => {
      this.timers.delete(k);
      void this.run(doc, 'save').finally(() => this.settle());
    }, SAVE_DEBOUNCE_MS));
  }

  /** `DeployLens: Export and Analyze`: saves first when needed, then exports with a cancellable progress notification. */
  async exportNow(doc: vscode.TextDocument): Promise<ExportRecord | undefined> {
    if (!isScript(doc)) {
      void vscode.window.showWarningMessage('DeployLens: Export and Analyze works on a Python training script.');
      return undefined;
    }
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('DeployLens: save the script to a file first — the export imports it from disk.');
      return undefined;
    }
    if (doc.isDirty && !(await doc.save())) return undefined;
    const k = doc.uri.toString();
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    this.pendingEdits.set(k, []);
    try {
      return await this.run(doc, 'command');
    } finally {
      this.settle();
    }
  }

  /** Stops the export running for the document (or every one). */
  cancel(uri?: vscode.Uri): boolean {
    let any = false;
    for (const [k, r] of this.inFlight) {
      if (uri && k !== uri.toString()) continue;
      r.controller.abort();
      any = true;
    }
    return any;
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.cancel();
    for (const d of this.disposables) d.dispose();
    this.exportedEmitter.dispose();
    this.settle();
  }

  protected isIdle(): boolean {
    return this.timers.size === 0 && this.inFlight.size === 0;
  }

  private cacheDir(uri: vscode.Uri): string {
    return path.join(this.context.globalStorageUri.fsPath, 'exports', cacheKey(uri));
  }

  private shifted(record: ExportRecord): ExportRecord {
    const edits = this.edits.get(record.uri.toString()) ?? [];
    if (edits.length === 0) return record;
    const apply = <T extends { range: ScriptRange }>(items: T[]): T[] => edits.reduce((xs, changes) => shiftRanges(xs, changes), items);
    const o = record.outcome;
    if (o.kind === 'exported') return { ...record, outcome: { ...o, view: { sites: apply(o.view.sites), diagnostics: apply(o.view.diagnostics) } } };
    if (o.kind === 'failed') return { ...record, outcome: { ...o, diagnostic: apply([o.diagnostic])[0]! } };
    return record;
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const k = e.document.uri.toString();
    const changes: TextChange[] = e.contentChanges.map((c) => ({
      range: { start: { line: c.range.start.line, character: c.range.start.character }, end: { line: c.range.end.line, character: c.range.end.character } },
      text: c.text,
    }));
    this.pendingEdits.get(k)?.push({ version: e.document.version, changes });
    if (this.records.has(k)) {
      const list = this.edits.get(k) ?? [];
      list.push(changes);
      this.edits.set(k, list);
      this.analyzed.fire(e.document.uri);
    }
  }

  private forget(uri: vscode.Uri): void {
    const k = uri.toString();
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    this.cancel(uri);
    this.pendingEdits.delete(k);
    this.edits.delete(k);
    if (this.records.delete(k)) this.forgotten.fire(uri);
    fs.rm(this.cacheDir(uri), { recursive: true, force: true }, () => undefined);
    this.settle();
  }

  private async gate(doc: vscode.TextDocument, trigger: ExportTrigger, interpreter: Interpreter): Promise<boolean> {
    const decision = exportGate({ trusted: this.isTrusted(), consent: this.consent(), trigger, onSave: exportSettings(doc.uri).onSave, askedThisSession: this.askedThisSession });
    if (decision === 'run') return true;
    if (decision === 'untrusted') {
      if (trigger === 'command') {
        void vscode.window.showWarningMessage('DeployLens: exporting runs the script\'s Python, which needs a trusted workspace. Trust this folder to use it (the static checks keep working).', 'Manage Workspace Trust')
          .then((c) => { if (c) void vscode.commands.executeCommand('workbench.trust.manage'); });
      }
      this.log.info(`export of ${vscode.workspace.asRelativePath(doc.uri)} skipped: the workspace is not trusted`);
      return false;
    }
    if (decision !== 'ask') return false;
    this.askedThisSession = true;
    const { message, detail } = consentMessage(interpreter.command, path.basename(doc.uri.fsPath));
    const choice = await vscode.window.showInformationMessage(message, { modal: true, detail }, 'Allow in This Workspace', 'Never in This Workspace');
    if (choice === 'Allow in This Workspace') await this.setConsent('allowed');
    else if (choice === 'Never in This Workspace') await this.setConsent('denied');
    return choice === 'Allow in This Workspace';
  }

  private settingEntry(doc: vscode.TextDocument): { module: string; functionName: string } | null {
    const value = exportSettings(doc.uri).entryPoint;
    const m = value ? /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)$/.exec(value) : null;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!m || !folder) return null;
    const rel = path.relative(folder.uri.fsPath, doc.uri.fsPath).replace(/\\/g, '/');
    const module = rel.replace(/\/__init__\.py$|\.py$/, '').replace(/\//g, '.');
    return module === m[1] ? { module: m[1]!, functionName: m[2]! } : null;
  }

  private async run(doc: vscode.TextDocument, trigger: ExportTrigger): Promise<ExportRecord | undefined> {
    const k = doc.uri.toString();
    const label = vscode.workspace.asRelativePath(doc.uri);
    const text = doc.getText();
    const version = doc.version;
    let plan: ExportPlan;
    try {
      plan = (await this.worker.request('exportPlan', { file: label, text, settingEntry: this.settingEntry(doc) })).plan;
    } catch (e) {
      this.log.error(`export of ${label}: finding its entry point failed: ${errorText(e)}`);
      return undefined;
    }
    const target = this.targets.activeTarget(doc.uri);
    if (plan.kind === 'none') {
      // A Python file with no export call and no declared entry point is not (for us) a training script.
      if (plan.range === null && trigger === 'save') return undefined;
      this.log.info(`export of ${label} skipped: ${plan.reason}`);
      if (trigger === 'command') {
        void vscode.window.showInformationMessage(`DeployLens: no export entry point in ${label}. ${plan.reason}`, 'Learn More')
          .then((c) => { if (c) void vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(this.context.extensionUri, ...DECLARE_DOCS.split('#')[0]!.split('/'))); });
      }
      return this.store({ uri: doc.uri, text, version, plan, interpreter: null, commandLine: null, finishedAt: Date.now(), targetId: target.id, outcome: { kind: 'skipped', reason: plan.reason } });
    }
    const interpreter = await resolveInterpreter(doc.uri);
    if (!(await this.gate(doc, trigger, interpreter))) return undefined;

    this.inFlight.get(k)?.controller.abort(); // a newer save supersedes the running export
    const controller = new AbortController();
    const sequence = ++this.sequence;
    this.inFlight.set(k, { controller, sequence });
    this.analyzed.fire(doc.uri); // providers show "exporting…"
    const s = exportSettings(doc.uri);
    const cacheDir = this.cacheDir(doc.uri);
    let commandLine: string | null = null;
    const work = async (): Promise<ExportRecord | undefined> => {
      const result = await exportScript({
        source: text, scriptPath: doc.uri.fsPath, plan: plan as RunnablePlan, python: interpreter.command,
        driver: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'pythonExport.py').fsPath,
        cacheDir, cwd: vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.uri.fsPath),
        opset: vscode.workspace.getConfiguration('deploylens.scripts', doc.uri).get<number>('opset') ?? 17,
        timeoutMs: s.timeoutMs, memoryLimitBytes: s.memoryLimitBytes, signal: controller.signal,
        onStart: (command) => {
          commandLine = command;
          this.log.info(`export of ${label} (${interpreter.source}): ${command}`);
        },
        onStderrLine: (line) => this.log.trace(`[python] ${line}`),
        analyze: (modelPath) => this.analyzeModel(modelPath, label, doc.uri),
      });
      if (this.inFlight.get(k)?.sequence !== sequence) return undefined; // superseded
      if (result.outcome?.stdout.trim()) this.log.trace(`[python stdout] ${result.outcome.stdout.trim().slice(-2000)}`);
      const t = result.timings;
      const base = { uri: doc.uri, text, version, plan, interpreter, commandLine, finishedAt: Date.now(), targetId: target.id };
      if (!result.ok) {
        const f = result.outcome?.ok === false ? result.outcome.failure : undefined;
        this.log.warn(`export of ${label} failed after ${(t.totalMs / 1000).toFixed(1)} s: ${result.diagnostic.message}`);
        if (f?.traceback) this.log.warn(f.traceback.trimEnd());
        if (result.outcome) fs.rm(result.outcome.runDir, { recursive: true, force: true }, () => undefined);
        return this.store({ ...base, outcome: { kind: 'failed', diagnostic: result.diagnostic, ...(f?.traceback ? { traceback: f.traceback } : {}) } });
      }
      this.log.info(`exported ${label} with ${result.outcome.result.framework} ${result.outcome.result.frameworkVersion} in ${(t.exportMs / 1000).toFixed(2)} s; analyzed on ${target.id} in ${t.analyzeMs.toFixed(0)} ms, mapped in ${t.mapMs.toFixed(1)} ms (${result.view.sites.length} constructor calls, ${result.view.diagnostics.length} findings)`);
      this.prune(cacheDir, result.outcome.runDir);
      return this.store({
        ...base,
        outcome: {
          kind: 'exported', view: result.view, modelPath: result.outcome.modelPath, modules: result.outcome.result.modules, report: result.report,
          framework: `${result.outcome.result.framework} ${result.outcome.result.frameworkVersion}`,
          timings: { exportMs: t.exportMs, analyzeMs: t.analyzeMs, totalMs: t.totalMs },
        },
      });
    };
    try {
      const title = `DeployLens: exporting ${path.basename(doc.uri.fsPath)}`;
      if (trigger === 'command') {
        return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
          token.onCancellationRequested(() => controller.abort());
          return work();
        });
      }
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, work);
    } catch (e) {
      if (isCancelled(e)) this.log.info(`export of ${label} cancelled`);
      else this.log.error(`export of ${label}: ${errorText(e)}`);
      return undefined;
    } finally {
      if (this.inFlight.get(k)?.sequence === sequence) this.inFlight.delete(k);
      this.analyzed.fire(doc.uri);
    }
  }

  private async analyzeModel(modelPath: string, label: string, resource: vscode.Uri): Promise<Report> {
    const target = this.targets.activeTarget(resource);
    const r = await this.worker.request('analyze', { file: modelPath, label: `${label} → ${path.basename(modelPath)}`, dims: settings(resource).dims, targets: [target] });
    return unpackReport(r.report);
  }

  /** Keeps the newest run of a script; older ones (and failed ones) are removed. */
  private prune(cacheDir: string, keep: string): void {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(cacheDir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(cacheDir, e);
      if (p !== keep && !this.isRunDirInUse(p)) fs.rm(p, { recursive: true, force: true }, () => undefined);
    }
  }

  private isRunDirInUse(dir: string): boolean {
    return [...this.records.values()].some((r) => r.outcome.kind === 'exported' && path.dirname(r.outcome.modelPath) === dir);
  }

  private store(record: ExportRecord): ExportRecord {
    const k = record.uri.toString();
    const before = this.records.get(k);
    this.records.set(k, record);
    if (record.outcome.kind === 'exported') this.exportedEmitter.fire({ after: record, before });
    // Edits made while it ran (after the save) already move its ranges.
    const pending = (this.pendingEdits.get(k) ?? []).filter((p) => p.version > record.version).map((p) => p.changes);
    this.edits.set(k, pending);
    this.analyzed.fire(record.uri);
    return record;
  }

  private async reanalyzeAll(): Promise<void> {
    for (const record of [...this.records.values()]) {
      const o = record.outcome;
      if (o.kind !== 'exported') continue;
      const target = this.targets.activeTarget(record.uri);
      if (target.id === record.targetId) continue;
      try {
        const report = await this.analyzeModel(o.modelPath, vscode.workspace.asRelativePath(record.uri), record.uri);
        const current = this.records.get(record.uri.toString());
        if (current !== record) continue;
        const view = mapExportToScript(report, o.modules, record.text, record.plan.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
        this.records.set(record.uri.toString(), { ...record, targetId: target.id, outcome: { ...o, view, report } });
        this.analyzed.fire(record.uri);
      } catch (e) {
        this.log.error(`re-analyzing the export of ${vscode.workspace.asRelativePath(record.uri)}: ${errorText(e)}`);
      }
    }
  }
}
