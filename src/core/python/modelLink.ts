// Maps an exported model's findings back to the script that built it. torch.onnx.export names
// nodes by module path ('/features/features.3/conv/conv.0/Conv'): the first segment is the
// attribute assigned in __init__ (`self.features = ...`), so each assignment gets the totals of
// the nodes it produced — shown next to it in the editor.

import { formatBytes, formatMacs } from '../units';
import type { Report } from '../report/report';
import type { ScriptAnalysis, ScriptRange } from './analyzeScript';

export interface ModuleSummary {
  attribute: string;
  range: ScriptRange;
  nodes: number;
  macs: number;
  /** Largest per-node working set (inputs + outputs live at once) among the module's nodes. */
  peakWorkingSetBytes: number;
  /** Nodes whose working set exceeds the target's SRAM (they spill to slower memory or do not fit). */
  spills: number;
  /** Nodes the target cannot run as they are (unsupported or a constraint violated). */
  unsupported: number;
  message: string;
}

/** The top-level module attribute of a PyTorch ONNX node name, or null for names without a module path. */
export function moduleOfNode(name: string): string | null {
  const m = /^\/([^/.]+)(?:[./]|$)/.exec(name);
  if (!m) return null;
  // '/Flatten' and '/Constant_1' are ops of the top-level forward, not modules: they have no further path.
  return name.indexOf('/', 1) > 0 ? m[1]! : null;
}

export function summarizeModules(report: Report, analysis: ScriptAnalysis): ModuleSummary[] {
  const byAttribute = new Map<string, { nodes: number; macs: number; peak: number; spills: number; unsupported: number }>();
  const sram = report.target?.sramBytes;
  for (const node of report.nodes) {
    const attribute = moduleOfNode(node.name);
    if (attribute === null) continue;
    let s = byAttribute.get(attribute);
    if (!s) byAttribute.set(attribute, (s = { nodes: 0, macs: 0, peak: 0, spills: 0, unsupported: 0 }));
    s.nodes++;
    s.macs += node.macs ?? 0;
    const ws = node.workingSetBytes ?? 0;
    s.peak = Math.max(s.peak, ws);
    if (sram !== undefined && ws > sram) s.spills++;
    if (node.support === 'unsupported' || node.support === 'constraint-violated') s.unsupported++;
  }
  const out: ModuleSummary[] = [];
  for (const m of analysis.modules) {
    const s = byAttribute.get(m.attribute);
    if (!s) continue;
    const parts = [`${s.nodes} node${s.nodes === 1 ? '' : 's'}`, `${formatMacs(s.macs)} MACs`];
    if (s.peak > 0) parts.push(`peak working set ${formatBytes(s.peak)}`);
    if (s.spills > 0) parts.push(`${s.spills} layer${s.spills === 1 ? '' : 's'} over SRAM`);
    if (s.unsupported > 0) parts.push(`${s.unsupported} unsupported on ${report.target?.name ?? 'the target'}`);
    out.push({ attribute: m.attribute, range: m.range, nodes: s.nodes, macs: s.macs, peakWorkingSetBytes: s.peak, spills: s.spills, unsupported: s.unsupported, message: parts.join(' · ') });
  }
  return out;
}

/**
 * The verdict first ("FAIL"), then why in the target's terms: ops it cannot run, the activation
 * peak against SRAM (or the arena when that is what does not fit), the latency against its budget.
 */
export function exportLensTitle(file: string, report: Report): string {
  const target = report.target;
  const s = report.summary;
  const verdict = target ? (s.verdict ?? 'pass').toUpperCase() : null;
  // On the deployed graph: what the target's toolchain runs (fused and folded nodes are not ops).
  const ops = report.deployed?.nodes ?? report.nodes;
  const unsupported = ops.filter((n) => n.support === 'unsupported' || n.support === 'constraint-violated').length;
  const parts: string[] = [];
  if (unsupported > 0) parts.push(`${unsupported} op${unsupported === 1 ? '' : 's'} it cannot run`);
  const peak = s.activationPeakBytes;
  const sram = target?.sramBytes;
  if (peak !== undefined) parts.push(`peak ${formatBytes(peak)}${sram ? ` ${peak > sram ? 'over' : 'of'} ${formatBytes(sram)} SRAM` : ''}`);
  if (s.arenaBytes !== undefined && sram && s.arenaBytes > sram && (peak === undefined || peak <= sram)) parts.push(`arena ${formatBytes(s.arenaBytes)} over SRAM`);
  if (s.latencyMs !== undefined && s.latencyMs !== null && target?.latencyBudgetMs !== undefined) parts.push(`${s.latencyMs.toFixed(1)} ms ${s.latencyMs > target.latencyBudgetMs ? 'over' : 'within'} its ${target.latencyBudgetMs} ms budget`);
  if (verdict && verdict !== 'PASS' && parts.length === 0) parts.push(`${s.verdict === 'fail' ? 'errors' : 'warnings'} in the overview`);
  return `${verdict ? `${verdict} — ` : ''}${file} on ${target?.name ?? 'no target'}${parts.length ? `: ${parts.join(', ')}` : ''} — open overview`;
}
