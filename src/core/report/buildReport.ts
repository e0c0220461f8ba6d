// Turns a read (and later, analyzed) model into the JSON report contract.

import type { Diagnostic } from '../ir/diagnostic';
import type { AttributeValue, Graph, Model, Tensor } from '../ir/model';
import { mainGraph } from '../ir/model';
import { elementCount, tensorBytes } from '../ir/tensorSize';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import type { CostReport } from '../cost/types';
import type { TargetAnalysis } from '../analysis/targetAnalysis';
import { runsNowhereReason } from '../analysis/targetAnalysis';
import type { NodeSupport } from '../analysis/compatibility';
import type { Report, ReportAttribute, ReportDeployed, ReportDiagnostic, ReportNode, ReportPartition, ReportTarget, ReportTensor, ReportTensorRef, ReportWhatIf, TargetSummary } from './report';
import { REPORT_SCHEMA_VERSION } from './report';
import { dictionary } from '../util/lookup';
import { JsonEntries, JsonRows } from './jsonStream';

function tensorRef(graph: Graph, name: string): ReportTensorRef {
  const t = graph.tensors.get(name);
  return { name, shape: t?.shape ?? null, dtype: t?.dtype ?? 'unknown' };
}

/**
 * The attributes and reasons of every node that has none (most Add, MatMul, Reshape…; every
 * supported op), shared: a report of a 10k-node graph otherwise keeps thousands of empty
 * prototype-less records and arrays alive. Frozen, so a consumer that tried to edit one would fail loudly.
 */
const NO_ATTRIBUTES: Record<string, ReportAttribute> = Object.freeze(dictionary<ReportAttribute>());
const NO_REASONS = Object.freeze([]) as unknown as NonNullable<ReportNode['reasons']>;

type ReportReasons = NonNullable<ReportNode['reasons']>;

/**
 * The report's copy of a support's reasons, made once per deployed op: the op's own row in
 * `deployed.nodes` and every original node it covers carry the same reasons, so they share one
 * array (the JSON is the same; a 10k-node graph with a dozen reasons per op kept each twice).
 */
function reasonsCopier(share: boolean): (reasons: NodeSupport['reasons']) => ReportReasons {
  const copies = new Map<NodeSupport['reasons'], ReportReasons>();
  return (reasons) => {
    if (reasons.length === 0) return NO_REASONS;
    let copy = copies.get(reasons);
    if (!copy) {
      copy = reasons.map(reportReason);
      // Shared only in a report kept whole: a streamed report's rows are garbage once written.
      if (share) copies.set(reasons, copy);
    }
    return copy;
  };
}

function reportAttribute(a: AttributeValue): ReportAttribute {
  switch (a.type) {
    case 'int': case 'string': case 'ints': case 'strings':
      return a.value;
    // JSON has no Infinity or NaN: such values are kept as text.
    case 'float':
      return Number.isFinite(a.value) ? a.value : String(a.value);
    case 'floats':
      return a.value.every(Number.isFinite) ? a.value : a.value.map(String);
    case 'tensor':
      return `tensor ${a.value.dtype}[${a.value.dims.join(',')}]`;
    case 'tensors':
      return `${a.value.length} tensors`;
    case 'graph':
      return `graph ${a.graph}`;
    case 'graphs':
      return `graphs ${a.graphs.join(',')}`;
    case 'other':
      return a.kind;
  }
}

type ReportAttributes = Record<string, ReportAttribute>;

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

/**
 * The partition of each deployed op by its index (-1: none), built once for the report's three
 * readers (the original rows, the deployed rows, the partitions' members), each of which built a
 * Map of it; an array read is also cheaper than a Map look-up inside the members' sort.
 */
function partitionOfOps(partitions: readonly { id: number; nodes: readonly number[] }[], ops: number): Int32Array {
  const out = new Int32Array(ops).fill(-1);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i]!;
    for (let k = 0; k < p.nodes.length; k++) out[p.nodes[k]!] = p.id;
  }
  return out;
}

/** partitionOfOps's entry for an op as the Map gave it (undefined: none). */
function partitionAt(partitionOf: Int32Array, op: number): number | undefined {
  const p = partitionOf[op];
  return p === undefined || p < 0 ? undefined : p;
}

