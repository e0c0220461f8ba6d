// Runs every bundled test file with node's test runner (Node 20 takes explicit files, not globs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = path.resolve(import.meta.dirname, '..', 'out', 'test');
// Only bundles whose source still exists: a deleted test must not keep running from a stale bundle.
const testSources = path.resolve(import.meta.dirname, '..', 'test');
const files = fs.readdirSync(dir, { recursive: true })
  .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(testSources, f.replace(/\.js$/, '.ts'))))
  .map((f) => path.join(dir, f))
  .sort();
const extra = process.argv.slice(2);
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
