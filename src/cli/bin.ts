// Entry point of dist/cli.js (kept apart from cli.ts so that bundling main() into tests runs nothing).
import { main } from './cli';

process.exitCode = main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
