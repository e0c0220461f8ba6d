// The typed requests between the host side (src/processes/ort/client.ts) and the ONNX Runtime child
// process (src/processes/ort/main.ts), carried by the shared RPC (src/processes/rpc) over the fork
// IPC channel with `serialization: 'advanced'` (structured clone), so typed arrays (incl.
// BigInt64Array) pass as is. Pure types + small helpers: no onnxruntime, no vscode.

/** ORT tensor element types this protocol carries. */
export type OrtDtype =
  | 'float32' | 'float64' | 'float16'
  | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'bool' | 'string';

export type TensorArray =
  | Float32Array | Float64Array | Uint16Array
  | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | string[];

/** A tensor's values: `dims` are concrete; `data` is row-major (float16 as raw Uint16Array bits). */
export interface TensorData {
  dtype: OrtDtype;
  dims: number[];
  data: TensorArray;
}

/** An input or output of a model: symbolic dimensions stay strings, unknown ones are null. */
export interface TensorInfo {
  name: string;
  /** ORT's type name ('float32', 'int64', …); 'non-tensor' for sequences/maps. */
  dtype: string;
  shape: (number | string | null)[];
}

export type GraphOptimization = 'all' | 'extended' | 'basic' | 'disabled';

/** Session options shared by every request that opens a model. */
export interface SessionSpec {
  /** Absolute path of the .onnx model. */
  model: string;
  /** intra-op threads; 0 or absent = ORT's default. */
  threads?: number;
  /** Default 'all'. */
  optimization?: GraphOptimization;
  /**
   * false: no CPU memory arena (each tensor allocated and freed on its own). For a run whose
   * outputs are every activation (calibration), the arena would keep their peak for the session's life.
   */
  memoryArena?: boolean;
}

/**
 * Where input values come from:
 * - random: generated from the input metadata (float: uniform [-1, 1); ints: [0, 10); bool: 0/1),
 *   deterministic for a seed (default 1);
 * - dir: one file per input named `<input name>.npy` (or `.bin`/`.raw` with raw little-endian
 *   values of the input's dtype and shape); characters other than [A-Za-z0-9_.-] in the name are `_`;
 * - tensors: given values (missing inputs are random).
 */
export type FeedSpec =
  | { kind: 'random'; seed?: number }
  | { kind: 'dir'; dir: string; seed?: number }
  | { kind: 'tensors'; tensors: Record<string, TensorData>; seed?: number };

/** `inspect`: the model's inputs and outputs. */
export interface InspectRequest { type: 'inspect'; model: string }
export interface InspectResult { inputs: TensorInfo[]; outputs: TensorInfo[] }

/**
 * `createSession`: open (and cache in the child) a session; later `run`s with the same SessionSpec
 * reuse it. Returns the IO metadata. Sessions are cached by path + mtime + options (a few at most).
 */
export interface CreateSessionRequest extends SessionSpec { type: 'createSession' }
export interface CreateSessionResult extends InspectResult { sessionKey: string; createMillis: number }

/** `run`: one inference. `dims` pins symbolic input dimensions for random feeds (default 1). */
export interface RunRequest extends SessionSpec {
  type: 'run';
  feeds: FeedSpec;
  dims?: Record<string, number>;
  /** Output names to fetch; default all. */
  outputs?: string[];
  /** Also return the feeds used (e.g. the random inputs, to replay them elsewhere). */
  returnFeeds?: boolean;
  /**
   * Calibration: every float32 output is added (in output order) to the activation-range
   * collector `collector` the child keeps, and only the outputs in `returnOnly` come back — the
   * activations never cross the process boundary (a `ranges` request ends the collection).
   * `sample`: keep the reservoir the percentile method needs.
   */
  collect?: { collector: string; returnOnly: string[]; sample: boolean };
}
export interface RunResult {
  outputs: Record<string, TensorData>;
  feeds?: Record<string, TensorData>;
  /** Wall-clock time of session.run. */
  latencyMs: number;
  /** Time to create the session; 0 when it came from the cache. */
  createMillis: number;
}

/** `profile`: warm-up + measured runs under ORT's profiler. */
export interface ProfileRequest extends SessionSpec {
  type: 'profile';
  runs: number;
  warmup: number;
  feeds: FeedSpec;
  dims?: Record<string, number>;
  /**
   * An empty folder the host made for the trace and the optimized model, and removes afterwards —
   * also when the child is killed (time-out, cancel, crash) and cannot. Absent: the child makes
   * its own `deploylens-prof-*` folder and removes what it can.
   */
  outDir?: string;
}
export interface ProfileResult {
  /** ORT's Chrome-trace JSON (an array of events), unparsed: src/core/layerTiming/ortTrace.ts reads it. */
  trace: string;
  /** Path of the optimized graph ORT wrote (optimization != 'disabled'); the caller deletes it (with `outDir`, when it gave one). */
  optimizedModel: string | null;
  /** Wall-clock ms of each session.run, warm-up runs first. */
  runMillis: number[];
  warmup: number;
  createMillis: number;
  /** ORT version of the child. */
  ortVersion: string;
  inputs: TensorInfo[];
}

/**
 * `ranges`: the calibrated range of every tensor a collector saw (in the order it first saw them),
 * by min/max or by percentile; the collector is dropped. Fails when the child no longer has it
 * (it was restarted since the runs).
 */
export interface RangesRequest { type: 'ranges'; collector: string; method: 'minmax' | 'percentile'; percentile: number }
export interface RangesResult { ranges: [string, { min: number; max: number }][] }

/** `release`: drop cached sessions (of one model, or all). */
export interface ReleaseRequest { type: 'release'; model?: string }
export interface ReleaseResult { released: number }

/** Test only: never answers (simulates a hang), or exits the process (simulates a crash). */
export interface TestRequest { type: 'test'; action: 'hang' | 'exit' | 'echo'; value?: number }
export interface TestResult { echo: number | undefined; pid: number }

export type OrtRequest = InspectRequest | CreateSessionRequest | RunRequest | ProfileRequest | RangesRequest | ReleaseRequest | TestRequest;

export interface OrtResultMap {
  inspect: InspectResult;
  createSession: CreateSessionResult;
  run: RunResult;
  profile: ProfileResult;
  ranges: RangesResult;
  release: ReleaseResult;
  test: TestResult;
}

export type OrtResultOf<R extends OrtRequest> = OrtResultMap[R['type']];

/** Where a long request is (profile: session creation, then each warm-up and measured run). */
export interface OrtProgress {
  phase: 'session' | 'warmup' | 'run';
  /** Runs finished in this phase, of `total`. */
  done: number;
  total: number;
}

/** The child's methods: each request's `type` is its method name (OrtClient.run sends it so). */
export type OrtMethods = { [K in OrtRequest['type']]: { params: Extract<OrtRequest, { type: K }>; result: OrtResultMap[K]; progress: OrtProgress } };

/** The child's one event, sent once after onnxruntime-node loaded (or failed to). */
export interface OrtReadyEvent { ortVersion: string | null; error?: string }

export function isOrtRequest(method: string, v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === method;
}

/** File name of an input in a FeedSpec 'dir' (without extension). */
export function feedFileStem(inputName: string): string {
  return inputName.replace(/[^A-Za-z0-9_.-]/g, '_');
}
