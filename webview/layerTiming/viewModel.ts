// Pure view-model of the Profile Layers table: sorting, filtering and formatting (no DOM).

import type { LayerRow } from './protocol';

export type SortKey = 'order' | 'kernel' | 'op' | 'medianUs' | 'p90Us' | 'p99Us' | 'share' | 'staticUs';

export function visibleRows(rows: readonly LayerRow[], filter: string, sort: SortKey, descending: boolean): LayerRow[] {
  const f = filter.trim().toLowerCase();
  const kept = f ? rows.filter((r) => [r.kernel, r.op, r.provider, ...r.covers.map((c) => c.name), ...r.covers.map((c) => c.op)].some((s) => s.toLowerCase().includes(f))) : [...rows];
  const val = (r: LayerRow): number | string => (sort === 'kernel' || sort === 'op' ? r[sort].toLowerCase() : (r[sort] ?? -1));
  kept.sort((a, b) => {
    const x = val(a);
    const y = val(b);
    const c = x < y ? -1 : x > y ? 1 : a.order - b.order;
    return descending ? -c : c;
  });
  return kept;
}

export function formatUs(v: number | null): string {
  if (v === null) return '—';
  if (v >= 1000) return `${(v / 1000).toFixed(2)} ms`;
  if (v >= 10) return `${v.toFixed(0)} µs`;
  return `${v.toFixed(1)} µs`;
}

export function formatMs(v: number): string {
  return v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(0)} µs`;
}
