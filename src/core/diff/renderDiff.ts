// Text and Markdown renderings of a model diff (`deploylens diff`): per target the two models'
// figures with the change, the modules that changed (down to a depth), and the findings that are
// new or gone. JSON is the ModelDiff itself.

import { markdownCode, markdownText, terminalSafe } from '../report/escape';
import { formatBytes, knownSum, formatCount, formatMacs, formatMicros, formatMillis } from '../units';
import type { DiffFigures, DiffFinding, ModelDiff, ModuleDiff, ModuleFigures, TargetDiff } from './modelDiff';
import { MAX_LISTED_FINDINGS, verdictChange } from './modelDiff';

/** Modules printed per target at most (JSON has them all). */
export const MAX_PRINTED_MODULES = 500;

const signed = (n: number, f: (x: number) => string): string => (n === 0 ? '0' : `${n > 0 ? '+' : '-'}${f(Math.abs(n))}`);
function percent(a: number, b: number): string {
  if (a === 0) return '';
  const p = Math.abs(b - a) / Math.abs(a) * 100;
  return p < 0.1 ? ' (<0.1%)' : ` (${b >= a ? '+' : '-'}${p.toFixed(p < 10 ? 1 : 0)}%)`;
}

/** "−7.26 MiB (−75%)": the change from a to b, '' when equal or unknown. */
export function delta(a: number | null, b: number | null, f: (x: number) => string): string {
  if (a === null || b === null || a === b) return '';
  return `${signed(b - a, f)}${percent(a, b)}`;
}

export interface FigureRow { label: string; a: string; b: string; change: string }

const orDash = <T>(v: T | null, f: (x: T) => string): string => (v === null ? '—' : f(v));

/** The rows every rendering (text, Markdown, the panel) shows for one target. */
export function figureRows(t: TargetDiff): FigureRow[] {
  const { a, b } = t;
  const row = (label: string, x: number | null, y: number | null, f: (v: number) => string): FigureRow => ({ label, a: orDash(x, f), b: orDash(y, f), change: delta(x, y, f) });
  // A sum over what is known on either side ("≥"): no change is claimed between two bounds.
  const bound = (label: string, x: number | null, y: number | null, f: (v: number) => string, leftA: number, leftB: number): FigureRow => ({
    label, a: orDash(x, (v) => knownSum(v, leftA, f)), b: orDash(y, (v) => knownSum(v, leftB, f)), change: leftA > 0 || leftB > 0 ? '' : delta(x, y, f),
  });
  const v = verdictChange(t);
  const rows: FigureRow[] = [
    { label: 'verdict', a: a.verdict ?? '—', b: b.verdict ?? '—', change: v === 'same' ? '' : v },
    row('ops (deployed)', a.ops, b.ops, formatCount),
    row('MACs', a.macs, b.macs, (x) => formatMacs(x)),
    row('weights as deployed', a.weightBytes, b.weightBytes, formatBytes),
    bound('activation peak', a.activationPeakBytes, b.activationPeakBytes, formatBytes, a.unknownSizeTensors, b.unknownSizeTensors),
    bound('arena', a.arenaBytes, b.arenaBytes, formatBytes, a.unknownSizeTensors, b.unknownSizeTensors),
    bound('latency (estimate)', a.latencyMs, b.latencyMs, formatMillis, a.unknownLatencyOps, b.unknownLatencyOps),
    row('partitions', a.partitions, b.partitions, formatCount),
    row('ops delegated', a.delegatedOps, b.delegatedOps, formatCount),
    row('ops on the CPU', a.cpuOps, b.cpuOps, formatCount),
    row('errors', a.errors, b.errors, formatCount),
    row('warnings', a.warnings, b.warnings, formatCount),
  ];
  if (a.conversion !== b.conversion) rows.push({ label: 'judged as', a: a.conversion ?? '—', b: b.conversion ?? '—', change: '' });
  return rows;
}

/** The modules a rendering lists: changed, added or removed ones down to `depth`. */
export function listedModules(t: TargetDiff, depth: number): ModuleDiff[] {
  return t.modules.filter((m) => m.status !== 'same' && m.depth <= depth);
}

export interface ModuleCell { value: string; delta: string }

