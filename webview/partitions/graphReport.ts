// The report the partition page draws its first screen from, before the node table arrives: its
// nodes and tensors rebuilt from the partition graph (src/core/report/partitionGraph.ts) with the
// fields that screen reads — name, op, inputs, outputs, support, the violated reasons' messages of
// unsupported nodes, tensor bytes. Everything layoutModel.ts computes from it (partitions, flags,
// data edges, collapsed chains, layout, labels, search) is what it computes from the full report
// (test/partitions-first-paint.test.ts); the details pane waits for the full node table.

import type { PartitionGraph, Report, ReportNode } from '../shared/protocol';

/** The report with nodes (and, if it has none yet, tensors) from its partition graph; undefined without one. */
export function graphReport(report: Report): Report | undefined {
  const g = (report as Report & { partitionGraph?: PartitionGraph }).partitionGraph;
  if (!g || g.v !== 1) return undefined;
  const tensorName = (i: number) => (i < 0 ? '' : g.tensors[i]!);
  const nodes: ReportNode[] = g.names.map((name, index) => {
    const node = { index, name, op: g.ops[g.op[index]!]!, inputs: g.inputs[index]!.map(tensorName), outputs: g.outputs[index]!.map(tensorName) } as ReportNode;
    const support = g.support[index]!;
    if (support >= 0) node.support = g.supports[support] as ReportNode['support'];
    return node;
  });
  for (const [v, ...messages] of g.violated) {
    nodes[v!]!.reasons = messages.map((m) => ({ kind: 'violated', outcome: 'violated' as const, message: g.messages[m]! }));
  }
  let tensors = report.tensors;
  if (!tensors) {
    // As the report's: no prototype (a tensor may be named `constructor`).
    tensors = Object.create(null) as Report['tensors'];
    g.tensors.forEach((t, i) => { tensors[t] = { bytes: g.bytes[i]! } as Report['tensors'][string]; });
  }
  return { ...report, nodes, tensors };
}
