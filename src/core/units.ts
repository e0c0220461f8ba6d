// Unit formatters shared by every surface that shows numbers: the text/Markdown reports, the
// editor (hovers, CodeLens, inlay hints) and the webviews (which may import only this module and
// their protocol from src/). Pure, no DOM and no Node APIs.

import type { Dim } from './ir/model';

/** 1234567 → "1,234,567" (what toLocaleString('en-US') gives, without loading ICU's number formatter: ~13 ms at start-up). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

/** "82,316 B (80.4 KiB)": the exact figure a firmware sets (kTensorArenaSize), with a readable one. */
export function formatExactBytes(n: number): string {
  return n < 1024 ? `${n.toLocaleString('en-US')} B` : `${n.toLocaleString('en-US')} B (${formatBytes(n)})`;
}

export function formatMacs(n: number | null): string {
  if (n === null) return '—';
  if (n >= 1e9) return `${(n / 1e9).toFixed(3)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

export function formatShape(shape: Dim[] | null): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}

export function formatMicros(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us >= 10 ? 0 : 1)} µs`;
}

/** A latency in milliseconds, switching to µs below 0.1 ms so small models do not read "0.00 ms". */
export function formatMillis(ms: number): string {
  return ms < 0.1 ? formatMicros(ms * 1000) : `${ms.toFixed(2)} ms`;
}

/**
 * A report's latency. The report rounds it to whole µs (buildReport), so 0 there means under half a
 * µs (a tiny head on an MCU): "< 1 µs", not "0.0 µs" beside layers of 0.2 µs.
 */
export function formatReportLatency(ms: number): string {
  return ms === 0 ? '< 1 µs' : formatMillis(ms);
}

/**
 * A figure summed over what is known, shown as the lower bound it is when something was left out
 * ("≥ 36 B"): a decoder with symbolic dims has an activation peak of its few fixed-size tensors,
 * and "36 B of 512 KiB SRAM" read as a fit would be false. A sum of nothing known is `none`
 * ("unknown", "—"), not "≥ 0".
 */
export function knownSum(sum: number, leftOut: number, format: (v: number) => string, none = 'unknown'): string {
  if (leftOut <= 0) return format(sum);
  return sum === 0 ? none : `≥ ${format(sum)}`;
}

/** What a lower bound left out, for the line beside it: "1,234 tensor(s) of unknown size left out". */
export function leftOutText(leftOut: number, what: 'size' | 'cost'): string {
  return `${leftOut.toLocaleString('en-US')} ${what === 'size' ? 'tensor(s) of unknown size' : 'op(s) of unknown cost'} left out`;
}

/**
 * A long name cut to `max` characters in the middle, keeping its start and its distinctive end
 * ('/features/features.2/block/block.1/block.1.0/Conv' → '/features/featu…block.1.0/Conv'): layer
 * names share long prefixes, so cutting from the right leaves three identical '/features/…block'.
 */
export function shortenMiddle(name: string, max: number): string {
  if (name.length <= max) return name;
  if (max <= 1) return '…';
  const tail = Math.ceil((max - 1) * 0.6);
  const head = max - 1 - tail;
  return `${name.slice(0, head)}…${name.slice(name.length - tail)}`;
}

/** A module's MACs as the layer tables show them: "≥" when layers of unknown cost were left out, "—" when none is known. */
export function moduleMacsText(t: { macs: number; macsUnknown: number }): string {
  return knownSum(t.macs, t.macsUnknown, formatMacs, '—');
}

/** A module's summed latency as the layer tables show it: "≥" when kernels of unknown latency were left out. */
export function moduleLatencyText(t: { latencyUs: number | null; latencyUnknown: number }, formatMicros: (us: number | null) => string): string {
  return t.latencyUs === null ? formatMicros(null) : knownSum(t.latencyUs, t.latencyUnknown, formatMicros, formatMicros(null));
}
