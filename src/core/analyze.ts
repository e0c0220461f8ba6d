// The pipeline the CLI, the worker and the tests share: read a model, infer shapes, cost it, run
// the target analyses, build the report. Each stage is a pure function over the IR; the
// target-dependent stage (analyzeForTarget) is the only one a change of target re-runs.

import type { TargetAnalysis } from './analysis/targetAnalysis';
import { analyzeForTarget } from './analysis/targetAnalysis';
import { computeCosts } from './cost/computeCosts';
import type { CostReport } from './cost/types';
import type { Diagnostic } from './ir/diagnostic';
import type { Dim, Graph, Model } from './ir/model';
import { readModelFile } from './readModel';
import { buildReport, streamReport, type ComparedTarget, type StreamedReport } from './report/buildReport';
import type { Report } from './report/report';
import { inferShapesDetailed } from './shapes/inferShapes';
import type { TargetProfile } from './targets/profile';
import type { Lowering } from './lowering/types';
import { planFor } from './lowering/lower';
import { weightHints } from './analysis/hints';
import type { SparsityScan } from './analysis/hints/sparsityScan';
import { runScan } from './analysis/hints/sparsityScan';

export interface AnalyzeOptions {
  /** Values for symbolic dims (`batch=1`), applied before shape inference. */
  dims?: Record<string, number>;
  /** Targets to judge the model on; the first is the report's target. None: target-independent report. */
  targets?: TargetProfile[];
}

/** The target-independent part: shapes and costs. Computed once per model (and per pinned dims). */
export interface PreparedModel {
  model: Model;
  shapeDiagnostics: Diagnostic[];
  costs: CostReport;
  /**
   * Main-graph nodes whose every output is a known constant (the Shape→Gather→Concat chains
   * exporters emit for static shapes): converters and ONNX Runtime fold them, so no kernel runs.
   */
  foldedNodes: Set<number>;
  /** Small constant values shape inference found in the main graph (what folding computes), for the lowering passes that read them. */
  constantValues: Map<string, Dim[]>;
  /** Deployed graphs built so far, by conversion id (src/core/lowering): targets sharing a conversion share one. */
  lowerings: Map<string, Lowering>;
  /** The weight phase's scan (sparsity), once it ran: target-independent, so computed once per model. */
  weightScan?: SparsityScan;
}

export interface ReportOptions {
  /**
   * Also run the weight phase — the hints that need weight values (sparsity), from sampled reads —
   * and add its findings (default true). The editor leaves it out of the verdict and asks for it
   * afterwards (weightFindings), so the verdict never waits for a weight byte.
   */
  weightPhase?: boolean;
}

export function prepareModel(model: Model, options: Pick<AnalyzeOptions, 'dims'> = {}): PreparedModel {
  const shapes = inferShapesDetailed(model, { dims: options.dims ?? {} });
  const graph = model.graphs[0];
  const foldedNodes = graph ? foldableNodes(graph, shapes.values[0] ?? new Map()) : new Set<number>();
  return { model, shapeDiagnostics: shapes.diagnostics, costs: computeCosts(model, 0), foldedNodes, constantValues: shapes.values[0] ?? new Map(), lowerings: new Map() };
}

export function reportFor(prepared: PreparedModel, targets: readonly TargetProfile[] = [], options: ReportOptions = {}): { report: Report; analyses: TargetAnalysis[] } {
  const analyses = targetAnalyses(prepared, targets, options);
  const report = buildReport(prepared.model, { diagnostics: prepared.shapeDiagnostics, costs: prepared.costs, targets: analyses });
  return { report, analyses };
}

/**
 * reportFor's report as writeJson streams it, its node and tensor rows made while they are written
 * (report/buildReport.ts streamReport): the CLI's JSON output, which never needs the rows as objects.
 */
