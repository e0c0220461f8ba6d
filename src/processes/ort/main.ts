// The ONNX Runtime child process (bundled as dist/ortHost.js; forked by src/processes/ort/client.ts).
// It is the only place onnxruntime-node is loaded: a native crash here ends this process only.
// onnxruntime-node stays external to the bundle: it is resolved from dist/ort/node_modules (the
// VSIX copy made by scripts/package-ort.mjs, one platform only) or else from node_modules (dev).

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as OrtModule from 'onnxruntime-node';
import type {
  CreateSessionResult, InspectResult, OrtMethods, OrtProgress, OrtReadyEvent, ProfileRequest, ProfileResult,
  RangesRequest, RangesResult, RunRequest, RunResult, SessionSpec, TensorData, TensorInfo,
} from './protocol';
import { isOrtRequest } from './protocol';
import { RangeCollector } from '../../core/quantize/calibrate';
import { makeFeeds } from './feeds';
import { readRegularTextFile } from '../../core/io/regularFile';

/** ORT's Chrome trace of a profile: ~200 bytes per kernel run; 256 MiB is a million kernel runs. */
const MAX_TRACE_BYTES = 256 * 1024 * 1024;
import { emit, serve } from '../rpc/server';

type Ort = typeof OrtModule;
type Session = OrtModule.InferenceSession;

const nodeRequire = createRequire(__filename);

function loadOrt(): Ort {
  const bundled = path.join(__dirname, 'ort', 'node_modules', 'onnxruntime-node');
  return nodeRequire(fs.existsSync(bundled) ? bundled : 'onnxruntime-node') as Ort;
}

