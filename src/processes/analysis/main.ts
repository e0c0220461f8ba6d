// Runs the core engine off the extension host thread: reading and analyzing a large model must
// never freeze the editor. Prepared models (read + shapes + costs) are kept for a few files, keyed
// by the file's identity, so a change of target re-runs only the target-dependent analyses.

import * as fs from 'node:fs';
import type { PreparedModel } from '../../core/analyze';
import { prepareModel, reportFor, weightFindings } from '../../core/analyze';
import { sparsityScan } from '../../core/analysis/hints/sparsityScan';
import { reportDiagnostic } from '../../core/report/buildReport';
import { packReport } from '../../core/report/packedReport';
import { reportModuleTrees } from '../../core/modules/moduleTree';
import type { CallContext } from '../rpc/server';
import { originalSupports } from '../../core/analysis/targetAnalysis';
import { checkCompatibility, fallbackSupports, withFallbackReasons, type NodeSupport } from '../../core/analysis/compatibility';
import type { Model } from '../../core/ir/model';
import { getBuiltinTarget } from '../../core/targets/builtins';
import type { TargetProfile } from '../../core/targets/profile';
import { lowerFor } from '../../core/lowering/lower';
import { ModelReadError } from '../../core/ir/errors';
import type * as ScriptSupport from './scripts';
import { readModelFile } from '../../core/readModel';
import { loadProfileFiles } from '../../core/targets/profileFiles';
import { formatLimit, MAX_SCRIPT_BYTES, MAX_TOOL_LOG_BYTES } from '../../core/limits';
import { EdgeTpuLogError, parseEdgeTpuLog } from '../../core/oracles/edgetpuLog';
import { parseBenchmarkOpProfile } from '../../core/layerTiming/tfliteBenchmark';
import { readRegularTextFile, UnreadableFileError } from '../../core/io/regularFile';
import { describeBytes } from '../../core/io/regularFile';
import type { ToolLogRequest } from './protocol';
import { RemoteError, serve } from '../rpc/server';
import type { AnalysisMethods, AnalyzeProgress, AnalyzeRequest, ExportPlanRequest, ScriptRequest, SupportMatrixRequest, SupportRow } from './protocol';
import { isAnalysisParams, READ_ERROR, supportRow } from './protocol';

const CACHE_SIZE = 8;
const prepared = new Map<string, { model: PreparedModel; bytesRead: number }>();

