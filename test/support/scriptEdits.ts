// Applies ScriptFix edits to a source text, as VS Code's WorkspaceEdit would: tests assert the text users get.
import type { ScriptEdit } from '../../src/core/python/analyzeScript';

function offsetOf(source: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) offset = source.indexOf('\n', offset) + 1;
  return offset + character;
}

export function applyEdits(source: string, edits: ScriptEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(source, b.range.start.line, b.range.start.character) - offsetOf(source, a.range.start.line, a.range.start.character));
  let out = source;
  for (const e of sorted) {
    const from = offsetOf(source, e.range.start.line, e.range.start.character);
    const to = offsetOf(source, e.range.end.line, e.range.end.character);
    out = out.slice(0, from) + e.newText + out.slice(to);
  }
  return out;
}
