// DeployLens's Ethos-U placement of single-op int8 models at the edges of Vela 3.10's constraints,
// each expectation citing the Vela line it follows (test/fixtures/velaEdgeCases.ts). The same
// models run through Vela itself in oracle-vela.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { velaEdgeCases } from './fixtures/velaEdgeCases';
import { ethosPlacement } from './support/ethosPlacement';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-edges-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const c of velaEdgeCases()) {
  test(`Ethos-U: ${c.id} → ${c.expected} (ethos-u-vela@a6f65663db ${c.cite})`, () => {
    const file = path.join(tmp, `${c.id}.tflite`);
    fs.writeFileSync(file, c.model);
    const p = ethosPlacement(file);
    assert.equal(p.ops.length, 1);
    assert.equal(p.ops[0]!.op, c.op);
    assert.equal(p.device[0], c.expected, `DeployLens says ${p.device[0]}: ${p.why[0]}`);
  });
}