/** One module's cells: ops, MACs, weights, latency, each the current value and the change (a removed module shows its old value in parentheses). */
export function moduleCellParts(m: ModuleDiff): { ops: ModuleCell; macs: ModuleCell; weights: ModuleCell; latency: ModuleCell; cpu: ModuleCell; opTypes: string } {
  const a: ModuleFigures | null = m.a;
  const b: ModuleFigures | null = m.b;
  // `leftA`/`leftB`: ops left out of a sum on each side (unknown cost or latency): the sum is then a
  // lower bound ("≥") and no change is claimed against it.
  const cell = (x: number | null | undefined, y: number | null | undefined, f: (v: number) => string, leftA = 0, leftB = 0): ModuleCell => {
    const shown = (v: number, left: number) => knownSum(v, left, f, '—');
    if (m.status === 'removed') return { value: x === null || x === undefined ? '—' : `(${shown(x, leftA)})`, delta: '' };
    if (y === null || y === undefined) return { value: '—', delta: '' };
    return { value: shown(y, leftB), delta: m.status === 'added' || leftA > 0 || leftB > 0 ? '' : delta(x ?? null, y, f) };
  };
  const opTypes = m.status === 'changed' && a && b && a.opTypes !== b.opTypes ? `${a.opTypes} → ${b.opTypes}` : (b ?? a)?.opTypes ?? '';
  return {
    ops: cell(a?.ops, b?.ops, formatCount),
    macs: cell(a?.macs, b?.macs, (x) => formatMacs(x), a?.macsUnknown, b?.macsUnknown),
    weights: cell(a?.weightBytes, b?.weightBytes, formatBytes),
    latency: cell(a?.latencyUs ?? null, b?.latencyUs ?? null, formatMicros, a?.latencyUnknown, b?.latencyUnknown),
    cpu: cell(a?.cpuOps, b?.cpuOps, formatCount),
    opTypes,
  };
}

/** The same cells as one string each ("24.0 KiB -64.5 KiB (-73%)"), for text and Markdown. */
export function moduleCells(m: ModuleDiff): { ops: string; macs: string; weights: string; latency: string; cpu: string; opTypes: string } {
  const p = moduleCellParts(m);
  const j = (c: ModuleCell) => (c.delta ? `${c.value} ${c.delta}` : c.value);
  return { ops: j(p.ops), macs: j(p.macs), weights: j(p.weights), latency: j(p.latency), cpu: j(p.cpu), opTypes: p.opTypes };
}

/** Findings of one code printed one by one before "… N more" (a QDQ model can add 150 of one kind). */
export const FINDINGS_PER_CODE = 5;

export function groupFindings<T extends DiffFinding>(list: readonly T[]): { code: string; shown: T[]; more: number }[] {
  const groups = new Map<string, T[]>();
  for (const x of list) groups.set(x.code, [...(groups.get(x.code) ?? []), x]);
  return [...groups].map(([code, xs]) => ({ code, shown: xs.slice(0, FINDINGS_PER_CODE), more: Math.max(0, xs.length - FINDINGS_PER_CODE) }));
}

export function findingsLine(t: TargetDiff): string {
  const c = t.findings.counts;
  return c.added + c.resolved + c.changed === 0 ? 'the same in both.' : `${c.added} new, ${c.resolved} resolved, ${c.changed} changed`;
}

function summaryLine(d: ModelDiff): string[] {
  return [
    `file size ${formatBytes(d.a.fileBytes)} → ${formatBytes(d.b.fileBytes)}${delta(d.a.fileBytes, d.b.fileBytes, formatBytes) ? ` (${delta(d.a.fileBytes, d.b.fileBytes, formatBytes)})` : ''}`,
    `params ${formatCount(d.a.params)} → ${formatCount(d.b.params)}`,
    `stored nodes ${formatCount(d.a.nodes)} → ${formatCount(d.b.nodes)}`,
  ];
}

function moduleCountLine(t: TargetDiff, shown: number, depth: number): string {
  const c = t.moduleCounts;
  const hidden = c.changed + c.added + c.removed - shown;
  return `${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.same} unchanged${hidden > 0 ? ` (${hidden} deeper than depth ${depth} not shown: --depth N, or --format json for all)` : ''}`;
}

