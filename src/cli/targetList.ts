// `deploylens targets`: one line per profile with the numbers people choose a target by.

import { describeLimits, describeMemory, describePeak } from '../core/targets/describeTarget';
import type { TargetProfile } from '../core/targets/profile';

export function formatTargetList(targets: TargetProfile[], defaultId: string): string {
  const rows = [['id', 'name', 'runtime', 'memory', 'peak', 'limits']];
  for (const t of targets) {
    rows.push([`${t.id}${t.id === defaultId ? ' *' : ''}`, t.name, [t.runtime, t.delegate].filter(Boolean).join(' + '), describeMemory(t), describePeak(t), describeLimits(t)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${lines.join('\n')}\n\n* default target\n`;
}
