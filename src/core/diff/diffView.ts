// What the Compare Models panel shows of a model diff, as display strings: the same rows and cells
// as `deploylens diff` (renderDiff.ts), computed once on the host so the page only lays them out
// (a webview page may not import the core beyond the unit formatters). Pure.

import type { ModelDiff, ModuleField, ModuleStatus, TargetDiff } from './modelDiff';
import { verdictChange } from './modelDiff';
import { findingsLine, figureRows, groupFindings, moduleCellParts, type FigureRow, type ModuleCell } from './renderDiff';
import { moduleLeaf } from './modulePath';

export interface CompareModuleRow {
  path: string;
  /** The last segment (the tree shows it indented under its parent). */
  leaf: string;
  depth: number;
  parent: string | null;
  status: ModuleStatus;
  changed: ModuleField[];
  /** Whether some module below this one differs (the tree opens those first). */
  changesBelow: boolean;
  ops: ModuleCell;
  macs: ModuleCell;
  weights: ModuleCell;
  latency: ModuleCell;
  cpu: ModuleCell;
  opTypes: string;
}

export type { ModuleCell };

export interface CompareFindingRow {
  kind: 'new' | 'resolved' | 'changed';
  severity: 'error' | 'warning' | 'info';
  code: string;
  node?: string;
  message: string;
}

export interface CompareTargetView {
  targetId: string;
  targetName: string;
  verdictA: string;
  verdictB: string;
  change: 'better' | 'worse' | 'same';
  figures: FigureRow[];
  modules: CompareModuleRow[];
  moduleSummary: string;
  findings: CompareFindingRow[];
  findingsSummary: string;
  /** Findings of a kind past FINDINGS_PER_CODE per code, counted here. */
  findingsMore: number;
}

export interface CompareView {
  a: { label: string; format: string; fileBytes: number; params: number; nodes: number };
  b: { label: string; format: string; fileBytes: number; params: number; nodes: number };
  targets: CompareTargetView[];
}

/** Modules the panel lists at most per target (the CLI's JSON has them all). */
export const MAX_VIEW_MODULES = 2000;

function targetView(t: TargetDiff): CompareTargetView {
  const parentOf = new Map(t.modules.map((m) => [m.path, m.parent]));
  const below = new Set<string>();
  for (const m of t.modules) {
    if (m.status === 'same') continue;
    for (let p = m.parent; p !== null; p = parentOf.get(p) ?? null) {
      if (below.has(p)) break;
      below.add(p);
    }
  }
  const modules = t.modules.slice(0, MAX_VIEW_MODULES).map((m): CompareModuleRow => ({
    path: m.path, leaf: m.depth === 1 ? m.path : moduleLeaf(m.path), depth: m.depth, parent: m.parent, status: m.status, changed: m.changed,
    changesBelow: below.has(m.path), ...moduleCellParts(m),
  }));
  const findings: CompareFindingRow[] = [];
  let more = 0;
  for (const [kind, list] of [['new', t.findings.added], ['resolved', t.findings.resolved], ['changed', t.findings.changed]] as const) {
    for (const g of groupFindings(list)) {
      findings.push(...g.shown.map((f) => ({ kind, severity: f.severity, code: f.code, ...(f.node ? { node: f.node } : {}), message: f.message })));
      more += g.more;
    }
  }
  const c = t.moduleCounts;
  return {
    targetId: t.target.id, targetName: t.target.name, verdictA: t.a.verdict ?? '—', verdictB: t.b.verdict ?? '—', change: verdictChange(t),
    figures: figureRows(t), modules,
    moduleSummary: `${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.same} unchanged`,
    findings, findingsSummary: findingsLine(t), findingsMore: more + t.findings.omitted,
  };
}

export function compareView(d: ModelDiff): CompareView {
  const side = (m: ModelDiff['a']) => ({ label: m.label, format: m.format, fileBytes: m.fileBytes, params: m.params, nodes: m.nodes });
  return { a: side(d.a), b: side(d.b), targets: d.targets.map(targetView) };
}
