// `deploylens`: the same engine as the extension, for terminals and CI.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { prepareModel, reportFor, streamedReportFor } from '../core/analyze';
import type { StreamedReport } from '../core/report/buildReport';
import { ModelReadError } from '../core/ir/errors';
import { UnreadableFileError } from '../core/io/regularFile';
import { readModelFile } from '../core/readModel';
import { formatMarkdown, formatText } from '../core/report/renderText';
import { writeJson } from '../core/report/jsonStream';
import type { Report, ReportDiagnostic } from '../core/report/report';
import { mapStrings, terminalSafe, terminalSafeLines } from '../core/report/escape';
import { toSarif } from '../core/findings/sarif';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';
import type { TargetProfile } from '../core/targets/profile';
import { TargetRegistry } from '../core/targets/targetRegistry';
import { readProfileFile as readProfile } from '../core/targets/profileFiles';
import { TargetProfileError } from '../core/targets/validateProfile';
import { TOOL_NAME, TOOL_VERSION } from '../core/version';
import { bundledExampleModel } from './exampleModel';
import type * as ScriptSupport from './scripts';
import { formatTargetList } from './targetList';
import { jsonLayout, OutputError, ReportsOutput, sarifLayout, textLayout, type OutputLayout } from './reportsOutput';
import type { ScriptExportSection, ScriptReport } from '../core/python/scriptReport';
import { attachOracles, parseOracleOptions, type OracleOptions } from './oracles';
import type * as TflmSupport from './tflmAnswers';
import { tflmApplies } from '../core/oracles/tflmVerdict';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_READ_ERROR = 2;
/** A bug in DeployLens, never a verdict on the input: its own code so CI does not read it as findings. */
export const EXIT_INTERNAL_ERROR = 3;

/** Where a team keeps its own target profiles; loaded from the working directory when present. */
export const WORKSPACE_TARGETS_DIR = path.join('.deploylens', 'targets');

const HELP = `${TOOL_NAME} ${TOOL_VERSION} — deployment-aware checks for ONNX and TFLite models

Usage:
  deploylens analyze [MODEL...] [--target ID]... [--target-file FILE]... [--dim NAME=N]...
                     [--format text|json|markdown|sarif] [--out FILE] [--fail-on error|warning|none]
                     [--vela[=COMMAND]] [--vela-timeout SECONDS] [--edgetpu-log FILE] [--no-tflm]
                     [--export [--python PYTHON] [--export-timeout S] [--entry-point MOD:FN]]
  deploylens targets [--format text|json] [--target-file FILE]...
  deploylens profile MODEL.onnx|MODEL.tflite [--runs N] [--warmup N] [--threads N] [--no-optimize]
                     [--format text|json|csv] (deploylens profile --help)
  deploylens quantize MODEL.onnx [--out FILE] [--per-channel] [--calibration DIR]
                     [--format text|json] (deploylens quantize --help)
  deploylens diff BASELINE CURRENT [--target ID]... [--format text|json|markdown]
                     (deploylens diff --help)
  deploylens --help | --version

Commands:
  analyze   Read each model, infer shapes and costs, judge it on the target(s) and print a
            report. A MODEL ending in .py is a training script: it is parsed and its
            model-building calls are judged (docs/training-scripts.md). With no MODEL, analyzes the bundled example (${path.basename(bundledExampleModel())}).
  profile   Run a model and print per-layer times beside the static estimate: an ONNX model in
            ONNX Runtime (kernel times, fusions), a TFLite model in TensorFlow Lite Micro
            itself (WebAssembly wall-clock shares, not device cycles).
  quantize  Write an INT8 (QDQ) copy of an ONNX model and compare it with FP32 in ONNX Runtime:
            per-layer weight SQNR, output agreement, latency, pitfalls (docs/quantization.md).
  diff      Judge two models on the same target(s) side by side: figures, what changed per
            module, new and resolved findings (e.g. FP32 vs its INT8 copy).
  targets   List the target profiles (built-in, ${WORKSPACE_TARGETS_DIR}/*.json, --target-file).

Options:
  --target       target profile id (default ${DEFAULT_TARGET_ID}); repeat it to compare targets
                 side by side (the first is the report's target)
  --target-file  a target profile JSON file (docs/target-profile-format.md); repeatable
  --dim          pin a symbolic dimension, e.g. --dim batch=1 (repeatable)
  --format       text (default), json (docs/report-format.md; several models give an array),
                 markdown, sarif (SARIF 2.1.0 for code scanning)
  --out          write the report to FILE instead of standard output
  --fail-on      exit 1 when a finding of this severity or worse exists (default: none)
  --debug        print stack traces of internal errors
  --vela         run Arm Vela on each .tflite model (Ethos-U targets) and show its placement,
                 SRAM and cycles beside the prediction, with every disagreement; --vela alone
                 runs \`vela\` from PATH, --vela=COMMAND runs COMMAND (e.g.
                 --vela="env PYTHONPATH=/opt/vela python3 -m ethosu.vela")
  --vela-timeout seconds Vela may take per model (default 300)
  --no-tflm      do not run TensorFlow Lite Micro: a .tflite model on a TFLite Micro target
                 (tflm-*, the budgets built on them) is otherwise allocated by TFLM itself
                 (WebAssembly, the profile's kernels), whose minimum arena and verdict — its
                 own error text on the node it fails on — replace DeployLens's estimate
  --edgetpu-log  an edgetpu_compiler -s log (or MODEL_edgetpu.log) of the one model analyzed on
                 a Coral target: its per-op table is shown beside the prediction
  --export       for a training script: run its export entry point in Python (never its
                 training: the script is imported as a module, so its
                 \`if __name__ == "__main__":\` block does not run — its top level does), analyze
                 the exported model on the target and report each constructor call's figures
                 and the model's findings on the script's lines (docs/training-scripts.md)
  --python       the interpreter for --export (default: $DEPLOYLENS_PYTHON, else python3)
  --export-timeout  seconds before the export is stopped (default 300)
  --entry-point  module:function returning (model, example_input), instead of the script's own

Exit codes: 0 success, 1 findings at or above --fail-on, 2 usage error, unreadable model,
script or broken target profile, 3 internal error (a DeployLens bug; please report it),
141 the reader of the output closed it early (| head), as SIGPIPE would.
`;

