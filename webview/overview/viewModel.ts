// The overview's view model: everything the panel shows, computed from a Report without touching
// the DOM, so it is unit-tested under Node (test/webview-overview-model.test.ts) and the DOM code in
// main.ts only places ready-made strings and numbers.

import { formatBytes, formatCount, formatMacs, formatMicros as formatMicrosKnown, formatReportLatency, formatShape, leftOutText, knownSum } from '../../src/core/units';
import type { FindingGroupPayload, Report, ReportDiagnostic, ReportNode } from '../shared/protocol';
import type { OracleCard, VelaCell } from './oracleView';
import { oracleCards, velaCells } from './oracleView';
import type { TflmCard } from './tflmView';
import { tflmCard } from './tflmView';

export type { Level, Metric } from './metric';
import type { Level, Metric } from './metric';
export type Verdict = 'pass' | 'warn' | 'fail';

export interface HistogramBar {
  op: string;
  count: number;
  /** Count relative to the most frequent op (0..1], the bar's length. */
  ratio: number;
}

export interface LayerRow {
  index: number;
  name: string;
  op: string;
  shape: string;
  macs: number | null;
  paramBytes: number | null;
  workingSetBytes: number | null;
  latencyUs: number | null;
  /** Where the node runs or whether it can: "NPU", "CPU", "✓", "✗ unsupported"… */
  placement: string;
  placementLevel: Level;
  /** The first reason the target gave for the node's verdict (the table's tooltip). */
  reason?: string;
  /** Arm Vela's answer for the node (when Vela ran): where it runs it, its cycles. */
  vela?: VelaCell;
  /** Lower-cased text the filter matches against. */
  haystack: string;
}

export type ColumnId = 'index' | 'name' | 'op' | 'shape' | 'macs' | 'params' | 'workingSet' | 'latency' | 'placement' | 'vela' | 'velaCycles';

export interface Column {
  id: ColumnId;
  label: string;
  numeric: boolean;
}

export interface Finding {
  severity: ReportDiagnostic['severity'];
  code: string;
  message: string;
  fix?: string;
  node?: number;
  /** "node 3 'conv1'" or "tensor 'x'": where the finding points. */
  where?: string;
  /** The other nodes with the same finding (one entry for them all, as in Problems). */
  alike?: { node: number; name: string }[];
}

/** A .tflite float model on an integer-only target: the verdict after full-integer quantization. */
export interface WhatIf {
  label: string;
  verdict: Verdict;
  text: string;
}

