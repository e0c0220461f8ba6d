// The overview's "TensorFlow Lite Micro" card: TFLM's own answer for a .tflite model on a TFLite
// Micro target (the report's `tflm`) — the arena to set with its head and tail beside DeployLens's
// planner, or TFLM's own reason it cannot run the model on the node it failed on, or that TFLM is
// still allocating it. Pure (no DOM), unit-tested with the rest of the view model.

import { formatBytes, formatCount } from '../../src/core/units';
import type { Report } from '../shared/protocol';
import type { Level, Metric } from './oracleView';

export interface TflmLine {
  /** The node to reveal in the text view (main graph only). */
  node?: number;
  text: string;
  level: Level;
}

export interface TflmCard {
  state: 'pending' | 'answered' | 'rejected' | 'failed';
  title: string;
  /** Kernels and runtime, beside the title. */
  subtitle: string;
  summary: string;
  summaryLevel: Level;
  metrics: Metric[];
  /** RecordingMicroAllocator's categories: what the arena holds. */
  categories: { name: string; bytes: string; count: string }[];
  /** The node TFLM failed on, or the nodes whose static findings TFLM overruled. */
  lines: TflmLine[];
  /** What TFLM printed (rejected only), for the details. */
  log: string;
  footnote: string;
}

const CATEGORY_NAMES: Record<string, string> = {
  tfLiteEvalTensorData: 'Eval tensors',
  persistentTfLiteTensorData: 'Persistent tensors',
  persistentTfLiteTensorQuantizationData: 'Tensor quantization',
  persistentBufferData: 'Kernel buffers (persistent)',
  tfLiteTensorVariableBufferData: 'Variable buffers',
  nodeAndRegistrationArray: 'Nodes and registrations',
  opData: 'Op data',
};

function nodeText(report: Report, node: number | undefined, graph = 0): string {
  if (node === undefined) return '';
  const n = graph === 0 ? report.nodes[node] : undefined;
  return n ? `node ${node} ${n.op} '${n.name || '(unnamed)'}'` : `operator ${node} of subgraph ${graph}`;
}

/** "82,316 B": the figure a firmware sets, exact. */
const exact = (n: number): string => `${n.toLocaleString('en-US')} B`;

function ratioLevel(ratio: number): Level {
  return ratio > 1 ? 'error' : ratio > 0.8 ? 'warn' : 'ok';
}

export function tflmCard(report: Report, pending: boolean): TflmCard | null {
  const f = report.tflm;
  if (!f) {
    if (!pending) return null;
    return {
      state: 'pending', title: 'TensorFlow Lite Micro', subtitle: 'allocating…',
      summary: 'TensorFlow Lite Micro is allocating this model with the target\'s kernels; its own arena and verdict replace DeployLens\'s estimate when it is done.',
      summaryLevel: 'unknown', metrics: [], categories: [], lines: [], log: '', footnote: '',
    };
  }
  const subtitle = `${f.kernels === 'cmsis-nn' ? 'CMSIS-NN kernels' : 'reference kernels'} · answered in ${f.millis} ms`;
  const footnote = `${f.runtime}: the pinned TFLM, built to WebAssembly, run on this machine`;
  const base = { title: 'TensorFlow Lite Micro', subtitle, footnote };
  if (f.status === 'failed') {
    return {
      ...base, state: 'failed', summary: `No answer: ${f.error?.message ?? 'unknown'}. DeployLens's static verdict and planner arena stand unchecked.`,
      summaryLevel: 'unknown', metrics: [], categories: [], lines: [], log: '',
    };
  }
  if (f.status === 'rejected') {
    const e = f.error!;
    const where = nodeText(report, e.node, e.graph);
    return {
      ...base, state: 'rejected',
      summary: `TensorFlow Lite Micro cannot run this model: AllocateTensors() fails${where ? ` at ${where}` : ''}. The firmware would fail the same way on the device.`,
      summaryLevel: 'error', metrics: [], categories: [],
      lines: [{ ...(e.node !== undefined && (e.graph ?? 0) === 0 ? { node: e.node } : {}), text: `TFLM says: ${e.message}`, level: 'error' }],
      log: e.log.trim(),
    };
  }
  const a = f.arena!;
  const arena: Metric = { label: 'Tensor arena (TFLM)', value: exact(a.minimumBytes), detail: `${formatBytes(a.minimumBytes)}: the smallest arena AllocateTensors() succeeds in` };
  if (f.profileSramBytes) {
    arena.ratio = a.minimumBytes / f.profileSramBytes;
    arena.level = ratioLevel(arena.ratio);
    arena.detail = `${formatBytes(a.minimumBytes)} · ${Math.round(arena.ratio * 100)}% of ${formatBytes(f.profileSramBytes)} SRAM`;
  }
  if (f.arenaBudgetBytes) {
    const over = a.minimumBytes > f.arenaBudgetBytes;
    arena.detail = `${arena.detail}; budget ${formatBytes(f.arenaBudgetBytes)}`;
    if (over) arena.level = 'error';
  }
  const planner = f.plannerArenaBytes;
  const head: Metric = {
    label: 'Head', value: exact(a.headBytes),
    detail: planner === null ? 'planned tensors and scratch buffers'
      : planner === a.headBytes ? 'planned tensors and scratch; DeployLens\'s planner agrees'
        : `planned tensors and scratch; DeployLens's planner ${formatBytes(planner)} (${planner < a.headBytes ? `${Math.round((1 - planner / a.headBytes) * 100)}% under` : `${Math.round((planner / a.headBytes - 1) * 100)}% over`})`,
    ...(planner !== null && planner !== a.headBytes ? { level: 'warn' as const } : {}),
  };
  const tail: Metric = { label: 'Tail', value: exact(a.tailBytes), detail: `persistent: kernel buffers, nodes, quantization; arena_used_bytes ${exact(a.usedBytes)}` };
  const lines: TflmLine[] = f.overruled.map((o) => ({
    node: o.node,
    text: `${nodeText(report, o.node)}: DeployLens's op table says ${o.code} — TFLM prepared it, so it runs`,
    level: 'ok',
  }));
  const level: Level = arena.level === 'error' ? 'error' : 'ok';
  return {
    ...base, state: 'answered',
    summary: level === 'error'
      ? `TensorFlow Lite Micro allocates this model, but its arena does not fit the target.`
      : `TensorFlow Lite Micro allocates and prepares every node of this model${f.overruled.length ? `, including ${f.overruled.length} the static op table flags` : ''}.`,
    summaryLevel: level,
    metrics: [arena, head, tail],
    categories: a.categories.filter((c) => c.usedBytes > 0).map((c) => ({ name: CATEGORY_NAMES[c.name] ?? c.name, bytes: formatBytes(c.usedBytes), count: formatCount(c.count) })),
    lines,
    log: '',
  };
}
