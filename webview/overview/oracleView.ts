// The overview's "real compiler" cards: Arm Vela's answer (or that it is still compiling, or gave
// none) and a loaded edgetpu_compiler log, each beside DeployLens's prediction, with every
// disagreement named. Pure (no DOM), unit-tested with the rest of the view model.

import { formatBytes, formatCount, formatMicros } from '../../src/core/units';
import type { Report } from '../shared/protocol';

/** The same shapes as the overview's metric cards (viewModel.ts imports this file, not the other way). */
export type { Level, Metric } from './metric';
import type { Level, Metric } from './metric';

export interface OracleDisagreement {
  /** The node to reveal (Vela: per operator; the Edge TPU log: per op type, no node). */
  node?: number;
  text: string;
}

export interface OracleCard {
  id: 'vela' | 'edgetpu';
  title: string;
  state: 'answered' | 'failed' | 'pending';
  /** One line under the title: agreement, or why there is no answer. */
  summary: string;
  summaryLevel: Level;
  metrics: Metric[];
  disagreements: OracleDisagreement[];
  /** The Edge TPU log's per-op table. */
  table?: { headers: string[]; rows: { cells: string[]; level: Level }[] };
  /** Command line, configuration, source: small print. */
  footnote: string;
}

function ofLimit(used: number | null, limit: number | null, what: string): Pick<Metric, 'ratio' | 'level' | 'detail'> {
  if (used === null || !limit) return {};
  const ratio = used / limit;
  return { ratio, level: ratio > 1 ? 'error' : ratio > 0.8 ? 'warn' : 'ok', detail: `${Math.round(ratio * 100)}% of ${formatBytes(limit)} ${what}` };
}

function velaCard(report: Report, pending: boolean): OracleCard | null {
  const v = report.oracles?.vela;
  const s = report.summary;
  if (!v) {
    if (!pending) return null;
    return {
      id: 'vela', title: 'Arm Vela', state: 'pending', summary: 'Vela is compiling this model for the target; its placement, SRAM and cycles appear here when it is done.',
      summaryLevel: 'unknown', metrics: [], disagreements: [], footnote: '',
    };
  }
  const title = `Arm Vela${v.version ? ` ${v.version}` : ''}`;
  if (v.status === 'failed') {
    return {
      id: 'vela', title, state: 'failed', summary: `No answer: ${v.error ?? 'Vela printed nothing usable'}. DeployLens's prediction stands unchecked.`,
      summaryLevel: 'unknown', metrics: [], disagreements: [], footnote: v.command,
    };
  }
  const n = v.disagreements.length + v.unmatched.length;
  const dlNpu = s.delegatedNodes;
  const dlCpu = s.fallbackNodes;
  const metrics: Metric[] = [
    {
      label: 'Vela placement', value: `${v.npuOps} NPU · ${v.cpuOps} CPU`,
      detail: `DeployLens: ${dlNpu ?? '?'} NPU · ${dlCpu ?? '?'} CPU (deployed ops)`, level: n === 0 ? 'ok' : 'warn',
    },
    { label: 'Vela SRAM', value: v.sramBytes === null ? '—' : formatBytes(v.sramBytes), ...ofLimit(v.sramBytes, v.profileSramBytes, 'SRAM') },
    {
      label: 'Vela cycles', value: v.totalCycles === null ? '—' : formatCount(v.totalCycles),
      detail: v.npuCycles === null ? 'per inference' : `${formatCount(v.npuCycles)} on the NPU, the rest waiting on memory`,
    },
    {
      label: 'Vela latency', value: v.latencyMs === null ? '—' : formatMicros(v.latencyMs * 1000),
      detail: `${v.clockHz ? `at ${Math.round(v.clockHz / 1e6)} MHz; ` : ''}DeployLens estimate ${s.latencyMs === null || s.latencyMs === undefined ? '—' : formatMicros(s.latencyMs * 1000)}`,
    },
  ];
  const sram = metrics[1]!;
  if (s.arenaBytes !== undefined) sram.detail = `${sram.detail ? `${sram.detail}; ` : ''}DeployLens arena ${formatBytes(s.arenaBytes)}`;
  if (v.constantBytes !== null) {
    metrics.push({ label: 'Vela weights', value: formatBytes(v.constantBytes), ...ofLimit(v.constantBytes, v.profileFlashBytes, 'flash') });
    const w = metrics[metrics.length - 1]!;
    if (s.deployedWeightBytes !== undefined) w.detail = `${w.detail ? `${w.detail}; ` : ''}DeployLens ${formatBytes(s.deployedWeightBytes)}`;
  }
  const disagreements: OracleDisagreement[] = v.disagreements.map((d) => ({
    node: d.node,
    text: `${d.op} '${d.name || '(unnamed)'}': Vela ${d.oracle}${d.oracleReason ? ` — ${d.oracleReason}` : ''}; DeployLens ${d.deployLens}${d.deployLensReason ? ` — ${d.deployLensReason}` : ''}`,
  }));
  for (const u of v.unmatched) disagreements.push({ text: `Vela runs ${u} on the CPU; no operator of the model matches it` });
  const config = [v.acceleratorConfig, v.systemConfig ? `system config ${v.systemConfig}` : '', v.memoryMode ? `memory mode ${v.memoryMode}` : ''].filter(Boolean).join(', ');
  return {
    id: 'vela', title, state: 'answered',
    summary: n === 0 ? `Vela and DeployLens place all ${v.ops.length} operators on the same processor.` : `Vela disagrees with DeployLens on ${n} of ${v.ops.length} operators:`,
    summaryLevel: n === 0 ? 'ok' : 'warn',
    metrics, disagreements,
    footnote: `${config} · compiled in ${(v.millis / 1000).toFixed(1)} s · ${v.command}`,
  };
}

