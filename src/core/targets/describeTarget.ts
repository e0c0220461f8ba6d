// Short descriptions of a target profile's key numbers, shared by `deploylens targets` and the
// editor's target picker.

import { formatBytes } from '../units';
import type { TargetProfile } from './profile';

export function describePeak(t: TargetProfile): string {
  const entries = Object.entries(t.compute.peakMacsPerSecond).filter(([, v]) => typeof v === 'number') as [string, number][];
  if (entries.length === 0) return '—';
  const [dtype, v] = entries.sort((a, b) => b[1] - a[1])[0]!;
  return `${v >= 1e12 ? `${(v / 1e12).toFixed(1)} T` : `${(v / 1e9).toFixed(v >= 1e10 ? 0 : 2)} G`}MAC/s ${dtype}`;
}

export function describeMemory(t: TargetProfile): string {
  const m = t.memory;
  if (m.sramBytes !== undefined) return `${formatBytes(m.sramBytes)} SRAM`;
  if (m.onChipParameterBytes !== undefined) return `${formatBytes(m.onChipParameterBytes)} on-chip params`;
  if (m.dramBytes !== undefined) return `${formatBytes(m.dramBytes)} DRAM`;
  return '—';
}

export function describeLimits(t: TargetProfile): string {
  const parts: string[] = [];
  if (t.precisions.length) parts.push(t.precisions.join('/'));
  const p = t.partitioning;
  parts.push(p.mode === 'none' ? 'no fallback' : p.mode === 'single-segment' ? 'one segment' : p.maxPartitions !== undefined ? `≤${p.maxPartitions} partition(s)` : 'partitions');
  if (t.budgets?.latencyMs !== undefined) parts.push(`budget ${t.budgets.latencyMs} ms`);
  return parts.join(', ');
}
