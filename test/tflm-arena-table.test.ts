// The arena table: for every TFLite model the tests have (TFLM's keyword model, ../shared, the
// generated ones), TFLM's own figures in both kernel variants — head (non-persistent), tail
// (persistent), arena_used_bytes, and the smallest arena that allocates — beside DeployLens's
// current planner figure (report summary.arenaBytes on tflm-cortex-m7). It prints the table; the
// planner is not changed here (that is the next step: see docs/tflm-runtime.md).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../src/core/analyze';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { TFLM_KERNELS } from '../src/processes/tflm/wasmModule';
import { generatedTflmModels } from './fixtures/tflmModels';
import { keywordScrambled, sharedTfliteModels, tflmEngine } from './support/tflm';

function plannerArena(file: string): number | string {
  try {
    const target = getBuiltinTarget('tflm-cortex-m7')!;
    return analyzeFile(file, { targets: [target] }).report.summary.arenaBytes ?? 'n/a';
  } catch (e) {
    return `error: ${(e as Error).message.split('\n')[0]}`;
  }
}

test('arena table: TFLM head/tail/minimum vs DeployLens planner, every TFLite model', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-table-'));
  try {
    const models: { name: string; file: string; mustAllocate: boolean }[] = [];
    const keyword = path.join(tmp, 'keyword_scrambled.tflite');
    fs.writeFileSync(keyword, keywordScrambled());
    models.push({ name: 'tflm/keyword_scrambled', file: keyword, mustAllocate: true });
    const shared = sharedTfliteModels();
    if (!shared) t.diagnostic('../shared/models not present: table without the shared models');
    for (const [name, file] of shared ?? []) models.push({ name, file, mustAllocate: false });
    for (const g of generatedTflmModels()) {
      const file = path.join(tmp, `${path.basename(g.name)}.tflite`);
      fs.writeFileSync(file, g.bytes);
      models.push({ name: g.name, file, mustAllocate: true });
    }

    const header = ['model', 'kernels', 'TFLM head', 'TFLM tail', 'used', 'min arena', 'DeployLens planner', 'planner/head'];
    const rows: string[][] = [];
    for (const m of models) {
      const bytes = fs.readFileSync(m.file);
      const planner = plannerArena(m.file);
      for (const kernels of TFLM_KERNELS) {
        const engine = await tflmEngine(kernels);
        const r = await engine.measureArena(bytes);
        if (!r.ok) {
          assert.ok(!m.mustAllocate, `${m.name} (${kernels}): ${r.error.message}`);
          rows.push([m.name, kernels, `TFLM refuses: ${r.error.message.slice(0, 90)}`, '', '', '', String(planner), '']);
          continue;
        }
        const v = r.value;
        assert.ok(v.headBytes >= 0 && v.tailBytes > 0, m.name);
        assert.ok(v.usedBytes > v.headBytes + v.tailBytes, `${m.name} (${kernels})`);
        assert.ok(v.minimumArenaBytes >= v.usedBytes, `${m.name} (${kernels})`);
        const ratio = typeof planner === 'number' && v.headBytes > 0 ? (planner / v.headBytes).toFixed(2) : '';
        rows.push([m.name, kernels, String(v.headBytes), String(v.tailBytes), String(v.usedBytes), String(v.minimumArenaBytes), String(planner), ratio]);
      }
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ');
    t.diagnostic(line(header));
    for (const r of rows) t.diagnostic(line(r));
    assert.ok(rows.length >= 2 * 4);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
