// The deployed graph of a report, shaped as a report: the text view, the partition panel and the
// memory panel render it with the same code they use for the exported graph. Its nodes are the
// deployed ops (named by their anchor, `covers` listing what they run); its partitions and memory
// are the target's own figures, which already refer to these ops.

import type { Report } from './protocol';

/** The deployed ops as a Report, or null when the report has no target. */
export function deployedView(report: Report): Report | null {
  const d = report.deployed;
  if (!d) return null;
  const opHistogram: Record<string, number> = {};
  for (const n of d.nodes) opHistogram[n.op] = (opHistogram[n.op] ?? 0) + 1;
  return {
    ...report,
    summary: { ...report.summary, nodes: d.nodes.length, tensors: Object.keys(d.tensors).length, opHistogram },
    nodes: d.nodes,
    tensors: d.tensors,
    partitions: d.partitions,
    order: d.order,
    // Findings name original nodes; on the deployed view each points at the op that runs its node.
    diagnostics: report.diagnostics.map((x) => {
      if (x.node === undefined || (x.graph ?? 0) !== 0) return x;
      const into = report.nodes[x.node]?.fate?.into;
      const { node: _node, ...rest } = x;
      return into === undefined ? rest : { ...rest, node: into };
    }),
  };
}

/** "Conv + Relu" / "Conv + BatchNormalization + Relu": a deployed op named by the original ops it covers. */
export function coversLabel(report: Report, deployedIndex: number): string {
  const n = report.deployed?.nodes[deployedIndex];
  if (!n) return '';
  const ops = (n.covers ?? []).map((v) => report.nodes[v]?.op).filter((op): op is string => !!op && op !== 'QuantizeLinear' && op !== 'DequantizeLinear');
  return ops.length > 1 ? ops.join(' + ') : '';
}
