// Turns a read (and later, analyzed) model into the JSON report contract.

import { dtypeBytes } from '../ir/dtype';
import type { Diagnostic } from '../ir/diagnostic';
import type { AttributeValue, Graph, Model, Shape, Tensor } from '../ir/model';
import { mainGraph } from '../ir/model';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import type { CostReport } from '../cost/types';
import type { TargetAnalysis } from '../analysis/targetAnalysis';
import type { Report, ReportAttribute, ReportDiagnostic, ReportNode, ReportTarget, ReportTensor, ReportTensorRef, TargetSummary } from './report';
import { REPORT_SCHEMA_VERSION } from './report';
import { dictionary } from '../util/lookup';

/** Number of elements, or null when any dim is symbolic or the rank is unknown. */
export function elementCount(shape: Shape): number | null {
  if (shape === null) return null;
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || d < 0) return null;
    n *= d;
  }
  // Past 2^53 a count is no longer exact: unknown, not a rounded astronomical number.
  return Number.isSafeInteger(n) ? n : null;
}

export function tensorBytes(t: Tensor): number | null {
  const n = elementCount(t.shape);
  return n === null ? null : dtypeBytes(t.dtype, n);
}

/** Stored constants of a graph that no node produces: ONNX initializers, TFLite buffers. */
export function storedConstants(graph: Graph): Tensor[] {
  return [...graph.tensors.values()].filter((t) => t.constant && t.producer === null);
}

function tensorRef(graph: Graph, name: string): ReportTensorRef {
  const t = graph.tensors.get(name);
  return { name, shape: t?.shape ?? null, dtype: t?.dtype ?? 'unknown' };
}

function reportAttributes(attributes: Record<string, AttributeValue>): Record<string, ReportAttribute> {
  const out = dictionary<ReportAttribute>();
  for (const [key, a] of Object.entries(attributes)) {
    switch (a.type) {
      case 'int': case 'string': case 'ints': case 'strings':
        out[key] = a.value;
        break;
      // JSON has no Infinity or NaN: such values are kept as text.
      case 'float':
        out[key] = Number.isFinite(a.value) ? a.value : String(a.value);
        break;
      case 'floats':
        out[key] = a.value.every(Number.isFinite) ? a.value : a.value.map(String);
        break;
      case 'tensor':
        out[key] = `tensor ${a.value.dtype}[${a.value.dims.join(',')}]`;
        break;
      case 'tensors':
        out[key] = `${a.value.length} tensors`;
        break;
      case 'graph':
        out[key] = `graph ${a.graph}`;
        break;
      case 'graphs':
        out[key] = `graphs ${a.graphs.join(',')}`;
        break;
      case 'other':
        out[key] = a.kind;
        break;
    }
  }
  return out;
}

export interface ReportExtras {
  /** Target-independent findings (shape inference, ...), added after the reader's own diagnostics. */
  diagnostics?: Diagnostic[];
  costs?: CostReport;
  /** One per target; the first is the report's target, all appear in `comparison` when more than one. */
  targets?: TargetAnalysis[];
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

export function targetSummary(a: TargetAnalysis): TargetSummary {
  return {
    target: a.target.id,
    verdict: a.verdict,
    activationPeakBytes: a.timeline.peakBytes,
    arenaBytes: a.arena.arenaBytes,
    partitions: a.partition.partitions.length,
    delegatedNodes: a.partition.delegatedNodes,
    fallbackNodes: a.partition.fallbackNodes,
    latencyMs: a.latency.unknownNodes.length === a.latency.nodes.length && a.latency.nodes.length > 0 ? null : Math.round(a.latency.totalMs * 1000) / 1000,
    errors: a.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: a.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

export function buildReport(model: Model, extras: ReportExtras = {}): Report {
  const graph = mainGraph(model);
  let params = 0;
  let weightBytes = 0;
  for (const t of storedConstants(graph)) {
    params += elementCount(t.shape) ?? 0;
    weightBytes += t.dataBytes ?? tensorBytes(t) ?? 0;
  }

  // Keyed by op and tensor names from the file: records without a prototype (an op named `constructor`).
  const opHistogram = dictionary<number>();
  for (const node of graph.nodes) opHistogram[node.op] = (opHistogram[node.op] ?? 0) + 1;

  const primary = extras.targets?.[0];
  const partitionOf = new Map<number, number>();
  for (const p of primary?.partition.partitions ?? []) for (const v of p.nodes) partitionOf.set(v, p.id);
  const nodes: ReportNode[] = graph.nodes.map((n) => {
    const c = extras.costs?.nodes[n.index];
    const r: ReportNode = {
      index: n.index, name: n.name, op: n.op, domain: n.domain, canonicalOp: n.canonicalOp,
      inputs: n.inputs, outputs: n.outputs, attributes: reportAttributes(n.attributes),
      macs: c?.macs ?? null, flops: c?.flops ?? null, paramBytes: c?.paramBytes ?? null, activationBytes: c?.activationBytes ?? null,
    };
    if (n.opVersion !== undefined) r.opVersion = n.opVersion;
    if (n.subgraphs.length) r.subgraphs = n.subgraphs;
    if (n.customCode !== undefined) r.customCode = n.customCode;
    if (primary) {
      const s = primary.supports[n.index];
      if (s) {
        r.support = s.status;
        r.reasons = s.reasons.map((x) => ({ kind: x.kind, outcome: x.outcome, message: x.message, ...(x.constraint ? { constraint: x.constraint } : {}), ...(x.source ? { source: x.source } : {}) }));
      }
      const p = partitionOf.get(n.index);
      if (p !== undefined) r.partition = p;
      r.device = primary.partition.deviceOf[n.index] ?? 'cpu';
      r.workingSetBytes = primary.workingSets[n.index]?.bytes ?? null;
      r.latencyUs = primary.latency.nodes[n.index]?.us ?? null;
      r.bound = primary.latency.nodes[n.index]?.bound ?? null;
    }
    return r;
  });

  const tensors = dictionary<ReportTensor>();
  for (const t of graph.tensors.values()) {
    const r: ReportTensor = { shape: t.shape, dtype: t.dtype, bytes: tensorBytes(t), constant: t.constant };
    if (t.quantization) {
      r.quantization = { scale: t.quantization.scale, zeroPoint: t.quantization.zeroPoint };
      if (t.quantization.axis !== undefined) r.quantization.axis = t.quantization.axis;
    }
    tensors[t.name] = r;
  }

  const named = (d: Diagnostic, target?: string): ReportDiagnostic => {
    const nodeName = d.node !== undefined && (d.graph ?? 0) === 0 ? graph.nodes[d.node]?.name : undefined;
    const r: ReportDiagnostic = { ...d };
    if (nodeName !== undefined) r.nodeName = nodeName;
    if (target !== undefined) r.target = target;
    // Analyses attach their reasons for the editor; the report already carries them per node.
    delete (r as { reasons?: unknown }).reasons;
    return r;
  };
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
      ...(primary ? (({ target: _t, errors: _e, warnings: _w, ...rest }) => rest)(targetSummary(primary)) : {}),
    },
    ...(primary ? {
      target: describeTarget(primary),
      partitions: primary.partition.partitions.map((p) => ({ ...p })),
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