type Format = 'text' | 'json' | 'markdown' | 'sarif';
type FailOn = 'error' | 'warning' | 'none';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export class UsageError extends Error {}

/** The layout of a streamed `analyze` output (all reports' type is the streamed report's). */
function outputLayout(format: Format, many: boolean): OutputLayout<StreamedReport> {
  if (format === 'json') return jsonLayout(many);
  if (format === 'sarif') return sarifLayout();
  return textLayout(format === 'markdown');
}

function render(reports: Report[], format: Format, many: boolean): string {
  if (format === 'json') return JSON.stringify(many ? reports : reports[0], null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(toSarif(reports), null, 2) + '\n';
  const f = format === 'markdown' ? formatMarkdown : formatText;
  return reports.map(f).join(format === 'markdown' ? '\n---\n\n' : '\n');
}

/** `--dim NAME=INTEGER` values (repeatable), shared by every command that takes them. */
export function parseDims(values: string[]): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const v of values) {
    const m = /^([^=]+)=(\d+)$/.exec(v);
    if (!m) throw new UsageError(`--dim expects NAME=INTEGER, got '${v}'`);
    dims[m[1]!] = Number(m[2]);
  }
  return dims;
}

/** The example's path relative to the working directory when it is below it: shorter in reports. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** A profile's text: only a regular file (a FIFO or /dev/zero symlink is refused), at most MAX_PROFILE_BYTES. */
function readProfileFile(file: string): string {
  return readProfile(file, displayPath(file));
}

function workspaceProfileFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new TargetProfileError(displayPath(dir), [{ path: '$', message: `cannot list the folder: ${code ?? (e as Error).message}` }]);
  }
  return entries.filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

/** Built-ins, then the workspace's profiles (sorted, so `extends` between them is predictable), then --target-file. */
export function loadTargets(targetFiles: string[], cwd = process.cwd()): TargetRegistry {
  const registry = new TargetRegistry();
  const dir = path.join(cwd, WORKSPACE_TARGETS_DIR);
  for (const file of [...workspaceProfileFiles(dir), ...targetFiles]) registry.add({ file: displayPath(file), text: readProfileFile(file) });
  return registry;
}

/** One stderr line per user profile that replaces a built-in, so the replacement is never silent. */
function noteOverrides(registry: TargetRegistry, io: Io): void {
  // User profiles only: listing every target would validate all sixteen built-ins on each run.
  for (const t of registry.userProfiles()) {
    if (t.overridesBuiltin) io.stderr(`deploylens: note: ${t.overridesBuiltin} overrides the built-in target '${t.id}'\n`);
  }
}

/** An internal error as one line (the stack only with --debug): a bug, never a finding. */
function internalError(e: unknown, debug: boolean, what = ''): string {
  const one = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  const line = `deploylens: internal error${what ? ` while analyzing ${what}` : ''}: ${one.split('\n')[0]!.slice(0, 500)} (exit ${EXIT_INTERNAL_ERROR}; rerun with --debug for details)\n`;
  return debug && e instanceof Error && e.stack ? `${line}${e.stack}\n` : line;
}