export function streamedReportFor(prepared: PreparedModel, targets: readonly TargetProfile[] = [], options: ReportOptions = {}): StreamedReport {
  return streamReport(prepared.model, { diagnostics: prepared.shapeDiagnostics, costs: prepared.costs, targets: comparedAnalyses(prepared, targets, options) });
}

/**
 * Forgets the deployed graphs no target still to analyze shares (their conversion ids, what-if
 * included): the report's own target keeps its lowering through its analysis, the others' are only
 * in this cache. For a prepared model used once (the CLI's); another run on it lowers them again.
 */
function dropUnusedLowerings(prepared: PreparedModel, remaining: readonly TargetProfile[]): void {
  const used = new Set<string>();
  for (const t of remaining) {
    used.add(planFor(prepared.model, t).conversion.id);
    used.add(planFor(prepared.model, t, { whatIfInt8: true }).conversion.id);
  }
  for (const id of [...prepared.lowerings.keys()]) if (!used.has(id)) prepared.lowerings.delete(id);
}

/**
 * What the report reads of a target after the first (the report's own): its line in `comparison`
 * and its findings (buildReport.ts ComparedTarget). The rest of its analysis — lowering, supports,
 * lifetimes, arena, per-node latency: ~24 MB on the 10k-node decoder — is dropped before the next
 * target is analyzed, so a run on N targets holds one full analysis, not N. The findings are the
 * analysis's own list, not a copy: the weight phase adds to it afterwards.
 */
function comparedOnly(a: TargetAnalysis): ComparedTarget {
  return {
    target: a.target,
    verdict: a.verdict,
    diagnostics: a.diagnostics,
    timeline: { peakBytes: a.timeline.peakBytes, unknownSize: { length: a.timeline.unknownSize.length } },
    arena: { arenaBytes: a.arena.arenaBytes },
    partition: { partitions: { length: a.partition.partitions.length }, delegatedNodes: a.partition.delegatedNodes, fallbackNodes: a.partition.fallbackNodes },
    latency: { unknownNodes: { length: a.latency.unknownNodes.length }, nodes: { length: a.latency.nodes.length }, totalMs: a.latency.totalMs },
    lowering: { costs: { totals: { weightBytes: a.lowering.costs.totals.weightBytes } }, conversion: { statement: a.lowering.conversion.statement } },
  };
}

function targetAnalyses(prepared: PreparedModel, targets: readonly TargetProfile[], options: ReportOptions): TargetAnalysis[] {
  return withWeightFindings(prepared, targets, options, targets.map((t) => analyzeForTarget(prepared, t)));
}

/** The report's own target in full, each later one as its ComparedTarget as soon as it is analyzed. */
function comparedAnalyses(prepared: PreparedModel, targets: readonly TargetProfile[], options: ReportOptions): [TargetAnalysis, ...ComparedTarget[]] | [] {
  const [first, ...rest] = targets;
  if (!first) return [];
  const own = analyzeForTarget(prepared, first);
  const others = rest.map((t, i) => {
    const compared = comparedOnly(analyzeForTarget(prepared, t));
    dropUnusedLowerings(prepared, rest.slice(i + 1));
    return compared;
  });
  return withWeightFindings(prepared, targets, options, [own, ...others]);
}

/** Adds the weight phase's findings to each target's (unless options.weightPhase is false). */
function withWeightFindings<T extends readonly { diagnostics: Diagnostic[] }[]>(prepared: PreparedModel, targets: readonly TargetProfile[], options: ReportOptions, analyses: T): T {
  if (options.weightPhase !== false && analyses.length > 0) {
    const found = weightFindings(prepared, targets);
    analyses.forEach((a, i) => a.diagnostics.push(...found[i]!));
  }
  return analyses;
}

/** The weight phase's scan of a prepared model (run now if it has not run yet). */
export function weightScanOf(prepared: PreparedModel): SparsityScan {
  prepared.weightScan ??= runScan(prepared.model, 0);
  return prepared.weightScan;
}

