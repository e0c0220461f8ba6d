// Entry point of dist/cli.js (kept apart from cli.ts so that bundling main() into tests runs nothing).
import { terminalSafeLines } from '../core/report/escape';
import { EXIT_INTERNAL_ERROR, runCli } from './cli';

const io = {
  stdout: (s: string) => process.stdout.write(s),
  // File names and messages come from the repository: no control characters reach the terminal.
  stderr: (s: string) => process.stderr.write(terminalSafeLines(s)),
};
const argv = process.argv.slice(2);

// Anything that escapes the commands is a DeployLens bug: one line and exit 3 (never 1, the
// "findings" code CI gates on), the stack only with --debug.
const crash = (e: unknown): void => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`deploylens: internal error: ${message.split('\n')[0]!.slice(0, 500)} (exit ${EXIT_INTERNAL_ERROR}; rerun with --debug for details)\n`);
  if (argv.includes('--debug') && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(EXIT_INTERNAL_ERROR);
};
// A reader that stops early (`deploylens analyze big.onnx | head`) closes the pipe: that is the
// user's choice, not a bug. Exit quietly as a process killed by SIGPIPE would (128 + 13), which is
// what `set -o pipefail` and shells expect of a writer whose reader went away.
const EXIT_BROKEN_PIPE = 141;
const quietOnBrokenPipe = (e: NodeJS.ErrnoException): void => {
  if (e.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  crash(e);
};
process.stdout.on('error', quietOnBrokenPipe);
process.stderr.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? EXIT_BROKEN_PIPE : EXIT_INTERNAL_ERROR));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// `profile` and `quantize` are asynchronous (ONNX Runtime runs in a child process), and so is
// `analyze --export` (the script's Python runs first). They load only when asked for (their own
// bundles, scripts/build.mjs lazySiblings): an analysis never loads ONNX Runtime's client, the
// quantizer or the export runner.
/* eslint-disable @typescript-eslint/no-require-imports */
if (argv[0] === 'profile') void (require('./profileCommand') as typeof import('./profileCommand')).profileMain(argv.slice(1), io).then((code) => { process.exitCode = code; });
else if (argv[0] === 'quantize') void (require('./quantizeCommand') as typeof import('./quantizeCommand')).quantizeCommand(argv.slice(1), io).then((code) => { process.exitCode = code; });
else if (argv[0] === 'diff') process.exitCode = (require('./diffCommand') as typeof import('./diffCommand')).diffMain(argv.slice(1), io);
else if (argv[0] === 'analyze' && argv.includes('--export')) void (require('./exportCommand') as typeof import('./exportCommand')).analyzeWithExport(argv, io).then((code) => { process.exitCode = code; });
// `analyze --vela` waits for Vela (a child process); the rest answers synchronously inside runCli.
else void runCli(argv, io).then((code) => { process.exitCode = code; });
