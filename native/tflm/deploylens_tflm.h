// DeployLens's C API around TensorFlow Lite Micro (third_party/tflm, pinned in its SOURCES.md).
//
// One call surface for the WebAssembly build (src/processes/tflm/engine.ts drives it) and for the
// native build the tests use to cross-check it (tflm_run.cc). Plain C types only: every value
// crosses the wasm boundary as an int32, a double or a pointer into the module's memory.
//
// A session owns one model copy, one arena, one op resolver and at most one interpreter. Sessions
// are independent, but TFLM itself calls abort() on some Prepare failures (TFLITE_DCHECK after a
// failed temp allocation); in wasm that kills the whole module instance, so the host re-creates
// it. Facts the host needs after an abort (the log, the node TFLM was at) live at fixed addresses
// it reads from memory: dl_tflm_log() and dl_tflm_last_log_position().
#ifndef DEPLOYLENS_TFLM_H_
#define DEPLOYLENS_TFLM_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DL_TFLM_API_VERSION 1

// Status codes of this API. TFLM's own TfLiteStatus values pass through as DL_TFLM_TFLM_ERROR
// (kTfLiteError) or their own value + 100 (kTfLiteDelegateError …) so they are never confused.
enum DlTflmStatus {
  DL_TFLM_OK = 0,
  DL_TFLM_TFLM_ERROR = 1,       // TFLM returned kTfLiteError; its text is in the log
  DL_TFLM_NO_MODEL = 2,         // no model loaded, or no interpreter allocated yet
  DL_TFLM_INVALID_MODEL = 3,    // the flatbuffer verifier rejected the bytes
  DL_TFLM_OUT_OF_MEMORY = 4,    // the host could not provide the arena (not a TFLM verdict)
  DL_TFLM_BAD_ARGUMENT = 5,
  DL_TFLM_INIT_FAILED = 6       // the interpreter's constructor failed (e.g. schema version)
};

// Indices of dl_tflm_figures()'s output (int32 each, -1 when not known).
enum DlTflmFigure {
  DL_TFLM_FIG_ARENA_BYTES = 0,       // arena size the interpreter was given
  DL_TFLM_FIG_USED_BYTES = 1,        // MicroInterpreter::arena_used_bytes()
  DL_TFLM_FIG_HEAD = 2,              // non-persistent (planned tensors + scratch)    [recording]
  DL_TFLM_FIG_TAIL = 3,              // persistent                                    [recording]
  DL_TFLM_FIG_RECORDING_OVERHEAD = 4,  // RecordingMicroAllocator's own tail bytes    [recording]
  DL_TFLM_FIG_RECORDING = 5,         // 1 if a RecordingMicroInterpreter was used
  DL_TFLM_FIG_RESOURCE_VARIABLES = 6,  // MicroResourceVariables slots created (0: none)
  DL_TFLM_FIG_CATEGORIES = 7,        // then 7 × (used, requested, count), in
                                     // tflite::RecordedAllocationType order     [recording]
  DL_TFLM_FIG_COUNT = 7 + 7 * 3
};

// Where the failure of the last allocate/invoke is, as far as TFLM's state tells.
enum DlTflmFailureKind {
  DL_TFLM_FAIL_NONE = 0,
  DL_TFLM_FAIL_UNRESOLVED_OP = 1,  // the resolver has no kernel for this operator's code
  DL_TFLM_FAIL_AT_NODE = 2,        // TFLM logged while at this node (Prepare/Invoke of it)
  DL_TFLM_FAIL_OTHER = 3           // not attributable to a node (e.g. planning, arena)
};

// ---- TFLM's own text (MicroPrintf / DebugLog), process-wide, capped at 256 KiB ----
const char* dl_tflm_log(void);  // NUL-terminated
int32_t dl_tflm_log_length(void);
void dl_tflm_log_clear(void);
// int32[3]: {valid, subgraph, operator} of the interpreter graph when TFLM last logged during an
// allocate/invoke call (valid = 0 outside graph execution). Fixed address: readable after abort().
const int32_t* dl_tflm_last_log_position(void);

int32_t dl_tflm_api_version(void);
// "cmsis_nn" or "reference": the kernels this build was compiled with.
const char* dl_tflm_kernels(void);

// ---- sessions ----
void* dl_tflm_session_new(void);
void dl_tflm_session_free(void* session);
// A 16-byte aligned buffer of `bytes` for the caller to copy the model into, then load.
uint8_t* dl_tflm_model_buffer(void* session, int32_t bytes);
// Verifies the flatbuffer (TFLite schema verifier). DL_TFLM_OK or DL_TFLM_INVALID_MODEL.
int32_t dl_tflm_model_load(void* session);

// ---- allocation ----
// Builds an interpreter over a fresh arena of `arena_bytes` with every builtin TFLM kernel
// (TFLM's benchmark resolver, tools/benchmarking/op_resolver.h) and runs AllocateTensors().
// recording = 1: RecordingMicroInterpreter (head/tail/categories; costs its own tail bytes),
// recording = 0: plain MicroInterpreter, exactly what firmware runs.
// Resource variables are created (as TFLM's generic benchmark does) only when the model has
// VAR_HANDLE operators, one slot per operator.
int32_t dl_tflm_allocate(void* session, int32_t arena_bytes, int32_t recording);
// Fills out[0..n) with DlTflmFigure values of the last allocate (-1 where unknown).
int32_t dl_tflm_figures(void* session, int32_t* out, int32_t n);
// int32[4] {kind, subgraph, operator, builtin_code} for the last failed allocate/invoke.
int32_t dl_tflm_failure(void* session, int32_t* out);
// The custom code of an unresolved CUSTOM operator ("" otherwise): TFLM's own message names only
// "CUSTOM".
const char* dl_tflm_failure_custom_code(void* session);

// ---- tensors (subgraph 0's inputs/outputs, after a successful allocate) ----
int32_t dl_tflm_input_count(void* session);
int32_t dl_tflm_output_count(void* session);
// int32[12]: {type (TfLiteType), bytes, zero_point, rank, dims[0..7]}; is_output 0/1.
int32_t dl_tflm_tensor_info(void* session, int32_t is_output, int32_t index, int32_t* out);
double dl_tflm_tensor_scale(void* session, int32_t is_output, int32_t index);
uint8_t* dl_tflm_tensor_data(void* session, int32_t is_output, int32_t index);

// ---- running ----
int32_t dl_tflm_invoke(void* session);
// MicroInterpreter::Reset(): variable tensors and kernel state back to after-Prepare.
int32_t dl_tflm_reset(void* session);
// Per-op events of the last invoke, in execution order (nested subgraphs of IF/WHILE included).
int32_t dl_tflm_profile_count(void* session);
const char* dl_tflm_profile_tag(void* session, int32_t i);
int32_t dl_tflm_profile_subgraph(void* session, int32_t i);
int32_t dl_tflm_profile_node(void* session, int32_t i);
double dl_tflm_profile_ms(void* session, int32_t i);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // DEPLOYLENS_TFLM_H_