/**
 * The weight phase's findings, one list per target (info findings on original nodes: they never
 * change a verdict). Runs the scan unless it ran already.
 */
export function weightFindings(prepared: PreparedModel, targets: readonly TargetProfile[]): Diagnostic[][] {
  const scan = weightScanOf(prepared);
  return targets.map((t) => weightHints(prepared.model, t, scan, 0));
}

/** Ops whose result differs run to run (Random*, Multinomial*, Bernoulli*): never folded even with constant inputs. */
/**
 * Quantize/dequantize ops stay even on constants: they mark int8 weights and activations, which
 * ONNX Runtime's ConstantFolding leaves for the QDQ node units (its skip_dequantize_linear flag,
 * set unless QDQ optimizations are disabled: graph_transformer_utils.cc) and the TFLite converter
 * turns into quantized constants of the kernel (QuantizeConstPattern).
 */
const QUANTIZATION_OPS = new Set(['QuantizeLinear', 'DequantizeLinear', 'QUANTIZE', 'DEQUANTIZE']);

/**
 * Constant folding as converters and ONNX Runtime do it: a node whose inputs are all constants
 * (or results of folded nodes), or whose outputs shape inference already knows as small constant
 * values (Shape of a static tensor and the Gather/Concat chains after it), is computed once at
 * conversion or session creation.
 */
export function foldableNodes(graph: Graph, values: Map<string, Dim[]>): Set<number> {
  // Plain loops over the names, no filtered copies or closures per node: this runs over every
  // node of the main graph on the verdict path, once and cold.
  const folded = new Set<number>();
  const { nodes, order, tensors } = graph;
  for (let k = 0; k < order.length; k++) {
    const v = order[k]!;
    const node = nodes[v]!;
    const outputs = node.outputs;
    let named = 0;
    let graphOutput = false;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs[i]!;
      if (o === '') continue;
      named++;
      if (tensors.get(o)?.isGraphOutput) graphOutput = true;
    }
    if (named === 0 || graphOutput) continue;
    if (nondeterministic(node.op) || QUANTIZATION_OPS.has(node.op) || node.subgraphs.length > 0) continue;
    if (allInputsConstant(graph, node.inputs, folded) || valuesKnown(outputs, values)) folded.add(v);
  }
  return folded;
}

/** Ops whose result differs run to run (Random*, Multinomial*, Bernoulli*), without a regular expression per node. */
function nondeterministic(op: string): boolean {
  return op.startsWith('Random') || op.startsWith('Multinomial') || op.startsWith('Bernoulli');
}

/** Every named input is an initializer or the result of a folded node. */
function allInputsConstant(graph: Graph, inputs: readonly string[], folded: Set<number>): boolean {
  for (let i = 0; i < inputs.length; i++) {
    const name = inputs[i]!;
    if (name === '') continue;
    const t = graph.tensors.get(name);
    if (!t) return false;
    if (t.constant && t.producer === null) continue;
    if (t.producer === null || !folded.has(t.producer)) return false;
  }
  return true;
}

/** Shape inference knows every named output as a fully numeric value. */
function valuesKnown(outputs: readonly string[], values: Map<string, Dim[]>): boolean {
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    if (o === '') continue;
    const v = values.get(o);
    if (v === undefined) return false;
    for (let j = 0; j < v.length; j++) if (typeof v[j] !== 'number') return false;
  }
  return true;
}

export interface Analysis {
  model: Model;
  report: Report;
  /** Bytes read from disk to analyze the model (the benchmark reports it). */
  bytesRead: number;
}

export function analyzeModel(model: Model, options: AnalyzeOptions = {}): Report {
  return reportFor(prepareModel(model, options), options.targets ?? []).report;
}

export function analyzeFile(file: string, options: AnalyzeOptions = {}): Analysis {
  const { model, bytesRead } = readModelFile(file);
  return { model, report: analyzeModel(model, options), bytesRead };
}
