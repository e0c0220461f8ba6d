// Hover on a recognized construct (nn.GELU(), layers.Conv2D(...)): the ONNX ops and TFLite
// builtins it exports to, and which built-in targets run it (grouped by verdict and reason).

import * as vscode from 'vscode';
import type { Construct } from '../../core/python/analyzeScript';
import { listBuiltinTargets } from '../../core/targets/builtins';
import { constructSupport } from '../../core/python/constructSupport';
import { toRange } from './ranges';
import type { ScriptService } from './scriptService';

const code = (ops: string[]): string => (ops.length ? ops.map((o) => `\`${o}\``).join(', ') : '— (removed by the exporter)');
const escape = (s: string): string => s.replace(/([\\`_[\]<>])/g, '\\$1').replace(/\n/g, ' ');

export function constructHover(construct: Construct, activeTargetId: string, opset: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${construct.name}** $(symbol-class) ${construct.framework === 'pytorch' ? 'PyTorch' : 'Keras'}${construct.assignedTo ? ` · \`${construct.assignedTo}\`` : ''}\n\n`);
  md.appendMarkdown(`ONNX ops: ${code(construct.ops.onnx)}  \nTFLite builtins: ${code(construct.ops.tflite)}\n\n`);
  // Targets grouped by verdict: 14 targets as table rows would not fit the hover's height.
  const groups = new Map<string, string[]>();
  for (const target of listBuiltinTargets()) {
    const s = constructSupport(construct, target, opset);
    const key = s.supported ? '✓ runs on' : `✗ ${s.reason ?? 'unsupported'}`;
    // ids, not names: they are what deploylens.target takes, and the hover has little height
    const name = target.id === activeTargetId ? `**\`${target.id}\`** (active)` : `\`${target.id}\``;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  for (const [verdict, names] of [...groups].sort(([a], [b]) => (a.startsWith('✓') ? -1 : b.startsWith('✓') ? 1 : 0))) {
    md.appendMarkdown(`- ${escape(verdict)}: ${names.join(', ')}\n`);
  }
  return md;
}

export class ScriptHover implements vscode.HoverProvider {
  constructor(private readonly scripts: ScriptService) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.scripts.get(doc.uri);
    if (!result || result.version !== doc.version) return undefined;
    const construct = result.analysis.constructs.find((c) => toRange(c.range).contains(position));
    if (!construct) return undefined;
    return new vscode.Hover(constructHover(construct, result.targetId, result.opset), toRange(construct.range));
  }
}