export function resolveTargets(registry: TargetRegistry, ids: string[]): TargetProfile[] {
  return (ids.length ? ids : [DEFAULT_TARGET_ID]).map((id) => {
    const t = registry.get(id);
    if (!t) throw new UsageError(`unknown target '${id}'; known targets: ${registry.ids().join(', ')}`);
    return t;
  });
}

/**
 * Reads, analyzes and writes one model's report, noting the severities its findings reach. A
 * function of its own, not the loop's body: an interpreted frame keeps what its registers last held
 * (the model, the streamed report), so in the loop the first of two decoders stayed alive — 43 MB —
 * while the second was read and analyzed; this frame is gone when the next model starts.
 */
function streamModel(file: string, dims: Record<string, number>, targets: TargetProfile[], output: ReportsOutput<StreamedReport>, reached: ReportDiagnostic[]): void {
  const streamed = streamedReportFor(prepareModel(readModelFile(file).model, { dims }), targets);
  noteSeverities(reached, streamed.diagnostics);
  output.add(streamed);
}

/** Adds to `reached` the first finding of each severity in `found` that `reached` does not have yet (what exceeds reads). */
function noteSeverities(reached: ReportDiagnostic[], found: readonly ReportDiagnostic[]): void {
  for (const d of found) if (!reached.some((r) => r.severity === d.severity)) reached.push({ severity: d.severity, code: d.code, message: '' });
}

function exceeds(reports: readonly Pick<Report, 'diagnostics'>[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error' || (failOn === 'warning' && d.severity === 'warning')));
}

/**
 * A file the user must fix (not a DeployLens bug). Matched by name too: the script support runs in
 * its own bundle (dist/cliScripts.js), whose error classes are copies of these.
 */
function isReadError(e: unknown): boolean {
  return e instanceof ModelReadError || e instanceof UnreadableFileError
    || (e instanceof Error && (e.name === 'UnreadableFileError' || e.name === 'ModelReadError'));
}

/** Training scripts end in .py (or .pyw); everything else is a model file. */
export function isScript(file: string): boolean {
  return /\.pyw?$/i.test(file);
}

/**
 * The training-script support (the Python parser and the construct table) loads only when a
 * script is analyzed: the build keeps it in its own bundle, dist/cliScripts.js (lazySiblings).
 */
/** TFLite Micro's runner, loaded only when a .tflite model meets a TFLite Micro target (dist/cliTflm.js). */
function tflmSupport(): typeof TflmSupport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./tflmAnswers') as typeof TflmSupport;
}

function scriptSupport(): typeof ScriptSupport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./scripts') as typeof ScriptSupport;
}

/** `--vela` alone means "vela from PATH": written as an empty value so that parseArgs accepts it. */
export function normalizeArgv(argv: string[]): string[] {
  return argv.map((a) => (a === '--vela' ? '--vela=' : a));
}

