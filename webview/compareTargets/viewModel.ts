// The Compare Targets table's view model: columns, cells and sorting of the rows the host sends
// (one per target, src/core/report/compareTargets.ts). The host's Markdown export uses the same
// cells, so the file says what the panel shows. No DOM: unit-tested under Node.

import { formatBytes, formatReportLatency, knownSum } from '../../src/core/units';
import type { CompareRow } from './protocol';

export type CompareColumn = 'target' | 'verdict' | 'partitions' | 'delegated' | 'activationPeak' | 'arena' | 'weights' | 'latency' | 'findings' | 'conversion';

const VERDICT_RANK = { fail: 0, warn: 1, pass: 2 } as const;

function key(r: CompareRow, c: CompareColumn): number | string | null {
  switch (c) {
    case 'target': return r.name.toLowerCase();
    case 'verdict': return VERDICT_RANK[r.verdict];
    case 'partitions': return r.partitioning === 'none' ? null : r.partitions;
    // the share of ops on the accelerator: the question a delegate column answers
    case 'delegated': return r.partitioning === 'none' ? null : r.delegatedNodes / Math.max(1, r.delegatedNodes + r.fallbackNodes);
    case 'activationPeak': return r.activationPeakBytes;
    case 'arena': return r.arenaBytes;
    case 'weights': return r.weightBytes;
    case 'latency': return r.latencyMs;
    case 'findings': return r.errors * 1e6 + r.warnings;
    case 'conversion': return r.conversion;
  }
}

/** Stable sort; unknown values last whichever the direction. */
export function sortCompareRows(rows: readonly CompareRow[], column: CompareColumn, descending: boolean): CompareRow[] {
  const dir = descending ? -1 : 1;
  return rows.map((row, i) => ({ row, i, k: key(row, column) })).sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return c !== 0 ? c * dir : a.i - b.i;
  }).map((x) => x.row);
}

export function compareCell(r: CompareRow, c: CompareColumn): string {
  switch (c) {
    case 'target': return r.name;
    case 'verdict': return r.verdict.toUpperCase();
    case 'partitions': return r.partitioning === 'none' ? '—' : String(r.partitions);
    case 'delegated': return r.partitioning === 'none' ? `${r.delegatedNodes + r.fallbackNodes} ops` : `${r.delegatedNodes} / ${r.fallbackNodes}`;
    case 'activationPeak': {
      // Over the tensors of known size: a lower bound ("≥") when some sizes are unknown, and then no share of SRAM.
      const peak = knownSum(r.activationPeakBytes, r.unknownSizeTensors, formatBytes);
      if (!r.sramBytes || r.unknownSizeTensors > 0) return peak;
      const pct = (r.activationPeakBytes / r.sramBytes) * 100;
      return `${peak} (${pct > 0 && pct < 1 ? '<1' : Math.round(pct)}% SRAM)`;
    }
    case 'arena': return knownSum(r.arenaBytes, r.unknownSizeTensors, formatBytes);
    case 'weights': return formatBytes(r.weightBytes);
    case 'latency': return r.latencyMs === null ? '—' : knownSum(r.latencyMs, r.unknownLatencyOps, formatReportLatency);
    case 'findings': return `${r.errors} errors, ${r.warnings} warnings`;
    case 'conversion': return r.conversion.replace(/^judged as /, '');
  }
}

export const COMPARE_HEADERS: Record<CompareColumn, string> = {
  target: 'Target', verdict: 'Verdict', partitions: 'Partitions', delegated: 'Delegated / CPU ops', activationPeak: 'Activation peak',
  arena: 'Arena', weights: 'Params as deployed', latency: 'Latency (est.)', findings: 'Findings', conversion: 'Judged as',
};

export const COMPARE_COLUMNS = Object.keys(COMPARE_HEADERS) as CompareColumn[];

/** Text columns (the rest are numbers, aligned right). */
export function isNumericColumn(c: CompareColumn): boolean {
  return c !== 'target' && c !== 'verdict' && c !== 'conversion' && c !== 'findings';
}
