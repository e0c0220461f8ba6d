// Entry point of dist/cli.js (kept apart from cli.ts so that bundling main() into tests runs nothing).
import { main } from './cli';
import { analyzeWithExport } from './exportCommand';
import { profileMain } from './profileCommand';
import { quantizeCommand } from './quantizeCommand';

const io = {
  stdout: (s: string) => process.stdout.write(s),
  stderr: (s: string) => process.stderr.write(s),
};
const argv = process.argv.slice(2);
// `profile` is asynchronous (ONNX Runtime runs in a child process): src/cli/profileCommand.ts.
if (argv[0] === 'profile') void profileMain(argv.slice(1), io).then((code) => { process.exitCode = code; });
else if (argv[0] === 'quantize') void quantizeCommand(argv.slice(1), io).then((code) => { process.exitCode = code; });
// `analyze train.py --export` runs the script's export in Python first: src/cli/exportCommand.ts.
else if (argv[0] === 'analyze' && argv.includes('--export')) void analyzeWithExport(argv, io).then((code) => { process.exitCode = code; });
else process.exitCode = main(argv, io);
