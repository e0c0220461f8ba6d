// Everything that depends on the target: the deployed graph its toolchain builds (src/core/lowering),
// then compatibility, delegate partitions, working set and arena, latency, and the findings they
// imply — all on that deployed graph, with findings mapped back to the original nodes. Switching
// the target re-runs only this; reading, shapes and costs are reused, and targets that share a
// conversion share its lowering.

import type { Diagnostic } from '../ir/diagnostic';
import type { Graph, Model } from '../ir/model';
import { mainGraph } from '../ir/model';
import { integerOnly, lowerFor, type LoweringSource } from '../lowering/lower';
import { isFloatModel } from '../lowering/precision';
import { SOURCES } from '../lowering/sources';
import type { Lowering } from '../lowering/types';
import { formatBytes } from '../units';
import { getBuiltinTarget } from '../targets/builtins';
import type { TargetProfile } from '../targets/profile';
import type { NodeSupport, Reason } from './compatibility';
import { checkCompatibility, checkNodes, compatibilityDiagnostics, fallbackDiagnostics, fallbackSupports, qdqAsFloat, withFallbackReasons } from './compatibility';
import type { FragmentingOp, PartitionResult, PartitionSemantics } from './partition';
import { fragmentingOps, fragmentingTrialBudget, isBoundaryConversion, partitionGraph } from './partition';
import { formatLimit } from '../limits';
import type { ArenaPlan, MemoryTimeline } from './memory';
import { lifetimes, lowPeakOrder, memoryTimeline, planArena, timelineOf } from './memory';
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

export { isFloatModel } from '../lowering/precision';

/**
 * One target's verdict. `supports`, `partition`, `workingSets`, `timeline`, `arena`, `latency` are
 * indexed by the deployed graph (`lowering.model`); `diagnostics` point at original nodes.
 */
export interface TargetAnalysis {
  target: TargetProfile;
  lowering: Lowering;
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
  /** A .tflite float model on an integer-only target: the same target after full-integer quantization. */
  whatIf?: TargetAnalysis;
}

/** Reordering is proposed only when it saves at least this share of the peak (small gains are noise). */
const REORDER_MIN_SAVING = 0.05;
const MAX_FRAGMENTING_FINDINGS = 5;