function prepare(file: string, label: string, dims: Record<string, number>, progress?: (p: AnalyzeProgress) => void): { model: PreparedModel; bytesRead: number } {
  const stat = fs.statSync(file);
  const key = `${file}\n${label}\n${stat.mtimeMs}\n${stat.size}\n${JSON.stringify(dims)}`;
  const hit = prepared.get(key);
  if (hit) {
    prepared.delete(key);
    prepared.set(key, hit); // most recently used last
    return { model: hit.model, bytesRead: 0 };
  }
  progress?.({ stage: 'reading', fraction: 0 });
  const { model, bytesRead } = readModelFile(file, label);
  progress?.({ stage: 'shapes', fraction: 0.25 });
  const entry = { model: prepareModel(model, { dims }), bytesRead };
  prepared.set(key, entry);
  while (prepared.size > CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
  return entry;
}

// Progress messages leave the worker at once, even while it computes (postMessage does not wait
// for the worker's event loop), so the editor can say which stage a large model is in.
function analyze(request: AnalyzeRequest, context?: CallContext<AnalyzeProgress>): AnalysisMethods['analyze']['result'] {
  const started = performance.now();
  const progress = context ? (p: AnalyzeProgress) => context.progress(p) : undefined;
  const { model, bytesRead } = prepare(request.file, request.label ?? request.file, request.dims, progress);
  progress?.({ stage: 'targets', fraction: 0.5 });
  const { report } = reportFor(model, request.targets, { weightPhase: request.weightPhase !== false });
  progress?.({ stage: 'report', fraction: 0.9 });
  const packing = performance.now();
  // The text view's text too: the editor opens it without parsing the node table; and the partition
  // page's first-screen graph, which it draws before the node table arrives.
  const packed = packReport(report, { text: true, graph: true });
  const modules = reportModuleTrees(report);
  const now = performance.now();
  return { report: packed, modules, bytesRead, millis: now - started, packMillis: now - packing };
}

/**
 * The weight phase after the verdict: the sparsity scan, one tensor per step, yielding to the
 * event loop between tensors so that a cancel (the file changed, the target changed) stops it.
 */
async function weights(request: AnalyzeRequest, context: CallContext<never>): Promise<AnalysisMethods['weights']['result']> {
  const started = performance.now();
  const { model } = prepare(request.file, request.label ?? request.file, request.dims);
  let bytesRead = 0;
  if (!model.weightScan) {
    const steps = sparsityScan(model.model, 0);
    try {
      let deadline = performance.now() + 20;
      for (;;) {
        const r = steps.next();
        if (r.done) {
          model.weightScan = r.value;
          bytesRead = r.value.bytesRead;
          break;
        }
        if (performance.now() > deadline) {
          await new Promise((resolve) => setImmediate(resolve));
          if (context.signal.aborted) throw new RemoteError('weight phase cancelled', 'cancelled');
          deadline = performance.now() + 20;
        }
      }
    } finally {
      // A cancelled scan is left suspended between tensors: return() runs its `finally`, which
      // closes the external data files it holds open (a no-op once the scan is done).
      steps.return({ suspects: [], unchecked: [], bytesRead: 0 }); // the value is ignored
    }
  }
  const target = request.targets[0];
  const graph = model.model.graphs[0];
  const found = target && graph ? weightFindings(model, [target])[0]! : [];
  return { diagnostics: graph ? found.map((d) => reportDiagnostic(graph, d, target!.id)) : [], bytesRead, millis: performance.now() - started };
}

/**
 * Per-node support on many targets (hovers): the deployed graph and the compatibility check only,
 * not the partition, memory and latency analyses a verdict needs, so sixteen targets stay cheap.
 * One target per step, yielding between them: a verdict asked for meanwhile (another model, the
 * same one changed) waits for one target's lowering at most, and a cancel stops it.
 */
async function supportMatrix(request: SupportMatrixRequest, context: CallContext<never>): Promise<AnalysisMethods['supportMatrix']['result']> {
  const started = performance.now();
  const { model } = prepare(request.file, request.label ?? request.file, request.dims);
  const rows: SupportRow[] = [];
  for (const target of request.targets) {
    if (rows.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (context.signal.aborted) throw new RemoteError('support table cancelled', 'cancelled');
    }
    const lowering = lowerFor(model, target);
    const supports = originalSupports({ lowering, supports: supportsWithFallback(lowering.model, target) });
    rows.push(supportRow(target, supports.map((s) => ({ status: s.status, reason: s.reasons.find((r) => r.outcome === 'violated')?.message ?? null }))));
  }
  return { rows, millis: performance.now() - started };
}

/**
 * The target's supports, with a fallback's verdict among the reasons of the nodes it does not run (as
 * a full analysis gives them: targetAnalysis.ts). Without the partition, the nodes left to the
 * fallback are the ones the target does not run; a full analysis also checks the supported nodes its
 * partition rules leave there, and the node keeps the target's status either way.
 */
function supportsWithFallback(model: Model, target: TargetProfile): NodeSupport[] {
  const supports = checkCompatibility(model, target, 0);
  const fallback = target.partitioning.mode !== 'none' && target.partitioning.fallbackTarget ? getBuiltinTarget(target.partitioning.fallbackTarget) : undefined;
  if (!fallback) return supports;
  const left = supports.filter((s) => s.status === 'unsupported' || s.status === 'constraint-violated').map((s) => s.node);
  return withFallbackReasons(supports, fallbackSupports(model, target, fallback, left, 0), target, fallback);
}

/** The Python parser loads with the first script (its own bundle: scripts.ts). */
function scriptSupport(): typeof ScriptSupport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./scripts') as typeof ScriptSupport;
}