let ort: Ort | null = null;
let loadError: string | null = null;
try {
  ort = loadOrt();
} catch (e) {
  loadError = `onnxruntime-node could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
}

function ortVersion(): string {
  return ort?.env.versions.common ?? '?';
}

// ---- sessions -------------------------------------------------------------------------------

interface CachedSession { key: string; model: string; session: Session }
const MAX_CACHED = 4;
const cache: CachedSession[] = [];

function sessionKey(spec: SessionSpec): string {
  const st = fs.statSync(spec.model);
  return `${spec.model}|${st.mtimeMs}|${st.size}|${spec.optimization ?? 'all'}|${spec.threads ?? 0}|${spec.memoryArena === false ? 'no-arena' : 'arena'}`;
}

function sessionOptions(spec: SessionSpec): OrtModule.InferenceSession.SessionOptions {
  const o: OrtModule.InferenceSession.SessionOptions = {
    graphOptimizationLevel: spec.optimization ?? 'all',
    executionProviders: ['cpu'],
  };
  if (spec.threads && spec.threads > 0) o.intraOpNumThreads = spec.threads;
  if (spec.memoryArena === false) o.enableCpuMemArena = false;
  return o;
}

function requireOrt(): Ort {
  if (!ort) throw new Error(loadError ?? 'onnxruntime-node is not available');
  return ort;
}

async function openSession(spec: SessionSpec): Promise<{ session: Session; key: string; createMillis: number }> {
  const key = sessionKey(spec);
  const hit = cache.findIndex((c) => c.key === key);
  if (hit >= 0) {
    const [c] = cache.splice(hit, 1);
    cache.push(c!);
    return { session: c!.session, key, createMillis: 0 };
  }
  const t0 = performance.now();
  const session = await requireOrt().InferenceSession.create(spec.model, sessionOptions(spec));
  const createMillis = performance.now() - t0;
  cache.push({ key, model: spec.model, session });
  while (cache.length > MAX_CACHED) void cache.shift()!.session.release();
  return { session, key, createMillis };
}

function infoOf(m: OrtModule.InferenceSession.ValueMetadata): TensorInfo {
  if (!m.isTensor) return { name: m.name, dtype: 'non-tensor', shape: [] };
  return { name: m.name, dtype: m.type, shape: m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : typeof d === 'string' ? d : null)) };
}

function ioOf(session: Session): InspectResult {
  return { inputs: session.inputMetadata.map(infoOf), outputs: session.outputMetadata.map(infoOf) };
}

function toTensors(o: Ort, feeds: Record<string, TensorData>): Record<string, OrtModule.Tensor> {
  const r: Record<string, OrtModule.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    r[name] = new o.Tensor(t.dtype as OrtModule.Tensor.Type, t.data as OrtModule.Tensor.DataType, t.dims);
  }
  return r;
}

function fromTensor(t: OrtModule.Tensor): TensorData {
  return { dtype: t.type as TensorData['dtype'], dims: [...t.dims], data: t.data as TensorData['data'] };
}

// ---- requests -------------------------------------------------------------------------------

async function inspect(model: string): Promise<InspectResult> {
  const { session } = await openSession({ model, optimization: 'disabled' });
  return ioOf(session);
}

async function createSession(spec: SessionSpec): Promise<CreateSessionResult> {
  const { session, key, createMillis } = await openSession(spec);
  return { ...ioOf(session), sessionKey: key, createMillis };
}

async function run(req: RunRequest): Promise<RunResult> {
  const o = requireOrt();
  const { session, createMillis } = await openSession(req);
  const io = ioOf(session);
  const feeds = makeFeeds(io.inputs, req.feeds, req.dims ?? {});
  const fetches = req.outputs ?? session.outputNames;
  const t0 = performance.now();
  const out = await session.run(toTensors(o, feeds), [...fetches]);
  const latencyMs = performance.now() - t0;
  const outputs: Record<string, TensorData> = {};
  if (req.collect) {
    let collector = collectors.get(req.collect.collector);
    if (!collector) {
      collector = new RangeCollector(req.collect.sample);
      collectors.set(req.collect.collector, collector);
    }
    const back = new Set(req.collect.returnOnly);
    for (const [name, t] of Object.entries(out)) {
      if (t.type === 'float32') collector.add(name, t.data as Float32Array);
      if (back.has(name)) outputs[name] = fromTensor(t);
    }
    // A calibration run returns every intermediate tensor (tens of MB, native memory V8 sees only
    // as external bytes): collected now, so the samples do not pile up before V8's heap grows
    // enough to collect them (mobilenet_v3_large, 8 samples: the child's peak grew ~70 MB).
    collectGarbage?.();
  } else for (const [name, t] of Object.entries(out)) outputs[name] = fromTensor(t);
  return { outputs, latencyMs, createMillis, ...(req.returnFeeds ? { feeds } : {}) };
}

/** V8's collector, when the host started this process with --expose-gc (OrtClient does). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Activation-range collectors of calibrations in progress (run with `collect`), by id. */
const collectors = new Map<string, RangeCollector>();

function ranges(req: RangesRequest): RangesResult {
  const collector = collectors.get(req.collector);
  if (!collector) throw new Error(`calibration '${req.collector}' is not in this ONNX Runtime process (it was restarted): calibrate again`);
  collectors.delete(req.collector);
  return { ranges: [...collector.ranges(req.method, req.percentile)] };
}

async function profile(req: ProfileRequest, report: (p: OrtProgress) => void = () => undefined): Promise<ProfileResult> {
  const o = requireOrt();
  // The host's folder when it gave one (it removes it, whatever happens to this process).
  const ownDir = req.outDir === undefined;
  const dir = req.outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-prof-'));
  const optimization = req.optimization ?? 'all';
  const optimizedModel = optimization === 'disabled' ? null : path.join(dir, 'optimized.onnx');
  const options: OrtModule.InferenceSession.SessionOptions = {
    ...sessionOptions(req),
    enableProfiling: true,
    profileFilePrefix: path.join(dir, 'profile'),
    ...(optimizedModel ? { optimizedModelFilePath: optimizedModel } : {}),
  };
  const t0 = performance.now();
  const warmup = Math.max(0, req.warmup);
  const runs = Math.max(1, req.runs);
  report({ phase: 'session', done: 0, total: runs });
  let session: Session;
  try {
    session = await o.InferenceSession.create(req.model, options);
  } catch (e) {
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const createMillis = performance.now() - t0;
  try {
    const io = ioOf(session);
    const feeds = toTensors(o, makeFeeds(io.inputs, req.feeds, req.dims ?? {}));
    const runMillis: number[] = [];
    const total = warmup + runs;
    for (let i = 0; i < total; i++) {
      report(i < warmup ? { phase: 'warmup', done: i, total: warmup } : { phase: 'run', done: i - warmup, total: runs });
      const s = performance.now();
      await session.run(feeds);
      runMillis.push(performance.now() - s);
    }
    report({ phase: 'run', done: runs, total: runs });
    session.endProfiling();
    const file = fs.readdirSync(dir).find((f) => f.startsWith('profile') && f.endsWith('.json'));
    if (!file) throw new Error('ONNX Runtime wrote no profile');
    const trace = readRegularTextFile(path.join(dir, file), MAX_TRACE_BYTES, "ONNX Runtime's profile");
    fs.rmSync(path.join(dir, file), { force: true });
    return { trace, optimizedModel: optimizedModel && fs.existsSync(optimizedModel) ? optimizedModel : null, runMillis, warmup: Math.max(0, req.warmup), createMillis, ortVersion: ortVersion(), inputs: io.inputs };
  } catch (e) {
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await session.release();
    if (ownDir && !optimizedModel) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function release(model: string | undefined): { released: number } {
  let released = 0;
  for (let i = cache.length - 1; i >= 0; i--) {
    if (model === undefined || cache[i]!.model === model) {
      void cache[i]!.session.release();
      cache.splice(i, 1);
      released++;
    }
  }
  return { released };
}

serve<OrtMethods>({
  inspect: (r) => inspect(r.model),
  createSession: (r) => createSession(r),
  run: (r) => run(r),
  profile: (r, ctx) => profile(r, (p) => ctx.progress(p)),
  ranges: (r) => ranges(r),
  release: (r) => release(r.model),
  test: (r) => {
    if (r.action === 'hang') return new Promise<never>(() => undefined);
    if (r.action === 'exit') process.exit(r.value ?? 3);
    return { echo: r.value, pid: process.pid };
  },
}, { validate: isOrtRequest });
process.on('disconnect', () => process.exit(0));
emit('ready', (loadError ? { ortVersion: null, error: loadError } : { ortVersion: ortVersion() }) satisfies OrtReadyEvent);