/**
 * The report's copy of a node's attributes, made once per attribute record: a deployed op the
 * lowering did not rewrite shares its record with the file's node, and then its row shares the copy.
 */
function attributesCopier(share: boolean): (attributes: Record<string, AttributeValue>) => ReportAttributes {
  const copies = new Map<Record<string, AttributeValue>, ReportAttributes>();
  return (attributes) => {
    // Most nodes have none (Add, MatMul, Reshape…): the shared empty record, without a look-up of
    // their own record in the Map (the decoder's 16,600 rows spent ~4 ms there).
    if (isEmpty(attributes)) return NO_ATTRIBUTES;
    let copy = copies.get(attributes);
    if (copy) return copy;
    let out: ReportAttributes | null = null;
    // for…in, not Object.entries: no array of pairs per node (attribute records have no inherited keys).
    for (const key in attributes) {
      out ??= dictionary<ReportAttribute>();
      out[key] = reportAttribute(attributes[key]!);
    }
    copy = out ?? NO_ATTRIBUTES;
    // Shared only in a report kept whole: a streamed report's rows are garbage once written.
    if (share) copies.set(attributes, copy);
    return copy;
  };
}

export interface ReportExtras {
  /** Target-independent findings (shape inference, ...), added after the reader's own diagnostics. */
  diagnostics?: Diagnostic[];
  costs?: CostReport;
  /**
   * One per target; the first is the report's target, all appear in `comparison` when more than one.
   * Of the others the report reads only their comparison line and findings (ComparedTarget).
   */
  targets?: readonly TargetAnalysis[] | readonly [TargetAnalysis, ...ComparedTarget[]];
}

/**
 * What the report reads of a target other than its own: the target's line in `comparison`
 * (targetSummary) and its findings. The CLI keeps only this of each later target (analyze.ts
 * comparedOnly) — ~24 MB less per target on a 10,000-node model.
 */
export interface ComparedTarget {
  target: TargetAnalysis['target'];
  verdict: TargetAnalysis['verdict'];
  diagnostics: TargetAnalysis['diagnostics'];
  timeline: Pick<TargetAnalysis['timeline'], 'peakBytes'> & { unknownSize: { length: number } };
  arena: Pick<TargetAnalysis['arena'], 'arenaBytes'>;
  partition: { partitions: { length: number } } & Pick<TargetAnalysis['partition'], 'delegatedNodes' | 'fallbackNodes'>;
  latency: { unknownNodes: { length: number }; nodes: { length: number } } & Pick<TargetAnalysis['latency'], 'totalMs'>;
  lowering: { costs: { totals: Pick<TargetAnalysis['lowering']['costs']['totals'], 'weightBytes'> }; conversion: Pick<TargetAnalysis['lowering']['conversion'], 'statement'> };
}

function describeTarget(a: TargetAnalysis): ReportTarget {
  const t = a.target;
  const r: ReportTarget = { id: t.id, name: t.name, runtime: t.runtime, partitioning: t.partitioning.mode };
  if (t.delegate !== undefined) r.delegate = t.delegate;
  if (t.memory.sramBytes !== undefined) r.sramBytes = t.memory.sramBytes;
  if (t.memory.flashBytes !== undefined) r.flashBytes = t.memory.flashBytes;
  if (t.budgets?.latencyMs !== undefined) r.latencyBudgetMs = t.budgets.latencyMs;
  return r;
}

