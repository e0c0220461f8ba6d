// `deploylens diff A B --target ID [--target ID…] [--format text|json|markdown]`: two models judged
// on the same targets, side by side — verdict and key figures per target, what changed per module,
// new and resolved findings (src/core/diff). A is the baseline (e.g. the FP32 model, the last
// release), B the current one. Loaded only for `diff` (its own bundle, dist/cliDiff.js).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareModel, reportFor } from '../core/analyze';
import { diffModels, type DiffSide } from '../core/diff/modelDiff';
import { formatDiffMarkdown, formatDiffText } from '../core/diff/renderDiff';
import { ModelReadError } from '../core/ir/errors';
import { UnreadableFileError } from '../core/io/regularFile';
import { isModelFile } from '../core/modelFiles';
import { readModelFile } from '../core/readModel';
import { TargetProfileError } from '../core/targets/validateProfile';
import type { TargetProfile } from '../core/targets/profile';
import { EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USAGE_OR_READ_ERROR, loadTargets, parseDims, resolveTargets, UsageError, type Io } from './cli';

export const DIFF_HELP = `Usage: deploylens diff BASELINE CURRENT [--target ID]... [--target-file FILE]... [--dim NAME=N]...
                      [--format text|json|markdown] [--depth N] [--out FILE]

Judges two models (.onnx or .tflite) on the same target(s) and shows them side by side: verdict,
ops, MACs, weights as deployed, activation peak, arena, latency, partitions and ops on the CPU,
then per module (the node-name path, e.g. /features/features.3) what was added, removed or
changed, and the findings that are new in CURRENT or resolved. Everything is computed on the
graph the target's toolchain runs, so an FP32 model and its QDQ INT8 copy compare kernel for kernel.
  --target       target profile id (default tflm-cortex-m7); repeat it for several targets
  --target-file  a target profile JSON file (repeatable); .deploylens/targets/*.json are loaded too
  --dim          pin a symbolic dimension of both models, e.g. --dim batch=1
  --format       text (default), markdown (for a pull request) or json (schemas/diff.schema.json)
  --depth        module depth listed by text and markdown (default 2; json lists every module)
  --out          write the diff to FILE

Exit codes: 0 the diff was written (whatever it shows), 2 usage error or a model that cannot be
read, 3 internal error.
`;

function side(file: string, dims: Record<string, number>, targets: TargetProfile[]): DiffSide {
  const { model } = readModelFile(file);
  const prepared = prepareModel(model, { dims });
  // One report per target: each carries that target's deployed graph and per-op figures.
  return { path: file, label: path.basename(file), reports: targets.map((t) => reportFor(prepared, [t]).report) };
}

export function diffMain(argv: string[], io: Io): number {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        target: { type: 'string', multiple: true, default: [] },
        'target-file': { type: 'string', multiple: true, default: [] },
        dim: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'text' },
        depth: { type: 'string', default: '2' },
        out: { type: 'string' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    io.stderr(`deploylens diff: ${(e as Error).message}\n\n${DIFF_HELP}`);
    return EXIT_USAGE_OR_READ_ERROR;
  }
  if (values.help) {
    io.stdout(DIFF_HELP);
    return EXIT_OK;
  }
  try {
    if (positionals.length !== 2) throw new UsageError(`diff takes two models, the baseline and the current one (got ${positionals.length})`);
    for (const f of positionals) if (!isModelFile(f)) throw new UsageError(`${f}: diff compares model files (.onnx, .tflite)`);
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, got '${format}'`);
    const depth = Number(values.depth);
    if (!Number.isInteger(depth) || depth < 1 || depth > 32) throw new UsageError(`--depth must be an integer from 1 to 32, got '${values.depth}'`);
    const dims = parseDims(values.dim);
    const targets = resolveTargets(loadTargets(values['target-file']), values.target);
    const [a, b] = positionals.map((f) => side(f, dims, targets)) as [DiffSide, DiffSide];
    const diff = diffModels(a, b);
    const text = format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : format === 'markdown' ? formatDiffMarkdown(diff, depth) : formatDiffText(diff, depth);
    if (values.out) {
      try {
        fs.writeFileSync(values.out, text);
      } catch (e) {
        io.stderr(`deploylens diff: cannot write ${values.out}: ${(e as Error).message}\n`);
        return EXIT_USAGE_OR_READ_ERROR;
      }
    } else io.stdout(text);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) io.stderr(`deploylens diff: ${e.message}\n`);
    else if (e instanceof ModelReadError || e instanceof UnreadableFileError || e instanceof TargetProfileError) io.stderr(`deploylens: error: ${e.message}\n`);
    else {
      io.stderr(`deploylens: internal error while comparing: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (exit ${EXIT_INTERNAL_ERROR}; rerun with --debug for details)\n`);
      if (values.debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
      return EXIT_INTERNAL_ERROR;
    }
    return EXIT_USAGE_OR_READ_ERROR;
  }
}
