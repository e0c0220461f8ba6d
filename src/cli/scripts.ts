// `deploylens analyze train.py`: training scripts go through the script analysis (src/core/python)
// instead of the model readers; the same --target, --format and --fail-on apply.

import { readRegularTextFile, UnreadableFileError } from '../core/io/regularFile';
import { MAX_SCRIPT_BYTES } from '../core/limits';
import { analyzeScript } from '../core/python/analyzeScript';
import { DEFAULT_OPSET } from '../core/python/constructTable';
import { effectiveScriptDiagnostics, formatScriptMarkdown, formatScriptText, toScriptReport, type ScriptExportSection, type ScriptReport } from '../core/python/scriptReport';
import { sarifLog, scriptSarifRun, type SarifLog } from '../core/findings/sarif';
import type { TargetProfile } from '../core/targets/profile';

/** Reads and analyzes one script on the report's target; throws with the file's name when it cannot be read. */
export function analyzeScriptFile(file: string, target: TargetProfile, exported?: ScriptExportSection): ScriptReport {
  let source: string;
  try {
    // Only a regular file of sane size: a FIFO or a symlink to /dev/zero named train.py is refused.
    source = readRegularTextFile(file, MAX_SCRIPT_BYTES, 'a training script');
  } catch (e) {
    throw new UnreadableFileError(file, `cannot read the script: ${e instanceof UnreadableFileError ? e.problem : (e as Error).message}`);
  }
  const report = toScriptReport(analyzeScript(source, { file, target }), target, DEFAULT_OPSET);
  return exported ? { ...report, export: exported } : report;
}

export function scriptsExceed(scripts: ScriptReport[], failOn: string): boolean {
  if (failOn === 'none') return false;
  return scripts.some((s) => effectiveScriptDiagnostics(s).some((d) => d.severity === 'error' || (failOn === 'warning' && d.severity === 'warning')));
}

/** Appends the scripts to the models' rendering: JSON objects after the reports, one more SARIF run, text after text. */
export function renderWithScripts(modelOutput: string | null, modelJson: unknown[], scripts: ScriptReport[], format: string, many: boolean, sarif: SarifLog | null): string {
  if (format === 'json') {
    const all = [...modelJson, ...scripts];
    return JSON.stringify(many ? all : all[0], null, 2) + '\n';
  }
  if (format === 'sarif') {
    const log = sarif ?? sarifLog([]);
    return JSON.stringify({ ...log, runs: [...log.runs, scriptSarifRun(scripts)] }, null, 2) + '\n';
  }
  const f = format === 'markdown' ? formatScriptMarkdown : formatScriptText;
  const sep = format === 'markdown' ? '\n---\n\n' : '\n';
  return [...(modelOutput ? [modelOutput] : []), ...scripts.map(f)].join(sep);
}
