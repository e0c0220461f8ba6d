// Everything that depends on the target, in one pass over an already shaped and costed model:
// compatibility, delegate partitions, working set and arena, latency, and the findings they imply.
// Switching the target re-runs only this; reading, shapes and costs are reused.

import type { CostReport } from '../cost/types';
import type { Diagnostic } from '../ir/diagnostic';
import type { Graph, Model } from '../ir/model';
import { mainGraph } from '../ir/model';
import { isFloat, isQuantizedInt } from '../ir/dtype';
import { formatBytes } from '../report/format';
import type { TargetProfile } from '../targets/profile';
import type { NodeSupport } from './compatibility';
import { checkCompatibility, compatibilityDiagnostics } from './compatibility';
import type { FragmentingOp, PartitionResult, PartitionSemantics } from './partition';
import { fragmentingOps, fragmentingTrialBudget, partitionGraph } from './partition';
import { formatLimit } from '../limits';
import type { ArenaPlan, MemoryTimeline } from './memory';
import { lifetimes, lowPeakOrder, memoryTimeline, planArena } from './memory';
import type { NodeWorkingSet } from './workingSet';
import { nodeWorkingSet } from './workingSet';
import type { LatencyEstimate } from './latency';
import { estimateLatency } from './latency';
import { designHints } from './hints';

export type Verdict = 'pass' | 'warn' | 'fail';

export interface Reordering {
  order: number[];
  peakBytes: number;
  savedBytes: number;
}

export interface TargetAnalysis {
  target: TargetProfile;
  supports: NodeSupport[];
  partition: PartitionResult;
  fragmenting: FragmentingOp[];
  workingSets: NodeWorkingSet[];
  timeline: MemoryTimeline;
  arena: ArenaPlan;
  reordering: Reordering | null;
  latency: LatencyEstimate;
  diagnostics: Diagnostic[];
  verdict: Verdict;
}

/** Reordering is proposed only when it saves at least this share of the peak (small gains are noise). */
const REORDER_MIN_SAVING = 0.05;
const MAX_FRAGMENTING_FINDINGS = 5;

function semanticsOf(target: TargetProfile): PartitionSemantics {
  const p = target.partitioning;
  if (p.mode === 'greedy') {
    return { kind: 'greedy', ...(p.maxPartitions !== undefined ? { maxPartitions: p.maxPartitions } : {}), ...(p.minPartitionNodes !== undefined ? { minPartitionNodes: p.minPartitionNodes } : {}) };
  }
  return { kind: p.mode };
}

function opList(graph: Graph, nodes: number[], max = 4): string {
  const ops = [...new Set(nodes.map((v) => graph.nodes[v]!.op))];
  return ops.length > max ? `${ops.slice(0, max).join(', ')}, …` : ops.join(', ');
}

function partitionFindings(graph: Graph, target: TargetProfile, result: PartitionResult, fragmenting: FragmentingOp[]): Diagnostic[] {
  if (target.partitioning.mode === 'none') return [];
  const out: Diagnostic[] = [];
  const fallback = target.partitioning.fallback ?? 'the CPU';
  const accel = result.partitions.filter((p) => p.device === 'accelerator').length;
  if (result.fallbackNodes > 0) {
    const cpuParts = result.partitions.filter((p) => p.device === 'cpu');
    const crossing = result.partitions.reduce((sum, p) => sum + (p.device === 'cpu' ? (p.bytesIn ?? 0) + (p.bytesOut ?? 0) : 0), 0);
    out.push({
      severity: 'warning', code: 'partition/fallback', graph: graph.index, node: cpuParts[0]?.nodes[0],
      message: `On ${target.name}, ${result.fallbackNodes} of ${result.fallbackNodes + result.delegatedNodes} nodes fall back to ${fallback} ` +
        `(${opList(graph, cpuParts.flatMap((p) => p.nodes))}); the graph runs as ${accel} delegated and ${cpuParts.length} CPU partition(s) ` +
        `with ${result.transitions} device transition(s) moving ${formatBytes(crossing)} per inference.`,
    });
  }
  for (const [node, why] of [...result.demoted].slice(0, 1)) {
    out.push({ severity: 'info', code: 'partition/demoted', graph: graph.index, node, message: `Node '${graph.nodes[node]!.name}' (${graph.nodes[node]!.op}) is supported on ${target.name} but ${why}.` });
  }
  for (const f of fragmenting.slice(0, MAX_FRAGMENTING_FINDINGS)) {
    const n = graph.nodes[f.node]!;
    out.push({
      severity: 'info', code: 'partition/fragmenting-op', graph: graph.index, node: f.node,
      message: `Replacing ${n.op} '${n.name}' with an op ${target.name} supports would bring ${f.nodesBroughtBack} node(s) back onto the accelerator` +
        `${f.partitionsSaved > 0 ? ` and remove ${f.partitionsSaved} partition(s)` : ''}.`,
    });
  }
  return out;
}

