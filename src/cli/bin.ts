// Entry point of dist/cli.js (kept apart from cli.ts so that bundling main() into tests runs nothing).
import { terminalSafeLines } from '../core/report/escape';
import { EXIT_INTERNAL_ERROR, runCli } from './cli';
import { analyzeWithExport } from './exportCommand';
import { profileMain } from './profileCommand';
import { quantizeCommand } from './quantizeCommand';

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
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// `profile` is asynchronous (ONNX Runtime runs in a child process): src/cli/profileCommand.ts.
if (argv[0] === 'profile') void profileMain(argv.slice(1), io).then((code) => { process.exitCode = code; });
else if (argv[0] === 'quantize') void quantizeCommand(argv.slice(1), io).then((code) => { process.exitCode = code; });
// `analyze train.py --export` runs the script's export in Python first: src/cli/exportCommand.ts.
else if (argv[0] === 'analyze' && argv.includes('--export')) void analyzeWithExport(argv, io).then((code) => { process.exitCode = code; });
// `analyze --vela` waits for Vela (a child process); the rest answers synchronously inside runCli.
else void runCli(argv, io).then((code) => { process.exitCode = code; });
