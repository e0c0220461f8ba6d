// A partition's place in the text view as stretches of lines, for the outline. Listing every op of
// every partition repeated the whole graph there (its nodes are already listed under their modules):
// on the 10k-node decoder, 5,865 symbols more for one partition that is the whole graph, and VS Code
// converts and sends each symbol on every outline request of the view.

/** Consecutive lines of one partition's ops. */
export interface PartitionRun {
  /** First and last line of the stretch. */
  first: number;
  last: number;
  /** The node on the first and on the last line. */
  firstNode: number;
  lastNode: number;
  /** How many of the partition's ops the stretch holds. */
  ops: number;
}

/**
 * Each partition's stretches, in line order. A stretch ends where an op of another partition's
 * line comes; lines of nodes in no partition (folded constants, elided ops) do not end it, since
 * nothing runs there. Nodes without a line are left out.
 */
export function partitionRuns(partitions: readonly { id: number; nodes: readonly number[] }[], nodeLine: ReadonlyMap<number, number>): Map<number, PartitionRun[]> {
  const entries: { line: number; node: number; partition: number }[] = [];
  for (const p of partitions) {
    for (const node of p.nodes) {
      const line = nodeLine.get(node);
      if (line !== undefined) entries.push({ line, node, partition: p.id });
    }
  }
  entries.sort((a, b) => a.line - b.line);
  const runs = new Map<number, PartitionRun[]>();
  for (const p of partitions) runs.set(p.id, []);
  let open: PartitionRun | undefined;
  let openPartition = -1;
  for (const e of entries) {
    if (open && openPartition === e.partition) {
      open.last = e.line;
      open.lastNode = e.node;
      open.ops++;
      continue;
    }
    open = { first: e.line, last: e.line, firstNode: e.node, lastNode: e.node, ops: 1 };
    openPartition = e.partition;
    runs.get(e.partition)!.push(open);
  }
  return runs;
}
