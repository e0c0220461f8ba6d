// Reads ONNX Runtime's profile (Chrome-trace JSON written by `enableProfiling`): one `model_run`
// Session event per run, and per kernel a `cat: "Node"` event named `<node>_kernel_time` with `dur`
// in µs and args {op_name, provider, node_index, input_type_shape, output_type_shape}. Kernel events
// are assigned to the run whose [ts, ts + dur] holds them; the first `warmup` runs are dropped.

export interface TraceKernel {
  /** Node name (of the graph ORT ran: the optimized one unless optimizations were disabled). */
  name: string;
  op: string;
  provider: string;
  nodeIndex: number | null;
  inputShapes: string[];
  outputShapes: string[];
  /** µs per measured run (summed when a node runs several times in one run), in run order. */
  durationsUs: number[];
  /** Position of first appearance (execution order). */
  order: number;
}

export interface ParsedTrace {
  /** µs of each measured `model_run`. */
  runUs: number[];
  kernels: TraceKernel[];
}

interface TraceEvent { cat?: unknown; name?: unknown; ts?: unknown; dur?: unknown; args?: unknown }

function shapeText(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return '?';
    const [[dtype, dims]] = Object.entries(entry) as [[string, unknown]];
    return `${dtype}[${Array.isArray(dims) ? dims.join('×') : '?'}]`;
  });
}

export function parseOrtTrace(json: string | unknown[], warmup = 0): ParsedTrace {
  const raw: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const events: TraceEvent[] = Array.isArray(raw) ? raw as TraceEvent[] : Array.isArray((raw as { traceEvents?: unknown })?.traceEvents) ? (raw as { traceEvents: TraceEvent[] }).traceEvents : [];
  if (events.length === 0) throw new Error('not an ONNX Runtime profile: no trace events');
  const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run')
    .map((e) => ({ start: num(e.ts), end: num(e.ts) + num(e.dur), dur: num(e.dur) }))
    .sort((a, b) => a.start - b.start);
  const nodeEvents = events.filter((e) => e.cat === 'Node' && typeof e.name === 'string' && e.name.endsWith('_kernel_time'))
    .sort((a, b) => num(a.ts) - num(b.ts));
  // Without model_run events (older traces), every kernel event forms a single run.
  const runOf = (ts: number): number => {
    if (runs.length === 0) return 0;
    for (let i = 0; i < runs.length; i++) if (ts >= runs[i]!.start && ts <= runs[i]!.end) return i;
    return -1;
  };
  const totalRuns = Math.max(1, runs.length);
  const skip = Math.min(warmup, Math.max(0, totalRuns - 1));
  const measured = totalRuns - skip;
  const kernels = new Map<string, TraceKernel>();
  for (const e of nodeEvents) {
    const run = runOf(num(e.ts));
    if (run < skip) continue;
    const name = (e.name as string).slice(0, -'_kernel_time'.length);
    const args = (typeof e.args === 'object' && e.args !== null ? e.args : {}) as Record<string, unknown>;
    let k = kernels.get(name);
    if (!k) {
      k = {
        name,
        op: typeof args['op_name'] === 'string' ? args['op_name'] : '?',
        provider: typeof args['provider'] === 'string' ? args['provider'] : '?',
        nodeIndex: args['node_index'] !== undefined && Number.isFinite(Number(args['node_index'])) ? Number(args['node_index']) : null,
        inputShapes: shapeText(args['input_type_shape']),
        outputShapes: shapeText(args['output_type_shape']),
        durationsUs: new Array<number>(measured).fill(0),
        order: kernels.size,
      };
      kernels.set(name, k);
    }
    k.durationsUs[run - skip] = (k.durationsUs[run - skip] ?? 0) + num(e.dur);
  }
  return { runUs: runs.slice(skip).map((r) => r.dur), kernels: [...kernels.values()] };
}