function edgeTpuCard(report: Report): OracleCard | null {
  const e = report.oracles?.edgetpu;
  if (!e) return null;
  const s = report.summary;
  const n = e.disagreements.length;
  const metrics: Metric[] = [
    { label: 'Compiler placement', value: `${e.tpuOps ?? '?'} TPU · ${e.cpuOps ?? '?'} CPU`, detail: `DeployLens: ${s.delegatedNodes ?? '?'} TPU · ${s.fallbackNodes ?? '?'} CPU`, level: n === 0 && !e.mismatch ? 'ok' : 'warn' },
  ];
  if (e.onChipBytes !== null) metrics.push({ label: 'On-chip parameters', value: formatBytes(e.onChipBytes), detail: e.onChipRemainingBytes === null ? 'cached on the Edge TPU' : `${formatBytes(e.onChipRemainingBytes)} remaining` });
  if (e.offChipBytes !== null) metrics.push({ label: 'Streamed parameters', value: formatBytes(e.offChipBytes), detail: 'off-chip, read every inference', level: e.offChipBytes > 0 ? 'warn' : 'ok' });
  if (e.subgraphs !== null) metrics.push({ label: 'Edge TPU subgraphs', value: String(e.subgraphs), detail: `partitions on the TPU; DeployLens: ${s.partitions ?? '?'} in all` });
  const table = e.rows.length ? {
    headers: ['Op', 'Compiler: TPU', 'Compiler: CPU', 'DeployLens: TPU', 'DeployLens: CPU', 'Why the CPU (compiler)'],
    rows: e.rows.map((r) => ({
      cells: [r.op, String(r.compilerTpu), String(r.compilerCpu), String(r.deployLensTpu), String(r.deployLensCpu), r.cpuStatus.join('; ')],
      level: (e.disagreements.includes(r.op) ? 'warn' : 'ok') as Level,
    })),
  } : undefined;
  const disagreements: OracleDisagreement[] = [];
  if (e.mismatch) disagreements.push({ text: `This log may not be of this model: ${e.mismatch}.` });
  return {
    id: 'edgetpu', title: `edgetpu_compiler${e.compilerVersion ? ` ${e.compilerVersion}` : ''} log`, state: 'answered',
    summary: n === 0 ? (e.rows.length ? 'The compiler and DeployLens map the same number of operations of every type to the Edge TPU.' : 'The log has no per-op table; only its totals are shown.') : `The compiler's counts differ from DeployLens's for ${n} op type(s): ${e.disagreements.join(', ')}.`,
    summaryLevel: n === 0 && !e.mismatch ? 'ok' : 'warn',
    metrics, disagreements, ...(table ? { table } : {}),
    footnote: e.source,
  };
}

export function oracleCards(report: Report, pending: 'vela' | undefined): OracleCard[] {
  return [velaCard(report, pending === 'vela'), edgeTpuCard(report)].filter((c): c is OracleCard => c !== null);
}

/** Vela's per-layer answer for the layer table: where it runs the node, its cycles, whether it disagrees. */
export interface VelaCell {
  text: string;
  level: Level;
  cycles: number | null;
  reason?: string;
}

export function velaCells(report: Report): Map<number, VelaCell> | null {
  const v = report.oracles?.vela;
  if (!v || v.status !== 'answered') return null;
  const disagree = new Set(v.disagreements.map((d) => d.node));
  const out = new Map<number, VelaCell>();
  for (const o of v.ops) {
    const differs = disagree.has(o.node);
    const cell: VelaCell = { text: `${o.vela.toUpperCase()}${differs ? ' ≠' : ''}`, level: differs ? 'warn' : o.vela === 'npu' ? 'ok' : 'unknown', cycles: o.cycles ?? null };
    const why = [differs ? 'Vela disagrees with DeployLens' : '', o.velaReason ?? ''].filter(Boolean).join(': ');
    if (why) cell.reason = why;
    out.set(o.node, cell);
  }
  return out;
}