/** A document's text is bounded like a script file on disk (the CLI's MAX_SCRIPT_BYTES): a 5 MB buffer is not parsed. */
function checkScriptSize(request: { file: string; label?: string; text: string }): void {
  // UTF-16 length ≤ bytes ≤ 3 × length: count bytes only when it can matter.
  if (request.text.length * 3 <= MAX_SCRIPT_BYTES) return;
  const bytes = Buffer.byteLength(request.text, 'utf8');
  if (bytes > MAX_SCRIPT_BYTES) throw new RemoteError(`${request.label ?? request.file}: is ${formatLimit(bytes)} bytes, larger than the ${describeBytes(MAX_SCRIPT_BYTES)} a training script may be; not checked`, READ_ERROR);
}

function script(request: ScriptRequest): AnalysisMethods['script']['result'] {
  checkScriptSize(request);
  const started = performance.now();
  const analysis = scriptSupport().analyzeScript(request.text, { file: request.file, target: request.target, ...(request.opset !== undefined ? { opset: request.opset } : {}) });
  return { analysis, millis: performance.now() - started };
}

function exportPlan(request: ExportPlanRequest): AnalysisMethods['exportPlan']['result'] {
  checkScriptSize(request);
  return { plan: scriptSupport().findExportPlan(request.text, request.file, { settingEntry: request.settingEntry ?? null }) };
}

/** A tool's log, read and parsed off the extension host; a file or text it cannot use is the user's to fix (READ_ERROR). */
function toolLog(request: ToolLogRequest): AnalysisMethods['toolLog']['result'] {
  try {
    const text = request.kind === 'benchmark' && request.text !== undefined ? request.text : readRegularTextFile(request.file, MAX_TOOL_LOG_BYTES, 'a tool log');
    return request.kind === 'edgetpu' ? { edgetpu: parseEdgeTpuLog(text) } : { benchmark: parseBenchmarkOpProfile(text) };
  } catch (e) {
    if (e instanceof UnreadableFileError || e instanceof EdgeTpuLogError) throw new RemoteError(e.message, READ_ERROR);
    throw new RemoteError((e as Error).message, READ_ERROR);
  }
}

/** A bad model file is the user's to fix (READ_ERROR: a diagnostic); anything else is a bug, with its stack for the log. */
function guarded<P extends { file: string; label?: string }, R, C>(run: (request: P, context: C) => R): (request: P, context: C) => R {
  return (request, context) => {
    try {
      const r = run(request, context);
      return r instanceof Promise ? r.catch((e: unknown) => { throw remoteError(request, e); }) as R : r;
    } catch (e) {
      throw remoteError(request, e);
    }
  };
}

function remoteError(request: { file: string; label?: string }, e: unknown): RemoteError {
  if (e instanceof RemoteError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof ModelReadError) return new RemoteError(e.message, READ_ERROR);
  if (code === 'ENOENT') return new RemoteError(`${request.label ?? request.file}: no such file`, READ_ERROR);
  return new RemoteError(`${request.file}: internal error: ${(e as Error).stack ?? String(e)}`);
}

serve<AnalysisMethods>({
  analyze: guarded(analyze),
  weights: guarded(weights),
  supportMatrix: guarded(supportMatrix),
  script: guarded(script),
  exportPlan: guarded(exportPlan),
  // Each file's problems are part of the answer (a diagnostic per profile), never a failed request.
  profiles: (request) => loadProfileFiles(request.files),
  toolLog: (request) => toolLog(request),
}, { validate: isAnalysisParams });
