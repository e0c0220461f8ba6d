// The README's "Layout" section is the map newcomers (and the next issues) rely on: it must name
// every folder of src/ and webview/ and every top-level folder, and name nothing that does not exist.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/sharedModels';

interface Row { paths: string[]; text: string }

function layoutRows(readme: string): Row[] {
  const start = readme.indexOf('\n## Layout\n');
  assert.ok(start >= 0, 'README has a "## Layout" section');
  const section = readme.slice(start + 1).split(/\n## /)[0]!;
  return section.split('\n').filter((l) => l.startsWith('| `')).map((l) => {
    const [first = '', ...rest] = l.split(' | ').map((c) => c.replace(/^\| /, ''));
    return { paths: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), text: [first, ...rest].join(' | ') };
  });
}

function dirsUnder(root: string, folder: string): string[] {
  return (fs.readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isDirectory())
    .map((d) => path.relative(root, path.join(d.parentPath ?? d.path, d.name)).split(path.sep).join('/'));
}

test('the README layout names every folder of src/, webview/ and the top level, and only folders that exist', () => {
  const root = repoRoot();
  const rows = layoutRows(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  const named = new Map<string, Row>();
  for (const r of rows) for (const p of r.paths) named.set(p.replace(/\/$/, ''), r);
  for (const p of named.keys()) {
    if (p.includes('*')) continue;
    assert.ok(fs.existsSync(path.join(root, p)), `the layout names ${p}, which does not exist`);
  }
  const topLevel = ['src', 'webview', 'media', 'schemas', 'docs', 'examples', 'third_party', 'test', 'bench', 'tools', 'scripts'];
  const missing: string[] = topLevel.filter((d) => !named.has(d));
  for (const dir of [...dirsUnder(root, 'src'), ...dirsUnder(root, 'webview')]) {
    if (named.has(dir)) continue;
    // A sub-folder may be named in its parent's row instead (`hints/` in src/core/analysis/).
    const parent = named.get(path.posix.dirname(dir));
    if (parent?.text.includes(`\`${path.posix.basename(dir)}/`)) continue;
    missing.push(dir);
  }
  assert.deepEqual(missing, [], 'folders the README layout does not name');
});
