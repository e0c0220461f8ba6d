// Runs every bundled test file with node's test runner (Node 20 takes explicit files, not globs),
// and closes with a plain "N passed, N failed" line that any CI log reader understands.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'out', 'test');
const testSources = path.join(root, 'test');
// Only bundles whose source still exists: a deleted test must not keep running from a stale bundle.
const files = fs.readdirSync(dir, { recursive: true })
  .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(testSources, f.replace(/\.js$/, '.ts'))))
  .map((f) => path.join(dir, f))
  .sort();
const tap = path.join(root, 'out', 'test-results.tap');
const r = spawnSync(process.execPath, [
  '--enable-source-maps', '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...process.argv.slice(2), ...files,
], { stdio: 'inherit' });
const summary = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
process.exit(r.status ?? 1);
