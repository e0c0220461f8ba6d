// The architecture's one-way data flow (README "Layout"): no import cycle anywhere in src/,
// webview/ or the VS Code runner scripts. A cycle makes modules that can only be read, tested and
// moved together; the fix is usually to move the shared piece down (as ir/tensorSize.ts and
// core/units.ts were). The import boundaries between layers are ESLint rules (eslint.config.mjs).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importCycles, importGraph } from './support/importGraph';
import { repoRoot } from './support/sharedModels';

test('no import cycle in src/, webview/ or scripts/ (type-only imports included)', () => {
  const graph = importGraph(repoRoot(), ['src', 'webview', 'scripts']);
  assert.ok(graph.size > 150, `read only ${graph.size} modules`);
  // The check reads what it should: the report builds on the analyses and the IR's sizes.
  assert.ok(graph.get('src/core/report/buildReport.ts')?.includes('src/core/analysis/targetAnalysis.ts'));
  assert.ok(graph.get('src/core/analysis/memory.ts')?.includes('src/core/ir/tensorSize.ts'));
  const cycles = importCycles(graph);
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.map((c) => `  ${c.join(' ↔ ')}`).join('\n')}`);
});

test('the cycle finder finds a cycle through type-only imports and a self-import', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts', 'd.ts']], ['d.ts', []], ['e.ts', ['e.ts']], ['f.ts', ['d.ts']],
  ]);
  assert.deepEqual(importCycles(graph), [['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
});
