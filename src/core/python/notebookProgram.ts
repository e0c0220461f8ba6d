// Notebooks (.ipynb): the code cells are one program, run in order — an `import torch.nn as nn` in
// the first cell is what makes `nn.GELU()` in the fifth a PyTorch GELU. So the code cells are
// joined into one script (a cell → first-line map), analyzed like a .py file, and every range of the
// analysis (constructs, findings, their fixes' edits, export calls, modules) is mapped back to the
// cell it lies in. Markdown and raw cells are left out. IPython syntax that is not Python — line
// magics (`%pip install`), shell escapes (`!ls`), cell magics (`%%bash` cells) — is turned into
// comments of the same length, so columns stay exact.
// Pure: the editor (notebook documents) and the CLI (.ipynb files, notebookFile.ts) use it.

import type { ScriptAnalysis, ScriptRange } from './analyzeScript';

export interface NotebookCellSource {
  /** Index of the cell in the notebook (markdown cells counted). */
  index: number;
  kind: 'code' | 'markup';
  text: string;
}

export interface NotebookProgram {
  text: string;
  /** The code cells in the program, in order: each starts at `startLine` and spans `lineCount` lines. */
  cells: { index: number; startLine: number; lineCount: number }[];
}

/** Lines that IPython runs but Python cannot parse, as comments of the same length. */
function pythonOnly(text: string): string {
  const lines = text.split('\n');
  // A cell magic (%%bash, %%time…) makes the whole cell something else (or timing wrappers): skipped.
  if (/^\s*%%/.test(lines[0] ?? '')) return lines.map((l) => (l.length ? `#${l.slice(1)}` : l)).join('\n');
  return lines.map((l) => {
    const m = /^(\s*)([%!])/.exec(l);
    return m ? `${m[1]}#${l.slice(m[0].length)}` : l;
  }).join('\n');
}

export function notebookProgram(cells: readonly NotebookCellSource[]): NotebookProgram {
  const parts: string[] = [];
  const out: NotebookProgram['cells'] = [];
  let line = 0;
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    const text = pythonOnly(c.text.replace(/\r\n?/g, '\n'));
    const lineCount = text.split('\n').length;
    out.push({ index: c.index, startLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  }
  return { text: parts.join('\n'), cells: out };
}

/** The cell a program line lies in (binary search over the cells' start lines). */
export function cellAt(program: NotebookProgram, line: number): NotebookProgram['cells'][number] | undefined {
  let lo = 0;
  let hi = program.cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = program.cells[mid]!;
    if (line < c.startLine) hi = mid - 1;
    else if (line >= c.startLine + c.lineCount) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/** A program range as a range in its cell, or null when it spans two cells (nothing then belongs to one cell). */
export function toCellRange(program: NotebookProgram, r: ScriptRange): { cell: number; range: ScriptRange } | null {
  const c = cellAt(program, r.start.line);
  if (!c || r.end.line >= c.startLine + c.lineCount) return null;
  return { cell: c.index, range: { start: { line: r.start.line - c.startLine, character: r.start.character }, end: { line: r.end.line - c.startLine, character: r.end.character } } };
}

/**
 * The analysis of the whole program, one per code cell, in cell coordinates. A finding keeps its
 * fixes only when every edit lies in its cell (an edit elsewhere could not be applied to it);
 * `construct` indices are renumbered to the cell's list.
 */
export function splitAnalysis(program: NotebookProgram, a: ScriptAnalysis): Map<number, ScriptAnalysis> {
  const out = new Map<number, ScriptAnalysis>();
  for (const c of program.cells) out.set(c.index, { file: a.file, constructs: [], diagnostics: [], exports: [], modules: [], millis: a.millis });
  const constructIndex = new Map<number, number>();
  a.constructs.forEach((k, i) => {
    const at = toCellRange(program, k.range);
    if (!at) return;
    const cell = out.get(at.cell)!;
    constructIndex.set(i, cell.constructs.length);
    cell.constructs.push({ ...k, range: at.range });
  });
  for (const d of a.diagnostics) {
    const at = toCellRange(program, d.range);
    if (!at) continue;
    const fixes = d.fixes.flatMap((f) => {
      const edits = f.edits.map((e) => ({ e, at: toCellRange(program, e.range) }));
      return edits.every((x) => x.at?.cell === at.cell) ? [{ ...f, edits: edits.map((x) => ({ ...x.e, range: x.at!.range })) }] : [];
    });
    const { construct, ...rest } = d;
    const k = construct === undefined ? undefined : constructIndex.get(construct);
    out.get(at.cell)!.diagnostics.push({ ...rest, range: at.range, fixes, ...(k !== undefined ? { construct: k } : {}) });
  }
  for (const e of a.exports) {
    const at = toCellRange(program, e.range);
    if (at) out.get(at.cell)!.exports.push({ ...e, range: at.range });
  }
  for (const m of a.modules) {
    const at = toCellRange(program, m.range);
    if (at) out.get(at.cell)!.modules.push({ ...m, range: at.range });
  }
  return out;
}
