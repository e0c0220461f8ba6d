// `deploylens`: the same engine as the extension, for terminals and CI.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile } from '../core/analyze';
import { ModelReadError } from '../core/ir/errors';
import { formatMarkdown, formatText } from '../core/report/format';
import type { Report } from '../core/report/report';
import { TOOL_NAME, TOOL_VERSION } from '../core/version';
import { bundledExampleModel } from './exampleModel';

export const EXIT_OK = 0;
export const EXIT_USAGE_OR_READ_ERROR = 2;

const HELP = `${TOOL_NAME} ${TOOL_VERSION} — deployment-aware checks for ONNX and TFLite models

Usage:
  deploylens analyze [MODEL...] [--format text|json|markdown] [--out FILE]
  deploylens --help | --version

Commands:
  analyze   Read each model and print a report. With no MODEL, analyzes the bundled
            example model (${path.basename(bundledExampleModel())}).

Options:
  --format  text (default), json (the documented contract in docs/report-format.md;
            several models give an array), markdown
  --out     write the report to FILE instead of standard output
  --dim     pin a symbolic dimension, e.g. --dim batch=1 (repeatable)

Exit codes: 0 success, 2 usage error or a model that could not be read.
`;

type Format = 'text' | 'json' | 'markdown';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

function render(reports: Report[], format: Format, many: boolean): string {
  if (format === 'json') return JSON.stringify(many ? reports : reports[0], null, 2) + '\n';
  const f = format === 'markdown' ? formatMarkdown : formatText;
  return reports.map(f).join(format === 'markdown' ? '\n---\n\n' : '\n');
}

function parseDims(values: string[]): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const v of values) {
    const m = /^([^=]+)=(\d+)$/.exec(v);
    if (!m) throw new UsageError(`--dim expects NAME=INTEGER, got '${v}'`);
    dims[m[1]!] = Number(m[2]);
  }
  return dims;
}

class UsageError extends Error {}

/** The example's path relative to the working directory when it is below it: shorter in reports. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function main(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        out: { type: 'string' },
        dim: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
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
  if (command !== 'analyze') {
    io.stderr(`deploylens: unknown command '${command}'\n\n${HELP}`);
    return EXIT_USAGE_OR_READ_ERROR;
  }
  const format = values.format as Format;
  if (!['text', 'json', 'markdown'].includes(format)) {
    io.stderr(`deploylens: --format must be text, json or markdown, got '${values.format}'\n`);
    return EXIT_USAGE_OR_READ_ERROR;
  }
  let dims: Record<string, number>;
  try {
    dims = parseDims(values.dim ?? []);
  } catch (e) {
    io.stderr(`deploylens: ${(e as Error).message}\n`);
    return EXIT_USAGE_OR_READ_ERROR;
  }

  const files = models.length > 0 ? models : [displayPath(bundledExampleModel())];
  const reports: Report[] = [];
  let failed = false;
  for (const file of files) {
    try {
      reports.push(analyzeFile(file, { dims }).report);
    } catch (e) {
      failed = true;
      if (e instanceof ModelReadError) io.stderr(`deploylens: error: ${e.message}\n`);
      else io.stderr(`deploylens: error: ${file}: internal error while analyzing: ${(e as Error).stack ?? String(e)}\n`);
    }
  }
  if (reports.length > 0) {
    const text = render(reports, format, files.length > 1);
    if (values.out) {
      try {
        fs.writeFileSync(values.out, text);
      } catch (e) {
        io.stderr(`deploylens: cannot write ${values.out}: ${(e as Error).message}\n`);
        return EXIT_USAGE_OR_READ_ERROR;
      }
    } else io.stdout(text);
  }
  return failed ? EXIT_USAGE_OR_READ_ERROR : EXIT_OK;
}
