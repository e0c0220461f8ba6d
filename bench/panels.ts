// `npm run bench` (panels): what the Delegate Partition Preview costs on a 1,000-node model before
// the first paint: the partition model, the data edges, chain collapsing and the dagre layout, with
// chains collapsed (the default view) and fully expanded (the worst case). Not a test: numbers vary
// by machine; test/partitions-layout.test.ts holds the budget.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeModel, prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
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
    // Expanded: no chains and no groups (every node its own box).
    const items = mode === 'collapsed' ? collapseChains(report, graph, model, null, new Set()) : collapseChains(report, graph, model, null, new Set(), Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    const laid = layoutItems(dagre, items, graph);
    times.push(performance.now() - t0);
    boxes = laid.items.length;
    edges = laid.edges.length;
  }
  console.log(`partitions panel, ${report.nodes.length}-node model on ${target.id}, chains ${mode}: ${boxes} boxes, ${edges} edges, layout ${median(times).toFixed(0)} ms (median of ${RUNS})`);
}

// The 10,000-node decoder (npm run bench writes it to out/bench-models): the layout stays bounded
// (chains collapsed, then groups beyond MAX_BOXES boxes), on the partitioning target bench:host opens it on.
const decoderFile = path.join(__dirname, '..', '..', 'out', 'bench-models', 'decoder', 'decoder_48l_kv.onnx');
if (fs.existsSync(decoderFile)) {
  const coral = getBuiltinTarget('coral-edgetpu')!;
  const big = reportFor(prepareModel(readModelFile(decoderFile).model), [coral], { weightPhase: false }).report;
  const times: number[] = [];
  let boxes = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const model = partitionsModel(big);
    const graph = dataGraph(big);
    const items = collapseChains(big, graph, model, null, new Set());
    boxes = layoutItems(dagre, items, graph).items.length;
    times.push(performance.now() - t0);
  }
  console.log(`partitions panel, ${big.nodes.length}-node decoder on ${coral.id}, bounded layout: ${boxes} boxes, layout ${median(times).toFixed(0)} ms (median of 3)`);
} else console.log('partitions panel: no out/bench-models/decoder (the scale part of npm run bench writes it): decoder layout not measured');
