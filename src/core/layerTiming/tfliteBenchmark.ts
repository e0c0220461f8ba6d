// Reads the op profile printed by TFLite's `benchmark_model --enable_op_profiling=true`: the
// "Run Order" table of "Operator-wise Profiling Info" (columns [node type] [start] [first] [avg ms]
// [%] [cdf%] [mem KB] [times called] [Name]; older/newer builds drop or add numeric columns, so the
// header decides), and maps its rows to the model's nodes by name (the op's output tensor) or else
// by order among nodes of the same type. Delegate kernels (TfLiteXNNPackDelegate, …) cover the nodes
// that no row names.

import type { Report } from '../report/report';
import type { LayerTiming, LayerRow } from './layerTiming';
import { DEFAULT_RIDGE_FLOPS_PER_BYTE } from './layerTiming';

export interface BenchmarkOpRow {
  nodeType: string;
  /** Numeric columns by header name: 'start', 'first', 'avg ms', '%', 'cdf%', 'mem KB', 'times called'. */
  values: Record<string, number>;
  avgMs: number;
  timesCalled: number;
  name: string;
}

export interface BenchmarkOpProfile {
  rows: BenchmarkOpRow[];
  /** "Inference (avg)" in µs from the timings line, when present. */
  inferenceAvgUs: number | null;
}

export function parseBenchmarkOpProfile(text: string): BenchmarkOpProfile {
  const lines = text.split(/\r?\n/);
  let start = lines.findIndex((l) => /=+\s*Run Order\s*=+/.test(l));
  if (start < 0) throw new Error('no "Run Order" table: paste the output of benchmark_model --enable_op_profiling=true');
  // The first Run Order table (regular runs); stop at the next ==== section.
  let header: string[] | null = null;
  const rows: BenchmarkOpRow[] = [];
  for (start++; start < lines.length; start++) {
    const line = lines[start]!.trim();
    if (/^=+/.test(line)) break;
    if (!line) { if (rows.length > 0) break; continue; }
    if (!header) {
      if (line.includes('[node type]')) header = [...line.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!.trim());
      continue;
    }
    const nameMatch = /\[([^\]]*)\]\s*$/.exec(line);
    if (!nameMatch) continue;
    const numericCols = header.filter((h) => h !== 'node type' && h !== 'Name');
    const tokens = line.slice(0, nameMatch.index).trim().split(/\s+/);
    if (tokens.length < numericCols.length + 1) continue;
    const nums = tokens.slice(tokens.length - numericCols.length).map((t) => Number(t.replace(/%$/, '')));
    if (nums.some((n) => !Number.isFinite(n))) continue;
    const values: Record<string, number> = {};
    numericCols.forEach((c, i) => { values[c] = nums[i]!; });
    rows.push({
      nodeType: tokens.slice(0, tokens.length - numericCols.length).join(' '),
      values,
      avgMs: values['avg ms'] ?? 0,
      timesCalled: values['times called'] ?? 1,
      name: nameMatch[1]!,
    });
  }
  if (!header || rows.length === 0) throw new Error('the "Run Order" table has no rows');
  const avg = /Inference \(avg\):\s*([\d.e+]+)/.exec(text);
  return { rows, inferenceAvgUs: avg ? Number(avg[1]) : null };
}

const DELEGATE = /delegate/i;

/** Rows mapped onto the report's nodes, shaped like an ORT LayerTiming for the same table. */
export function benchmarkToLayerTiming(model: string, p: BenchmarkOpProfile, report: Pick<Report, 'nodes'> & { target?: { id: string } | null }): LayerTiming {
  const nodes = report.nodes;
  const used = new Set<number>();
  const byOutput = new Map<string, number>();
  nodes.forEach((n, i) => { byOutput.set(n.name, i); for (const o of n.outputs) if (!byOutput.has(o)) byOutput.set(o, i); });
  const matched: (number | null)[] = p.rows.map((r) => {
    const i = byOutput.get(r.name);
    if (i === undefined || used.has(i) || DELEGATE.test(r.nodeType)) return null;
    used.add(i);
    return i;
  });
  // By order among nodes of the same op for rows whose name is not in the model.
  p.rows.forEach((r, k) => {
    if (matched[k] !== null || DELEGATE.test(r.nodeType)) return;
    const i = nodes.findIndex((n, j) => !used.has(j) && n.op === r.nodeType);
    if (i >= 0) { used.add(i); matched[k] = i; }
  });
  const leftover = nodes.map((_, i) => i).filter((i) => !used.has(i));
  const delegateRows = p.rows.filter((r) => DELEGATE.test(r.nodeType)).length;
  const totalMs = p.rows.reduce((a, r) => a + r.avgMs, 0);
  const rows: LayerRow[] = p.rows.map((r, k) => {
    const covers = matched[k] !== null ? [matched[k]!] : DELEGATE.test(r.nodeType) && delegateRows === 1 ? leftover : [];
    const covered = covers.map((i) => nodes[i]!);
    const sumOf = (f: (n: Report['nodes'][number]) => number | null | undefined): number | null =>
      covered.length === 0 || covered.some((n) => f(n) === null || f(n) === undefined) ? null : covered.reduce((a, n) => a + (f(n) ?? 0), 0);
    const macs = sumOf((n) => n.macs);
    const bytes = sumOf((n) => (n.paramBytes === null || n.activationBytes === null ? null : n.paramBytes + n.activationBytes));
    const intensity = macs !== null && bytes ? (2 * macs) / bytes : null;
    const us = r.avgMs * 1000;
    return {
      kernel: r.name, op: r.nodeType, provider: DELEGATE.test(r.nodeType) ? 'delegate' : 'CPU', order: k,
      medianUs: us, p90Us: us, p99Us: us, meanUs: us,
      share: totalMs > 0 ? r.avgMs / totalMs : 0,
      inputShapes: [], outputShapes: [],
      covers: covered.map((n) => ({ index: n.index, name: n.name, op: n.op })),
      fused: covered.length > 1, macs, bytes, intensity,
      bound: intensity === null ? null : intensity >= DEFAULT_RIDGE_FLOPS_PER_BYTE ? 'compute' : 'memory',
      staticUs: sumOf((n) => n.latencyUs),
    };
  });
  const e2eMs = p.inferenceAvgUs !== null ? p.inferenceAvgUs / 1000 : totalMs;
  return {
    model, optimization: 'benchmark_model', threads: 0, runs: 1, warmup: 0, ortVersion: '',
    targetId: report.target?.id ?? null,
    latency: { mean: e2eMs, min: e2eMs, max: e2eMs, p50: e2eMs, p90: e2eMs, p99: e2eMs, samplesMs: [e2eMs], histogram: [{ from: e2eMs, to: e2eMs, count: 1 }] },
    kernelTotalUs: totalMs * 1000,
    staticTotalUs: nodes.length > 0 && nodes.every((n) => typeof n.latencyUs === 'number') ? nodes.reduce((a, n) => a + (n.latencyUs ?? 0), 0) : null,
    rows,
    eliminated: delegateRows === 1 ? [] : leftover.map((i) => ({ index: i, name: nodes[i]!.name, op: nodes[i]!.op })),
  };
}
