// Entry point of dist/cli.js: runs the CLI bundle (dist/cliMain.js, from bin.ts) from V8's code
// cache. Compiling the ~0.9 MB bundle is most of a short run's start-up (node 20 has no
// module.enableCompileCache), so the bytecode of what a run compiled is kept after the first run
// and reused: a later run deserializes it instead of parsing and compiling again.
//
// The cache file is named by a hash of the bundle's bytes (V8 itself checks only the source's
// length) and kept where only this user can write: beside the bundle when that folder is writable,
// else in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, created 0700) — never in a shared
// temp folder, where another user could plant bytecode. Any problem with the cache just means a
// normal compile. DEPLOYLENS_NO_COMPILE_CACHE=1 turns it off.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { cliV8Flags } from './analyzeFlags';

const bundle = path.join(__dirname, 'cliMain.js');

function cacheDir(): string | null {
  try {
    fs.accessSync(__dirname, fs.constants.W_OK);
    return path.join(__dirname, '.cache');
  } catch {
    const home = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
    return home ? path.join(home, 'deploylens') : null;
  }
}

function readCache(file: string): Buffer | undefined {
  try {
    const st = fs.lstatSync(file);
    // Only a regular file of ours (a symlink or someone else's file is not read).
    if (!st.isFile() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, file: string, bundleKey: string, data: Buffer): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    pruneOtherCaches(dir, bundleKey);
  } catch {
    // A read-only install or a full disk: the next run compiles again.
  }
}

/**
 * Each bundle (each update, each rebuild) has its own cache files, one per set of V8 flags (a cache
 * is only accepted under the flags it was written with: analyze runs have their own); the ones of
 * other bundles are never read again, so the folder keeps only the current bundle's instead of
 * growing by ~0.6 MB per version.
 */
function pruneOtherCaches(dir: string, bundleKey: string): void {
  for (const name of fs.readdirSync(dir)) {
    const m = /^cliMain-([0-9a-f]{32})(-[0-9a-f]{8})?\.v8$/.exec(name);
    if (m && m[1] !== bundleKey) {
      try {
        fs.unlinkSync(path.join(dir, name));
      } catch {
        // Another run is using it or it is not ours to remove: left for later.
      }
    }
  }
}

/**
 * A CLI run allocates a report and exits: V8 doubling its young generation (up to 2 × 16 MB
 * semi-spaces) as survival rises only adds resident memory for a process this short. Keeping the
 * young generation at its initial size measured ResNet-50 at 61 MiB peak RSS instead of 67 and ViT-B/16
 * at 71 instead of 85, at the same wall time (about +10% on the 10,189-node decoder, 165 MiB instead
 * of 200). `--max-semi-space-size` would do it too, but V8 reads that one only when the heap is set up,
 * before this code runs; the growth factor is read each time the young generation grows.
 */
function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

function run(): void {
  keepYoungGenerationSmall();
  // The command's own flags before the bundle is compiled: the code cache is checked against them.
  const flags = cliV8Flags(process.argv[2]);
  for (const f of flags) v8.setFlagsFromString(f);
  const source = fs.readFileSync(bundle, 'utf8');
  const wrapped = Module.wrap(source);
  const off = process.env.DEPLOYLENS_NO_COMPILE_CACHE === '1';
  const dir = off ? null : cacheDir();
  const bundleKey = createHash('sha256').update(source).update(process.version).update(process.arch).digest('hex').slice(0, 32);
  const flagsKey = createHash('sha256').update(flags.join(' ')).digest('hex').slice(0, 8);
  const file = dir ? path.join(dir, `cliMain-${bundleKey}-${flagsKey}.v8`) : null;
  const cachedData = file ? readCache(file) : undefined;
  const script = new vm.Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  if (dir && file && (!cachedData || script.cachedDataRejected)) {
    // At exit the functions this run compiled are in the code too, not just the top level.
    process.once('exit', () => writeCache(dir, file, bundleKey, script.createCachedData()));
  }
  const m = new Module(bundle, module);
  m.filename = bundle;
  (m as unknown as { paths: string[] }).paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const require = Module.createRequire(bundle);
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  fn.call(m.exports, m.exports, require, m, bundle, path.dirname(bundle));
}

run();
