// The memory timeline's view model: every number and label the panel draws, computed from a Report
// without touching the DOM, so it is unit-tested under Node (test/memory-panel-*.test.ts) and the
// chart code in charts.ts only maps ready-made values to pixels.
//
// All three charts share one x axis: the execution step (a position in report.memory.timeline.order),
// so a spike in the live bytes, the arena rectangles alive there and the layer's working-set bar line up.

import { formatBytes, knownSum } from '../../src/core/units';
import { deployedView } from '../shared/deployedView';
import type { Report, ReportMemory } from '../shared/protocol';

export type Level = 'ok' | 'warn' | 'error';

export interface Step {
  /** Position in the execution order. */
  step: number;
  /** Index into report.nodes (what revealNode takes). */
  node: number;
  name: string;
  op: string;
  /** Activation bytes alive during this step (report.memory.timeline.liveBytes). */
  liveBytes: number;
  /** The node's working set on the target; null when unknown. */
  workingSetBytes: number | null;
  /** Working set against SRAM (no level without an SRAM size or a working set). */
  level: Level | null;
}

export interface ArenaRect {
  tensor: string;
  /** Offset in the arena and planned (aligned) size, as in report.memory.arena.buffers. */
  offset: number;
  bytes: number;
  /** First and last step the tensor is alive (inclusive). */
  first: number;
  last: number;
  /** The node that writes it, else its first reader (graph inputs): what a click reveals. */
  node: number | null;
  /** Whether `node` writes the tensor (false: a graph input, `node` is its first reader). */
  written: boolean;
  /** Rotating colour slot 0..5 (charts.* theme colours), stable per tensor, so neighbours differ. */
  hue: number;
}

export interface AliveTensor {
  tensor: string;
  /** The tensor's own size (report.tensors[…].bytes), as the live-bytes curve counts it. */
  bytes: number;
}

export interface PeakInfo {
  step: number;
  node: number;
  bytes: number;
  /** "Peak 60.0 KiB at step 3: /blocks.0/dw/Conv (Conv), 3 tensors alive" */
  label: string;
  /** "12% of 512 KiB SRAM", when the target has an SRAM size. */
  sramText: string | null;
  level: Level | null;
  tensors: AliveTensor[];
}

export interface ReorderMove {
  /** Position in the suggested order. */
  step: number;
  /** Position in the current order. */
  was: number;
  node: number;
  name: string;
  op: string;
}

export interface ReorderInfo {
  peakBytes: number;
  savedBytes: number;
  /** "Running the nodes in the suggested order lowers the peak from 60 KiB to 40 KiB (−20 KiB, 33%)." */
  summary: string;
  /** Live bytes per step in the suggested order (drawn dashed over the timeline). */
  liveBytes: number[];
  /** Nodes whose position changes, in suggested order. */
  moves: ReorderMove[];
}

export interface UnknownSizes {
  tensors: string[];
  /** Symbolic dims seen in their shapes ("batch", "seq"): the ones --dim / deploylens.dims pin. */
  dims: string[];
  message: string;
}

export interface MemoryViewModel {
  fileName: string;
  targetId: string;
  targetName: string;
  sramBytes: number | null;
  steps: Step[];
  peak: PeakInfo;
  arena: { bytes: number; alignment: number; rects: ArenaRect[]; text: string; level: Level | null };
  /** TensorFlow Lite Micro's own arena (report.tflm), the figure to set; the plan above is the explanation. */
  tflm: { bytes: number; headBytes: number; tailBytes: number; text: string; level: Level | null } | null;
  /** Highest working set, the bar chart's scale. */
  maxWorkingSetBytes: number;
  /** Layers whose working set exceeds SRAM. */
  overSram: number;
  reordering: ReorderInfo | null;
  unknown: UnknownSizes | null;
}

/** Why there is nothing to chart, when there is nothing (the page shows this instead of empty axes). */
export type MemoryViewResult = { ok: true; model: MemoryViewModel } | { ok: false; title: string; detail: string };

const HUES = 6;

export function ratioLevel(bytes: number, sramBytes: number | null): Level | null {
  if (sramBytes === null || sramBytes <= 0) return null;
  const r = bytes / sramBytes;
  return r > 1 ? 'error' : r > 0.8 ? 'warn' : 'ok';
}

