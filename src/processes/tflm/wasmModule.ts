// Loads TensorFlow Lite Micro's WebAssembly build (native/tflm: TFLM + DeployLens's C API
// deploylens_tflm.h) and gives it a typed face. The .wasm is compiled once per file and process;
// each instance is cheap to make, which matters because TFLM abort()s on some Prepare failures
// and an aborted instance is dead (the engine then makes a new one).

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export type TflmKernels = 'cmsis_nn' | 'reference';
export const TFLM_KERNELS: readonly TflmKernels[] = ['cmsis_nn', 'reference'];
/** The tflite-micro commit the wasm is built from (third_party/tflm/SOURCES.md; test/tflm-build.test.ts checks it). */
export const TFLM_COMMIT = '90b983c2b3f1480642e040bbd2ddb37b998f3424';
/** How reports name the runtime that answered. */
export const TFLM_RUNTIME = `TensorFlow Lite Micro tflite-micro@${TFLM_COMMIT.slice(0, 10)} (WebAssembly)`;
/** DL_TFLM_API_VERSION of deploylens_tflm.h this client speaks. */
export const TFLM_API_VERSION = 1;

type Ptr = number;
/** The C API as exported by emscripten (functions prefixed with `_`), plus the module's memory. */
export interface TflmExports {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): Ptr;
  _free(p: Ptr): void;
  _dl_tflm_log(): Ptr;
  _dl_tflm_log_length(): number;
  _dl_tflm_log_clear(): void;
  _dl_tflm_last_log_position(): Ptr;
  _dl_tflm_api_version(): number;
  _dl_tflm_kernels(): Ptr;
  _dl_tflm_session_new(): Ptr;
  _dl_tflm_session_free(s: Ptr): void;
  _dl_tflm_model_buffer(s: Ptr, bytes: number): Ptr;
  _dl_tflm_model_load(s: Ptr): number;
  _dl_tflm_allocate(s: Ptr, arenaBytes: number, recording: number): number;
  _dl_tflm_figures(s: Ptr, out: Ptr, n: number): number;
  _dl_tflm_failure(s: Ptr, out: Ptr): number;
  _dl_tflm_failure_custom_code(s: Ptr): Ptr;
  _dl_tflm_input_count(s: Ptr): number;
  _dl_tflm_output_count(s: Ptr): number;
  _dl_tflm_tensor_info(s: Ptr, isOutput: number, index: number, out: Ptr): number;
  _dl_tflm_tensor_scale(s: Ptr, isOutput: number, index: number): number;
  _dl_tflm_tensor_data(s: Ptr, isOutput: number, index: number): Ptr;
  _dl_tflm_invoke(s: Ptr): number;
  _dl_tflm_reset(s: Ptr): number;
  _dl_tflm_profile_count(s: Ptr): number;
  _dl_tflm_profile_tag(s: Ptr, i: number): Ptr;
  _dl_tflm_profile_subgraph(s: Ptr, i: number): number;
  _dl_tflm_profile_node(s: Ptr, i: number): number;
  _dl_tflm_profile_ms(s: Ptr, i: number): number;
}

/** One live wasm instance with the addresses that stay readable after an abort(). */
export interface TflmInstance {
  readonly exports: TflmExports;
  readonly logPtr: Ptr;
  readonly lastLogPositionPtr: Ptr;
  /** Text the emscripten runtime itself printed (e.g. "Aborted()"), not TFLM's log. */
  readonly runtimeErrors: string[];
}

interface EmscriptenModuleOptions {
  instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void): object;
  print(text: string): void;
  printErr(text: string): void;
}
type CreateTflm = (options: EmscriptenModuleOptions) => Promise<TflmExports>;

export interface TflmWasmFiles { glue: string; wasm: string }

/**
 * Where the built files are: `dist/tflm/` beside the bundles (what the VSIX ships; scripts/build.mjs
 * copies native/tflm/wasm/ there), reached from dist/*.js or from out/{test,bench}/*.js.
 */
export function tflmWasmFiles(kernels: TflmKernels, dir?: string): TflmWasmFiles {
  const candidates = dir ? [dir] : [path.join(__dirname, 'tflm'), path.join(__dirname, '..', '..', 'dist', 'tflm')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, `tflm_${kernels}.wasm`))) ?? candidates[0]!;
  return { glue: path.join(found, `tflm_${kernels}.js`), wasm: path.join(found, `tflm_${kernels}.wasm`) };
}

interface Compiled { module: WebAssembly.Module; createTflm: CreateTflm; wasmBytes: number; compileMs: number }
const compiledCache = new Map<string, Promise<Compiled>>();

async function compile(files: TflmWasmFiles): Promise<Compiled> {
  const t0 = performance.now();
  // Node 20's global fetch() makes emscripten 3.1.6's loader try to fetch a file path: the bytes
  // are read here and handed over through instantiateWasm instead.
  const bytes = await fs.promises.readFile(files.wasm);
  const module = await WebAssembly.compile(bytes);
  const createTflm = createRequire(__filename)(files.glue) as CreateTflm;
  return { module, createTflm, wasmBytes: bytes.byteLength, compileMs: performance.now() - t0 };
}

export interface LoadedTflm { instance: TflmInstance; wasmBytes: number; compileMs: number; instantiateMs: number }

/** Compiles (once per file) and instantiates the module; checks that it speaks this API version. */
export async function instantiateTflm(files: TflmWasmFiles): Promise<LoadedTflm> {
  let pending = compiledCache.get(files.wasm);
  if (!pending) {
    pending = compile(files);
    compiledCache.set(files.wasm, pending);
    pending.catch(() => compiledCache.delete(files.wasm));
  }
  const compiled = await pending;
  const t0 = performance.now();
  const runtimeErrors: string[] = [];
  const exports = await compiled.createTflm({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(compiled.module, imports).then(receive, (e: unknown) => runtimeErrors.push(String(e)));
      return {};
    },
    print: (text) => runtimeErrors.push(text),
    printErr: (text) => runtimeErrors.push(text),
  });
  const version = exports._dl_tflm_api_version();
  if (version !== TFLM_API_VERSION) {
    throw new Error(`${files.wasm}: TFLM C API version ${version}, this client speaks ${TFLM_API_VERSION}; rebuild with make -C native/tflm`);
  }
  const instance: TflmInstance = {
    exports, runtimeErrors, logPtr: exports._dl_tflm_log(), lastLogPositionPtr: exports._dl_tflm_last_log_position(),
  };
  return { instance, wasmBytes: compiled.wasmBytes, compileMs: compiled.compileMs, instantiateMs: performance.now() - t0 };
}

const utf8 = new TextDecoder('utf-8');

/** A NUL-terminated string in the module's memory (readable after an abort too). */
export function readCString(heap: Uint8Array, ptr: Ptr, max = 1 << 20): string {
  if (!ptr) return '';
  let end = ptr;
  const limit = Math.min(heap.length, ptr + max);
  while (end < limit && heap[end] !== 0) end++;
  return utf8.decode(heap.subarray(ptr, end));
}

export function readInt32s(heap: Uint8Array, ptr: Ptr, count: number): number[] {
  const view = new DataView(heap.buffer, heap.byteOffset, heap.byteLength);
  return Array.from({ length: count }, (_, i) => view.getInt32(ptr + 4 * i, true));
}
