// Turns a read (and later, analyzed) model into the JSON report contract.

import { dtypeBytes } from '../ir/dtype';
import type { Diagnostic } from '../ir/diagnostic';
import type { Graph, Model, Shape, Tensor } from '../ir/model';
import { mainGraph } from '../ir/model';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import type { Report, ReportDiagnostic, ReportNode, ReportTensor, ReportTensorRef } from './report';
import { REPORT_SCHEMA_VERSION } from './report';

/** Number of elements, or null when any dim is symbolic or the rank is unknown. */
export function elementCount(shape: Shape): number | null {
  if (shape === null) return null;
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || d < 0) return null;
    n *= d;
  }
  return n;
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

export interface ReportExtras {
  /** Findings from analyses, added after the reader's own diagnostics. */
  diagnostics?: Diagnostic[];
}

export function buildReport(model: Model, extras: ReportExtras = {}): Report {
  const graph = mainGraph(model);
  let params = 0;
  let weightBytes = 0;
  for (const t of storedConstants(graph)) {
    params += elementCount(t.shape) ?? 0;
    weightBytes += t.dataBytes ?? tensorBytes(t) ?? 0;
  }

  const opHistogram: Record<string, number> = {};
  for (const node of graph.nodes) opHistogram[node.op] = (opHistogram[node.op] ?? 0) + 1;

  const nodes: ReportNode[] = graph.nodes.map((n) => {
    const r: ReportNode = {
      index: n.index, name: n.name, op: n.op, domain: n.domain, canonicalOp: n.canonicalOp,
      inputs: n.inputs, outputs: n.outputs,
    };
    if (n.opVersion !== undefined) r.opVersion = n.opVersion;
    if (n.subgraphs.length) r.subgraphs = n.subgraphs;
    if (n.customCode !== undefined) r.customCode = n.customCode;
    return r;
  });

  const tensors: Record<string, ReportTensor> = {};
  for (const t of graph.tensors.values()) {
    const r: ReportTensor = { shape: t.shape, dtype: t.dtype, bytes: tensorBytes(t), constant: t.constant };
    if (t.quantization) {
      r.quantization = { scale: t.quantization.scale, zeroPoint: t.quantization.zeroPoint };
      if (t.quantization.axis !== undefined) r.quantization.axis = t.quantization.axis;
    }
    tensors[t.name] = r;
  }

  const diagnostics: ReportDiagnostic[] = [...model.diagnostics, ...(extras.diagnostics ?? [])].map((d) => {
    const nodeName = d.node !== undefined && (d.graph ?? 0) === 0 ? graph.nodes[d.node]?.name : undefined;
    return nodeName !== undefined ? { ...d, nodeName } : { ...d };
  });

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
      macs: null,
      opHistogram,
    },
    nodes,
    tensors,
    diagnostics,
  };
}