/** The options of `analyze` (and `targets`); `--export` and its options are read by exportCommand.ts too. */
export const ANALYZE_OPTIONS = {
  format: { type: 'string', default: 'text' },
  out: { type: 'string' },
  dim: { type: 'string', multiple: true, default: [] as string[] },
  target: { type: 'string', multiple: true, default: [] as string[] },
  'target-file': { type: 'string', multiple: true, default: [] as string[] },
  'fail-on': { type: 'string', default: 'none' },
  debug: { type: 'boolean', default: false },
  vela: { type: 'string' },
  'vela-timeout': { type: 'string' },
  'edgetpu-log': { type: 'string' },
  'no-tflm': { type: 'boolean', default: false },
  export: { type: 'boolean', default: false },
  python: { type: 'string' },
  'export-timeout': { type: 'string' },
  'entry-point': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** What the asynchronous entries add to the synchronous analysis. */
export interface AnalyzeHooks {
  /** The scripts' exports, computed first (`--export`, src/cli/exportCommand.ts). */
  scriptExports?: Map<string, ScriptExportSection>;
  /** The caller waits for a promise: `--vela` (a child process) and TensorFlow Lite Micro (a worker thread) may run. */
  async?: true;
}

/**
 * The CLI's entry (dist/cli.js): `analyze` may wait for Vela (a child process) or TensorFlow Lite
 * Micro (a worker thread); it answers synchronously when neither runs. Everything else is main().
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const args = normalizeArgv(argv);
  if (args[0] !== 'analyze') return main(argv, io);
  return main(argv, io, { async: true });
}

export function main(argv: string[], rawIo: Io): number;
export function main(argv: string[], rawIo: Io, hooks: AnalyzeHooks): number | Promise<number>;
export function main(argv: string[], rawIo: Io, hooks: AnalyzeHooks = {}): number | Promise<number> {
  // Messages name files and ids from the repository: their control characters are escaped (report/escape.ts).
  const io: Io = { stdout: rawIo.stdout, stderr: (s) => rawIo.stderr(terminalSafeLines(s)) };
  let parsed;
  try {
    parsed = parseArgs({ args: normalizeArgv(argv), allowPositionals: true, options: ANALYZE_OPTIONS });
  } catch (e) {
    io.stderr(`deploylens: ${(e as Error).message}\n\n${HELP}`);
    return EXIT_USAGE_OR_READ_ERROR;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  const [command, ...models] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout(HELP);
    return values.help || command === 'help' ? EXIT_OK : EXIT_USAGE_OR_READ_ERROR;
  }
  try {
    if (command === 'targets') return targetsCommand(values, io);
    if (command === 'analyze') return analyzeCommand(models, values, io, hooks);
    if (command === 'quantize') throw new UsageError('quantize is asynchronous: run it through dist/cli.js (quantizeCommand)');
    if (command === 'profile') throw new UsageError('profile is asynchronous: run it through dist/cli.js (profileMain)');
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    if (e instanceof UsageError) io.stderr(`deploylens: ${e.message}\n${e.message.startsWith('unknown command') ? `\n${HELP}` : ''}`);
    else if (e instanceof TargetProfileError) io.stderr(`deploylens: error: ${e.message}\n`);
    else {
      io.stderr(internalError(e, values.debug === true));
      return EXIT_INTERNAL_ERROR;
    }
    return EXIT_USAGE_OR_READ_ERROR;
  }
}

interface Values {
  format?: string;
  out?: string;
  dim?: string[];
  target?: string[];
  'target-file'?: string[];
  'fail-on'?: string;
  debug?: boolean;
  vela?: string;
  'vela-timeout'?: string;
  'edgetpu-log'?: string;
  'no-tflm'?: boolean;
  export?: boolean;
}

/** JSON written in chunks (core/report/jsonStream.ts): a big report's text is never one string. */
function writeJsonOutput(value: unknown, out: string | undefined, io: Io): boolean {
  if (!out) {
    writeJson(value, io.stdout, '\n');
    return true;
  }
  let fd: number | null = null;
  try {
    fd = fs.openSync(out, 'w');
    const f = fd;
    writeJson(value, (chunk) => fs.writeSync(f, chunk), '\n');
    return true;
  } catch (e) {
    io.stderr(`deploylens: cannot write ${out}: ${(e as Error).message}\n`);
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function writeOutput(text: string, out: string | undefined, io: Io): boolean {
  if (!out) {
    io.stdout(text);
    return true;
  }
  try {
    fs.writeFileSync(out, text);
    return true;
  } catch (e) {
    io.stderr(`deploylens: cannot write ${out}: ${(e as Error).message}\n`);
    return false;
  }
}

function targetsCommand(values: Values, io: Io): number {
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`targets: --format must be text or json, got '${format}'`);
  const registry = loadTargets(values['target-file'] ?? []);
  noteOverrides(registry, io);
  const text = format === 'json' ? JSON.stringify(registry.all(), null, 2) + '\n' : formatTargetList(mapStrings(registry.all(), terminalSafe), DEFAULT_TARGET_ID);
  return writeOutput(text, values.out, io) ? EXIT_OK : EXIT_USAGE_OR_READ_ERROR;
}

function analyzeCommand(models: string[], values: Values, io: Io, hooks: AnalyzeHooks): number | Promise<number> {
  if (values.export && !hooks.scriptExports) throw new UsageError('--export runs Python asynchronously: run it through dist/cli.js (exportCommand)');
  const format = (values.format ?? 'text') as Format;
  if (!['text', 'json', 'markdown', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json, markdown or sarif, got '${values.format}'`);
  const failOn = (values['fail-on'] ?? 'none') as FailOn;
  if (!['error', 'warning', 'none'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or none, got '${values['fail-on']}'`);
  const dims = parseDims(values.dim ?? []);
  const registry = loadTargets(values['target-file'] ?? []);
  noteOverrides(registry, io);
  const targets = resolveTargets(registry, values.target ?? []);

  const files = models.length > 0 ? models : [displayPath(bundledExampleModel())];
  let oracles: OracleOptions;
  try {
    oracles = parseOracleOptions({ vela: values.vela, velaTimeout: values['vela-timeout'], edgetpuLog: values['edgetpu-log'] }, targets[0]!, files);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (oracles.vela && !hooks.async) throw new UsageError('--vela needs the asynchronous entry (runCli)');

  // Models only, with no answer to attach (Vela, an Edge TPU log, TFLite Micro): each report is
  // written as soon as its model is analyzed, its node and tensor rows made while written
  // (cli/reportsOutput.ts), never held whole; SARIF keeps only each model's findings.
  const streaming = !files.some(isScript) && !oracles.vela && !oracles.edgetpuLog
    && !(hooks.async && !values['no-tflm'] && files.some((f) => tflmApplies(f, targets[0])));
  const output = streaming ? new ReportsOutput(values.out, io.stdout, outputLayout(format, files.length > 1)) : null;
  // Of a streamed report's findings the exit code needs only the severities reached: its findings
  // (~5,700 on the decoder, with their messages) are not kept while the next models are analyzed.
  const reached: Pick<Report, 'diagnostics'> = { diagnostics: [] };
  const reports: Report[] = [];
  const scripts: ScriptReport[] = [];
  let failed = false;
  let internal = false;
  for (const file of files) {
    try {
      // Training scripts (docs/training-scripts.md) are judged on the first target.
      if (isScript(file)) {
        scripts.push(scriptSupport().analyzeScriptFile(file, targets[0]!, hooks.scriptExports?.get(file)));
        continue;
      }
      if (output) streamModel(file, dims, targets, output, reached.diagnostics);
      else reports.push(reportFor(prepareModel(readModelFile(file).model, { dims }), targets).report);
    } catch (e) {
      if (e instanceof OutputError) {
        output?.close();
        io.stderr(`deploylens: ${e.message}\n`);
        return EXIT_USAGE_OR_READ_ERROR;
      }
      failed = true;
      if (isReadError(e)) io.stderr(`deploylens: error: ${(e as Error).message}\n`);
      else {
        internal = true;
        io.stderr(internalError(e, values.debug === true, file));
      }
    }
  }
  const exitCode = (final: readonly Pick<Report, 'diagnostics'>[]): number => {
    if (internal) return EXIT_INTERNAL_ERROR;
    if (failed) return EXIT_USAGE_OR_READ_ERROR;
    return exceeds(final, failOn) || (scripts.length > 0 && scriptSupport().scriptsExceed(scripts, failOn)) ? EXIT_FINDINGS : EXIT_OK;
  };
  if (output) {
    try {
      output.finish();
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      io.stderr(`deploylens: ${e.message}\n`);
      return EXIT_USAGE_OR_READ_ERROR;
    }
    const incomplete = output.incompleteMessage();
    if (incomplete) io.stderr(`deploylens: ${incomplete}\n`);
    return exitCode([reached]);
  }
  const finish = (final: Report[]): number => {
    if (format === 'json' && scripts.length === 0) {
      if (final.length > 0 && !writeJsonOutput(files.length > 1 ? final : final[0], values.out, io)) return EXIT_USAGE_OR_READ_ERROR;
    } else if (format === 'sarif' && scripts.length === 0) {
      // SARIF is JSON too: written in chunks (the decoder's is 7.6 MB of text).
      if (final.length > 0 && !writeJsonOutput(toSarif(final), values.out, io)) return EXIT_USAGE_OR_READ_ERROR;
    } else {
      const output = scripts.length === 0 ? render(final, format, files.length > 1)
        : scriptSupport().renderWithScripts(final.length ? render(final, format, final.length > 1) : null, final, scripts, format, files.length > 1, final.length && format === 'sarif' ? toSarif(final) : null);
      if (final.length + scripts.length > 0 && !writeOutput(output, values.out, io)) return EXIT_USAGE_OR_READ_ERROR;
    }
    return exitCode(final);
  };
  const warn = (m: string): void => io.stderr(m);
  const attached = attachOracles(reports, oracles, targets[0]!, warn);
  // TFLite Micro itself, when the caller can wait for it (runCli) and a .tflite meets a TFLite Micro target.
  const tflm = hooks.async && !values['no-tflm'] && reports.some((r) => tflmApplies(r.model.path, targets[0]));
  const withTflm = (rs: Report[]): Report[] | Promise<Report[]> => (tflm ? tflmSupport().attachTflmAnswers(rs, targets[0]!, warn) : rs);
  if (Array.isArray(attached)) {
    const final = withTflm(attached);
    return Array.isArray(final) ? finish(final) : final.then(finish);
  }
  return attached.then(withTflm).then(finish);
}
