// The JSON report: DeployLens's stable, documented contract (docs/report-format.md,
// schemas/report.schema.json). Later analyses add fields; existing fields keep their meaning.

import type { Diagnostic } from '../ir/diagnostic';
import type { Dim, ModelFormat } from '../ir/model';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportTensorRef {
  name: string;
  /** Dims as numbers or symbolic names; null when the rank is unknown. */
  shape: Dim[] | null;
  dtype: string;
}

export interface ReportNode {
  index: number;
  name: string;
  op: string;
  domain: string;
  canonicalOp: string;
  opVersion?: number;
  inputs: string[];
  outputs: string[];
  /** Indices into `model.graphs` of subgraphs this node runs (If/Loop/Scan bodies, TFLite IF/WHILE). */
  subgraphs?: number[];
  customCode?: string;
}

export interface ReportTensor {
  shape: Dim[] | null;
  dtype: string;
  /** Bytes of one instance of the tensor (elements x element size); null when the shape or size is unknown. */
  bytes: number | null;
  constant: boolean;
  quantization?: { scale: number[]; zeroPoint: number[]; axis?: number };
}

export interface ReportDiagnostic extends Diagnostic {
  /** Name of the node, when `node` is set, so readers of the report need not look it up. */
  nodeName?: string;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  model: {
    path: string;
    format: ModelFormat;
    fileBytes: number;
    producer: string;
    irVersion: number;
    opsets: Record<string, number>;
    inputs: ReportTensorRef[];
    outputs: ReportTensorRef[];
    graphs: { index: number; name: string; nodes: number; parent?: { graph: number; node: number; attribute: string } }[];
    signatures?: { key: string; subgraph: number; inputs: string[]; outputs: string[] }[];
  };
  summary: {
    /** Nodes in the main graph. */
    nodes: number;
    /** Nodes in all graphs (main graph, control-flow bodies, functions, TFLite subgraphs). */
    nodesAllGraphs: number;
    tensors: number;
    /** Elements of the main graph's stored constants (initializers / TFLite buffers), each counted once. */
    params: number;
    /** Bytes of those constants as stored. */
    weightBytes: number;
    /** Multiply-accumulates per inference; null until the cost model knows every node (see docs/cost-model.md). */
    macs: number | null;
    opHistogram: Record<string, number>;
  };
  nodes: ReportNode[];
  tensors: Record<string, ReportTensor>;
  diagnostics: ReportDiagnostic[];
}