export function percentOf(bytes: number, total: number): string {
  const p = (bytes / total) * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** A node's display name: its own, else "#index Op" (many TFLite files leave names empty). */
export function nodeLabel(report: Report, node: number): string {
  const n = report.nodes[node];
  if (!n) return `#${node}`;
  return n.name || `#${node} ${n.op}`;
}

/** For each tensor, the node that writes it and the nodes that read it (main graph). */
function producersAndReaders(report: Report): { producer: Map<string, number>; readers: Map<string, number[]> } {
  const producer = new Map<string, number>();
  const readers = new Map<string, number[]>();
  for (const n of report.nodes) {
    for (const o of n.outputs) if (o !== '') producer.set(o, n.index);
    for (const i of new Set(n.inputs)) {
      if (i === '') continue;
      const list = readers.get(i);
      if (list) list.push(n.index);
      else readers.set(i, [n.index]);
    }
  }
  return { producer, readers };
}

/** A stable small hash, so a tensor keeps its colour when the plan is redrawn or re-analyzed. */
function hueOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % HUES;
}

/**
 * Live bytes per step for another execution order, with the same lifetime rule as the analysis
 * (src/core/analysis/memory.ts): written at its producer's step (graph inputs: step 0), freed after
 * its last reader (graph outputs: the last step). Only the arena's tensors count, so this is the
 * same set the report's curve sums.
 */
export function liveBytesForOrder(report: Report, memory: ReportMemory, order: readonly number[]): number[] {
  const position = new Map<number, number>();
  order.forEach((v, i) => position.set(v, i));
  const { producer, readers } = producersAndReaders(report);
  const inputs = new Set(report.model.inputs.map((t) => t.name));
  const outputs = new Set(report.model.outputs.map((t) => t.name));
  const steps = Math.max(1, order.length);
  const delta = new Float64Array(steps + 1);
  for (const b of memory.arena.buffers) {
    const bytes = report.tensors[b.tensor]?.bytes ?? 0;
    const p = producer.get(b.tensor);
    let first = p === undefined ? 0 : position.get(p) ?? 0;
    let last = first;
    for (const r of readers.get(b.tensor) ?? []) last = Math.max(last, position.get(r) ?? last);
    if (outputs.has(b.tensor)) last = steps - 1;
    if (inputs.has(b.tensor)) first = 0;
    delta[first] = delta[first]! + bytes;
    delta[last + 1] = delta[last + 1]! - bytes;
  }
  const out: number[] = [];
  let live = 0;
  for (let i = 0; i < steps; i++) {
    live += delta[i]!;
    out.push(live);
  }
  return out;
}

