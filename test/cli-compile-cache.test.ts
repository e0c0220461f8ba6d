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

const run = (dir: string, args: string[] = ['--version']): string => {
  const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
};
const mtimes = (dir: string): number[] => caches(dir).map((f) => fs.statSync(path.join(dir, '.cache', f)).mtimeMs);
const install = (name: string): string => {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, '.cache'), { recursive: true });
  for (const f of ['cli.js', 'cliMain.js']) fs.copyFileSync(path.join(dist, f), path.join(dir, f));
  return dir;
};
const caches = (dir: string): string[] => fs.readdirSync(path.join(dir, '.cache')).filter((f) => f.endsWith('.v8')).sort();

test('the CLI keeps one code cache: written on the first run, reused, and other bundles\' caches removed', () => {
  const dir = install('install');
  const old = path.join(dir, '.cache', `cliMain-${'0'.repeat(32)}.v8`);
  fs.writeFileSync(old, 'bytecode of an older version');
  const unrelated = path.join(dir, '.cache', 'notes.txt');
  fs.writeFileSync(unrelated, 'not ours');

  const first = run(dir);
  const after1 = caches(dir);
  assert.equal(after1.length, 1, `one cache file, got ${after1.join(', ')}`);
  assert.match(after1[0]!, /^cliMain-[0-9a-f]{32}-[0-9a-f]{8}\.v8$/);
  assert.notEqual(path.join(dir, '.cache', after1[0]!), old, 'the older bundle\'s cache is gone');
  assert.ok(fs.existsSync(unrelated), 'files that are not cache files are left alone');

  const written = fs.statSync(path.join(dir, '.cache', after1[0]!)).mtimeMs;
  assert.equal(run(dir), first, 'the same answer from the cache');
  assert.deepEqual(caches(dir), after1);
  assert.equal(fs.statSync(path.join(dir, '.cache', after1[0]!)).mtimeMs, written, 'an accepted cache is not rewritten');
});

test('an analyze run, which sets its own V8 flags, reuses the cache the previous analyze run wrote; the other commands keep theirs', () => {
  // V8 rejects a code cache written under other flags: when `analyze` set its flags after the
  // load, every analyze run compiled the bundle again and rewrote its cache at exit.
  const dir = install('analyze');
  const analyze = ['analyze', path.join(repoRoot(), 'examples', 'kws_dscnn.onnx'), '--format', 'json', '--out', path.join(dir, 'report.json')];
  const first = run(dir, analyze);
  const afterAnalyze = caches(dir);
  assert.equal(afterAnalyze.length, 1, afterAnalyze.join(', '));
  const written = mtimes(dir);
  run(dir, analyze);
  assert.deepEqual(mtimes(dir), written, 'the second analyze run accepted the first one\'s cache (not rewritten)');
  run(dir);
  assert.equal(caches(dir).length, 2, 'a --version run writes its own cache beside analyze\'s');
  const both = mtimes(dir);
  assert.equal(run(dir, analyze), first);
  run(dir);
  assert.deepEqual(mtimes(dir), both, 'alternating commands reuse their caches');
});
