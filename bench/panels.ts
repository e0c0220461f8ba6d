// `npm run bench` (panels): what the Delegate Partition Preview costs on a 1,000-node model before
// the first paint: the partition model, the data edges, chain collapsing and the dagre layout, with
// chains collapsed (the default view) and fully expanded (the worst case). Not a test: numbers vary
// by machine; test/partitions-layout.test.ts holds the budget.

import { analyzeModel } from '../src/core/analyze';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { readBytes } from '../test/support/onnxFixtures';
import { dagre } from '../test/support/dagre';
import { stackedBlocksModel } from '../test/support/stackedModel';
import { collapseChains, dataGraph, layoutItems, partitionsModel } from '../webview/partitions/layoutModel';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const target = getBuiltinTarget('tflite-gpu')!;
const report = analyzeModel(readBytes(stackedBlocksModel(200)), { targets: [target] });

for (const mode of ['collapsed', 'expanded'] as const) {
  const times: number[] = [];
  let boxes = 0;
  let edges = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const model = partitionsModel(report);
    const graph = dataGraph(report);
    const items = collapseChains(report, graph, model, null, new Set(), mode === 'collapsed' ? undefined : Number.POSITIVE_INFINITY);
    const laid = layoutItems(dagre, items, graph);
    times.push(performance.now() - t0);
    boxes = laid.items.length;
    edges = laid.edges.length;
  }
  console.log(`partitions panel, ${report.nodes.length}-node model on ${target.id}, chains ${mode}: ${boxes} boxes, ${edges} edges, layout ${median(times).toFixed(0)} ms (median of ${RUNS})`);
}
