// The engine speaks 0-based line/character ranges (ScriptRange); VS Code has its own Range class.

import * as vscode from 'vscode';
import type { ScriptRange } from '../../core/python/analyzeScript';

export function toRange(r: ScriptRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function sameRange(a: vscode.Range, b: ScriptRange): boolean {
  return a.isEqual(toRange(b));
}
