// `deploylens analyze --vela[=COMMAND]` and `--edgetpu-log FILE`: the real compilers' answers
// beside the prediction in the CLI's reports (docs/targets.md#real-compilers-beside-the-prediction).

import { withEdgeTpu, edgeTpuSection } from '../core/oracles/edgetpuCompare';
import { EdgeTpuLogError, parseEdgeTpuLog } from '../core/oracles/edgetpuLog';
import { readRegularTextFile, UnreadableFileError } from '../core/io/regularFile';
import { MAX_TOOL_LOG_BYTES } from '../core/limits';
import type { Report } from '../core/report/report';
import type { TargetProfile } from '../core/targets/profile';
import { attachVela, VelaOracle, velaApplies } from '../jobs/velaOracle';
import type { ToolCommand } from '../processes/external/vela';
import { resolveVelaCommand, splitCommandLine } from '../processes/external/vela';

export interface OracleOptions {
  vela?: { command: ToolCommand; timeoutMs: number };
  edgetpuLog?: { file: string; text: string };
}

const DEFAULT_VELA_TIMEOUT_S = 300;

/** Checks the options against the target and the models; throws an Error whose message is the usage error. */
export function parseOracleOptions(o: { vela?: string; velaTimeout?: string; edgetpuLog?: string }, target: TargetProfile, files: string[]): OracleOptions {
  const out: OracleOptions = {};
  if (o.velaTimeout !== undefined && o.vela === undefined) throw new Error('--vela-timeout needs --vela');
  if (o.vela !== undefined) {
    if (!target.vela) throw new Error(`--vela: target '${target.id}' has no Vela configuration (an Ethos-U target such as ethos-u55-128 has one)`);
    const words = splitCommandLine(o.vela);
    const command = resolveVelaCommand(words.length ? words : null);
    if (!command) throw new Error('--vela: no `vela` on PATH; install Arm Vela (pip install ethos-u-vela) or pass --vela=COMMAND');
    const seconds = o.velaTimeout === undefined ? DEFAULT_VELA_TIMEOUT_S : Number(o.velaTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--vela-timeout expects a number of seconds, got '${o.velaTimeout}'`);
    out.vela = { command, timeoutMs: seconds * 1000 };
  }
  if (o.edgetpuLog !== undefined) {
    if (target.runtime !== 'edgetpu-compiler') throw new Error(`--edgetpu-log: target '${target.id}' is not a Coral Edge TPU target (use --target coral-edgetpu)`);
    if (files.length !== 1) throw new Error('--edgetpu-log describes one model: analyze exactly one model with it');
    let text: string;
    try {
      text = readRegularTextFile(o.edgetpuLog, MAX_TOOL_LOG_BYTES, 'a tool log');
    } catch (e) {
      throw new Error(`--edgetpu-log: cannot read ${o.edgetpuLog}: ${e instanceof UnreadableFileError ? e.problem : (e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    out.edgetpuLog = { file: o.edgetpuLog, text };
  }
  return out;
}

/** The reports with the oracles' answers: synchronously when no Vela has to run. */
export function attachOracles(reports: Report[], options: OracleOptions, target: TargetProfile, warn: (m: string) => void): Report[] | Promise<Report[]> {
  let out = reports;
  if (options.edgetpuLog) {
    const { file, text } = options.edgetpuLog;
    try {
      const log = parseEdgeTpuLog(text);
      out = out.map((r) => withEdgeTpu(r, edgeTpuSection(r, log, file)));
    } catch (e) {
      if (!(e instanceof EdgeTpuLogError)) throw e;
      warn(`deploylens: warning: ${file}: ${e.message}\n`);
    }
  }
  const vela = options.vela;
  if (!vela) return out;
  const oracle = new VelaOracle();
  return (async () => {
    const done: Report[] = [];
    for (const r of out) {
      if (!velaApplies(r.model.path, target) || r.target?.id !== target.id) {
        done.push(r);
        continue;
      }
      warn(`deploylens: running Vela on ${r.model.path}…\n`);
      const answer = await oracle.answer(r.model.path, vela.command, target.vela, { timeoutMs: vela.timeoutMs });
      if (!answer.ok) warn(`deploylens: warning: ${r.model.path}: Vela gave no answer: ${answer.error}\n`);
      done.push(attachVela(r, answer));
    }
    return done;
  })();
}
