// Runs the core engine off the extension host thread: reading and analyzing a large model must
// never freeze the editor. Prepared models (read + shapes + costs) are kept for a few files, keyed
// by the file's identity, so a change of target re-runs only the target-dependent analyses.

import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { PreparedModel } from '../core/analyze';
import { prepareModel, reportFor } from '../core/analyze';
import { analyzeForTarget, originalSupports } from '../core/analysis/targetAnalysis';
import { ModelReadError } from '../core/ir/errors';
import { analyzeScript } from '../core/python/analyzeScript';
import { readModelFile } from '../core/readModel';
import type { SupportRow, WorkerRequest, WorkerResponse } from './protocol';
import { isWorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run as a worker thread');

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

function handle(request: WorkerRequest): WorkerResponse {
  const started = performance.now();
  if (request.kind === 'script') {
    const analysis = analyzeScript(request.text, { file: request.file, target: request.target, ...(request.opset !== undefined ? { opset: request.opset } : {}) });
    return { id: request.id, kind: 'script', analysis, millis: performance.now() - started };
  }
  const { model, bytesRead } = prepare(request.file, request.label ?? request.file, request.dims);
  if (request.kind === 'analyze') {
    const { report } = reportFor(model, request.targets);
    return { id: request.id, kind: 'report', report, bytesRead, millis: performance.now() - started };
  }
  const rows: SupportRow[] = request.targets.map((target) => {
    const a = analyzeForTarget(model, target);
    const supports = originalSupports(a);
    return {
      target: target.id, name: target.name, verdict: a.verdict,
      support: supports.map((s) => s.status),
      reason: supports.map((s) => s.reasons.find((r) => r.outcome === 'violated')?.message ?? null),
    };
  });
  return { id: request.id, kind: 'supportMatrix', rows, millis: performance.now() - started };
}

port.on('message', (message: unknown) => {
  if (!isWorkerRequest(message)) return;
  let response: WorkerResponse;
  try {
    response = handle(message);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof ModelReadError) response = { id: message.id, kind: 'error', message: e.message, readError: true };
    else if (code === 'ENOENT') response = { id: message.id, kind: 'error', message: `${message.label ?? message.file}: no such file`, readError: true };
    else response = { id: message.id, kind: 'error', message: `${message.file}: internal error: ${(e as Error).stack ?? String(e)}`, readError: false };
  }
  port.postMessage(response);
});
