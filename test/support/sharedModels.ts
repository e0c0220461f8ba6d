// Locates the read-only ../shared/models folder next to the repo. Tests that use it skip when it
// is absent (the repo must stay testable on its own).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repo root: the nearest folder above this file that holds package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
}

/** `<repo>/../shared/models`, or null when it does not exist. */
export function sharedModelsDir(): string | null {
  const dir = path.resolve(repoRoot(), '..', 'shared', 'models');
  return fs.existsSync(dir) ? dir : null;
}
