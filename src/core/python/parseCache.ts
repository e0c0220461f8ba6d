// Incremental re-parsing: the editor re-analyzes a script on every keystroke, so the last tree of
// each file is kept and the next parse reuses every fragment outside the edited span (lezer's
// TreeFragment). A 2,000-line file then re-parses in a few milliseconds instead of tens.

import { TreeFragment, type Tree } from '@lezer/common';
import { parser } from '@lezer/python';

interface Entry { source: string; tree: Tree }

/** Files remembered; older ones are parsed from scratch when they come back. */
const MAX_FILES = 32;
const last = new Map<string, Entry>();

/** The changed span between two texts: common prefix and suffix are kept. */
function changedSpan(a: string, b: string): { fromA: number; toA: number; fromB: number; toB: number } {
  let start = 0;
  const min = Math.min(a.length, b.length);
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { fromA: start, toA: endA, fromB: start, toB: endB };
}

export function parseScript(source: string, file: string): Tree {
  const prev = last.get(file);
  let tree: Tree;
  if (prev && prev.source === source) tree = prev.tree;
  else if (prev) {
    const fragments = TreeFragment.applyChanges(TreeFragment.addTree(prev.tree), [changedSpan(prev.source, source)]);
    tree = parser.parse(source, fragments);
  } else tree = parser.parse(source);
  last.delete(file);
  last.set(file, { source, tree });
  if (last.size > MAX_FILES) last.delete(last.keys().next().value!);
  return tree;
}