export interface OverviewModel {
  fileName: string;
  /** What was judged ("judged as its TFLite full-int8 conversion"); null without a target. */
  conversion: string | null;
  whatIf: WhatIf | null;
  modelPath: string;
  format: string;
  targetId: string;
  targetName: string | null;
  verdict: Verdict | null;
  metrics: Metric[];
  histogram: HistogramBar[];
  columns: Column[];
  rows: LayerRow[];
  /**
   * The per-node table is still on its way (the report's parts: webview/shared/protocol.ts): the
   * page shows the verdict, numbers and findings, and the layers once they are in. The node count.
   */
  layersPending?: number;
  /**
   * The findings are still on their way (a payload that sends them as parts, after the head: the
   * decoder's 6,000 findings are 4.7 MB): the page shows the verdict and numbers, the findings once
   * they are in. `findings` is empty and `counts` zero until then.
   */
  findingsPending?: true;
  findings: Finding[];
  /** The real compilers beside the prediction (oracleView.ts). */
  oracles: OracleCard[];
  /** TensorFlow Lite Micro's own arena and verdict (tflmView.ts); null when TFLM does not apply. */
  tflm: TflmCard | null;
  counts: { error: number; warning: number; info: number };
  /** Findings as listed (alike ones once): fewer than the counts when some are grouped. */
  problems: number;
  /** Analysis time, for the footer. */
  millis: number;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export function formatMicros(us: number | null): string {
  return us === null ? '—' : formatMicrosKnown(us);
}

function ratioLevel(ratio: number): Level {
  return ratio > 1 ? 'error' : ratio > 0.8 ? 'warn' : 'ok';
}

/** MACs over the nodes of known cost: a lower bound when some are unknown, "unknown" when none is known to do any. */
function macsText(macs: number | null, unknownNodes: number): string {
  return macs === null ? (unknownNodes > 0 ? 'unknown' : formatMacs(null)) : knownSum(macs, unknownNodes, formatMacs);
}

/** A lower bound that fits is not known to fit: at least a warning. */
function atLeastWarn(level: Level, leftOut: number): Level {
  return leftOut > 0 && level === 'ok' ? 'warn' : level;
}

export function metrics(report: Report): Metric[] {
  const s = report.summary;
  const t = report.target;
  const out: Metric[] = [
    {
      label: 'Parameters', value: formatCount(s.params),
      // As deployed on the target (int8 in an int8 conversion), beside the file's own size.
      detail: s.deployedWeightBytes !== undefined && s.deployedWeightBytes !== s.weightBytes
        ? `${formatBytes(s.deployedWeightBytes)} as deployed (${formatBytes(s.weightBytes)} in the file)`
        : `${formatBytes(s.weightBytes)} of weights`,
    },
    {
      label: 'MACs',
      value: macsText(s.macs, s.unknownCostNodes),
      detail: s.unknownCostNodes > 0 ? `${s.unknownCostNodes.toLocaleString('en-US')} node(s) of unknown cost left out` : 'per inference',
    },
    { label: 'Model size', value: formatBytes(report.model.fileBytes), detail: `${formatCount(s.nodes)} nodes, ${formatCount(s.tensors)} tensors` },
  ];
  // Sums over what is known: shown as lower bounds, and never as a comfortable fit, when sizes or costs were left out.
  const unknownSize = s.unknownSizeTensors ?? 0;
  const unknownLatency = s.latencyMs === null ? 0 : s.unknownLatencyOps ?? 0;
  if (s.activationPeakBytes !== undefined) {
    const m: Metric = { label: 'Activation peak', value: knownSum(s.activationPeakBytes, unknownSize, formatBytes) };
    if (t?.sramBytes !== undefined && t.sramBytes > 0) {
      const ratio = s.activationPeakBytes / t.sramBytes;
      m.level = atLeastWarn(ratioLevel(ratio), unknownSize);
      // A share of SRAM (and its bar) only for a known peak: "≥ 0%" would say nothing true.
      if (unknownSize > 0) m.detail = `of ${formatBytes(t.sramBytes)} SRAM`;
      else {
        m.ratio = ratio;
        m.detail = `${Math.round(ratio * 100)}% of ${formatBytes(t.sramBytes)} SRAM`;
      }
    }
    if (s.arenaBytes !== undefined) m.detail = `${m.detail ? `${m.detail}; ` : ''}${s.arenaSource === 'tflm' ? `TFLM arena ${formatBytes(s.arenaBytes)}` : `arena ${knownSum(s.arenaBytes, unknownSize, formatBytes)}`}`;
    if (unknownSize > 0) m.detail = `${m.detail ? `${m.detail}; ` : ''}${leftOutText(unknownSize, 'size')}`;
    out.push(m);
  }
  if (t && t.partitioning !== 'none' && s.partitions !== undefined) {
    const fallback = s.fallbackNodes ?? 0;
    out.push({
      label: 'Partitions',
      value: String(s.partitions),
      detail: `${s.delegatedNodes ?? 0} op(s) delegated, ${fallback} on CPU`,
      level: fallback > 0 || s.partitions > 1 ? 'warn' : 'ok',
    });
  }
  if (s.latencyMs !== undefined) {
    const m: Metric = { label: 'Latency (est.)', value: s.latencyMs === null ? 'unknown' : knownSum(s.latencyMs, unknownLatency, formatReportLatency) };
    if (s.latencyMs !== null && t?.latencyBudgetMs !== undefined && t.latencyBudgetMs > 0) {
      m.ratio = s.latencyMs / t.latencyBudgetMs;
      m.level = atLeastWarn(ratioLevel(m.ratio), unknownLatency);
      m.detail = `budget ${t.latencyBudgetMs} ms`;
    } else {
      m.detail = s.latencyMs === null ? 'no node has a known cost' : 'roofline estimate, no budget set';
    }
    if (unknownLatency > 0) m.detail = `${m.detail}; ${leftOutText(unknownLatency, 'cost')}`;
    out.push(m);
  }
  return out;
}

export function histogram(report: Report): HistogramBar[] {
  const entries = Object.entries(report.summary.opHistogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = entries[0]?.[1] ?? 1;
  return entries.map(([op, count]) => ({ op, count, ratio: count / max }));
}

export function columns(report: Report): Column[] {
  const out: Column[] = [
    { id: 'index', label: '#', numeric: true },
    { id: 'name', label: 'Name', numeric: false },
    { id: 'op', label: 'Op', numeric: false },
    { id: 'shape', label: 'Output shape', numeric: false },
    { id: 'macs', label: 'MACs', numeric: true },
    { id: 'params', label: 'Params', numeric: true },
  ];
  if (report.target) {
    out.push(
      { id: 'workingSet', label: 'Working set', numeric: true },
      { id: 'latency', label: 'Latency', numeric: true },
      { id: 'placement', label: report.target.partitioning === 'none' ? 'Supported' : 'Runs on', numeric: false },
    );
  }
  if (report.oracles?.vela?.status === 'answered') out.push({ id: 'vela', label: 'Vela', numeric: false }, { id: 'velaCycles', label: 'Vela cycles', numeric: true });
  return out;
}

function placement(report: Report, n: ReportNode): { text: string; level: Level } {
  const t = report.target;
  if (!t || n.support === undefined) return { text: '', level: 'unknown' };
  // Fused, absorbed, folded or elided: it runs inside another op, or not at all.
  if (n.fate && n.fate.kind !== 'kernel') {
    const into = n.fate.into !== undefined ? report.deployed?.nodes[n.fate.into] : undefined;
    return { text: into ? `${n.fate.kind} → ${into.op}` : n.fate.kind, level: 'ok' };
  }
  const bad = n.support === 'unsupported' || n.support === 'constraint-violated';
  // TensorFlow Lite Micro's own answer decides, where it has one (report.tflm).
  const tflm = report.tflm;
  if (tflm?.status === 'rejected' && (tflm.error?.graph ?? 0) === 0 && tflm.error?.node === n.index) return { text: '✗ TFLM', level: 'error' };
  if (tflm?.status === 'answered' && bad) return { text: '✓ TFLM', level: 'ok' };
  // Single-processor targets (TFLite Micro): the question is whether the node can run at all.
  if (t.partitioning === 'none') {
    if (bad) return { text: '✗ unsupported', level: 'error' };
    return n.support === 'unknown' ? { text: '? unchecked', level: 'unknown' } : { text: '✓', level: 'ok' };
  }
  // Delegating targets: the node runs somewhere; falling back to the CPU is the warning.
  if (n.device === 'cpu') return { text: bad ? 'CPU ✗' : 'CPU', level: bad ? 'warn' : 'unknown' };
  return { text: (t.delegate ?? 'accelerator').toUpperCase(), level: 'ok' };
}

export function layerRows(report: Report): LayerRow[] {
  const vela = velaCells(report);
  return report.nodes.map((n) => {
    const shape = formatShape(report.tensors[n.outputs[0] ?? '']?.shape ?? null);
    const p = placement(report, n);
    const reason = n.reasons?.find((r) => r.outcome !== 'info')?.message ?? n.reasons?.[0]?.message;
    const name = n.name || '(unnamed)';
    const row: LayerRow = {
      index: n.index,
      name,
      op: n.op,
      shape,
      macs: n.macs,
      paramBytes: n.paramBytes,
      workingSetBytes: n.workingSetBytes ?? null,
      latencyUs: n.latencyUs ?? null,
      placement: p.text,
      placementLevel: p.level,
      haystack: [name, n.op, shape, p.text, n.support ?? '', reason ?? ''].join('\u0000').toLowerCase(),
    };
    if (reason !== undefined) row.reason = reason;
    const v = vela?.get(n.index);
    if (v) {
      row.vela = v;
      row.haystack += `\u0000vela ${v.text} ${v.reason ?? ''}`.toLowerCase();
    }
    return row;
  });
}

export function cellText(row: LayerRow, column: ColumnId): string {
  switch (column) {
    case 'index': return String(row.index);
    case 'name': return row.name;
    case 'op': return row.op;
    case 'shape': return row.shape;
    case 'macs': return formatMacs(row.macs);
    case 'params': return row.paramBytes === null ? '—' : row.paramBytes === 0 ? '' : formatBytes(row.paramBytes);
    case 'workingSet': return row.workingSetBytes === null ? '—' : formatBytes(row.workingSetBytes);
    case 'latency': return formatMicros(row.latencyUs);
    case 'placement': return row.placement;
    case 'vela': return row.vela?.text ?? '';
    case 'velaCycles': return row.vela?.cycles === null || row.vela?.cycles === undefined ? '' : formatCount(row.vela.cycles);
  }
}

const LEVEL_RANK: Record<Level, number> = { error: 0, warn: 1, unknown: 2, ok: 3 };

function sortKey(row: LayerRow, column: ColumnId): number | string | null {
  switch (column) {
    case 'index': return row.index;
    case 'name': return row.name.toLowerCase();
    case 'op': return row.op.toLowerCase();
    case 'shape': return row.shape;
    case 'macs': return row.macs;
    case 'params': return row.paramBytes;
    case 'workingSet': return row.workingSetBytes;
    case 'latency': return row.latencyUs;
    // Problems first when ascending: that is why one sorts by this column.
    case 'placement': return LEVEL_RANK[row.placementLevel];
    case 'vela': return row.vela ? LEVEL_RANK[row.vela.level] : null;
    case 'velaCycles': return row.vela?.cycles ?? null;
  }
}

export interface SortSpec {
  column: ColumnId;
  descending: boolean;
}

/** Stable sort; unknown values (null) always go last, whichever the direction. */
export function sortRows(rows: readonly LayerRow[], sort: SortSpec): LayerRow[] {
  const dir = sort.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, key: sortKey(row, sort.column) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? a.i - b.i : a.key === null ? 1 : -1;
      const c = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key));
      return c !== 0 ? c * dir : a.i - b.i;
    })
    .map((x) => x.row);
}

