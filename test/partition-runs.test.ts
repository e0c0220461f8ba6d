// The text view's outline lists a partition's stretches of lines, not every op again
// (src/extension/modelText/partitionRuns.ts): each stretch must hold exactly the partition's ops
// between its first and last line, and two stretches of one partition must be split by another
// partition's op — otherwise the outline would send the user to lines of ops the partition lacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { readModelFile } from '../src/core/readModel';
import { nodeLines } from '../src/core/report/modelText';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { partitionRuns } from '../src/extension/modelText/partitionRuns';
import { writeSmallDecoder } from './support/transformerDecoder';

test('a folded constant\'s line between two ops does not split a stretch; another partition\'s op does', () => {
  // Lines: 10 P0, 11 folded (no partition), 12 P0, 13 P1, 14 P0; node i is on line 10 + i.
  const lines = new Map([0, 1, 2, 3, 4].map((n) => [n, 10 + n]));
  const runs = partitionRuns([{ id: 0, nodes: [4, 0, 2] }, { id: 1, nodes: [3] }], lines);
  assert.deepEqual(runs.get(0), [
    { first: 10, last: 12, firstNode: 0, lastNode: 2, ops: 2 },
    { first: 14, last: 14, firstNode: 4, lastNode: 4, ops: 1 },
  ]);
  assert.deepEqual(runs.get(1), [{ first: 13, last: 13, firstNode: 3, lastNode: 3, ops: 1 }]);
});

test('a partition without lines (an empty one, or nodes the text does not show) has no stretches', () => {
  const runs = partitionRuns([{ id: 0, nodes: [] }, { id: 1, nodes: [7] }], new Map([[0, 8]]));
  assert.deepEqual(runs.get(0), []);
  assert.deepEqual(runs.get(1), []);
});

test('on a decoder\'s real partitions (one whole-graph partition, a few, and hundreds), the stretches hold each partition\'s ops exactly', () => {
  const model = readModelFile(writeSmallDecoder('partition-runs')).model;
  const prepared = prepareModel(model);
  const seen = new Set<number>();
  let split = 0;
  for (const id of ['tflm-cortex-m7', 'tflite-nnapi', 'ort-coreml', 'tensorrt-jetson-orin-nano']) {
    const { report } = reportFor(prepared, [getBuiltinTarget(id)!], { weightPhase: false });
    const lines = nodeLines(report);
    const partitionAt = new Map<number, number>();
    for (const p of report.partitions ?? []) for (const n of p.nodes) partitionAt.set(lines.get(n)!, p.id);
    const runs = partitionRuns(report.partitions ?? [], lines);
    seen.add(Math.min(report.partitions!.length, 3));
    for (const p of report.partitions ?? []) {
      const own = runs.get(p.id)!;
      if (own.length > 1) split++;
      assert.equal(own.reduce((a, r) => a + r.ops, 0), p.nodes.length, `${id} partition ${p.id}: every op in one stretch`);
      own.forEach((r, i) => {
        assert.equal(partitionAt.get(r.first), p.id);
        assert.equal(lines.get(r.firstNode), r.first);
        assert.equal(lines.get(r.lastNode), r.last);
        let ops = 0;
        for (let l = r.first; l <= r.last; l++) {
          const at = partitionAt.get(l);
          assert.ok(at === undefined || at === p.id, `${id} partition ${p.id}: line ${l} of partition ${at} inside its stretch ${r.first}-${r.last}`);
          if (at === p.id) ops++;
        }
        assert.equal(ops, r.ops);
        const next = own[i + 1];
        if (next) {
          let other = false;
          for (let l = r.last + 1; l < next.first; l++) other ||= partitionAt.has(l) && partitionAt.get(l) !== p.id;
          assert.ok(other, `${id} partition ${p.id}: stretches ${r.first}-${r.last} and ${next.first}-${next.last} are not split by another partition`);
        }
      });
    }
  }
  assert.deepEqual([...seen].sort(), [1, 3], 'the targets gave one partition and several');
  assert.ok(split > 0, 'some partition is split by another');
});
