// Profiling aid (not part of `npm run bench`): the verdict path stage by stage on one model,
// median CPU time of RUNS — `node out/bench/profile-stages.js MODEL [RUNS] [TARGET]`.
import { cpuMs, gc, StageTimes } from './stageTimes';
import { foldableNodes } from '../src/core/analyze';
import { checkCompatibility, compatibilityDiagnostics } from '../src/core/analysis/compatibility';
import { designHints } from '../src/core/analysis/hints';
import { estimateLatency } from '../src/core/analysis/latency';
import { lifetimes, lowPeakOrder, memoryTimeline, planArena } from '../src/core/analysis/memory';
import { fragmentingOps, partitionGraph } from '../src/core/analysis/partition';
import { analyzeForTarget } from '../src/core/analysis/targetAnalysis';
import { nodeWorkingSet } from '../src/core/analysis/workingSet';
import { computeCosts } from '../src/core/cost/computeCosts';
import { mainGraph } from '../src/core/ir/model';
import { lowerFor } from '../src/core/lowering/lower';
import { readModelFile } from '../src/core/readModel';
import { buildReport } from '../src/core/report/buildReport';
import { inferShapesDetailed } from '../src/core/shapes/inferShapes';
import { DEFAULT_TARGET_ID, getBuiltinTarget } from '../src/core/targets/builtins';

const [file, runsText, targetId] = process.argv.slice(2);
const target = getBuiltinTarget(targetId ?? DEFAULT_TARGET_ID)!;
const runs = Number(runsText ?? 7);
const stages = new StageTimes();
const time = <T>(name: string, f: () => T): T => stages.time(name, f);
for (let i = 0; i < runs; i++) {
  gc();
  const t0 = cpuMs();
  const { model } = time('read', () => readModelFile(file!));
  const shapes = time('shapes', () => inferShapesDetailed(model, { dims: {} }));
  const folded = time('foldable', () => foldableNodes(model.graphs[0]!, shapes.values[0] ?? new Map()));
  const costs = time('costs', () => computeCosts(model, 0));
  const prepared = { model, shapeDiagnostics: shapes.diagnostics, costs, foldedNodes: folded, lowerings: new Map() };
  const lowering = time('lowering', () => lowerFor(prepared, target));
  const graph = mainGraph(lowering.model);
  const supports = time('compat', () => checkCompatibility(lowering.model, target, 0));
  const supported = graph.nodes.map((n) => supports[n.index]?.status === 'supported' || supports[n.index]?.status === 'unknown');
  const semantics = { kind: 'none' as const };
  const partition = time('partition', () => partitionGraph(graph, supported, semantics));
  time('fragmenting', () => fragmentingOps(graph, supported, semantics, partition));
  const ws = time('workingSets', () => graph.nodes.map((n) => nodeWorkingSet(n, graph, target)));
  time('timeline', () => memoryTimeline(graph, graph.order));
  time('arena', () => planArena(lifetimes(graph, graph.order).lifetimes, 16));
  time('lowPeakOrder', () => memoryTimeline(graph, lowPeakOrder(graph)));
  time('latency', () => estimateLatency(graph, lowering.costs.nodes, target, partition.deviceOf, ws.map((w) => w.bytes)));
  time('compatDiagnostics', () => compatibilityDiagnostics(lowering.model, target, supports, 0));
  time('designHints', () => designHints(model, target, 0));
  prepared.lowerings = new Map();
  const analysis = time('analyzeForTarget (all, again)', () => analyzeForTarget(prepared, target));
  time('buildReport', () => buildReport(model, { diagnostics: shapes.diagnostics, costs, targets: [analysis] }));
  stages.add('TOTAL (CPU)', cpuMs() - t0);
}
stages.print(32);