export interface FilterSpec {
  /** Whitespace-separated words; a row matches when it contains every word (name, op, shape, placement, reason). */
  text: string;
  /** Only rows the target cannot run (or runs on the CPU fallback). */
  problemsOnly: boolean;
}

export function filterRows(rows: readonly LayerRow[], filter: FilterSpec): LayerRow[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  return rows.filter((r) =>
    (!filter.problemsOnly || r.placementLevel === 'error' || r.placementLevel === 'warn' || r.vela?.level === 'warn')
    && words.every((w) => r.haystack.includes(w)));
}

export function findings(report: Report, groups?: readonly FindingGroupPayload[]): Finding[] {
  const entries = groups ?? report.diagnostics.map((d, i) => ({ members: [i], message: d.message }));
  return entries
    .map((g, order) => ({ g, order, d: report.diagnostics[g.members[0]!]! }))
    .filter((x) => x.d !== undefined)
    .sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || a.order - b.order)
    .map(({ g, d }) => {
      const f: Finding = { severity: d.severity, code: d.code, message: g.message };
      if (g.members.length > 1) {
        f.alike = g.members.slice(1).map((i) => report.diagnostics[i]).filter((x): x is ReportDiagnostic => x?.node !== undefined && (x.graph ?? 0) === 0)
          .map((x) => ({ node: x.node!, name: x.nodeName ?? `#${x.node}` }));
      }
      if (d.fix) f.fix = d.fix;
      // Only main-graph nodes are rows of the table and lines of the text view.
      if (d.node !== undefined && (d.graph ?? 0) === 0) f.node = d.node;
      if (d.node !== undefined) f.where = `node ${d.node}${d.nodeName ? ` '${d.nodeName}'` : ''}${(d.graph ?? 0) !== 0 ? ` (graph ${d.graph})` : ''}`;
      else if (d.tensor !== undefined) f.where = `tensor '${d.tensor}'`;
      return f;
    });
}

