// Keeps the ranges of the last export on their lines while the script is edited (the figures are
// then shown as stale until the next save re-exports): each text change moves the ranges after it
// by the lines and characters it inserted or removed. A range the change overlaps keeps its start
// and is clamped, so a hint stays near the call it belongs to. Pure, so notebook cells can use it.

import type { ScriptPosition, ScriptRange } from './syntax';

export interface TextChange {
  /** The replaced range, in the text before the change. */
  range: ScriptRange;
  text: string;
}

const before = (a: ScriptPosition, b: ScriptPosition) => a.line < b.line || (a.line === b.line && a.character < b.character);

function shiftPosition(p: ScriptPosition, change: TextChange): ScriptPosition {
  const { start, end } = change.range;
  const same = (a: ScriptPosition, b: ScriptPosition) => a.line === b.line && a.character === b.character;
  const insertion = same(start, end);
  // before the change (or at the start of a replacement): untouched; text inserted at p pushes p along
  if (before(p, start) || (!insertion && same(p, start))) return p;
  // inside the replaced span: to its start
  if (before(p, end)) return { ...start };
  const inserted = change.text.split('\n');
  const lineDelta = inserted.length - 1 - (end.line - start.line);
  if (p.line === end.line) {
    // on the change's last line, after it: the rest of the line moves with the inserted text's end
    const lastLen = inserted[inserted.length - 1]!.length;
    const base = inserted.length === 1 ? start.character + lastLen : lastLen;
    return { line: p.line + lineDelta, character: base + (p.character - end.character) };
  }
  return { line: p.line + lineDelta, character: p.character };
}

export function shiftRange(r: ScriptRange, change: TextChange): ScriptRange {
  const start = shiftPosition(r.start, change);
  const end = shiftPosition(r.end, change);
  return { start, end: before(end, start) ? { ...start } : end };
}

/** Applies VS Code's content changes of one edit (each relative to the text before the edit, latest position first). */
export function shiftRanges<T extends { range: ScriptRange }>(items: readonly T[], changes: readonly TextChange[]): T[] {
  // VS Code reports the changes of one event so that applying them in order, each against the
  // text after the previous one, is correct when they are sorted from the end of the document.
  const ordered = [...changes].sort((a, b) => (before(a.range.start, b.range.start) ? 1 : -1));
  return items.map((item) => ({ ...item, range: ordered.reduce((r, c) => shiftRange(r, c), item.range) }));
}
