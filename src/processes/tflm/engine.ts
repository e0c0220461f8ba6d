// TensorFlow Lite Micro itself, in WebAssembly: allocate a model's tensors in an arena, read the
// arena figures TFLM records, find the smallest arena that allocates, run Invoke with per-op
// timing. Every method makes its own session (one interpreter per request) and answers with a
// typed result; TFLM's own text comes along. When TFLM abort()s (it does on some Prepare failures)
// the module instance is dead: the call answers `aborted` and the next call gets a fresh instance.
//
// No RPC and no VS Code here: the process boundary (src/processes/rpc) wraps this later.

import {
  instantiateTflm, readCString, readInt32s, tflmWasmFiles,
  type TflmExports, type TflmInstance, type TflmKernels, type TflmWasmFiles,
} from './wasmModule';
import {
  TFLM_ALLOCATION_CATEGORIES,
  type TflmAllocation, type TflmAllocationCategory, type TflmArenaFigures, type TflmArenaMeasurement,
  type TflmError, type TflmErrorKind, type TflmInvocation, type TflmNodeRef, type TflmOutput,
  type TflmRecordedAllocation, type TflmResult, type TflmRun, type TflmTensorInfo, type TflmTensorType,
} from './types';

// deploylens_tflm.h
const DL_OK = 0;
const DL_TFLM_ERROR = 1;
const DL_INVALID_MODEL = 3;
const DL_OUT_OF_MEMORY = 4;
const DL_INIT_FAILED = 6;
const FIG_COUNT = 7 + 7 * 3;
const FAIL_UNRESOLVED_OP = 1;
const FAIL_AT_NODE = 2;

/** Arena sizes tried first and at most when nothing says what the model needs. */
export const DEFAULT_START_ARENA_BYTES = 1 << 20;
export const DEFAULT_MAX_ARENA_BYTES = 256 << 20;

const TENSOR_TYPES: TflmTensorType[] = [
  'unknown', 'float32', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16', 'complex64', 'int8',
  'float16', 'float64', 'complex128', 'uint64', 'resource', 'variant', 'uint32', 'uint16', 'int4', 'bfloat16',
];

