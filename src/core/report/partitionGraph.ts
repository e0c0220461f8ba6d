// What the Delegate Partition Preview's first screen (collapsed graph, execution-order strip,
// legend) reads of a report's node table and tensors, in a compact form the analysis worker builds
// when it packs the report (packedReport.ts) and the host sends the partition page ahead of
// everything else. The full node table of the 10,189-node decoder is 9.4 MB of JSON, its findings
// 4.7 MB — the page waited ~1 s for them to cross the window before it could draw; this is ~1 MB.
//
// Per node: name, op, inputs and outputs (data edges), support on the target, and for an
// unsupported or constraint-violated node the messages of its violated reasons (what flags it).
// Per tensor a node reads or writes: its bytes (edge labels). Strings that repeat (ops, tensor
// names, reasons) are listed once. The page turns it back into report nodes and tensors with these
// fields only (webview/partitions/graphReport.ts); the full table follows for the details pane.
// Pure TypeScript.

import type { Report } from './report';

/** Its part key (webview/shared/protocol.ts ReportPartMessage); no report section: sent only to a page that asks for it. */
export const PARTITION_GRAPH_KEY = 'partitionGraph';

export interface PartitionGraph {
  v: 1;
  /** Names of the tensors the nodes read or write, and their bytes (null: unknown, or no record in report.tensors). */
  tensors: string[];
  bytes: (number | null)[];
  /** Distinct op types. */
  ops: string[];
  /** Per node, in report.nodes order: its name, op (index into `ops`), inputs and outputs (indices into `tensors`, -1: an empty slot ''). */
  names: string[];
  op: number[];
  inputs: number[][];
  outputs: number[][];
  /** Distinct support values; per node an index into them (-1: no support, no target). */
  supports: string[];
  support: number[];
  /** Distinct reason messages; per unsupported or constraint-violated node with violated reasons: [node, message, message, …]. */
  messages: string[];
  violated: number[][];
}

/** Indices of distinct strings, in order of first use. */
class Table {
  readonly list: string[] = [];
  private readonly at = new Map<string, number>();

  of(s: string): number {
    let i = this.at.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.at.set(s, i);
    }
    return i;
  }
}

/**
 * The partition graph of a report. Undefined when the node table does not list node i at index i
 * (the page then draws from the node table itself).
 */
export function partitionGraphOf(report: Report): PartitionGraph | undefined {
  const tensors = new Table();
  const ops = new Table();
  const supports = new Table();
  const messages = new Table();
  const g: PartitionGraph = { v: 1, tensors: tensors.list, bytes: [], ops: ops.list, names: [], op: [], inputs: [], outputs: [], supports: supports.list, support: [], messages: messages.list, violated: [] };
  const tensor = (t: string) => (t ? tensors.of(t) : -1);
  // Indexed loops, no filtered copies: 4,600 of the decoder's nodes are flagged, each with a dozen reasons.
  const nodes = report.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.index !== i) return undefined;
    g.names.push(node.name);
    g.op.push(ops.of(node.op));
    g.inputs.push(node.inputs.map(tensor));
    g.outputs.push(node.outputs.map(tensor));
    g.support.push(node.support === undefined ? -1 : supports.of(node.support));
    if ((node.support === 'unsupported' || node.support === 'constraint-violated') && node.reasons) {
      let violated: number[] | undefined;
      for (const r of node.reasons) if (r.outcome === 'violated') (violated ??= [i]).push(messages.of(r.message));
      if (violated) g.violated.push(violated);
    }
  }
  for (const t of tensors.list) {
    const b = report.tensors[t]?.bytes;
    g.bytes.push(b === undefined ? null : b);
  }
  return g;
}
