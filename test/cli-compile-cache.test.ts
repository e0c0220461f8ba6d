// dist/cli.js runs the CLI bundle from V8's code cache (src/cli/loader.ts): the first run writes
// the cache beside the bundle, later runs use it, and a cache left by another bundle (an older
// version, a rebuild) is removed instead of piling up ~0.6 MB per version. Runs a copy of the two
// bundles in a temp folder so the repository's dist/.cache is not touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from './support/sharedModels';

const dist = path.join(repoRoot(), 'dist');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-cli-cache-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const run = (dir: string): string => {
  const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), '--version'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const caches = (dir: string): string[] => fs.readdirSync(path.join(dir, '.cache')).filter((f) => f.endsWith('.v8')).sort();

test('the CLI keeps one code cache: written on the first run, reused, and other bundles\' caches removed', () => {
  const dir = path.join(work, 'install');
  fs.mkdirSync(path.join(dir, '.cache'), { recursive: true });
  for (const f of ['cli.js', 'cliMain.js']) fs.copyFileSync(path.join(dist, f), path.join(dir, f));
  const old = path.join(dir, '.cache', `cliMain-${'0'.repeat(32)}.v8`);
  fs.writeFileSync(old, 'bytecode of an older version');
  const unrelated = path.join(dir, '.cache', 'notes.txt');
  fs.writeFileSync(unrelated, 'not ours');

  const first = run(dir);
  const after1 = caches(dir);
  assert.equal(after1.length, 1, `one cache file, got ${after1.join(', ')}`);
  assert.match(after1[0]!, /^cliMain-[0-9a-f]{32}\.v8$/);
  assert.notEqual(path.join(dir, '.cache', after1[0]!), old, 'the older bundle\'s cache is gone');
  assert.ok(fs.existsSync(unrelated), 'files that are not cache files are left alone');

  const written = fs.statSync(path.join(dir, '.cache', after1[0]!)).mtimeMs;
  assert.equal(run(dir), first, 'the same answer from the cache');
  assert.deepEqual(caches(dir), after1);
  assert.equal(fs.statSync(path.join(dir, '.cache', after1[0]!)).mtimeMs, written, 'an accepted cache is not rewritten');
});
