// The README and docs/ link to each other by relative path and heading anchor ("see
// docs/performance.md#how-it-is-measured"). A renamed file or heading silently breaks such a link on
// GitHub and in the packaged extension's docs, so every relative link must name a file that exists
// and, for a Markdown file, a heading whose GitHub anchor is the one linked.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/sharedModels';

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function githubAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = githubAnchor(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative link targets `](target)` outside code spans and fences. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

test('every relative link in the README and docs/ names an existing file and heading', () => {
  const root = repoRoot();
  const files = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const broken: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const link of relativeLinks(text)) {
      const [target = '', anchor] = link.split('#');
      const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (!fs.existsSync(path.join(root, resolved))) { broken.push(`${file}: ${link} (no file ${resolved})`); continue; }
      if (anchor === undefined || !resolved.endsWith('.md')) continue;
      if (!anchorsOf(fs.readFileSync(path.join(root, resolved), 'utf8')).has(anchor)) broken.push(`${file}: ${link} (no heading #${anchor} in ${resolved})`);
    }
  }
  assert.deepEqual(broken, []);
});

test('the anchor of a heading is the one GitHub makes', () => {
  // The cases the docs use: code spans, parentheses, a colon, an em dash.
  assert.equal(githubAnchor('Limits (`limits`)'), 'limits-limits');
  assert.equal(githubAnchor('How it is measured'), 'how-it-is-measured');
  assert.equal(githubAnchor('Performance: how it is measured — why'), 'performance-how-it-is-measured--why');
  assert.deepEqual([...anchorsOf('# A\n## A\n```\n# B\n```\n')], ['a', 'a-1']);
});
