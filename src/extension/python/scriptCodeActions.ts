// Quick fixes for script findings: each ScriptFix becomes a QuickFix whose WorkspaceEdit carries
// the engine's exact edits. The title says what changes in the model's behaviour, so choosing the
// fix is an informed decision (GELU → tanh approximation is not the same function).

import * as vscode from 'vscode';
import type { ScriptDiagnostic, ScriptFix } from '../../core/python/analyzeScript';
import { SOURCE } from '../diagnostics';
import { sameRange, toRange } from './ranges';
import type { ScriptService } from './scriptService';
import { FIX_APPLIED_COMMAND } from '../compare/compareOffers';

/**
 * "Replace GELU with Hardswish — uses hard-swish (…) instead of GELU; needs retraining": the fix,
 * then the headline of its description (first sentence, before any colon) and whether the weights
 * must be retrained. The full description is too long for the Quick Fix menu.
 */
export function fixTitle(fix: ScriptFix): string {
  const first = (fix.description.trim().split(/(?<=\.)\s/)[0] ?? '').split(': ')[0]!.replace(/\.$/, '');
  if (!first) return fix.title;
  const retrain = /retrain or fine-tune/i.test(fix.description) ? '; needs retraining' : '';
  return `${fix.title} — ${first.charAt(0).toLowerCase()}${first.slice(1)}${retrain}`;
}

function codeValue(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export class ScriptCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly scripts: ScriptService) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.scripts.get(doc.uri);
    // Edits are positions in the analyzed text: after another edit they could land anywhere.
    if (!result || result.version !== doc.version) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = result.analysis.diagnostics.find((d: ScriptDiagnostic) => d.code === codeValue(diagnostic) && sameRange(diagnostic.range, d.range));
      for (const [i, fix] of (finding?.fixes ?? []).entries()) {
        const action = new vscode.CodeAction(fixTitle(fix), vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, toRange(e.range), e.newText);
        action.edit = edit;
        // Remembered so that the export after the next save offers the model before vs after (compare/compareOffers.ts).
        action.command = { title: '', command: FIX_APPLIED_COMMAND, arguments: [doc.uri.toString()] };
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        actions.push(action);
      }
    }
    return actions;
  }
}
