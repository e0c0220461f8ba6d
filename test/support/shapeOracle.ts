// Runs tools/shape-oracle/onnx_shapes.py (ONNX's own shape inference) under Debian's
// /usr/bin/python3, the only interpreter here with the onnx package. Tests skip when it is missing.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './sharedModels';

export type OracleDim = number | string | null;
export interface OracleTensor { dtype: string; shape: OracleDim[] | null }

const PYTHON = '/usr/bin/python3';

/** Null when the oracle can run, else the reason it cannot (for t.skip). */
export function oracleUnavailable(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import onnx.shape_inference'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0 ? null : `${PYTHON} has no onnx package (apt install python3-onnx)`;
}

export function oracleShapes(modelPath: string): Record<string, OracleTensor> {
  const script = path.join(repoRoot(), 'tools', 'shape-oracle', 'onnx_shapes.py');
  const r = spawnSync(PYTHON, [script, modelPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`oracle failed on ${modelPath}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, OracleTensor>;
}