function memoryFindings(graph: Graph, model: Model, target: TargetProfile, ws: NodeWorkingSet[], timeline: MemoryTimeline, arena: ArenaPlan, reordering: Reordering | null, weightBytes: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sram = target.memory.sramBytes;
  const mcu = target.runtime === 'tflite-micro';
  if (sram !== undefined) {
    if (mcu && arena.arenaBytes > sram) {
      out.push({
        severity: 'error', code: 'memory/arena-exceeds-sram', graph: graph.index, node: timeline.order[timeline.peakStep],
        message: `The tensor arena needs ${formatBytes(arena.arenaBytes)} but ${target.name} has ${formatBytes(sram)} of SRAM; the peak is at node ` +
          `'${graph.nodes[timeline.order[timeline.peakStep]!]?.name ?? ''}' with ${timeline.peakTensors.slice(0, 3).map((t) => `'${t}'`).join(', ')} alive.`,
      });
    }
    if (!mcu) {
      for (const node of graph.nodes) {
        const b = ws[node.index]?.bytes;
        if (b !== null && b !== undefined && b > sram) {
          out.push({
            severity: 'warning', code: 'memory/spill', graph: graph.index, node: node.index,
            message: `${node.op} '${node.name}' needs ${formatBytes(b)} while it runs, more than the ${formatBytes(sram)} of SRAM on ${target.name}: it spills to DRAM and runs at DRAM bandwidth.`,
          });
        }
      }
    }
  }
  const budget = target.budgets?.arenaBytes;
  if (budget !== undefined && arena.arenaBytes > budget) {
    out.push({ severity: 'error', code: 'memory/arena-over-budget', graph: graph.index, message: `The tensor arena needs ${formatBytes(arena.arenaBytes)}, over the ${formatBytes(budget)} budget of ${target.name}.` });
  }
  const flash = target.memory.flashBytes;
  const modelBudget = target.budgets?.modelBytes;
  if (flash !== undefined && weightBytes > flash) {
    out.push({ severity: 'error', code: 'memory/weights-exceed-flash', graph: graph.index, message: `The weights take ${formatBytes(weightBytes)} but ${target.name} has ${formatBytes(flash)} of flash.` });
  }
  if (modelBudget !== undefined && model.fileBytes > modelBudget) {
    out.push({ severity: 'error', code: 'memory/model-over-budget', graph: graph.index, message: `The model file is ${formatBytes(model.fileBytes)}, over the ${formatBytes(modelBudget)} budget of ${target.name}.` });
  }
  const onChip = target.memory.onChipParameterBytes;
  if (onChip !== undefined && weightBytes > onChip) {
    out.push({
      severity: 'warning', code: 'memory/off-chip-parameters', graph: graph.index,
      message: `The parameters take ${formatBytes(weightBytes)}, more than the ${formatBytes(onChip)} of on-chip parameter memory of ${target.name}: the rest streams from host memory on every inference.`,
    });
  }
  if (reordering) {
    out.push({
      severity: 'info', code: 'memory/reorder', graph: graph.index,
      message: `Running the graph's branches in another order lowers the activation peak from ${formatBytes(timeline.peakBytes)} to ${formatBytes(reordering.peakBytes)} (−${formatBytes(reordering.savedBytes)}).`,
    });
  }
  if (timeline.unknownSize.length > 0) {
    out.push({ severity: 'info', code: 'memory/unknown-sizes', graph: graph.index, tensor: timeline.unknownSize[0], message: `${timeline.unknownSize.length} tensor(s) have unknown sizes and are left out of the working set (pin symbolic dims with --dim).` });
  }
  return out;
}

