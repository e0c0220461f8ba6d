// `deploylens targets`: one line per profile with the numbers people choose a target by.

import { formatBytes } from '../core/report/format';
import type { TargetProfile } from '../core/targets/profile';

function peak(t: TargetProfile): string {
  const entries = Object.entries(t.compute.peakMacsPerSecond).filter(([, v]) => typeof v === 'number') as [string, number][];
  if (entries.length === 0) return '—';
  const [dtype, v] = entries.sort((a, b) => b[1] - a[1])[0]!;
  return `${v >= 1e12 ? `${(v / 1e12).toFixed(1)} T` : `${(v / 1e9).toFixed(v >= 1e10 ? 0 : 2)} G`}MAC/s ${dtype}`;
}

function memory(t: TargetProfile): string {
  const m = t.memory;
  if (m.sramBytes !== undefined) return `${formatBytes(m.sramBytes)} SRAM`;
  if (m.onChipParameterBytes !== undefined) return `${formatBytes(m.onChipParameterBytes)} on-chip params`;
  if (m.dramBytes !== undefined) return `${formatBytes(m.dramBytes)} DRAM`;
  return '—';
}

function limits(t: TargetProfile): string {
  const parts: string[] = [];
  if (t.precisions.length) parts.push(t.precisions.join('/'));
  const p = t.partitioning;
  parts.push(p.mode === 'none' ? 'no fallback' : p.mode === 'single-segment' ? 'one segment' : p.maxPartitions !== undefined ? `≤${p.maxPartitions} partition(s)` : 'partitions');
  if (t.budgets?.latencyMs !== undefined) parts.push(`budget ${t.budgets.latencyMs} ms`);
  return parts.join(', ');
}

export function formatTargetList(targets: TargetProfile[], defaultId: string): string {
  const rows = [['id', 'name', 'runtime', 'memory', 'peak', 'limits']];
  for (const t of targets) {
    rows.push([`${t.id}${t.id === defaultId ? ' *' : ''}`, t.name, [t.runtime, t.delegate].filter(Boolean).join(' + '), memory(t), peak(t), limits(t)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${lines.join('\n')}\n\n* default target\n`;
}
