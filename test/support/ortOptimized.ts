// ONNX Runtime's own optimized graph of a model, as the oracle for the ORT lowering: a child
// process (ORT never runs in the test runner's process) creates a CPU session at the given level
// with optimizedModelFilePath set, and the saved model is read back with the project's reader.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Graph } from '../../src/core/ir/model';
import { readModelFile } from '../../src/core/readModel';
import { repoRoot } from './sharedModels';

const SCRIPT = `
const ort = require(process.argv[1]);
ort.InferenceSession.create(process.argv[2], { graphOptimizationLevel: process.argv[3], optimizedModelFilePath: process.argv[4], executionProviders: ['cpu'] })
  .then(() => process.exit(0), (e) => { console.error(String(e)); process.exit(1); });
`;

export function ortOptimizedGraph(file: string, level: 'basic' | 'extended'): Graph {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ortopt-'));
  try {
    const out = path.join(dir, 'optimized.onnx');
    const ortModule = path.join(repoRoot(), 'node_modules', 'onnxruntime-node');
    const r = spawnSync(process.execPath, ['-e', SCRIPT, ortModule, file, level, out], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`ONNX Runtime could not optimize ${file}: ${r.stderr || r.error?.message}`);
    return readModelFile(out).model.graphs[0]!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
