// Comparisons DeployLens offers by itself, as a notification the user may take or ignore (never a
// panel that opens on its own):
//   - after the Quantization Preview's "Save INT8 model": FP32 vs the saved INT8 model;
//   - after a quick fix in a training script, when the save re-exports it (export on save): the
//     exported model before vs after (copies of both, in a private temporary folder);
//   - when a model file in a git repository changes and now differs from HEAD: HEAD vs working copy
//     (once per file and window; "Don't Ask Again" turns it off for the workspace).
// Every offer is recorded for the integration tests (deploylens.internal.compareOffers), which
// accept one with deploylens.internal.acceptCompareOffer (a notification cannot be clicked there).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorText } from '../../core/util/errorText';
import { fileNameOf, isModelUri } from '../activeModel';
import type { ComparedModel, CompareModelsPanels } from '../webviews/compareModelsPanel';
import type { ExportRecord } from '../python/exportService';
import { differsFromHead } from './gitBaseline';
import { headBaseline } from './compareCommands';
import { copyTempModel } from './tempModels';

export const FIX_APPLIED_COMMAND = 'deploylens.internal.fixApplied';
const GIT_OFFERS_KEY = 'deploylens.compare.offerGitHead';
/** A fix counts for the export that follows it within this long (the user saves after fixing). */
const FIX_WINDOW_MS = 30 * 60 * 1000;
const GIT_DEBOUNCE_MS = 1500;

interface Offer {
  kind: 'int8' | 'fix' | 'git';
  message: string;
  /** Opens the comparison (resolves with the panel's model). */
  accept(): Promise<string | undefined>;
  /** Drops temporary copies when the offer is not taken. */
  dismiss(): void;
}

export interface OfferRecord { kind: Offer['kind']; message: string; accepted: boolean }

let current: CompareOffers | undefined;

/** The one instance the module-level offers (offerInt8Comparison) go to; set at registration. */
export function setCompareOffers(offers: CompareOffers | undefined): void {
  current = offers;
}

/** After "Save INT8 model": offers FP32 vs INT8 (quantizePanel.ts calls this). */
export function offerInt8Comparison(fp32: vscode.Uri, int8: vscode.Uri, targetName: string): void {
  current?.offer({
    kind: 'int8',
    message: `DeployLens: saved ${fileNameOf(int8)}. Compare it with ${fileNameOf(fp32)} on ${targetName}?`,
    accept: async () => current?.panels.open({ uri: fp32, label: `FP32 · ${fileNameOf(fp32)}` }, { uri: int8, label: `INT8 · ${fileNameOf(int8)}` }).uri.toString(),
    dismiss: () => undefined,
  });
}

export class CompareOffers implements vscode.Disposable {
  private readonly fixes = new Map<string, number>();
  private readonly offeredGit = new Set<string>();
  private readonly gitTimers = new Map<string, NodeJS.Timeout>();
  private readonly records: (OfferRecord & { offer: Offer })[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly panels: CompareModelsPanels, private readonly workspaceState: vscode.Memento, private readonly log: { info(m: string): void; warn(m: string): void }) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{onnx,tflite}', true, false, true);
    this.disposables.push(
      watcher, watcher.onDidChange((uri) => this.modelChanged(uri)),
      vscode.commands.registerCommand(FIX_APPLIED_COMMAND, (uri: unknown) => { if (typeof uri === 'string') this.fixes.set(uri, Date.now()); }),
      vscode.commands.registerCommand('deploylens.internal.compareOffers', (): OfferRecord[] => this.records.map(({ kind, message, accepted }) => ({ kind, message, accepted }))),
      vscode.commands.registerCommand('deploylens.internal.acceptCompareOffer', (index?: unknown) => {
        const r = typeof index === 'number' ? this.records[index] : this.records[this.records.length - 1];
        if (!r) throw new Error('no comparison was offered');
        r.accepted = true;
        return r.offer.accept();
      }),
    );
  }

  dispose(): void {
    if (current === this) current = undefined;
    for (const t of this.gitTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  offer(o: Offer, buttons: string[] = ['Compare Models']): void {
    const record = { kind: o.kind, message: o.message, accepted: false, offer: o };
    this.records.push(record);
    if (this.records.length > 50) this.records.shift();
    this.log.info(`offered a comparison: ${o.message}`);
    void vscode.window.showInformationMessage(o.message, ...buttons).then(async (choice) => {
      if (choice === buttons[0]) {
        record.accepted = true;
        await o.accept().catch((e: unknown) => void vscode.window.showWarningMessage(`DeployLens: the comparison failed: ${errorText(e)}`));
      } else if (choice === "Don't Ask Again") {
        await this.workspaceState.update(GIT_OFFERS_KEY, false);
        o.dismiss();
      } else if (!record.accepted) o.dismiss();
    });
  }

  /**
   * An export of a training script finished (exportService.ts). When it follows a quick fix in that
   * script and an earlier export exists, offer before vs after — on copies, since the export cache
   * keeps only the newest run.
   */
  async exported(after: ExportRecord, before: ExportRecord | undefined): Promise<void> {
    const k = after.uri.toString();
    const fixedAt = this.fixes.get(k);
    if (fixedAt === undefined || Date.now() - fixedAt > FIX_WINDOW_MS) return;
    if (after.outcome.kind !== 'exported' || before?.outcome.kind !== 'exported') return;
    this.fixes.delete(k);
    const name = path.basename(after.outcome.modelPath);
    let copies: [ComparedModel, ComparedModel];
    try {
      const [a, b] = await Promise.all([copyTempModel(before.outcome.modelPath, name), copyTempModel(after.outcome.modelPath, name)]);
      copies = [{ uri: vscode.Uri.file(a.file), label: 'before the fix', dispose: a.dispose }, { uri: vscode.Uri.file(b.file), label: 'after the fix', dispose: b.dispose }];
    } catch (e) {
      this.log.warn(`cannot keep the exports of ${fileNameOf(after.uri)} for a comparison: ${errorText(e)}`);
      return;
    }
    const va = before.outcome.report.summary.verdict;
    const vb = after.outcome.report.summary.verdict;
    this.offer({
      kind: 'fix',
      message: `DeployLens: ${fileNameOf(after.uri)} re-exported after the fix${va && vb ? ` (${va} → ${vb} on ${after.targetId})` : ''}. Compare the model before and after?`,
      accept: async () => this.panels.open(copies[0], copies[1]).uri.toString(),
      dismiss: () => { copies[0].dispose?.(); copies[1].dispose?.(); },
    });
  }

  /** A model file changed on disk: if it now differs from its git HEAD version, offer the comparison (once). */
  private modelChanged(uri: vscode.Uri): void {
    if (!isModelUri(uri) || this.workspaceState.get<boolean>(GIT_OFFERS_KEY) === false) return;
    const k = uri.toString();
    if (this.offeredGit.has(k)) return;
    clearTimeout(this.gitTimers.get(k));
    this.gitTimers.set(k, setTimeout(() => {
      this.gitTimers.delete(k);
      void differsFromHead(uri).then((differs) => {
        if (!differs || this.offeredGit.has(k)) return;
        this.offeredGit.add(k);
        this.offer({
          kind: 'git',
          message: `DeployLens: ${fileNameOf(uri)} differs from its git HEAD version. Compare the two?`,
          accept: async () => {
            const head = await headBaseline(uri);
            return head ? this.panels.open(head, { uri, label: 'working copy' }).uri.toString() : undefined;
          },
          dismiss: () => undefined,
        }, ['Compare with HEAD', "Don't Ask Again"]);
      }, () => undefined);
    }, GIT_DEBOUNCE_MS));
  }
}