function pad(rows: string[][], right: number[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r, i) => r.map((cell, c) => (i > 0 && right.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

export function formatDiffText(d: ModelDiff, depth = 2): string {
  const s = terminalSafe;
  const out = [`Model diff: ${s(d.a.label)} → ${s(d.b.label)}`, `  ${summaryLine(d).join(' · ')}`, ''];
  for (const t of d.targets) {
    out.push(`On ${s(t.target.name)} [${s(t.target.id)}]`);
    out.push(...pad([['', 'baseline', 'current', 'change'], ...figureRows(t).map((r) => [r.label, s(r.a), s(r.b), r.change])], []).map((l) => `  ${l}`), '');
    const listed = listedModules(t, depth);
    out.push(`  Modules: ${moduleCountLine(t, listed.length, depth)}`);
    if (listed.length) {
      const rows = listed.slice(0, MAX_PRINTED_MODULES).map((m) => {
        const c = moduleCells(m);
        return [m.status, `${'  '.repeat(m.depth - 1)}${s(m.path)}`, c.ops, c.macs, c.weights, c.latency, s(c.opTypes)];
      });
      out.push(...pad([['status', 'module', 'ops', 'MACs', 'weights', 'latency', 'op types'], ...rows], []).map((l) => `    ${l}`));
      if (listed.length > MAX_PRINTED_MODULES) out.push(`    … ${listed.length - MAX_PRINTED_MODULES} more (--format json lists them all)`);
    }
    out.push('');
    const f = t.findings;
    out.push(`  Findings: ${findingsLine(t)}`);
    for (const g of groupFindings(f.added)) out.push(...g.shown.map((x) => `    + ${x.severity} ${x.code}${x.node ? ` on ${s(x.node)}` : ''}: ${s(x.message)}`), ...(g.more ? [`    + … ${g.more} more ${g.code}`] : []));
    for (const g of groupFindings(f.resolved)) out.push(...g.shown.map((x) => `    - ${x.severity} ${x.code}${x.node ? ` on ${s(x.node)}` : ''}: ${s(x.message)}`), ...(g.more ? [`    - … ${g.more} more ${g.code}`] : []));
    for (const x of f.changed) out.push(`    ~ ${x.severity} ${x.code}${x.node ? ` on ${s(x.node)}` : ''}: ${s(x.message)}`);
    if (f.omitted) out.push(`    … ${f.omitted} more findings (--format json lists ${MAX_LISTED_FINDINGS} of each kind)`);
    out.push('');
  }
  return out.join('\n');
}

export function formatDiffMarkdown(d: ModelDiff, depth = 2): string {
  const m = markdownText;
  const out = [`## Model diff: ${markdownCode(d.a.label)} → ${markdownCode(d.b.label)}`, '', summaryLine(d).map(m).join(' · '), ''];
  for (const t of d.targets) {
    out.push(`### On ${m(t.target.name)} (${markdownCode(t.target.id)})`, '', '| | baseline | current | change |', '|---|---:|---:|---:|');
    for (const r of figureRows(t)) out.push(`| ${m(r.label)} | ${m(r.a)} | ${m(r.b)} | ${m(r.change)} |`);
    const listed = listedModules(t, depth);
    out.push('', `Modules: ${m(moduleCountLine(t, listed.length, depth))}`, '');
    if (listed.length) {
      out.push('| status | module | ops | MACs | weights | latency | op types |', '|---|---|---:|---:|---:|---:|---|');
      for (const x of listed.slice(0, MAX_PRINTED_MODULES)) {
        const c = moduleCells(x);
        out.push(`| ${x.status} | ${markdownCode(x.path)} | ${m(c.ops)} | ${m(c.macs)} | ${m(c.weights)} | ${m(c.latency)} | ${m(c.opTypes)} |`);
      }
      out.push('');
    }
    const f = t.findings;
    out.push(`Findings: ${m(findingsLine(t))}`, '');
    const item = (tag: string, x: DiffFinding) => `- **${tag}** ${x.severity} ${markdownCode(x.code)}${x.node ? ` on ${markdownCode(x.node)}` : ''}: ${m(x.message)}`;
    for (const g of groupFindings(f.added)) out.push(...g.shown.map((x) => item('new', x)), ...(g.more ? [`- **new** … ${g.more} more ${markdownCode(g.code)}`] : []));
    for (const g of groupFindings(f.resolved)) out.push(...g.shown.map((x) => item('resolved', x)), ...(g.more ? [`- **resolved** … ${g.more} more ${markdownCode(g.code)}`] : []));
    for (const x of f.changed) out.push(item('changed', x));
    out.push('');
  }
  return out.join('\n');
}

/** For callers that show one line per target (a notification): "tflm-cortex-m7: fail → pass, latency −12%". */
export function targetHeadline(t: TargetDiff): string {
  const parts = [`${t.a.verdict ?? '—'} → ${t.b.verdict ?? '—'}`];
  const lat = t.a.unknownLatencyOps > 0 || t.b.unknownLatencyOps > 0 ? '' : delta(t.a.latencyMs, t.b.latencyMs, formatMillis);
  if (lat) parts.push(`latency ${lat}`);
  const w = delta(t.a.weightBytes, t.b.weightBytes, formatBytes);
  if (w) parts.push(`weights ${w}`);
  return `${t.target.id}: ${parts.join(', ')}`;
}

export type { DiffFigures };