export function targetSummary(a: ComparedTarget): TargetSummary {
  return {
    target: a.target.id,
    verdict: a.verdict,
    activationPeakBytes: a.timeline.peakBytes,
    arenaBytes: a.arena.arenaBytes,
    unknownSizeTensors: a.timeline.unknownSize.length,
    partitions: a.partition.partitions.length,
    delegatedNodes: a.partition.delegatedNodes,
    fallbackNodes: a.partition.fallbackNodes,
    latencyMs: a.latency.unknownNodes.length === a.latency.nodes.length && a.latency.nodes.length > 0 ? null : Math.round(a.latency.totalMs * 1000) / 1000,
    unknownLatencyOps: a.latency.unknownNodes.length,
    weightBytes: a.lowering.costs.totals.weightBytes,
    conversion: a.lowering.conversion.statement,
    errors: a.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: a.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

function reportReason(x: NodeSupport['reasons'][number]): NonNullable<ReportNode['reasons']>[number] {
  // Optional fields assigned, not spread in: one reason per node and target, and a spread literal takes V8's slow path.
  const r: NonNullable<ReportNode['reasons']>[number] = { kind: x.kind, outcome: x.outcome, message: x.message };
  if (x.constraint) r.constraint = x.constraint;
  if (x.source) r.source = x.source;
  return r;
}

function reportTensor(t: Tensor): ReportTensor {
  const r: ReportTensor = { shape: t.shape, dtype: t.dtype, bytes: tensorBytes(t), constant: t.constant };
  if (t.quantization) {
    r.quantization = { scale: t.quantization.scale, zeroPoint: t.quantization.zeroPoint };
    if (t.quantization.axis !== undefined) r.quantization.axis = t.quantization.axis;
    if (t.quantization.origin !== undefined) r.quantization.origin = t.quantization.origin;
    if (t.quantization.channels !== undefined) r.quantization.channels = t.quantization.channels;
  }
  return r;
}

/**
 * How the report's long lists are made: arrays and records now (buildReport), or JsonRows and
 * JsonEntries that make each row while it is written (streamReport). One code path for the rows,
 * so the streamed text is the built report's to the byte.
 */
interface Lists {
  rows<T>(length: number, row: (i: number) => T): T[];
  /** The tensors by name, in the order (and with the last-wins values) of assigning them to a record. */
  tensors(graph: Graph): Record<string, ReportTensor>;
}

const BUILT: Lists = {
  rows: (length, row) => {
    const out = new Array(length);
    for (let i = 0; i < length; i++) out[i] = row(i);
    return out;
  },
  tensors: (graph) => {
    // Keyed by tensor names from the file: a record without a prototype (a tensor named `constructor`).
    // forEach, not for…of: run once per report, mostly unoptimized, where for…of makes an iterator result per tensor.
    const tensors = dictionary<ReportTensor>();
    graph.tensors.forEach((t) => { tensors[t.name] = reportTensor(t); });
    return tensors;
  },
};

/**
 * `name` as an array index (the canonical decimal form of an integer below 2^32 - 1), else -1:
 * a record lists such keys first, in ascending order, then the others in the order they were added.
 */
export function arrayIndexOf(name: string): number {
  const n = name.length;
  if (n === 0 || n > 10) return -1;
  if (name.charCodeAt(0) === 48) return n === 1 ? 0 : -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = name.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= 4294967294 ? v : -1;
}

/**
 * The tensor names in the key order of a record of them (streamReport's `tensors`), without making
 * that record: adding 10k names from a file to a record makes V8 internalize every one (~10 ms on
 * the decoder). null when a name is not its tensor's key in the graph (a name listed twice): then
 * only a record gives the order and the last-wins values.
 */
function recordOrder(graph: Graph): string[] | null {
  const indices: { name: string; index: number }[] = [];
  const others: string[] = [];
  let unique = true;
  graph.tensors.forEach((t) => {
    if (!unique) return;
    if (graph.tensors.get(t.name) !== t) {
      unique = false;
      return;
    }
    const index = arrayIndexOf(t.name);
    if (index >= 0) indices.push({ name: t.name, index });
    else others.push(t.name);
  });
  if (!unique) return null;
  if (indices.length === 0) return others;
  indices.sort((a, b) => a.index - b.index);
  const out = new Array<string>(indices.length + others.length);
  for (let i = 0; i < indices.length; i++) out[i] = indices[i]!.name;
  for (let i = 0; i < others.length; i++) out[indices.length + i] = others[i]!;
  return out;
}

const STREAMED: Lists = {
  rows: (length, row) => new JsonRows(length, row) as unknown as never[],
  tensors: (graph) => {
    // The key order is the record's (integer-like names first, ascending).
    const order = recordOrder(graph);
    if (order) return new JsonEntries(order, (name) => reportTensor(graph.tensors.get(name)!)) as unknown as Record<string, ReportTensor>;
    // A name listed twice: taken from a record of the names.
    const byName = new Map<string, Tensor>();
    const byNameOrder = dictionary<true>();
    graph.tensors.forEach((t) => {
      byName.set(t.name, t);
      byNameOrder[t.name] = true;
    });
    return new JsonEntries(Object.keys(byNameOrder), (name) => reportTensor(byName.get(name)!)) as unknown as Record<string, ReportTensor>;
  },
};

/** The deployed partitions, each listing the original nodes whose deployed op it holds. */
function originalPartitions(a: TargetAnalysis, order: readonly number[], partitionOf: Int32Array): ReportPartition[] {
  const members = a.partition.partitions.map(() => [] as number[]);
  // Each original node's place in the execution order (-1: not in it; then its index sorts it, as before).
  const nodes = a.lowering.fates.length;
  const position = new Int32Array(nodes).fill(-1);
  for (let i = 0; i < order.length; i++) {
    const v = order[i]!;
    if (v >= 0 && v < nodes) position[v] = i;
  }
  const at = (x: number) => (position[x]! >= 0 ? position[x]! : x);
  a.lowering.fates.forEach((f, node) => {
    const p = f.into === undefined ? undefined : partitionAt(partitionOf, f.into);
    if (p !== undefined) members[p]!.push(node);
  });
  return a.partition.partitions.map((p) => ({ ...p, nodes: members[p.id]!.sort((x, y) => at(x) - at(y)), ops: p.nodes }));
}

function deployedSection(a: TargetAnalysis, g: Graph, lists: Lists, reportReasons: (reasons: NodeSupport['reasons']) => ReportReasons, reportAttributes: (attributes: Record<string, AttributeValue>) => ReportAttributes, partitionOf: Int32Array): ReportDeployed {
  const l = a.lowering;
  const nodes: ReportNode[] = lists.rows(g.nodes.length, (i) => {
    const n = g.nodes[i]!;
    const c = l.costs.nodes[n.index];
    const s = a.supports[n.index];
    const r: ReportNode = {
      index: n.index, name: n.name, op: n.op, domain: n.domain, canonicalOp: n.canonicalOp,
      inputs: n.inputs, outputs: n.outputs, attributes: reportAttributes(n.attributes),
      macs: c?.macs ?? null, flops: c?.flops ?? null, paramBytes: c?.paramBytes ?? null, activationBytes: c?.activationBytes ?? null,
      covers: l.covers[n.index] ?? [],
    };
    // Assigned in the report's key order (support and reasons before device), without a spread per node.
    if (s) {
      r.support = s.status;
      r.reasons = reportReasons(s.reasons);
    }
    r.device = a.partition.deviceOf[n.index] ?? 'cpu';
    r.workingSetBytes = a.workingSets[n.index]?.bytes ?? null;
    r.latencyUs = a.latency.nodes[n.index]?.us ?? null;
    r.bound = a.latency.nodes[n.index]?.bound ?? null;
    const p = partitionAt(partitionOf, n.index);
    if (p !== undefined) r.partition = p;
    if (n.origin) r.origin = n.origin.note;
    return r;
  });
  return {
    conversion: { ...l.conversion },
    passes: l.passes.map((p) => ({ ...p })),
    nodes,
    tensors: lists.tensors(g),
    order: [...g.order],
    partitions: a.partition.partitions.map((p) => ({ ...p })),
    transitions: a.partition.transitions,
    bytesCrossing: a.partition.bytesCrossing,
  };
}

function whatIfSection(w: TargetAnalysis): ReportWhatIf {
  return {
    label: 'after full-integer quantization',
    statement: w.lowering.conversion.statement,
    summary: targetSummary(w),
    partitions: w.partition.partitions.map((p) => ({ ...p })),
  };
}

/** A finding as the report carries it: with its node's name and (for a target's finding) the target id. */
export function reportDiagnostic(graph: Graph, d: Diagnostic, target?: string): ReportDiagnostic {
  const nodeName = d.node !== undefined && (d.graph ?? 0) === 0 ? graph.nodes[d.node]?.name : undefined;
  // A copy in the finding's own key order, without the reasons analyses attach for the editor (the
  // report already carries them per node); copied key by key rather than spread, then deleted
  // from: a delete makes the object a slow dictionary, and a model can have thousands of findings.
  const r = {} as ReportDiagnostic;
  const from = d as unknown as Record<string, unknown>;
  const to = r as unknown as Record<string, unknown>;
  // for…in, not Object.keys: no array of keys per finding (findings are plain records without inherited keys).
  for (const key in from) if (key !== 'reasons') to[key] = from[key];
  if (nodeName !== undefined) r.nodeName = nodeName;
  if (target !== undefined) r.target = target;
  return r;
}

export function buildReport(model: Model, extras: ReportExtras = {}): Report {
  return assembleReport(model, extras, BUILT);
}

/**
 * The report with its long lists made while read: `nodes` and `tensors` (of the original and the
 * deployed graph) are JsonRows and JsonEntries, each row made when asked for — for writeJson and
 * the text and Markdown writers (renderText.ts), which read them once in order.
 */
export type StreamedReport = Omit<Report, 'nodes' | 'tensors' | 'deployed'> & {
  nodes: JsonRows<ReportNode>;
  tensors: JsonEntries<ReportTensor>;
  deployed?: Omit<ReportDeployed, 'nodes' | 'tensors'> & { nodes: JsonRows<ReportNode>; tensors: JsonEntries<ReportTensor> };
};

/**
 * The report as writeJson writes it, its node and tensor rows (original and deployed graph) made
 * one at a time while they are written: JSON.stringify(buildReport(…), null, 2) to the byte, without
 * the 10k-node report's ~14 MB of row objects alive at once (test/json-stream.test.ts).
 */
export function streamReport(model: Model, extras: ReportExtras = {}): StreamedReport {
  return assembleReport(model, extras, STREAMED) as unknown as StreamedReport;
}

function assembleReport(model: Model, extras: ReportExtras, lists: Lists): Report {
  const graph = mainGraph(model);
  let params = 0;
  let weightBytes = 0;
  // storedConstants(graph), summed in one forEach: no copy of the tensor list, no iterator results.
  graph.tensors.forEach((t) => {
    if (!t.constant || t.producer !== null) return;
    params += elementCount(t.shape) ?? 0;
    weightBytes += t.dataBytes ?? tensorBytes(t) ?? 0;
  });

  // Keyed by op and tensor names from the file: records without a prototype (an op named `constructor`).
  const opHistogram = dictionary<number>();
  // Indexed, not for…of: run once per report, mostly unoptimized, where for…of makes an iterator result per node.
  for (let i = 0; i < graph.nodes.length; i++) {
    const op = graph.nodes[i]!.op;
    opHistogram[op] = (opHistogram[op] ?? 0) + 1;
  }

  const primary = extras.targets?.[0];
  const reportReasons = reasonsCopier(lists === BUILT);
  const reportAttributes = attributesCopier(lists === BUILT);
  const lowering = primary?.lowering;
  const deployedGraph = lowering ? mainGraph(lowering.model) : undefined;
  const deployedPartitionOf = partitionOfOps(primary?.partition.partitions ?? [], deployedGraph?.nodes.length ?? 0);
  const nodes: ReportNode[] = lists.rows(graph.nodes.length, (i) => {
    const n = graph.nodes[i]!;
    const c = extras.costs?.nodes[n.index];
    const r: ReportNode = {
      index: n.index, name: n.name, op: n.op, domain: n.domain, canonicalOp: n.canonicalOp,
      inputs: n.inputs, outputs: n.outputs, attributes: reportAttributes(n.attributes),
      macs: c?.macs ?? null, flops: c?.flops ?? null, paramBytes: c?.paramBytes ?? null, activationBytes: c?.activationBytes ?? null,
    };
    if (n.opVersion !== undefined) r.opVersion = n.opVersion;
    if (n.subgraphs.length) r.subgraphs = n.subgraphs;
    if (n.customCode !== undefined) r.customCode = n.customCode;
    if (primary && lowering) {
      const fate = lowering.fates[n.index]!;
      // originalSupport(primary, n.index), without its support record for a node that runs nowhere:
      // that node's one reason is made here in the report's form (it has no constraint or source).
      if (fate.into === undefined) {
        r.support = 'supported';
        r.reasons = [runsNowhereReason(fate)];
      } else {
        const s = primary.supports[fate.into];
        if (s) {
          r.support = s.status;
          r.reasons = reportReasons(s.reasons);
        }
      }
      r.fate = fate.into !== undefined ? { kind: fate.kind, into: fate.into, why: fate.why } : { kind: fate.kind, why: fate.why };
      if (fate.into !== undefined) {
        const p = partitionAt(deployedPartitionOf, fate.into);
        if (p !== undefined) r.partition = p;
        r.device = primary.partition.deviceOf[fate.into] ?? 'cpu';
        // The deployed op's cost sits on its anchor; what was fused or absorbed into it costs nothing more.
        const anchor = lowering.covers[fate.into]?.[0] === n.index;
        r.workingSetBytes = anchor ? primary.workingSets[fate.into]?.bytes ?? null : null;
        r.latencyUs = anchor ? primary.latency.nodes[fate.into]?.us ?? null : 0;
        r.bound = anchor ? primary.latency.nodes[fate.into]?.bound ?? null : null;
      }
    }
    return r;
  });

  const tensors = lists.tensors(graph);

  const named = (d: Diagnostic, target?: string): ReportDiagnostic => reportDiagnostic(graph, d, target);
  const diagnostics: ReportDiagnostic[] = [
    ...[...model.diagnostics, ...(extras.diagnostics ?? [])].map((d) => named(d)),
    ...(extras.targets ?? []).flatMap((a) => a.diagnostics.map((d) => named(d, a.target.id))),
  ];

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    model: {
      path: model.path,
      format: model.format,
      fileBytes: model.fileBytes,
      producer: [model.producer.name, model.producer.version].filter(Boolean).join(' '),
      irVersion: model.irVersion,
      opsets: model.opsets,
      inputs: graph.inputs.filter((name) => !graph.tensors.get(name)?.constant).map((name) => tensorRef(graph, name)),
      outputs: graph.outputs.map((name) => tensorRef(graph, name)),
      graphs: model.graphs.map((g) => (g.parent ? { index: g.index, name: g.name, nodes: g.nodes.length, parent: g.parent } : { index: g.index, name: g.name, nodes: g.nodes.length })),
      ...(model.signatures.length
        ? { signatures: model.signatures.map((s) => ({ key: s.key, subgraph: s.subgraph, inputs: s.inputs.map((i) => i.name), outputs: s.outputs.map((o) => o.name) })) }
        : {}),
    },
    summary: {
      nodes: graph.nodes.length,
      nodesAllGraphs: model.graphs.reduce((sum, g) => sum + g.nodes.length, 0),
      tensors: graph.tensors.size,
      params,
      weightBytes,
      macs: extras.costs ? extras.costs.totals.macs : null,
      flops: extras.costs ? extras.costs.totals.flops : null,
      unknownCostNodes: extras.costs ? extras.costs.totals.unknownNodes.length : graph.nodes.length,
      opHistogram,
      ...(primary ? (({ target: _t, errors: _e, warnings: _w, weightBytes, ...rest }) => ({ ...rest, deployedWeightBytes: weightBytes }))(targetSummary(primary)) : {}),
    },
    order: [...graph.order],
    ...(primary && lowering && deployedGraph ? {
      target: describeTarget(primary),
      partitions: originalPartitions(primary, graph.order, deployedPartitionOf),
      deployed: deployedSection(primary, deployedGraph, lists, reportReasons, reportAttributes, deployedPartitionOf),
      ...(primary.whatIf ? { whatIf: whatIfSection(primary.whatIf) } : {}),
      memory: {
        timeline: {
          order: primary.timeline.order, liveBytes: primary.timeline.liveBytes, peakBytes: primary.timeline.peakBytes,
          peakStep: primary.timeline.peakStep, peakTensors: primary.timeline.peakTensors,
        },
        arena: {
          bytes: primary.arena.arenaBytes, alignment: primary.arena.alignment,
          buffers: primary.arena.buffers.map((b) => ({ tensor: b.tensor, offset: b.offset, bytes: b.alignedBytes, first: b.first, last: b.last })),
        },
        reordering: primary.reordering,
      },
    } : {}),
    ...((extras.targets?.length ?? 0) > 1 ? { comparison: extras.targets!.map(targetSummary) } : {}),
    nodes,
    tensors,
    diagnostics,
  };
}