/** TFLM's words for "the arena is too small" (single_arena_buffer_allocator.cc, micro_allocator.cc). */
const ARENA_TOO_SMALL = /Failed to allocate (?:tail |temp )?memory|Failed to resize buffer|Arena size is too small|missing: \d+|Failed to allocate (?:temp\. )?memory for/;
const NODE_FAILED = /Node (\S+) \(number (\d+)f?\) failed to (prepare|invoke) with status (-?\d+)/;
const UNRESOLVED = /Didn't find op for (?:builtin|custom) opcode '([^']*)'/;

export interface TflmEngineOptions {
  kernels?: TflmKernels;
  /** Directory holding tflm_<kernels>.{js,wasm}; default dist/tflm. */
  wasmDir?: string;
}

export interface TflmLoadInfo { wasmBytes: number; compileMs: number; instantiateMs: number }

/** Input values of a run: one byte array per input tensor, or a function that makes them from the tensors' types and sizes. */
export type TflmInputData = Uint8Array[] | ((inputs: TflmTensorInfo[]) => Uint8Array[]);

class Aborted extends Error {}

export class TflmEngine {
  private instance: TflmInstance | null;
  /** Instances made after an abort, for tests and logs. */
  recreations = 0;

  private constructor(readonly kernels: TflmKernels, private readonly files: TflmWasmFiles, instance: TflmInstance, readonly loadInfo: TflmLoadInfo) {
    this.instance = instance;
  }

  static async load(options: TflmEngineOptions = {}): Promise<TflmResult<TflmEngine>> {
    const kernels = options.kernels ?? 'cmsis_nn';
    const files = tflmWasmFiles(kernels, options.wasmDir);
    try {
      const loaded = await instantiateTflm(files);
      const built = readCString(loaded.instance.exports.HEAPU8, loaded.instance.exports._dl_tflm_kernels());
      if (built !== kernels) return fail('load-failed', `${files.wasm} was built with ${built} kernels, not ${kernels}`, '');
      return { ok: true, value: new TflmEngine(kernels, files, loaded.instance, { wasmBytes: loaded.wasmBytes, compileMs: loaded.compileMs, instantiateMs: loaded.instantiateMs }) };
    } catch (e) {
      return fail('load-failed', `cannot load TFLite Micro (${files.wasm}): ${errorText(e)}`, '');
    }
  }

  /** AllocateTensors with one arena size; `recording` uses RecordingMicroInterpreter (head/tail/categories). */
  async allocate(model: Uint8Array, options: { arenaBytes: number; recording?: boolean }): Promise<TflmResult<TflmAllocation>> {
    return this.withSession(model, (x, s) => {
      const failure = this.allocateIn(x, s, options.arenaBytes, options.recording ?? false);
      if (failure) return { ok: false, error: failure };
      return {
        ok: true,
        value: { kernels: this.kernels, figures: figures(x, s), inputs: tensors(x, s, 0), outputs: tensors(x, s, 1), log: this.log() },
      };
    });
  }

  /**
   * TFLM's own arena figures for a model, and the arena size a device needs.
   *
   * The figures come from one RecordingMicroInterpreter allocation in a generous arena (head and
   * tail do not depend on the arena size). The size to set on the device is found by searching
   * for the smallest arena in which a plain MicroInterpreter's AllocateTensors() succeeds: the
   * final head + tail (arena_used_bytes) is a lower bound only, because allocation needs
   * temporary room above the head (the memory planner's per-buffer bookkeeping, temporary
   * TfLiteTensors during Prepare) that is released afterwards.
   */
  async measureArena(model: Uint8Array, options: { startArenaBytes?: number; maxArenaBytes?: number } = {}): Promise<TflmResult<TflmArenaMeasurement>> {
    const maxArena = options.maxArenaBytes ?? DEFAULT_MAX_ARENA_BYTES;
    let allocations = 0;
    let aborts = 0;
    const tryPlain = async (arenaBytes: number): Promise<{ used: number } | TflmError> => {
      allocations++;
      const r = await this.allocate(model, { arenaBytes });
      if (!r.ok && r.error.kind === 'aborted') aborts++;
      return r.ok ? { used: r.value.figures.usedBytes } : r.error;
    };

    // 1. A generous arena: grow while TFLM says the arena is what failed.
    let generous = align16(options.startArenaBytes ?? DEFAULT_START_ARENA_BYTES);
    let plain = await tryPlain(generous);
    while ('kind' in plain && plain.arenaTooSmall && generous < maxArena) {
      generous = Math.min(maxArena, generous * 4);
      plain = await tryPlain(generous);
    }
    if ('kind' in plain) return { ok: false, error: plain };
    const used = plain.used;

    // 2. The breakdown (recording adds its own tail bytes: give it that much more room).
    allocations++;
    const rec = await this.allocate(model, { arenaBytes: generous + 4096, recording: true });
    if (!rec.ok) return rec;
    const f = rec.value.figures;

    // 3. The smallest arena that allocates. Less than arena_used_bytes cannot hold the final
    //    head + tail; above it, bracket with growing steps (the answer is usually within a few
    //    hundred bytes), then bisect.
    let lo = used - 1;
    let hi = generous;
    for (let extra = 0; used + extra < generous; extra = extra === 0 ? 16 : extra * 4) {
      const r = await tryPlain(used + extra);
      if (!('kind' in r)) { hi = used + extra; break; }
      lo = used + extra;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const r = await tryPlain(mid);
      if ('kind' in r) lo = mid; else hi = mid;
    }
    return {
      ok: true,
      value: {
        kernels: this.kernels,
        headBytes: f.headBytes!,
        tailBytes: f.tailBytes! - f.recordingOverheadBytes!,
        usedBytes: used,
        minimumArenaBytes: hi,
        recordingOverheadBytes: f.recordingOverheadBytes!,
        resourceVariableSlots: f.resourceVariableSlots,
        categories: f.categories!,
        allocations,
        abortsDuringSearch: aborts,
      },
    };
  }

  /**
   * Allocates (in `arenaBytes`, or a generous arena) and invokes `invokes` times with `inputs`
   * (one byte array per input tensor, in order, or a function of the input tensors that makes
   * them; zeros when omitted). Per-op times are wall-clock
   * times of the wasm build on this machine: relative shares, not device cycles.
   */
  async run(model: Uint8Array, options: { arenaBytes?: number; inputs?: TflmInputData; invokes?: number } = {}): Promise<TflmResult<TflmRun>> {
    let arenaBytes = options.arenaBytes ?? DEFAULT_START_ARENA_BYTES;
    for (;;) {
      const r = await this.runOnce(model, arenaBytes, options.inputs, Math.max(1, options.invokes ?? 1));
      if (r.ok || options.arenaBytes !== undefined || !r.error.arenaTooSmall || arenaBytes >= DEFAULT_MAX_ARENA_BYTES) return r;
      arenaBytes *= 4;
    }
  }

  private runOnce(model: Uint8Array, arenaBytes: number, given: TflmInputData | undefined, invokes: number): Promise<TflmResult<TflmRun>> {
    return this.withSession(model, (x, s) => {
      const failure = this.allocateIn(x, s, arenaBytes, false);
      if (failure) return { ok: false, error: failure };
      const inputInfo = tensors(x, s, 0);
      const inputs = typeof given === 'function' ? given(inputInfo) : given;
      if (inputs && inputs.length !== inputInfo.length) {
        return fail('bad-input', `the model has ${inputInfo.length} input tensor(s), ${inputs.length} given`, '', this.kernels);
      }
      const data = inputInfo.map((info, i) => inputs?.[i] ?? new Uint8Array(info.bytes));
      for (const [i, info] of inputInfo.entries()) {
        if (data[i]!.byteLength !== info.bytes) {
          return fail('bad-input', `input ${i} needs ${info.bytes} bytes (${info.type} ${JSON.stringify(info.shape)}), ${data[i]!.byteLength} given`, '', this.kernels);
        }
      }
      const invocations: TflmInvocation[] = [];
      for (let k = 0; k < invokes; k++) {
        // Every time: TFLM's planner may reuse an input's memory for later tensors of the graph.
        for (const [i, d] of data.entries()) x.HEAPU8.set(d, x._dl_tflm_tensor_data(s, 0, i));
        x._dl_tflm_log_clear();
        const t0 = performance.now();
        const status = this.call(() => x._dl_tflm_invoke(s));
        const ms = performance.now() - t0;
        if (status !== DL_OK) return { ok: false, error: this.failureOf(x, s, 'invoke-failed', 'Invoke() failed') };
        const ops = Array.from({ length: x._dl_tflm_profile_count(s) }, (_, i) => ({
          op: readCString(x.HEAPU8, x._dl_tflm_profile_tag(s, i)),
          subgraph: x._dl_tflm_profile_subgraph(s, i),
          node: x._dl_tflm_profile_node(s, i),
          ms: x._dl_tflm_profile_ms(s, i),
        }));
        invocations.push({ ms, ops });
      }
      const outputs: TflmOutput[] = tensors(x, s, 1).map((info, i) => {
        const p = x._dl_tflm_tensor_data(s, 1, i);
        return { ...info, data: x.HEAPU8.slice(p, p + info.bytes) };
      });
      return { ok: true, value: { kernels: this.kernels, arenaBytes, inputs: inputInfo, outputs, invocations } };
    });
  }

  /** Drops the module instance; the next call makes a new one. */
  dispose(): void {
    this.instance = null;
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private async ensureInstance(): Promise<TflmInstance> {
    if (!this.instance) {
      this.instance = (await instantiateTflm(this.files)).instance;
      this.recreations++;
    }
    return this.instance;
  }

  /** Runs `body` with a fresh session holding `model`; turns an abort into a typed result. */
  private async withSession<T>(model: Uint8Array, body: (x: TflmExports, session: number) => TflmResult<T>): Promise<TflmResult<T>> {
    let instance: TflmInstance;
    try {
      instance = await this.ensureInstance();
    } catch (e) {
      return fail('load-failed', `cannot re-create the TFLite Micro module: ${errorText(e)}`, '', this.kernels);
    }
    const x = instance.exports;
    let session = 0;
    try {
      x._dl_tflm_log_clear();
      session = x._dl_tflm_session_new();
      const buf = session ? x._dl_tflm_model_buffer(session, model.byteLength) : 0;
      if (!buf) return fail('out-of-memory', `no memory for a ${model.byteLength}-byte model in the TFLM module`, '', this.kernels);
      x.HEAPU8.set(model, buf);
      const loaded = x._dl_tflm_model_load(session);
      if (loaded === DL_INVALID_MODEL) return fail('invalid-model', 'not a valid TFLite flatbuffer (the TFLite schema verifier rejected it)', this.log(), this.kernels);
      if (loaded !== DL_OK) return fail('invalid-model', `model load failed (status ${loaded})`, this.log(), this.kernels);
      return body(x, session);
    } catch (e) {
      if (!(e instanceof Aborted)) {
        if (!isWasmTrap(e)) throw e;
      }
      return { ok: false, error: this.abortedError(instance, e) };
    } finally {
      if (session && this.instance === instance) x._dl_tflm_session_free(session);
    }
  }

  /** A wasm call; a trap (abort(), out-of-bounds) marks the instance dead. */
  private call(fn: () => number): number {
    try {
      return fn();
    } catch (e) {
      if (isWasmTrap(e)) throw new Aborted(errorText(e), { cause: e });
      throw e;
    }
  }

  private allocateIn(x: TflmExports, s: number, arenaBytes: number, recording: boolean): TflmError | null {
    if (!Number.isInteger(arenaBytes) || arenaBytes <= 0 || arenaBytes > 0x7fffffff) {
      return fail('bad-input', `arena size must be a positive 32-bit integer, got ${arenaBytes}`, '', this.kernels).error;
    }
    x._dl_tflm_log_clear();
    const status = this.call(() => x._dl_tflm_allocate(s, arenaBytes, recording ? 1 : 0));
    if (status === DL_OK) return null;
    if (status === DL_OUT_OF_MEMORY) return fail('out-of-memory', `this process cannot provide a ${arenaBytes}-byte arena`, this.log(), this.kernels).error;
    if (status === DL_INIT_FAILED) return this.failureOf(x, s, 'init-failed', 'the interpreter could not be created');
    if (status !== DL_TFLM_ERROR) return this.failureOf(x, s, 'allocate-failed', `AllocateTensors() returned status ${status}`);
    return this.failureOf(x, s, 'allocate-failed', 'AllocateTensors() failed');
  }

  private log(): string {
    const inst = this.instance;
    return inst ? tflmText(readCString(inst.exports.HEAPU8, inst.logPtr)) : '';
  }

  private failureOf(x: TflmExports, s: number, kind: TflmErrorKind, fallback: string): TflmError {
    const log = this.log();
    const out = x._malloc(16);
    const [failKind, subgraph, index, code] = out ? (x._dl_tflm_failure(s, out), readInt32s(x.HEAPU8, out, 4)) : [0, -1, -1, -1];
    if (out) x._free(out);
    let node: TflmNodeRef | undefined;
    const named = NODE_FAILED.exec(log);
    const unresolved = UNRESOLVED.exec(log);
    if (failKind === FAIL_UNRESOLVED_OP) {
      // TFLM names a builtin ("Didn't find op for builtin opcode 'GELU'") but a custom op only as
      // "CUSTOM": its custom code comes from the model.
      const custom = readCString(x.HEAPU8, x._dl_tflm_failure_custom_code(s));
      const opName = custom || unresolved?.[1];
      node = { subgraph: subgraph!, index: index!, how: 'unresolved-op', ...(code! >= 0 ? { builtinCode: code! } : {}), ...(opName ? { opName } : {}), ...(custom ? { customCode: custom } : {}) };
    } else if (failKind === FAIL_AT_NODE && named) {
      node = { subgraph: subgraph!, index: Number(named[2]), opName: named[1]!, how: 'tflm-message' };
    }
    return { kind, message: summarize(log, fallback), log, kernels: this.kernels, ...(node ? { node } : {}), ...(ARENA_TOO_SMALL.test(log) ? { arenaTooSmall: true } : {}) };
  }

  private abortedError(instance: TflmInstance, e: unknown): TflmError {
    // The dead instance's memory is still readable at the addresses taken when it was made.
    const heap = instance.exports.HEAPU8;
    const log = tflmText(readCString(heap, instance.logPtr));
    const [valid, subgraph, index] = readInt32s(heap, instance.lastLogPositionPtr, 3);
    this.instance = null;
    const named = NODE_FAILED.exec(log);
    const node: TflmNodeRef | undefined = named
      ? { subgraph: subgraph ?? 0, index: Number(named[2]), opName: named[1]!, how: 'tflm-message' }
      : valid ? { subgraph: subgraph!, index: index!, how: 'last-log-position' } : undefined;
    const what = errorText(e);
    return {
      kind: 'aborted',
      message: `TFLM aborted (${what})${log.trim() ? `: ${summarize(log, '')}` : ''}`,
      log, kernels: this.kernels,
      ...(node ? { node } : {}),
      ...(ARENA_TOO_SMALL.test(log) ? { arenaTooSmall: true } : {}),
    };
  }
}

// ---- helpers ---------------------------------------------------------------------------------

function fail(kind: TflmErrorKind, message: string, log: string, kernels?: TflmKernels): { ok: false; error: TflmError } {
  return { ok: false, error: { kind, message, log, ...(kernels ? { kernels } : {}) } };
}

/** MicroPrintf ends lines with "\r\n" (for serial consoles). */
function tflmText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n');
}

function isWasmTrap(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || (e instanceof Error && /^(Aborted|RuntimeError)/.test(e.message));
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.replace(/\. Build with -s ASSERTIONS=1 for more info\.?$/, '');
}

/**
 * TFLM's log boiled down for a one-line message: the failing node's line and the line before it
 * (a kernel's reason), or the distinct lines when no node is named. Repeats are dropped.
 */
function summarize(log: string, fallback: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const distinct = lines.filter((l, i) => lines.indexOf(l) === i);
  if (distinct.length === 0) return fallback;
  const at = distinct.findIndex((l) => NODE_FAILED.test(l));
  if (at > 0) return `${distinct[at - 1]} — ${distinct[at]}`;
  if (at === 0) return distinct[0]!;
  return distinct.slice(-3).join(' — ');
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

function figures(x: TflmExports, s: number): TflmArenaFigures {
  const out = x._malloc(4 * FIG_COUNT);
  x._dl_tflm_figures(s, out, FIG_COUNT);
  const v = readInt32s(x.HEAPU8, out, FIG_COUNT);
  x._free(out);
  const recording = v[5] === 1;
  const f: TflmArenaFigures = { arenaBytes: v[0]!, usedBytes: v[1]!, recording, resourceVariableSlots: v[6]! };
  if (recording) {
    f.headBytes = v[2]!;
    f.tailBytes = v[3]!;
    f.recordingOverheadBytes = v[4]!;
    const categories = {} as Record<TflmAllocationCategory, TflmRecordedAllocation>;
    TFLM_ALLOCATION_CATEGORIES.forEach((name, t) => {
      categories[name] = { usedBytes: v[7 + 3 * t]!, requestedBytes: v[8 + 3 * t]!, count: v[9 + 3 * t]! };
    });
    f.categories = categories;
  }
  return f;
}

function tensors(x: TflmExports, s: number, isOutput: 0 | 1): TflmTensorInfo[] {
  const n = isOutput ? x._dl_tflm_output_count(s) : x._dl_tflm_input_count(s);
  const out = x._malloc(4 * 12);
  const list: TflmTensorInfo[] = [];
  for (let i = 0; i < n; i++) {
    x._dl_tflm_tensor_info(s, isOutput, i, out);
    const v = readInt32s(x.HEAPU8, out, 12);
    const rank = Math.min(8, v[3]!);
    list.push({
      type: TENSOR_TYPES[v[0]!] ?? 'unknown', typeCode: v[0]!, bytes: v[1]!, zeroPoint: v[2]!,
      shape: v.slice(4, 4 + rank), scale: x._dl_tflm_tensor_scale(s, isOutput, i),
    });
  }
  x._free(out);
  return list;
}
