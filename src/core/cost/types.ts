// Per-node and per-model cost figures. Definitions (what counts as a MAC, a FLOP, a parameter
// byte) are in docs/cost-model.md. `null` always means "not known" (unknown shape or an op
// without a cost formula), never zero.

export interface NodeCost {
  /** Multiply-accumulates (one multiply + one add = 1 MAC), as torchvision/fvcore count them. */
  macs: number | null;
  /** Other arithmetic: bias adds, activations, normalization, pooling, elementwise (1 per element op). */
  flops: number | null;
  /** Bytes of constant inputs: weights, biases, quantization parameters. */
  paramBytes: number | null;
  /** Bytes of non-constant inputs. */
  inputBytes: number | null;
  /** Bytes of outputs. */
  outputBytes: number | null;
  /** inputBytes + outputBytes: run-time tensors the node reads and writes. */
  activationBytes: number | null;
  /**
   * Bytes the kernel reads and writes: paramBytes + activationBytes, except for ops that select part
   * of their data input (Gather, Slice, …), which read only the elements they output (docs/cost-model.md).
   * Null when a size it needs is unknown.
   */
  movedBytes: number | null;
  /** (2 x macs + flops) / movedBytes: ops per byte moved. */
  arithmeticIntensity: number | null;
}

export interface CostTotals {
  /** Sums over nodes whose figure is known. */
  macs: number;
  flops: number;
  paramBytes: number;
  activationBytes: number;
  /** Distinct constant bytes the graph reads (a weight shared by two nodes counted once). */
  weightBytes: number;
  /** Nodes (indices into graph.nodes) whose MACs/FLOPs are unknown: the sums above leave them out. */
  unknownNodes: number[];
}

export interface CostReport {
  graph: number;
  /** Indexed like graph.nodes. */
  nodes: NodeCost[];
  totals: CostTotals;
}