function latencyFindings(graph: Graph, target: TargetProfile, latency: LatencyEstimate): Diagnostic[] {
  const budget = target.budgets?.latencyMs;
  if (budget === undefined || latency.totalMs <= budget) return [];
  const slowest = latency.nodes.map((l, i) => ({ i, us: l.us ?? 0 })).sort((a, b) => b.us - a.us).slice(0, 3);
  return [{
    severity: 'error', code: 'latency/over-budget', graph: graph.index, node: slowest[0]?.i,
    message: `Estimated latency ${latency.totalMs.toFixed(2)} ms on ${target.name} exceeds the ${budget} ms budget; slowest: ` +
      slowest.map((s) => `'${graph.nodes[s.i]!.name}' ${(s.us / 1000).toFixed(2)} ms`).join(', ') + '.',
  }];
}

/**
 * Folded nodes never run, so they belong to no partition and count neither as delegated nor as
 * fallback; partitions left empty disappear and the rest are renumbered in order.
 */
function withoutFolded(graph: Graph, r: PartitionResult, folded: ReadonlySet<number>): PartitionResult {
  if (folded.size === 0) return r;
  const partitions = r.partitions
    .map((p) => ({ ...p, nodes: p.nodes.filter((v) => !folded.has(v)) }))
    .filter((p) => p.nodes.length > 0)
    .map((p, id) => ({ ...p, id }));
  const running = graph.order.filter((v) => !folded.has(v));
  let transitions = 0;
  for (let i = 1; i < running.length; i++) if (r.deviceOf[running[i]!] !== r.deviceOf[running[i - 1]!]) transitions++;
  const delegatedNodes = running.filter((v) => r.deviceOf[v] === 'accelerator').length;
  const demoted = new Map([...r.demoted].filter(([v]) => !folded.has(v)));
  return { ...r, partitions, transitions, delegatedNodes, fallbackNodes: running.length - delegatedNodes, demoted };
}

/** No quantized activations and no quantize/dequantize ops: a float model as trained and exported. */
export function isFloatModel(graph: Graph): boolean {
  for (const node of graph.nodes) if (/Quantize|QLinear|Integer/.test(node.op) || node.op === 'QUANTIZE' || node.op === 'DEQUANTIZE') return false;
  for (const t of graph.tensors.values()) if (!t.constant && (isQuantizedInt(t.dtype) || t.quantization)) return false;
  return [...graph.tensors.values()].some((t) => !t.constant && isFloat(t.dtype));
}

/**
 * Two judgements the raw op tables cannot make alone:
 * - folded nodes (constant shape math) never reach the device, so they cannot be unsupported;
 * - a float model checked against an integer-only target is judged as the full-integer model its
 *   converter would produce (one model-level finding says so), instead of failing every node on
 *   dtype and hiding the ops that really break the graph.
 */
function adjustSupport(s: NodeSupport, graph: Graph, ctx: { folded: ReadonlySet<number>; assumeQuantized: boolean; bridged: boolean }): NodeSupport {
  if (ctx.folded.has(s.node)) {
    return { ...s, status: 'supported', reasons: [{ kind: 'folded', outcome: 'info', message: 'computed at conversion time (constant folding); no kernel runs on the device' }] };
  }
  if (s.status !== 'constraint-violated') return s;
  const waived = (r: NodeSupport['reasons'][number]): boolean => {
    if (r.kind !== 'dtype' || r.tensor === undefined) return false;
    const t = graph.tensors.get(r.tensor);
    if (!t) return false;
    // Folded values are constants of the converted model, not activations the kernel types apply to.
    if (t.producer !== null && ctx.folded.has(t.producer)) return true;
    // The TFLite converter narrows ONNX's int64 indices and shapes to int32.
    if (ctx.bridged && t.dtype === 'int64') return true;
    return ctx.assumeQuantized && isFloat(t.dtype);
  };
  const reasons = s.reasons.filter((r) => !waived(r));
  if (reasons.length === s.reasons.length) return s;
  const status = reasons.some((r) => r.outcome === 'violated') ? 'constraint-violated' : reasons.some((r) => r.outcome === 'unknown') ? 'unknown' : 'supported';
  return { ...s, status, reasons };
}

