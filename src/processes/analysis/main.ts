// Runs the core engine off the extension host thread: reading and analyzing a large model must
// never freeze the editor. Prepared models (read + shapes + costs) are kept for a few files, keyed
// by the file's identity, so a change of target re-runs only the target-dependent analyses.

import * as fs from 'node:fs';
import type { PreparedModel } from '../../core/analyze';
import { prepareModel, reportFor } from '../../core/analyze';
import { analyzeForTarget, originalSupports } from '../../core/analysis/targetAnalysis';
import { ModelReadError } from '../../core/ir/errors';
import type * as ScriptSupport from './scripts';
import { readModelFile } from '../../core/readModel';
import { RemoteError, serve } from '../rpc/server';
import type { AnalysisMethods, AnalyzeRequest, ScriptRequest, SupportMatrixRequest, SupportRow } from './protocol';
import { isAnalysisParams, READ_ERROR } from './protocol';

const CACHE_SIZE = 8;
const prepared = new Map<string, { model: PreparedModel; bytesRead: number }>();

function prepare(file: string, label: string, dims: Record<string, number>): { model: PreparedModel; bytesRead: number } {
  const stat = fs.statSync(file);
  const key = `${file}\n${label}\n${stat.mtimeMs}\n${stat.size}\n${JSON.stringify(dims)}`;
  const hit = prepared.get(key);
  if (hit) {
    prepared.delete(key);
    prepared.set(key, hit); // most recently used last
    return { model: hit.model, bytesRead: 0 };
  }
  const { model, bytesRead } = readModelFile(file, label);
  const entry = { model: prepareModel(model, { dims }), bytesRead };
  prepared.set(key, entry);
  while (prepared.size > CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
  return entry;
}

function analyze(request: AnalyzeRequest): AnalysisMethods['analyze']['result'] {
  const started = performance.now();
  const { model, bytesRead } = prepare(request.file, request.label ?? request.file, request.dims);
  const { report } = reportFor(model, request.targets);
  return { report, bytesRead, millis: performance.now() - started };
}

function supportMatrix(request: SupportMatrixRequest): AnalysisMethods['supportMatrix']['result'] {
  const started = performance.now();
  const { model } = prepare(request.file, request.label ?? request.file, request.dims);
  const rows: SupportRow[] = request.targets.map((target) => {
    const a = analyzeForTarget(model, target);
    const supports = originalSupports(a);
    return {
      target: target.id, name: target.name, verdict: a.verdict,
      support: supports.map((s) => s.status),
      reason: supports.map((s) => s.reasons.find((r) => r.outcome === 'violated')?.message ?? null),
    };
  });
  return { rows, millis: performance.now() - started };
}

/** The Python parser loads with the first script (its own bundle: scripts.ts). */
function scriptSupport(): typeof ScriptSupport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./scripts') as typeof ScriptSupport;
}

function script(request: ScriptRequest): AnalysisMethods['script']['result'] {
  const started = performance.now();
  const analysis = scriptSupport().analyzeScript(request.text, { file: request.file, target: request.target, ...(request.opset !== undefined ? { opset: request.opset } : {}) });
  return { analysis, millis: performance.now() - started };
}

/** A bad model file is the user's to fix (READ_ERROR: a diagnostic); anything else is a bug, with its stack for the log. */
function guarded<P extends { file: string; label?: string }, R>(run: (request: P) => R): (request: P) => R {
  return (request) => {
    try {
      return run(request);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof ModelReadError) throw new RemoteError(e.message, READ_ERROR);
      if (code === 'ENOENT') throw new RemoteError(`${request.label ?? request.file}: no such file`, READ_ERROR);
      throw new RemoteError(`${request.file}: internal error: ${(e as Error).stack ?? String(e)}`);
    }
  };
}

serve<AnalysisMethods>({
  analyze: guarded(analyze),
  supportMatrix: guarded(supportMatrix),
  script: guarded(script),
}, { validate: isAnalysisParams });
