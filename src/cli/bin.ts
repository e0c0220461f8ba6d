// Entry point of dist/cli.js (kept apart from cli.ts so that bundling main() into tests runs nothing).
import { main } from './cli';

const io = {
  stdout: (s: string) => process.stdout.write(s),
  stderr: (s: string) => process.stderr.write(s),
};
const argv = process.argv.slice(2);
// `profile` and `quantize` are asynchronous (ONNX Runtime runs in a child process). They load only
// when asked for (their own bundles, scripts/build.mjs lazySiblings): an analysis never loads
// ONNX Runtime's client or the quantizer.
/* eslint-disable @typescript-eslint/no-require-imports */
if (argv[0] === 'profile') void (require('./profileCommand') as typeof import('./profileCommand')).profileMain(argv.slice(1), io).then((code) => { process.exitCode = code; });
else if (argv[0] === 'quantize') void (require('./quantizeCommand') as typeof import('./quantizeCommand')).quantizeCommand(argv.slice(1), io).then((code) => { process.exitCode = code; });
else process.exitCode = main(argv, io);