function floatModelFinding(graph: Graph, target: TargetProfile): Diagnostic {
  return {
    severity: 'warning', code: 'compat/float-model', graph: graph.index,
    message: `The model computes in float, but ${target.name} runs only ${target.precisions.join('/')} models. ` +
      `The other findings assume full-integer post-training quantization (int8 weights and activations, calibrated on a representative dataset).`,
    fix: 'Quantize to full int8 (TFLite converter with a representative dataset, or ONNX Runtime static QDQ quantization) before deploying.',
  } as Diagnostic;
}

export function verdictOf(diagnostics: readonly Diagnostic[]): Verdict {
  if (diagnostics.some((d) => d.severity === 'error')) return 'fail';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'warn';
  return 'pass';
}

export function analyzeForTarget(model: Model, costs: CostReport, target: TargetProfile, foldedNodes: ReadonlySet<number> = new Set()): TargetAnalysis {
  const graph = mainGraph(model);
  const assumeQuantized = isFloatModel(graph) && !target.precisions.some(isFloat);
  const bridged = !target.formats.includes(model.format);
  const supports = checkCompatibility(model, target, 0).map((s) => adjustSupport(s, graph, { folded: foldedNodes, assumeQuantized, bridged }));
  const supported = graph.nodes.map((n) => supports[n.index]?.status === 'supported' || supports[n.index]?.status === 'unknown');
  const semantics = semanticsOf(target);
  const partition = withoutFolded(graph, partitionGraph(graph, supported, semantics), foldedNodes);
  const fragmenting = fragmentingOps(graph, supported, semantics, partitionGraph(graph, supported, semantics));
  const unsupportedCount = supported.filter((s) => !s).length;
  const limitFindings: Diagnostic[] = [];
  if (semantics.kind !== 'none' && unsupportedCount > fragmentingTrialBudget(graph)) {
    limitFindings.push({
      severity: 'info', code: 'limits/fragmenting-ranked-partly', graph: graph.index,
      message: `Fragmenting ops were ranked among ${formatLimit(fragmentingTrialBudget(graph))} of the ${formatLimit(unsupportedCount)} unsupported nodes ` +
        `(those next to delegated nodes first): each candidate re-partitions the ${formatLimit(graph.nodes.length)}-node graph, and DeployLens bounds that work.`,
    });
  }

  const workingSets = graph.nodes.map((n) => nodeWorkingSet(n, graph, target));
  const timeline = memoryTimeline(graph, graph.order, foldedNodes);
  const arena = planArena(lifetimes(graph, graph.order, foldedNodes).lifetimes, target.memory.arenaAlignmentBytes ?? 16);
  if (arena.approximate) {
    limitFindings.push({
      severity: 'warning', code: 'limits/arena-approximate', graph: graph.index,
      message: `So many tensors are alive at the same time that the tensor arena was planned by stacking each buffer on the ones alive with it, ` +
        `not by TFLite Micro's first-fit search: ${formatBytes(arena.arenaBytes)} is a valid plan but may be larger than TFLite Micro's.`,
    });
  }
  let reordering: Reordering | null = null;
  if (graph.nodes.length > 2) {
    const order = lowPeakOrder(graph);
    const peak = memoryTimeline(graph, order, foldedNodes).peakBytes;
    if (peak < timeline.peakBytes * (1 - REORDER_MIN_SAVING)) reordering = { order, peakBytes: peak, savedBytes: timeline.peakBytes - peak };
  }
  const latency = estimateLatency(graph, costs.nodes, target, partition.deviceOf, workingSets.map((w) => w.bytes));

  const diagnostics: Diagnostic[] = [
    ...(assumeQuantized ? [floatModelFinding(graph, target)] : []),
    ...compatibilityDiagnostics(model, target, supports, 0),
    ...partitionFindings(graph, target, partition, fragmenting),
    ...memoryFindings(graph, model, target, workingSets, timeline, arena, reordering, costs.totals.weightBytes),
    ...latencyFindings(graph, target, latency),
    ...designHints(model, target, 0),
    ...limitFindings,
  ];
  return { target, supports, partition, fragmenting, workingSets, timeline, arena, reordering, latency, diagnostics, verdict: verdictOf(diagnostics) };
}
