// Per-layer timing of a TFLite model in TensorFlow Lite Micro itself ("Profile Layers" for
// .tflite): TFLM's own profiler events (one per operator per Invoke, ScopedMicroProfiler in
// MicroInterpreterGraph::InvokeSubgraph) over several invokes, the median per operator, mapped onto
// the model's nodes (TFLM's operator index is the node index). These are wall-clock times of TFLM
// built to WebAssembly on the machine that ran it: relative shares between the layers, not device
// cycles — every surface says so (TFLM_TIMING_LABEL). Pure: the CLI, the panel and the tests build
// it from the worker's invocations and the model's report.

import type { Report } from '../report/report';
import type { LayerRow, LayerTiming } from './layerTiming';
import { DEFAULT_RIDGE_FLOPS_PER_BYTE } from './layerTiming';
import { distribution, histogram } from './stats';

/** How every surface labels these times. */
export const TFLM_TIMING_LABEL = 'TFLite Micro in WebAssembly on this machine, wall-clock: relative shares, not device cycles';

export interface TflmInvocationTimes {
  /** Wall-clock time of the whole Invoke, ms. */
  ms: number;
  ops: { op: string; subgraph: number; node: number; ms: number }[];
}

export interface TflmTimingInput {
  model: string;
  /** Every Invoke, warm-up first. */
  invocations: TflmInvocationTimes[];
  warmup: number;
  kernels: 'cmsis-nn' | 'reference';
  report: Pick<Report, 'nodes'> & { target?: { id: string } | null };
}

export function tflmLayerTiming(input: TflmTimingInput): LayerTiming {
  const measured = input.invocations.slice(Math.min(input.warmup, input.invocations.length - 1));
  const nodes = input.report.nodes;
  // One row per operator TFLM ran (nested subgraphs of IF/WHILE included), in TFLM's first-run order.
  const byOp = new Map<string, { op: string; subgraph: number; node: number; order: number; us: number[] }>();
  for (const inv of measured) {
    const sums = new Map<string, number>();
    for (const e of inv.ops) {
      const key = `${e.subgraph}:${e.node}`;
      if (!byOp.has(key)) byOp.set(key, { op: e.op, subgraph: e.subgraph, node: e.node, order: byOp.size, us: [] });
      // An op inside a WHILE body runs once per iteration: its time per Invoke is the sum.
      sums.set(key, (sums.get(key) ?? 0) + e.ms * 1000);
    }
    for (const [key, us] of sums) byOp.get(key)!.us.push(us);
  }
  const rows: LayerRow[] = [...byOp.values()].map((o) => {
    const d = distribution(o.us);
    const n = o.subgraph === 0 ? nodes[o.node] : undefined;
    const macs = n?.macs ?? null;
    const bytes = n && n.paramBytes !== null && n.activationBytes !== null ? n.paramBytes + n.activationBytes : null;
    const flops = n ? n.flops ?? (macs === null ? null : 2 * macs) : null;
    const intensity = flops !== null && bytes ? flops / bytes : null;
    return {
      kernel: n ? n.name || `${o.op} #${o.node}` : `subgraph ${o.subgraph} · ${o.op} #${o.node}`,
      op: o.op,
      provider: `TFLM ${input.kernels}`,
      order: o.order,
      medianUs: d.p50, p90Us: d.p90, p99Us: d.p99, meanUs: d.mean,
      share: 0,
      inputShapes: [], outputShapes: [],
      covers: n ? [{ index: n.index, name: n.name, op: n.op }] : [],
      fused: false,
      macs, bytes, intensity,
      bound: intensity === null ? null : intensity >= DEFAULT_RIDGE_FLOPS_PER_BYTE ? 'compute' : 'memory',
      staticUs: n?.latencyUs ?? null,
    };
  });
  const kernelTotalUs = rows.reduce((a, r) => a + r.medianUs, 0);
  for (const r of rows) r.share = kernelTotalUs > 0 ? r.medianUs / kernelTotalUs : 0;
  const samplesMs = measured.map((i) => i.ms);
  const ran = new Set(rows.flatMap((r) => r.covers.map((c) => c.index)));
  const staticKnown = nodes.length > 0 && nodes.every((n) => typeof n.latencyUs === 'number');
  return {
    model: input.model,
    optimization: 'none (TFLite Micro runs the file as it is)',
    threads: 1,
    runs: samplesMs.length,
    warmup: input.invocations.length - measured.length,
    ortVersion: '',
    runtime: `TFLite Micro (${input.kernels === 'cmsis-nn' ? 'CMSIS-NN' : 'reference'} kernels)`,
    note: TFLM_TIMING_LABEL,
    targetId: input.report.target?.id ?? null,
    latency: { ...distribution(samplesMs), samplesMs, histogram: histogram(samplesMs, 12) },
    kernelTotalUs,
    staticTotalUs: staticKnown ? nodes.reduce((a, n) => a + (n.latencyUs ?? 0), 0) : null,
    rows,
    eliminated: nodes.filter((n) => !ran.has(n.index)).map((n) => ({ index: n.index, name: n.name, op: n.op })),
  };
}