export function whatIf(report: Report): WhatIf | null {
  const w = report.whatIf;
  if (!w) return null;
  const s = w.summary;
  const where = report.target?.partitioning === 'none' ? `${s.delegatedNodes + s.fallbackNodes} ops` : `${s.delegatedNodes} of ${s.delegatedNodes + s.fallbackNodes} ops on ${report.target?.delegate ?? 'the accelerator'}, ${s.partitions} partition(s)`;
  return {
    label: `What-if: ${w.label}`,
    verdict: s.verdict,
    text: `${where}; ${formatBytes(s.weightBytes)} of weights; activation peak ${knownSum(s.activationPeakBytes, s.unknownSizeTensors, formatBytes)}; `
      + `${s.latencyMs === null ? '≈ ?' : (s.unknownLatencyOps > 0 ? '≥ ' : '≈ ') + formatReportLatency(s.latencyMs)}.`,
  };
}

export function overviewModel(report: Report, fileName: string, targetId: string, millis: number, pending?: 'vela' | 'tflm', groups?: readonly FindingGroupPayload[]): OverviewModel {
  const counts = { error: 0, warning: 0, info: 0 };
  // A head without its findings or its node table (their parts are still arriving): none yet.
  const findingsPending = report.diagnostics === undefined;
  for (const d of report.diagnostics ?? []) counts[d.severity]++;
  const listed = findingsPending ? [] : findings(report, groups);
  const layersPending = report.nodes === undefined || report.tensors === undefined;
  return {
    ...(layersPending ? { layersPending: report.summary.nodes } : {}),
    ...(findingsPending ? { findingsPending: true as const } : {}),
    fileName,
    conversion: report.target ? report.summary.conversion ?? null : null,
    whatIf: whatIf(report),
    modelPath: report.model.path,
    format: report.model.format === 'onnx' ? 'ONNX' : 'TFLite',
    targetId: report.target?.id ?? targetId,
    targetName: report.target?.name ?? null,
    verdict: report.target ? report.summary.verdict ?? 'pass' : null,
    metrics: metrics(report),
    histogram: histogram(report),
    columns: columns(report),
    rows: layersPending ? [] : layerRows(report),
    findings: listed,
    oracles: oracleCards(report, pending === 'vela' ? 'vela' : undefined),
    tflm: tflmCard(report, pending === 'tflm'),
    counts,
    problems: listed.length,
    millis,
  };
}
