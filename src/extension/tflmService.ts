// TensorFlow Lite Micro itself, in the editor. After the analysis service has a .tflite model's
// verdict on a TFLite Micro target (which is never held back for it), and only in a trusted
// workspace with `deploylens.tflm.enabled` on: TFLM (WebAssembly in its worker thread,
// src/processes/tflm) allocates the model with the profile's kernels, and its answer becomes the
// report's verdict (src/core/oracles/tflmVerdict.ts) — TFLM's arena, TFLM's own error on the node
// it fails on. Answers are cached by file identity and kernel build (src/jobs/tflmOracle.ts).
// Anything not applicable costs a few property reads: no worker starts, no file is read.
//
// Why trust: preparing a model runs its parameters through TFLM's C++ kernels (model execution in
// all but name), so an untrusted workspace gets DeployLens's static verdict only.

import * as vscode from 'vscode';
import type { Report } from '../core/report/report';
import type { TargetProfile } from '../core/targets/profile';
import { tflmApplies } from '../core/oracles/tflmVerdict';
import { formatExactBytes } from '../core/units';
import { errorText } from '../core/util/errorText';
import { attachTflm, TflmOracle } from '../jobs/tflmOracle';
import { TflmClient } from '../processes/tflm/client';
import { isCancelled } from '../processes/rpc/processError';
import { SECTION } from './config';

export interface TflmSettings {
  enabled: boolean;
  timeoutSeconds: number;
}

export function tflmSettings(resource?: vscode.Uri): TflmSettings {
  const c = vscode.workspace.getConfiguration(`${SECTION}.tflm`, resource);
  const timeout = c.get<number>('timeoutSeconds') ?? 60;
  return { enabled: c.get<boolean>('enabled') ?? true, timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 60 };
}

export class TflmService implements vscode.Disposable {
  readonly oracle: TflmOracle;
  private client: TflmClient | null = null;
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly workerScript: string, private readonly log: vscode.LogOutputChannel) {
    this.oracle = new TflmOracle(() => (this.client ??= new TflmClient({
      workerScript: this.workerScript,
      log: { info: (m) => this.log.info(m), error: (m) => this.log.warn(m) },
    })));
  }

  /** Whether TFLM will run for this model and target (cheap: no worker, no file read). */
  planned(uri: vscode.Uri, target: TargetProfile): boolean {
    return uri.scheme === 'file' && vscode.workspace.isTrusted && tflmApplies(uri.fsPath, target) && tflmSettings(uri).enabled;
  }

  /** An answer is cached for the file as it is now: attaching it costs nothing. */
  cached(uri: vscode.Uri, target: TargetProfile): boolean {
    return this.oracle.peek(uri.fsPath, target) !== undefined;
  }

  /** TFLM's answer made the report's verdict (null: TFLM does not apply, or the run was cancelled). */
  async withTflm(uri: vscode.Uri, target: TargetProfile, report: Report): Promise<Report | null> {
    if (!this.planned(uri, target)) return null;
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const runsBefore = this.oracle.runs;
      const t0 = performance.now();
      const answer = await this.oracle.answer(uri.fsPath, target, { timeoutMs: tflmSettings(uri).timeoutSeconds * 1000, signal: abort.signal });
      if (this.oracle.runs > runsBefore) {
        const rel = vscode.workspace.asRelativePath(uri);
        const took = `${(performance.now() - t0).toFixed(0)} ms after the verdict (TFLM ${answer.millis.toFixed(0)} ms)`;
        if (answer.status === 'answered') this.log.info(`TensorFlow Lite Micro (${answer.kernels}) allocated ${rel}: arena ${formatExactBytes(answer.minimumArenaBytes)}, head ${answer.headBytes} B; ${took}`);
        else if (answer.status === 'rejected') this.log.info(`TensorFlow Lite Micro (${answer.kernels}) rejects ${rel}: ${answer.message}; ${took}`);
        else this.log.warn(`TensorFlow Lite Micro gave no answer for ${rel}: ${answer.message}`);
      }
      return attachTflm(report, target, answer);
    } catch (e) {
      if (isCancelled(e)) return null;
      this.log.error(`TensorFlow Lite Micro on ${uri.fsPath}: ${errorText(e)}`);
      return null;
    } finally {
      this.aborts.delete(abort);
    }
  }

  /** Settings changed: forget answers (the next analysis asks again). */
  reset(): void {
    this.oracle.clear();
  }

  dispose(): void {
    for (const a of this.aborts) a.abort();
    this.client?.dispose();
  }
}
