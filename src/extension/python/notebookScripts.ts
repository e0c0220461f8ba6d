// Training code in Jupyter notebooks: the notebook's Python code cells are checked as one program
// (src/core/python/notebookProgram.ts), and each cell document gets its share of the result in its
// own coordinates — so the diagnostics, hovers, quick fixes, export CodeLens and inlay hints that
// work on a .py file work on each cell unchanged (they look results up by document URI and version).

import * as vscode from 'vscode';
import type { ScriptAnalysis } from '../../core/python/analyzeScript';
import { notebookProgram, splitAnalysis, type NotebookProgram } from '../../core/python/notebookProgram';

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/** The notebook a cell document belongs to (open notebooks only). */
export function notebookOfCell(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (doc.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  const path = doc.uri.path;
  return vscode.workspace.notebookDocuments.find((nb) => nb.uri.path === path && nb.getCells().some((c) => c.document === doc))
    ?? vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === doc.uri.toString()));
}

export interface NotebookSnapshot {
  notebook: vscode.NotebookDocument;
  program: NotebookProgram;
  /** The code cells analyzed, with the document version each had. */
  cells: { index: number; document: vscode.TextDocument; version: number }[];
}

/** The notebook's Python code cells as one program, at their current versions. */
export function snapshot(notebook: vscode.NotebookDocument): NotebookSnapshot {
  const all = notebook.getCells();
  const isPython = (c: vscode.NotebookCell) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python';
  const program = notebookProgram(all.map((c) => ({ index: c.index, kind: isPython(c) ? 'code' as const : 'markup' as const, text: c.document.getText() })));
  const cells = all.filter(isPython).map((c) => ({ index: c.index, document: c.document, version: c.document.version }));
  return { notebook, program, cells };
}

/** Each analyzed cell's part of the program's analysis, in the cell's coordinates. */
export function cellAnalyses(s: NotebookSnapshot, analysis: ScriptAnalysis): { document: vscode.TextDocument; version: number; analysis: ScriptAnalysis }[] {
  const parts = splitAnalysis(s.program, analysis);
  return s.cells.map((c) => ({ document: c.document, version: c.version, analysis: parts.get(c.index)! }));
}

/** A label for logs and findings: "train.ipynb". */
export function notebookLabel(notebook: vscode.NotebookDocument): string {
  return notebook.isUntitled ? notebook.uri.path : vscode.workspace.asRelativePath(notebook.uri);
}
