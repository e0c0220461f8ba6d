// Vela beside the prediction, for the CLI and the editor: when the target has a Vela configuration
// (profile `vela`) and the model is a .tflite file, run Vela (src/processes/external/vela.ts),
// parse what it prints (src/core/oracles/velaOutput.ts) and add its answer to the report
// (src/core/oracles/velaCompare.ts). Answers are cached by file identity (path, mtime, size) and
// Vela configuration (command, profile's Vela options), like the analysis; a run in progress is
// shared by everyone asking for the same key. No vscode here.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VelaRunInfo } from '../core/oracles/velaCompare';
import { velaFailedSection, velaSection, withVela } from '../core/oracles/velaCompare';
import type { VelaReport } from '../core/oracles/velaOutput';
import { parseVelaOutput } from '../core/oracles/velaOutput';
import type { Report } from '../core/report/report';
import type { TargetProfile, VelaSpec } from '../core/targets/profile';
import type { ToolCommand, VelaOutcome, VelaRunOptions } from '../processes/external/vela';
import { runVela, velaVersion } from '../processes/external/vela';

/** Vela's answer for one file and configuration (before it meets a report). */
export type VelaAnswer =
  | { ok: true; vela: VelaReport; run: VelaRunInfo }
  | { ok: false; error: string; run: VelaRunInfo };

/** True when Vela has something to say: a .tflite file on a target with a Vela configuration. */
export function velaApplies(file: string, target: TargetProfile | undefined): target is TargetProfile & { vela: VelaSpec } {
  return target?.vela !== undefined && file.toLowerCase().endsWith('.tflite');
}

/** The report with Vela's answer beside the prediction. */
export function attachVela(report: Report, answer: VelaAnswer): Report {
  return withVela(report, answer.ok ? velaSection(report, answer.vela, answer.run) : velaFailedSection(report, answer.run, answer.error));
}

export interface VelaOracleOptions {
  /** The runner (tests count and fake runs through it). */
  run?: (cmd: ToolCommand, model: string, spec: VelaSpec, options: VelaRunOptions) => Promise<VelaOutcome>;
  version?: (cmd: ToolCommand, options: Pick<VelaRunOptions, 'env'>) => Promise<string | null>;
  /** Answers kept (least recently used dropped first). */
  maxEntries?: number;
}

export class VelaOracle {
  private readonly answers = new Map<string, Promise<VelaAnswer>>();
  private readonly run: NonNullable<VelaOracleOptions['run']>;
  private readonly version: NonNullable<VelaOracleOptions['version']>;
  private readonly max: number;
  /** Vela processes started (for the log and the tests). */
  runs = 0;

  constructor(options: VelaOracleOptions = {}) {
    this.run = options.run ?? runVela;
    this.version = options.version ?? velaVersion;
    this.max = options.maxEntries ?? 64;
  }

  /** The cache key: file identity + Vela configuration; null when the file cannot be read. */
  static key(file: string, cmd: ToolCommand, spec: VelaSpec): string | null {
    try {
      const st = fs.statSync(file);
      return JSON.stringify([path.resolve(file), st.mtimeMs, st.size, cmd.command, cmd.args, spec]);
    } catch {
      return null;
    }
  }

  /** Vela's answer for `file` (cached); rejects only when cancelled (and then nothing is cached). */
  answer(file: string, cmd: ToolCommand, spec: VelaSpec, options: VelaRunOptions): Promise<VelaAnswer> {
    const key = VelaOracle.key(file, cmd, spec);
    const cached = key ? this.answers.get(key) : undefined;
    if (key && cached) {
      // Recently used: keep it.
      this.answers.delete(key);
      this.answers.set(key, cached);
      return cached;
    }
    const p = this.compute(path.resolve(file), cmd, spec, options);
    if (key) {
      this.answers.set(key, p);
      p.catch(() => this.answers.delete(key));
      while (this.answers.size > this.max) this.answers.delete(this.answers.keys().next().value!);
    }
    return p;
  }

  /** The cached answer, if there is one and the file is unchanged (no run). */
  peek(file: string, cmd: ToolCommand, spec: VelaSpec): Promise<VelaAnswer> | undefined {
    const key = VelaOracle.key(file, cmd, spec);
    return key ? this.answers.get(key) : undefined;
  }

  clear(): void {
    this.answers.clear();
  }

  private async compute(file: string, cmd: ToolCommand, spec: VelaSpec, options: VelaRunOptions): Promise<VelaAnswer> {
    this.runs++;
    const [version, outcome] = await Promise.all([this.version(cmd, { env: options.env }), this.run(cmd, file, spec, options)]);
    const run: VelaRunInfo = { command: outcome.commandLine, version, acceleratorConfig: spec.acceleratorConfig, millis: outcome.millis, ...(spec.clockHz ? { clockHz: spec.clockHz } : {}) };
    if (!outcome.ok) return { ok: false, error: outcome.error, run };
    const vela = parseVelaOutput(outcome.text);
    if (vela.cpuOperatorCount === null && vela.npuOperatorCount === null && vela.totalCycles === null) {
      return { ok: false, error: 'Vela printed no operator counts and no cycles (unknown output format)', run };
    }
    return { ok: true, vela, run };
  }
}