function semanticsOf(target: TargetProfile): PartitionSemantics {
  const p = target.partitioning;
  if (p.mode === 'greedy') {
    // ONNX Runtime (and its TensorRT EP) partition with CreateSupportedPartitionNodeGroups; TFLite delegates and Vela with TFLite's node subsets.
    const algorithm = target.runtime === 'onnxruntime' || target.runtime === 'tensorrt' ? 'ort' : 'tflite';
    return { kind: 'greedy', algorithm, ...(p.maxPartitions !== undefined ? { maxPartitions: p.maxPartitions } : {}), ...(p.minPartitionNodes !== undefined ? { minPartitionNodes: p.minPartitionNodes } : {}) };
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
  const total = result.fallbackNodes + result.delegatedNodes;
  if (result.delegatedNodes === 0 && total > 0) {
    // Nothing reaches the accelerator: on an NPU that is the whole point of the target.
    const why = integerOnly(target) && isFloatModel(graph)
      ? ` every op computes in float and ${target.name} runs only ${target.precisions.join('/')} (the compiler maps no op of a float model: ${target.runtime === 'edgetpu-compiler' ? SOURCES.edgetpuFloatModel : 'Vela places every float op on the CPU'})`
      : ' no op of the model is supported there';
    out.push({
      severity: integerOnly(target) ? 'error' : 'warning', code: 'partition/nothing-delegated', graph: graph.index,
      message: `Nothing runs on ${target.delegate ?? 'the accelerator'} of ${target.name}: all ${total} op(s) run on ${fallback};${why}.`,
    });
  } else if (result.fallbackNodes > 0) {
    const cpuParts = result.partitions.filter((p) => p.device === 'cpu');
    const cpuNodes = cpuParts.flatMap((p) => p.nodes);
    // Only the float I/O conversions around an int8 graph on the host: expected, not a problem.
    const boundaryOnly = cpuNodes.every((v) => isBoundaryConversion(graph, v));
    out.push({
      severity: boundaryOnly ? 'info' : 'warning', code: 'partition/fallback', graph: graph.index, node: cpuParts[0]?.nodes[0],
      message: `On ${target.name}, ${result.fallbackNodes} of ${total} deployed ops fall back to ${fallback} ` +
        `(${opList(graph, cpuParts.flatMap((p) => p.nodes))}); the graph runs as ${result.partitions.length} partition(s) — ${accel} delegated, ${cpuParts.length} on the CPU — ` +
        `with ${result.transitions} device transition(s) moving ${result.bytesCrossing === null ? 'an unknown number of bytes' : formatBytes(result.bytesCrossing)} per inference.` +
        (boundaryOnly ? ' These are the float input/output conversions of an int8 model; int8 inference_input_type/output_type removes them.' : ''),
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
 * An ONNX model the runtime cannot load for its versions: an ai.onnx opset outside what it loads
 * (a model exported for a newer ONNX Runtime than the device's; TensorRT's parser range), or a
 * newer IR version. Only where the target loads ONNX itself: a converter to TFLite reads any opset.
 */
function onnxVersionFindings(model: Model, target: TargetProfile): Diagnostic[] {
  const spec = target.onnxVersions;
  if (!spec || model.format !== 'onnx' || !target.formats.includes('onnx')) return [];
  const out: Diagnostic[] = [];
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'];
  // A runtime that refuses the model fails it; one that only documents its range imports the
  // model anyway, and only ops whose definition changed may go wrong: a warning.
  const enforced = spec.enforced !== false;
  if (opset !== undefined && ((spec.maxOpset !== undefined && opset > spec.maxOpset) || (spec.minOpset !== undefined && opset < spec.minOpset))) {
    const range = spec.minOpset !== undefined ? `opsets ${spec.minOpset} to ${spec.maxOpset ?? 'the newest'}` : `opsets up to ${spec.maxOpset}`;
    out.push({
      severity: enforced ? 'error' : 'warning', code: 'compat/onnx-version', graph: 0,
      message: enforced
        ? `The model imports ai.onnx opset ${opset}, but ${target.name} loads ${range} (${spec.source}).`
        : `The model imports ai.onnx opset ${opset}, outside the ${range} ${target.name} supports; it imports the model unchecked, and an op whose definition changed may be imported wrongly (${spec.source}).`,
      fix: opset > (spec.maxOpset ?? Infinity)
        ? `Export at opset ${spec.maxOpset} or lower (torch.onnx.export(..., opset_version=${spec.maxOpset})), or convert it with onnx.version_converter.convert_version(model, ${spec.maxOpset}).`
        : `Export at opset ${spec.minOpset} or higher, or convert it with onnx.version_converter.convert_version(model, ${spec.minOpset}).`,
    } as Diagnostic);
  }
  if (opset !== undefined && spec.opsets && !spec.opsets.includes(opset)) {
    const list = spec.opsets.join(', ');
    const newest = Math.max(...spec.opsets);
    out.push({
      severity: enforced ? 'error' : 'warning', code: 'compat/onnx-version', graph: 0,
      message: `The model imports ai.onnx opset ${opset}, but ${target.name} has kernels for ai.onnx opset${spec.opsets.length > 1 ? 's' : ''} ${list} only: its build keeps an op's kernels only for the versions those opsets use, and ONNX Runtime's own check of a model for it refuses any other opset (${spec.source}).`,
      fix: opset > newest
        ? `Export at opset ${newest} (torch.onnx.export(..., opset_version=${newest})), or convert it with onnx.version_converter.convert_version(model, ${newest}).`
        : `Convert it to opset ${newest}: python -m onnxruntime.tools.update_onnx_opset --opset ${newest} IN.onnx OUT.onnx (or onnx.version_converter.convert_version(model, ${newest})).`,
    } as Diagnostic);
  }
  if (spec.maxIrVersion !== undefined && model.irVersion > spec.maxIrVersion) {
    out.push({
      severity: enforced ? 'error' : 'warning', code: 'compat/onnx-version', graph: 0,
      message: `The model's ONNX IR version is ${model.irVersion}, but ${target.name} loads IR versions up to ${spec.maxIrVersion} (${spec.source}).`,
      fix: `Save it with an ONNX release whose IR version is ${spec.maxIrVersion} or lower (set model.ir_version = ${spec.maxIrVersion} when the opsets allow it).`,
    } as Diagnostic);
  }
  return out;
}

/**
 * The model-level statement of what was judged when the file is not what the target runs as is:
 * an ONNX float model on an integer-only target is judged as its full-int8 conversion; a .tflite
 * float file is judged as it is, with the int8 what-if beside it.
 */
function floatModelFinding(graph: Graph, model: Model, target: TargetProfile, lowering: Lowering, whatIf: TargetAnalysis | undefined): Diagnostic {
  const fix = 'Quantize to full int8 (TFLite converter with a representative dataset and TFLITE_BUILTINS_INT8, or ONNX Runtime static QDQ quantization: deploylens quantize) before deploying.';
  if (model.format === 'tflite') {
    const w = whatIf ? summaryLine(whatIf) : '';
    return {
      severity: 'warning', code: 'compat/float-model', graph: graph.index,
      message: `This .tflite file computes in float, but ${target.name} runs only ${target.precisions.join('/')} models: it is judged as it is, so every float op falls back to ${target.partitioning.fallback ?? 'the CPU'}.` +
        (w ? ` After full-integer quantization (what-if): ${w}.` : ''),
      fix: `${fix}${w ? ` The what-if (report \`whatIf\`, overview) shows what the int8 model would give: ${w}.` : ''}`,
    } as Diagnostic;
  }
  return {
    severity: 'warning', code: 'compat/float-model', graph: graph.index,
    message: `The model computes in float, but ${target.name} runs only ${target.precisions.join('/')} models: it is ${lowering.conversion.statement} ` +
      `(int8 weights and activations, int32 biases, calibrated on a representative dataset), and every size and time here is that model's.`,
    fix,
  } as Diagnostic;
}

/** "64 of 66 ops on the NPU in 2 partitions, 5.22 MiB of weights, 3.10 ms". */
function summaryLine(a: TargetAnalysis): string {
  const p = a.partition;
  const where = a.target.partitioning.mode === 'none' ? `${p.delegatedNodes + p.fallbackNodes} ops` : `${p.delegatedNodes} of ${p.delegatedNodes + p.fallbackNodes} ops on ${a.target.delegate ?? 'the accelerator'} in ${p.partitions.length} partition(s)`;
  return `${where}, ${formatBytes(a.lowering.costs.totals.weightBytes)} of weights, activation peak ${formatBytes(a.timeline.peakBytes)}, ≈ ${a.latency.totalMs.toFixed(2)} ms`;
}

/**
 * TensorRT's ONNX parser reads every QuantizeLinear/DequantizeLinear before it fuses them into INT8
 * layers, so each Q/DQ a unit absorbed must pass its own rule (onnx-tensorrt docs/operators.md:61,
 * :141: zero point 0): a violation makes the unit's op fall back, with the Q/DQ named in its reason.
 */
function checkAbsorbedQdq(original: Model, lowering: Lowering, supports: (NodeSupport | undefined)[], target: TargetProfile): void {
  const g = mainGraph(original);
  lowering.covers.forEach((covered, v) => {
    const s = supports[v];
    if (!s || covered.length < 2) return;
    const qdq = covered.filter((i) => g.nodes[i]?.canonicalOp === 'QuantizeLinear' || g.nodes[i]?.canonicalOp === 'DequantizeLinear');
    if (qdq.length === 0) return;
    const violated = checkNodes(original, target, qdq).flatMap((c) => (c ? c.reasons.filter((r) => r.outcome === 'violated').map((r) => {
      const n = g.nodes[c.node]!;
      return { ...r, message: `${n.op} '${n.name}' (fused into this INT8 layer): ${r.message}` };
    }) : []));
    if (violated.length === 0) return;
    supports[v] = { ...s, status: s.status === 'unsupported' ? 'unsupported' : 'constraint-violated', reasons: [...s.reasons, ...violated] };
  });
}

/**
 * Deployed-graph findings point at the original node each deployed op anchors on. Edited in place:
 * the findings are the analysis' own, made for it just before (a copy of each cost 4,800 spreads on
 * the decoder); the keys keep their order, as in a copy.
 */
function mapToOriginal(d: Diagnostic & { nodes?: number[] }, covers: Lowering['covers']): Diagnostic {
  if ((d.graph ?? 0) !== 0) return d;
  const node = d.node === undefined ? undefined : covers[d.node]?.[0];
  if (node !== undefined) d.node = node;
  else if ('node' in d) delete d.node;
  if (d.nodes) {
    const anchors = new Set<number>();
    for (let i = 0; i < d.nodes.length; i++) {
      const a = covers[d.nodes[i]!]?.[0];
      if (a !== undefined) anchors.add(a);
    }
    d.nodes = [...anchors];
  }
  return d;
}

/** Support of each original node: that of the deployed op it became part of; folded and elided nodes run nowhere. */
export function originalSupports(a: Pick<TargetAnalysis, 'lowering' | 'supports'>): NodeSupport[] {
  return a.lowering.fates.map((f, node) => {
    if (f.into !== undefined) {
      const s = a.supports[f.into]!;
      return { ...s, node };
    }
    return { node, ...runsNowhere(f) };
  });
}

function runsNowhere(f: Lowering['fates'][number]): Omit<NodeSupport, 'node'> {
  return { status: 'supported', reasons: [runsNowhereReason(f)], judgedAs: [] };
}

/** The one reason of a folded or elided node (it runs nowhere): no constraint, no source, no tensor. */
export function runsNowhereReason(f: Lowering['fates'][number]): Reason {
  return { kind: f.kind === 'folded' ? 'folded' : 'elided', outcome: 'info', message: f.why };
}

export function verdictOf(diagnostics: readonly Diagnostic[]): Verdict {
  if (diagnostics.some((d) => d.severity === 'error')) return 'fail';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'warn';
  return 'pass';
}

export interface TargetInput extends LoweringSource {
  model: Model;
  /** Shape inference's findings (PreparedModel.shapeDiagnostics): with the reader's, the model's own findings. */
  shapeDiagnostics?: readonly Diagnostic[];
}

/**
 * Whether the model itself has an error finding — its reader's or shape inference's: a cycle, a
 * tensor two nodes produce, a Reshape to two -1, an input of impossible rank, a dim beyond 2^53.
 * Such a model fails on every target, whatever the target's own checks find: it runs nowhere (ONNX
 * Runtime refuses the graph errors at session creation, test/oracle-ort.test.ts; a declared size
 * beyond 2^53 it loads, but no input of that size exists), and the figures DeployLens still computes
 * for it (in file order, over the shapes it could infer) describe no model that runs.
 */
export function modelIsInvalid(input: Pick<TargetInput, 'model' | 'shapeDiagnostics'>): boolean {
  const error = (d: Diagnostic) => d.severity === 'error';
  return input.model.diagnostics.some(error) || (input.shapeDiagnostics?.some(error) ?? false);
}

export function analyzeForTarget(input: TargetInput, target: TargetProfile): TargetAnalysis {
  const original = mainGraph(input.model);
  const tfliteFloatOnIntOnly = input.model.format === 'tflite' && integerOnly(target) && isFloatModel(original) && target.formats.includes('tflite');
  const whatIf = tfliteFloatOnIntOnly ? analyzeLowered(input, lowerFor(input, target, { whatIfInt8: true }), target, undefined, true) : undefined;
  return analyzeLowered(input, lowerFor(input, target), target, whatIf, false);
}

function analyzeLowered(input: TargetInput, lowering: Lowering, target: TargetProfile, whatIf: TargetAnalysis | undefined, isWhatIf: boolean): TargetAnalysis {
  const model = lowering.model;
  const graph = mainGraph(model);
  const costs = lowering.costs;
  const supports = checkCompatibility(model, target, 0);
  if (qdqAsFloat(target).qdqAsFloat) checkAbsorbedQdq(input.model, lowering, supports, target);
  const supported = graph.nodes.map((n) => supports[n.index]?.status === 'supported' || supports[n.index]?.status === 'unknown');
  const semantics = semanticsOf(target);
  const partition = partitionGraph(graph, supported, semantics);
  const fragmenting = fragmentingOps(graph, supported, semantics, partition);
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
  // One lifetime walk for the timeline and the arena plan of the execution order.
  const live = lifetimes(graph, graph.order);
  const timeline = timelineOf(live, graph.order);
  const arena = planArena(live.lifetimes, target.memory.arenaAlignmentBytes ?? 16);
  if (arena.approximate) {
    limitFindings.push({
      severity: 'warning', code: 'limits/arena-approximate', graph: graph.index,
      message: `So many tensors are alive at the same time that the tensor arena was planned by stacking each buffer on the ones alive with it, ` +
        `not by TFLite Micro's first-fit search: ${formatBytes(arena.arenaBytes)} is a valid plan but may be larger than TFLite Micro's.`,
    });
  }
  let reordering: Reordering | null = null;
  // Only over known sizes: with a tensor of unknown size both peaks are lower bounds, and the
  // unknown tensors could dominate either order — "another order lowers the peak" would be a guess.
  if (graph.nodes.length > 2 && timeline.unknownSize.length === 0) {
    const order = lowPeakOrder(graph);
    const peak = memoryTimeline(graph, order).peakBytes;
    if (peak < timeline.peakBytes * (1 - REORDER_MIN_SAVING)) reordering = { order, peakBytes: peak, savedBytes: timeline.peakBytes - peak };
  }
  const latency = estimateLatency(graph, costs.nodes, target, partition.deviceOf, workingSets.map((w) => w.bytes));

  const original = mainGraph(input.model);
  // The model-level statement of the float → int8 question, once per target (not inside the what-if itself).
  const floatFinding = !isWhatIf && integerOnly(target) && isFloatModel(original);
  const analysis: TargetAnalysis = { target, lowering, supports, partition, fragmenting, workingSets, timeline, arena, reordering, latency, diagnostics: [], verdict: 'pass', ...(whatIf ? { whatIf } : {}) };
  // The float ↔ int8 conversions at the boundary of an int8 graph run on the host by design.
  const boundary = (d: Diagnostic) => target.partitioning.mode !== 'none' && d.node !== undefined && isBoundaryConversion(graph, d.node);
  // What the partitioning leaves to the fallback processor needs a kernel there (ORT's CPU EP for its EPs).
  const fallback = target.partitioning.mode !== 'none' && target.partitioning.fallbackTarget ? getBuiltinTarget(target.partitioning.fallbackTarget) : undefined;
  const leftToFallback = fallback ? fallbackSupports(model, target, fallback, graph.nodes.filter((n) => partition.deviceOf[n.index] === 'cpu').map((n) => n.index), 0) : [];
  const deployedFindings: Diagnostic[] = [
    ...compatibilityDiagnostics(model, target, supports, 0).filter((d) => !boundary(d)),
    ...(fallback ? fallbackDiagnostics(model, target, fallback, leftToFallback, 0) : []),
    ...partitionFindings(graph, target, partition, fragmenting),
    ...memoryFindings(graph, input.model, target, workingSets, timeline, arena, reordering, costs.totals.weightBytes),
    ...latencyFindings(graph, target, latency),
    ...limitFindings,
  ];
  // After the findings (theirs are the target's own reasons): the node's reasons say it cannot run anywhere.
  if (fallback) analysis.supports = withFallbackReasons(supports, leftToFallback, target, fallback);
  analysis.diagnostics = [
    ...onnxVersionFindings(input.model, target),
    ...(floatFinding && target.formats.includes('tflite') ? [floatModelFinding(original, input.model, target, lowering, whatIf)] : []),
    ...deployedFindings.map((d) => mapToOriginal(d, lowering.covers)),
    ...designHints(input.model, target, 0),
  ];
  // The report's contract (docs/report-format.md): "fail" if any error finding, the model's own included.
  analysis.verdict = modelIsInvalid(input) ? 'fail' : verdictOf(analysis.diagnostics);
  return analysis;
}
