// Per-layer timing (what "Profile Layers" shows; "profile" alone means a target profile): ORT's kernel times over the measured runs, each kernel mapped to the original
// nodes it covers, with the static cost model beside it (MACs, bytes, arithmetic intensity,
// memory- vs compute-bound, the static latency estimate of the selected target). Pure: the CLI, the
// panel and the tests build it from a ProfileResult (src/processes/ort/protocol.ts) and a Report.

import type { Report } from '../report/report';
import type { GraphLike, KernelMapping } from './fusedMapping';
import { identityMapping, insertedKernelLabel, mapOptimizedToOriginal } from './fusedMapping';
import { parseOrtTrace } from './ortTrace';
import type { Distribution, HistogramBucket } from './stats';
import { distribution, histogram } from './stats';

export interface LayerRow {
  /** Kernel (node of the graph ORT ran) name. */
  kernel: string;
  op: string;
  provider: string;
  /** Execution order. */
  order: number;
  medianUs: number;
  p90Us: number;
  p99Us: number;
  meanUs: number;
  /** Share of the summed kernel medians, 0..1. */
  share: number;
  inputShapes: string[];
  outputShapes: string[];
  /** Original nodes this kernel runs (index + name + op). Empty for ORT-inserted kernels (layout reorders). */
  covers: { index: number; name: string; op: string }[];
  /** True when the kernel runs more than one original node (a fusion). */
  fused: boolean;
  /** A kernel that runs no original node: what ONNX Runtime inserted it for ("inserted by ORT (layout)"). */
  inserted?: string;
  macs: number | null;
  /** Weights + activations touched, bytes. */
  bytes: number | null;
  /** FLOPs per byte. */
  intensity: number | null;
  bound: 'compute' | 'memory' | null;
  /** Static estimate on the report's target (sum over covered nodes), µs. */
  staticUs: number | null;
}

export interface LayerTiming {
  model: string;
  optimization: string;
  threads: number;
  runs: number;
  warmup: number;
  ortVersion: string;
  /** The runtime that ran the model when it is not ONNX Runtime ("TFLite Micro (CMSIS-NN kernels)"). */
  runtime?: string;
  /** What the times are, when they need saying ("… wall-clock: relative shares, not device cycles"). */
  note?: string;
  targetId: string | null;
  /** End-to-end latency per measured run (wall clock around session.run), ms. */
  latency: Distribution & { samplesMs: number[]; histogram: HistogramBucket[] };
  /** Sum of kernel medians, µs. */
  kernelTotalUs: number;
  /** Sum of the static estimates of the report's nodes, µs (null without a target). */
  staticTotalUs: number | null;
  rows: LayerRow[];
  /** Original nodes no kernel runs (folded into constants or eliminated by ORT). */
  eliminated: { index: number; name: string; op: string }[];
}

/** Above this many FLOPs per byte a kernel counts as compute-bound (a desktop CPU's ridge point). */
export const DEFAULT_RIDGE_FLOPS_PER_BYTE = 4;

export interface BuildLayerTimingInput {
  model: string;
  trace: string;
  /** Wall-clock ms of each run, warm-up first. */
  runMillis: number[];
  warmup: number;
  optimization: string;
  threads: number;
  ortVersion: string;
  /** The original model's report (with a target for static estimates). */
  report: Pick<Report, 'nodes'> & { target?: { id: string } | null; tensors?: Report['tensors'] };
  /** Nodes of the optimized graph ORT wrote; null when optimizations were disabled. */
  optimized: GraphLike | null;
  ridge?: number;
}

export function buildLayerTiming(input: BuildLayerTimingInput): LayerTiming {
  const parsed = parseOrtTrace(input.trace, input.warmup);
  const tensors = input.report.tensors ?? {};
  const constants = new Set(Object.entries(tensors).filter(([, t]) => t.constant).map(([name]) => name));
  const original: GraphLike = { nodes: input.report.nodes, constants };
  const mapping: KernelMapping = input.optimized ? mapOptimizedToOriginal(original, input.optimized) : identityMapping(original);
  const ridge = input.ridge ?? DEFAULT_RIDGE_FLOPS_PER_BYTE;
  const nodes = input.report.nodes;
  const rows: LayerRow[] = parsed.kernels.map((k) => {
    const d = distribution(k.durationsUs);
    const coverIdx = mapping.covers.get(k.name) ?? [];
    const covered = coverIdx.map((i) => nodes[i]!).filter(Boolean);
    const sum = (f: (n: Report['nodes'][number]) => number | null | undefined): number | null => {
      if (covered.length === 0) return null;
      let s = 0;
      for (const n of covered) {
        const v = f(n);
        if (v === null || v === undefined) return null;
        s += v;
      }
      return s;
    };
    const macs = sum((n) => n.macs);
    const flops = sum((n) => n.flops ?? (n.macs === null ? null : 2 * n.macs));
    const bytes = sum((n) => (n.paramBytes === null || n.activationBytes === null ? null : n.paramBytes + n.activationBytes));
    const intensity = flops !== null && bytes !== null && bytes > 0 ? flops / bytes : null;
    return {
      kernel: k.name,
      op: k.op,
      provider: k.provider.replace(/ExecutionProvider$/, ''),
      order: k.order,
      medianUs: d.p50,
      p90Us: d.p90,
      p99Us: d.p99,
      meanUs: d.mean,
      share: 0,
      inputShapes: k.inputShapes,
      outputShapes: k.outputShapes,
      covers: covered.map((n) => ({ index: n.index, name: n.name, op: n.op })),
      fused: covered.length > 1,
      ...(covered.length === 0 && input.optimized ? { inserted: insertedKernelLabel(k.name, k.op) } : {}),
      macs,
      bytes,
      intensity,
      bound: intensity === null ? null : intensity >= ridge ? 'compute' : 'memory',
      staticUs: sum((n) => n.latencyUs),
    };
  });
  const kernelTotalUs = rows.reduce((a, r) => a + r.medianUs, 0);
  for (const r of rows) r.share = kernelTotalUs > 0 ? r.medianUs / kernelTotalUs : 0;
  const samplesMs = input.runMillis.slice(Math.min(input.warmup, input.runMillis.length));
  const staticKnown = nodes.every((n) => n.latencyUs !== undefined && n.latencyUs !== null);
  return {
    model: input.model,
    optimization: input.optimization,
    threads: input.threads,
    runs: samplesMs.length,
    warmup: input.warmup,
    ortVersion: input.ortVersion,
    targetId: input.report.target?.id ?? null,
    latency: { ...distribution(samplesMs), samplesMs, histogram: histogram(samplesMs, 12) },
    kernelTotalUs,
    staticTotalUs: staticKnown && nodes.length > 0 ? nodes.reduce((a, n) => a + (n.latencyUs ?? 0), 0) : null,
    rows,
    eliminated: mapping.eliminated.map((i) => ({ index: i, name: nodes[i]!.name, op: nodes[i]!.op })),
  };
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function layerTimingCsv(p: LayerTiming): string {
  const head = ['order', 'kernel', 'op', 'provider', 'median_us', 'p90_us', 'p99_us', 'share_pct', 'covers', 'input_shapes', 'output_shapes', 'macs', 'bytes', 'flops_per_byte', 'bound', 'static_us'];
  const lines = p.rows.map((r) => [r.order, r.kernel, r.op, r.provider, r.medianUs, r.p90Us, r.p99Us, r.share * 100,
    r.covers.map((c) => c.name).join(' + '), r.inputShapes.join(' '), r.outputShapes.join(' '), r.macs, r.bytes, r.intensity, r.bound, r.staticUs].map(csvCell).join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}
