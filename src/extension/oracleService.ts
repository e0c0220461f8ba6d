// The real compilers beside the prediction, in the editor. After the analysis service has the
// model's report (which is never held back for them):
//   - Arm Vela, when the workspace is trusted, `deploylens.vela.enabled` is on, the target has a
//     Vela configuration (profile `vela`), the file is .tflite and Vela exists (`deploylens.vela.command`
//     or `vela` on PATH): run in the background (src/jobs/velaOracle.ts, cached by file identity and
//     configuration) and its answer added to the report when it arrives;
//   - an edgetpu_compiler `-s` log the user loaded for the model (command "Load Edge TPU Compiler
//     Log…", remembered per workspace), on a Coral target: read and added at once.
// Whatever is not applicable costs a few property reads: no process starts, no file is read.

import * as vscode from 'vscode';
import { edgeTpuSection, withEdgeTpu } from '../core/oracles/edgetpuCompare';
import type { EdgeTpuLog } from '../core/oracles/edgetpuLog';
import type { AnalysisMethods } from '../processes/analysis/protocol';
import type { Rpc } from '../processes/rpc/client';
import type { Report } from '../core/report/report';
import type { TargetProfile } from '../core/targets/profile';
import { errorText } from '../core/util/errorText';
import { attachVela, VelaOracle, velaApplies } from '../jobs/velaOracle';
import type { ToolCommand } from '../processes/external/vela';
import { resolveVelaCommand } from '../processes/external/vela';
import { ProcessError } from '../processes/rpc/processError';
import { SECTION } from './config';

const LOGS_KEY = 'deploylens.edgetpuLogs';

export interface VelaSettings {
  enabled: boolean;
  command: string[];
  timeoutSeconds: number;
}

export function velaSettings(resource?: vscode.Uri): VelaSettings {
  const c = vscode.workspace.getConfiguration(`${SECTION}.vela`, resource);
  const raw = c.get<unknown>('command');
  const command = Array.isArray(raw) ? raw.filter((w): w is string => typeof w === 'string' && w.length > 0)
    : typeof raw === 'string' && raw.trim() ? [raw.trim()] : [];
  const timeout = c.get<number>('timeoutSeconds') ?? 300;
  return { enabled: c.get<boolean>('enabled') ?? true, command, timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 300 };
}

export class OracleService implements vscode.Disposable {
  readonly vela: VelaOracle;
  private readonly commands = new Map<string, ToolCommand | null>();
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel, private readonly worker: Rpc<AnalysisMethods>, vela?: VelaOracle) {
    this.vela = vela ?? new VelaOracle();
  }

  /** An edgetpu_compiler log, read and parsed by the script worker (never on this thread); rejects with its problem. */
  async readEdgeTpuLog(file: string): Promise<EdgeTpuLog> {
    return (await this.worker.request('toolLog', { kind: 'edgetpu', file })).edgetpu!;
  }

  /** The Vela command for these settings (PATH looked up once per settings value). */
  velaCommand(s: VelaSettings): ToolCommand | null {
    const key = JSON.stringify(s.command);
    if (!this.commands.has(key)) this.commands.set(key, resolveVelaCommand(s.command));
    return this.commands.get(key) ?? null;
  }

  /** Settings or PATH may have changed: look the command up again, forget answers. */
  reset(): void {
    this.commands.clear();
    this.vela.clear();
  }

  /** Whether Vela will run for this model and target (cheap: no process, no file read). */
  velaPlanned(uri: vscode.Uri, target: TargetProfile): { command: ToolCommand; settings: VelaSettings } | null {
    if (uri.scheme !== 'file' || !vscode.workspace.isTrusted || !velaApplies(uri.fsPath, target)) return null;
    const s = velaSettings(uri);
    if (!s.enabled) return null;
    const command = this.velaCommand(s);
    return command ? { command, settings: s } : null;
  }

  /** Vela's answer added to the report (null: Vela does not apply, or the run was cancelled). */
  async withVela(uri: vscode.Uri, target: TargetProfile, report: Report): Promise<Report | null> {
    const plan = this.velaPlanned(uri, target);
    if (!plan || !target.vela) return null;
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const runsBefore = this.vela.runs;
      const answer = await this.vela.answer(uri.fsPath, plan.command, target.vela, { timeoutMs: plan.settings.timeoutSeconds * 1000, signal: abort.signal });
      const rel = vscode.workspace.asRelativePath(uri);
      if (this.vela.runs > runsBefore) {
        if (answer.ok) this.log.info(`Vela ${answer.run.version ?? ''} compiled ${rel} for ${target.vela.acceleratorConfig} in ${answer.run.millis.toFixed(0)} ms: ${answer.vela.npuOperatorCount ?? '?'} NPU / ${answer.vela.cpuOperatorCount ?? '?'} CPU ops`);
        else this.log.warn(`Vela gave no answer for ${rel}: ${answer.error} (${answer.run.command})`);
      }
      return attachVela(report, answer);
    } catch (e) {
      if (e instanceof ProcessError && e.kind === 'cancelled') return null;
      this.log.error(`Vela on ${uri.fsPath}: ${errorText(e)}`);
      return null;
    } finally {
      this.aborts.delete(abort);
    }
  }

  /** The edgetpu_compiler log loaded for this model, on a Coral target: added to the report. */
  async withEdgeTpuLog(uri: vscode.Uri, target: TargetProfile, report: Report): Promise<Report> {
    const file = this.loadedLog(uri);
    if (!file || target.runtime !== 'edgetpu-compiler') return report;
    try {
      return withEdgeTpu(report, edgeTpuSection(report, await this.readEdgeTpuLog(file), vscode.workspace.asRelativePath(file)));
    } catch (e) {
      this.log.warn(`edgetpu_compiler log ${file} for ${uri.fsPath}: ${errorText(e)}`);
      return report;
    }
  }

  loadedLog(uri: vscode.Uri): string | undefined {
    return this.state.get<Record<string, string>>(LOGS_KEY, {})[uri.toString()];
  }

  /** Remembers (or, with null, forgets) the log for a model; the caller re-analyzes it. */
  async setLog(uri: vscode.Uri, file: string | null): Promise<void> {
    const logs = { ...this.state.get<Record<string, string>>(LOGS_KEY, {}) };
    if (file) logs[uri.toString()] = file;
    else delete logs[uri.toString()];
    await this.state.update(LOGS_KEY, logs);
  }

  dispose(): void {
    for (const a of this.aborts) a.abort();
  }
}
