// Entry point of dist/cli.js (kept apart from cli.ts so that bundling main() into tests runs nothing).
import { runCli } from './cli';
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
// `analyze --vela` waits for Vela (a child process); the rest answers synchronously inside runCli.
else void runCli(argv, io).then((code) => { process.exitCode = code; });