/** The arena tensors alive at `step`, largest first: what a tooltip lists. */
export function aliveAt(model: MemoryViewModel, report: Report, step: number): AliveTensor[] {
  return model.arena.rects
    .filter((r) => r.first <= step && step <= r.last)
    .map((r) => ({ tensor: r.tensor, bytes: report.tensors[r.tensor]?.bytes ?? r.bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.tensor < b.tensor ? -1 : 1));
}

/** Activation tensors of the main graph whose size is unknown (the timeline leaves them out). */
function unknownSizes(report: Report): UnknownSizes | null {
  const used = new Set<string>();
  for (const n of report.nodes) for (const t of [...n.inputs, ...n.outputs]) if (t !== '') used.add(t);
  for (const t of report.model.inputs) used.add(t.name);
  const tensors: string[] = [];
  const dims = new Set<string>();
  for (const name of used) {
    const t = report.tensors[name];
    if (!t || t.constant || t.bytes !== null) continue;
    tensors.push(name);
    for (const d of t.shape ?? []) if (typeof d === 'string') dims.add(d);
  }
  if (tensors.length === 0) return null;
  const dimList = [...dims].sort();
  const shown = tensors.slice(0, 5).map((t) => `'${t}'`).join(', ');
  const more = tensors.length > 5 ? ` and ${tensors.length - 5} more` : '';
  const pin = dimList.length > 0
    ? `Pin ${dimList.map((d) => `'${d}'`).join(', ')} with --dim ${dimList[0]}=1 on the CLI or the deploylens.dims setting (e.g. { "${dimList[0]}": 1 }).`
    : 'Pin the symbolic dims with --dim NAME=VALUE on the CLI or the deploylens.dims setting.';
  return {
    tensors,
    dims: dimList,
    message: `${tensors.length} tensor(s) have unknown sizes and are left out of these charts: ${shown}${more}. ${pin}`,
  };
}

function reorderInfo(report: Report, memory: ReportMemory): ReorderInfo | null {
  const r = memory.reordering;
  if (!r) return null;
  const before = memory.timeline.peakBytes;
  const wasAt = new Map<number, number>();
  memory.timeline.order.forEach((node, i) => wasAt.set(node, i));
  const moves: ReorderMove[] = [];
  r.order.forEach((node, step) => {
    const was = wasAt.get(node) ?? step;
    if (was !== step) moves.push({ step, was, node, name: nodeLabel(report, node), op: report.nodes[node]?.op ?? '?' });
  });
  return {
    peakBytes: r.peakBytes,
    savedBytes: r.savedBytes,
    summary: `Running the nodes in the suggested order lowers the activation peak from ${formatBytes(before)} to ${formatBytes(r.peakBytes)} (−${formatBytes(r.savedBytes)}, ${percentOf(r.savedBytes, before)}).`,
    liveBytes: liveBytesForOrder(report, memory, r.order),
    moves,
  };
}

export function memoryViewModel(input: Report, fileName: string, targetId: string): MemoryViewResult {
  // The memory plan is the deployed graph's: its steps are the ops the target runs. Node ids handed
  // to the page (reveal, tooltips) are the original nodes those ops anchor on.
  const report = deployedView(input) ?? input;
  const original = (v: number): number => (report === input ? v : report.nodes[v]?.covers?.[0] ?? v);
  const memory = report.memory;
  const target = report.target;
  if (!memory || !target) {
    return { ok: false, title: 'No memory plan', detail: `The report for ${fileName} has no target, so there is no arena to plan. Select a target and the panel fills in.` };
  }
  const { order, liveBytes } = memory.timeline;
  if (order.length === 0) {
    return { ok: false, title: 'Nothing to plan', detail: `${fileName} has no nodes in its main graph.` };
  }
  const sramBytes = target.sramBytes !== undefined && target.sramBytes > 0 ? target.sramBytes : null;
  const steps: Step[] = order.map((node, step) => {
    const n = report.nodes[node];
    const ws = n?.workingSetBytes ?? null;
    return {
      step,
      node: original(node),
      name: nodeLabel(report, node),
      op: n?.op ?? '?',
      liveBytes: liveBytes[step] ?? 0,
      workingSetBytes: ws,
      level: ws === null ? null : ratioLevel(ws, sramBytes),
    };
  });

  const { producer, readers } = producersAndReaders(report);
  const rects: ArenaRect[] = memory.arena.buffers.map((b) => ({
    tensor: b.tensor,
    offset: b.offset,
    bytes: b.bytes,
    first: b.first,
    last: b.last,
    node: ((v) => (v === null ? null : original(v)))(producer.get(b.tensor) ?? readers.get(b.tensor)?.[0] ?? null),
    written: producer.has(b.tensor),
    hue: hueOf(b.tensor),
  }));

  const peakStep = steps[memory.timeline.peakStep] ?? steps[0]!;
  const peakTensors: AliveTensor[] = memory.timeline.peakTensors.map((t) => ({ tensor: t, bytes: report.tensors[t]?.bytes ?? 0 }));
  // Tensors of unknown size (a symbolic dim) are left out of the timeline and the plan: the peak and
  // the arena are then lower bounds — "≥", no share of SRAM, and never the green "fits" level.
  const leftOut = report.summary.unknownSizeTensors ?? 0;
  const bounded = (level: Level | null): Level | null => (leftOut > 0 && level === 'ok' ? 'warn' : level);
  const peakLevel = bounded(ratioLevel(memory.timeline.peakBytes, sramBytes));
  const peak: PeakInfo = {
    step: peakStep.step,
    node: peakStep.node,
    bytes: memory.timeline.peakBytes,
    label: `Peak ${knownSum(memory.timeline.peakBytes, leftOut, formatBytes)} at step ${peakStep.step}: ${peakStep.name} (${peakStep.op}), ${peakTensors.length} tensor${peakTensors.length === 1 ? '' : 's'} alive`,
    sramText: sramBytes === null ? null : leftOut > 0 ? `of ${formatBytes(sramBytes)} SRAM, not counting the tensors of unknown size` : `${percentOf(memory.timeline.peakBytes, sramBytes)} of ${formatBytes(sramBytes)} SRAM`,
    level: peakLevel,
    tensors: peakTensors,
  };

  const arenaLevel = bounded(ratioLevel(memory.arena.bytes, sramBytes));
  const arenaText = `${input.tflm?.status === 'answered' ? 'DeployLens\'s plan' : 'Arena'} ${knownSum(memory.arena.bytes, leftOut, formatBytes)} (${rects.length} buffers, ${memory.arena.alignment}-byte aligned, TFLite Micro greedy planner)`
    + (sramBytes === null || leftOut > 0 ? '' : `: ${percentOf(memory.arena.bytes, sramBytes)} of SRAM`);

  const f = input.tflm;
  const tflm = f?.status === 'answered' && f.arena ? {
    bytes: f.arena.minimumBytes, headBytes: f.arena.headBytes, tailBytes: f.arena.tailBytes,
    level: ratioLevel(f.arena.minimumBytes, sramBytes),
    text: `TensorFlow Lite Micro itself needs ${f.arena.minimumBytes.toLocaleString('en-US')} B${sramBytes === null ? '' : ` (${percentOf(f.arena.minimumBytes, sramBytes)} of SRAM)`}: `
      + `a head of ${f.arena.headBytes.toLocaleString('en-US')} B for the planned tensors and scratch buffers, a persistent tail of ${f.arena.tailBytes.toLocaleString('en-US')} B, and its bookkeeping. `
      + (memory.arena.bytes === f.arena.headBytes ? 'The plan below is DeployLens\'s, and its size equals TFLM\'s head: it shows which tensors are alive when.'
        : `The plan below is DeployLens's (${formatBytes(memory.arena.bytes)}, ${memory.arena.bytes < f.arena.headBytes ? 'under' : 'over'} TFLM's head: no kernel scratch in it); it shows which tensors are alive when, TFLM's figure is the one to set.`),
  } : null;

  let maxWorkingSetBytes = 0;
  let overSram = 0;
  for (const s of steps) {
    if (s.workingSetBytes === null) continue;
    maxWorkingSetBytes = Math.max(maxWorkingSetBytes, s.workingSetBytes);
    if (s.level === 'error') overSram++;
  }

  return {
    ok: true,
    model: {
      fileName,
      targetId,
      targetName: target.name,
      sramBytes,
      steps,
      peak,
      arena: { bytes: memory.arena.bytes, alignment: memory.arena.alignment, rects, text: arenaText, level: arenaLevel },
      tflm,
      maxWorkingSetBytes,
      overSram,
      reordering: ((r) => (r ? { ...r, moves: r.moves.map((m) => ({ ...m, node: original(m.node) })) } : r))(reorderInfo(report, memory)),
      unknown: unknownSizes(report),
    },
  };
}

/**
 * The y range of a chart that also shows the SRAM line: the line is drawn when it is within 3x the
 * data (else the data would be a flat strip at the bottom) and is otherwise named in the legend.
 */
export function yRange(dataMax: number, sramBytes: number | null): { max: number; sramVisible: boolean } {
  const top = Math.max(1, dataMax) * 1.12;
  if (sramBytes !== null && sramBytes <= dataMax * 3) return { max: Math.max(top, sramBytes * 1.08), sramVisible: true };
  return { max: top, sramVisible: false };
}

/**
 * Axis ticks for a byte scale in binary units (0, 16 KiB, 32 KiB… rather than d3's decimal
 * 19.5 KiB, 39.1 KiB): about `count` steps of 1, 2, 2.5 or 5 × 10^k units, the last at or above `max`.
 */
export function byteTicks(max: number, count = 4): { max: number; ticks: { bytes: number; label: string }[] } {
  const [unit, name] = max >= 1.5 * 1024 ** 3 ? [1024 ** 3, 'GiB'] : max >= 1.5 * 1024 ** 2 ? [1024 ** 2, 'MiB'] : max >= 1.5 * 1024 ? [1024, 'KiB'] : [1, 'B'];
  const span = Math.max(max / unit, 1e-9) / count;
  const power = 10 ** Math.floor(Math.log10(span));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= span) ?? 10) * power;
  const steps = Math.max(1, Math.ceil(max / unit / step - 1e-9));
  const ticks = Array.from({ length: steps + 1 }, (_, i) => {
    const v = i * step;
    return { bytes: v * unit, label: `${Number(v.toFixed(3))} ${name}` };
  });
  return { max: steps * step * unit, ticks };
}

/**
 * A tensor name shortened to `chars` characters for a chart label. Exporters write paths
 * ("MobilenetV1/…/Conv2d_1_pointwise/Relu6"), whose last segment is often the same op for every
 * tensor; the segment before it tells them apart, so that is kept in preference.
 */
export function shortTensorName(name: string, chars: number): string {
  if (chars <= 1) return '';
  const segments = name.split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1] ?? name;
  const before = segments[segments.length - 2];
  const candidates = before !== undefined ? [name, `${before}/${last}`, before] : [name];
  const fit = candidates.find((c) => c.length <= chars);
  if (fit !== undefined) return fit;
  const best = before ?? last;
  return `${best.slice(0, chars - 1)}…`;
}
