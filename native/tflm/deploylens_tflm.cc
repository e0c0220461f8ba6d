// DeployLens's C API around TensorFlow Lite Micro: see deploylens_tflm.h for the contract.
//
// Also TFLM's platform hook: DebugLog()/DebugVsnprintf() (in place of
// tensorflow/lite/micro/debug_log.cc) capture everything TFLM prints through MicroPrintf in a
// bounded buffer, and note which graph node TFLM was at when it printed.

#include "deploylens_tflm.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#include <chrono>
#endif

#include "tensorflow/lite/micro/debug_log.h"
#include "tensorflow/lite/micro/micro_allocator.h"
#include "tensorflow/lite/micro/micro_context.h"
#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_interpreter_graph.h"
#include "tensorflow/lite/micro/micro_log.h"
#include "tensorflow/lite/micro/micro_op_resolver.h"
#include "tensorflow/lite/micro/micro_profiler_interface.h"
#include "tensorflow/lite/micro/micro_resource_variable.h"
#include "tensorflow/lite/micro/recording_micro_allocator.h"
#include "tensorflow/lite/micro/recording_micro_interpreter.h"
#include "tensorflow/lite/micro/tools/benchmarking/op_resolver.h"
#include "tensorflow/lite/schema/schema_generated.h"
#include "tensorflow/lite/schema/schema_utils.h"

namespace {

double NowMs() {
#ifdef __EMSCRIPTEN__
  return emscripten_get_now();
#else
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
#endif
}

// ------------------------------------------------------------------------------------- log ---
constexpr size_t kLogCap = 256 * 1024;
const char kTruncated[] = "\n[DeployLens: TFLM log truncated]\n";
char g_log[kLogCap + 1];
size_t g_log_len = 0;
bool g_log_full = false;
// {valid, subgraph, operator}: where the graph was when TFLM last printed (see the header).
int32_t g_last_log_position[3] = {0, 0, 0};
tflite::MicroInterpreterGraph* g_active_graph = nullptr;

void AppendLog(const char* format, va_list args) {
  if (g_log_full) return;
  const size_t room = kLogCap - sizeof(kTruncated) - g_log_len;
  int n = vsnprintf(g_log + g_log_len, room + 1, format, args);
  if (n < 0) return;
  if (static_cast<size_t>(n) > room) {
    g_log_len += room;
    memcpy(g_log + g_log_len, kTruncated, sizeof(kTruncated));
    g_log_len += sizeof(kTruncated) - 1;
    g_log_full = true;
  } else {
    g_log_len += static_cast<size_t>(n);
  }
  g_log[g_log_len] = 0;
}

// --------------------------------------------------------------------------------- profiler ---
// Per-op wall-clock events. TFLM opens one event per operator (ScopedMicroProfiler in
// MicroInterpreterGraph::InvokeSubgraph) with the op name as tag; the graph tells which node.
class NodeProfiler : public tflite::MicroProfilerInterface {
 public:
  static constexpr int kMaxEvents = 8192;
  ~NodeProfiler() override { free(events_); }
  uint32_t BeginEvent(const char* tag) override {
    if (!events_) {
      events_ = static_cast<Event*>(malloc(sizeof(Event) * kMaxEvents));
      if (!events_) return kMaxEvents;
    }
    if (count_ >= kMaxEvents) return kMaxEvents;
    Event& e = events_[count_];
    e.tag = tag;
    e.subgraph = graph_ ? graph_->GetCurrentSubgraphIndex() : -1;
    e.node = graph_ ? graph_->GetCurrentOperatorIndex() : -1;
    e.start = NowMs();
    e.end = e.start;
    return static_cast<uint32_t>(count_++);
  }
  void EndEvent(uint32_t handle) override {
    if (events_ && handle < static_cast<uint32_t>(count_)) events_[handle].end = NowMs();
  }
  void Clear() { count_ = 0; }
  void SetGraph(tflite::MicroInterpreterGraph* graph) { graph_ = graph; }

  struct Event {
    const char* tag;
    int32_t subgraph;
    int32_t node;
    double start;
    double end;
  };
  int count_ = 0;
  Event* events_ = nullptr;

 private:
  tflite::MicroInterpreterGraph* graph_ = nullptr;
};

// MicroInterpreter keeps its graph private; its protected context() leads to it through the
// MicroContext, which is how kernels reach the graph too.
template <class Base>
class Inspectable : public Base {
 public:
  using Base::Base;
  tflite::MicroInterpreterGraph& graph() {
    return static_cast<tflite::MicroInterpreterGraph&>(
        tflite::GetMicroContext(&this->context())->graph());
  }
};
using PlainInterpreter = Inspectable<tflite::MicroInterpreter>;
using RecordingInterpreter = Inspectable<tflite::RecordingMicroInterpreter>;

struct Session {
  uint8_t* model_buf = nullptr;
  size_t model_len = 0;
  const tflite::Model* model = nullptr;
  tflite::TflmOpResolver* resolver = nullptr;
  uint8_t* arena = nullptr;
  size_t arena_len = 0;
  tflite::MicroInterpreter* interpreter = nullptr;  // = plain or recorder, whichever exists
  PlainInterpreter* plain = nullptr;
  RecordingInterpreter* recorder = nullptr;
  tflite::MicroInterpreterGraph* graph = nullptr;
  const tflite::RecordingMicroAllocator* recording = nullptr;
  int32_t resource_variable_slots = 0;
  TfLiteStatus last_status = kTfLiteOk;
  size_t log_mark = 0;  // log length when the last allocate/invoke began
  int32_t failure[4] = {DL_TFLM_FAIL_NONE, -1, -1, -1};
  char failure_custom_code[128] = "";
  NodeProfiler profiler;
};

void DestroyInterpreter(Session* s) {
  // (MicroInterpreter's destructor is not virtual: delete through the real type.) The
  // MicroAllocator and resource variables live in the arena.
  delete s->plain;
  delete s->recorder;
  s->plain = nullptr;
  s->recorder = nullptr;
  s->interpreter = nullptr;
  s->graph = nullptr;
  s->recording = nullptr;
  s->resource_variable_slots = 0;
  s->profiler.SetGraph(nullptr);
  s->profiler.Clear();
  free(s->arena);
  s->arena = nullptr;
  s->arena_len = 0;
}

Session* AsSession(void* p) { return static_cast<Session*>(p); }

// Marks the span of a call in which TFLM's prints are attributed to the graph's position.
struct ActiveGraph {
  explicit ActiveGraph(Session* s) {
    s->log_mark = g_log_len;
    g_last_log_position[0] = 0;
    g_active_graph = s->graph;
  }
  ~ActiveGraph() { g_active_graph = nullptr; }
};

const tflite::OperatorCode* OpCodeOf(const tflite::Model* model, const tflite::Operator* op) {
  auto* codes = model->operator_codes();
  if (!codes || op->opcode_index() >= codes->size()) return nullptr;
  return codes->Get(op->opcode_index());
}

int32_t CountOps(const tflite::Model* model, tflite::BuiltinOperator code) {
  int32_t n = 0;
  if (!model->subgraphs()) return 0;
  for (const tflite::SubGraph* sg : *model->subgraphs()) {
    if (!sg || !sg->operators()) continue;
    for (const tflite::Operator* op : *sg->operators()) {
      const tflite::OperatorCode* oc = OpCodeOf(model, op);
      if (oc && tflite::GetBuiltinCode(oc) == code) ++n;
    }
  }
  return n;
}

// After a failed AllocateTensors: the first operator (TFLM's own order: subgraph by subgraph)
// whose code the resolver cannot serve, found with TFLM's own lookup. Its error text was already
// logged by TFLM; this lookup's repeat is taken back out of the log.
bool FindUnresolvedOp(Session* s) {
  const size_t mark = g_log_len;
  const bool was_full = g_log_full;
  bool found = false;
  auto* subgraphs = s->model->subgraphs();
  for (uint32_t g = 0; subgraphs && g < subgraphs->size() && !found; ++g) {
    const tflite::SubGraph* sg = subgraphs->Get(g);
    if (!sg || !sg->operators()) continue;
    for (uint32_t i = 0; i < sg->operators()->size(); ++i) {
      const tflite::Operator* op = sg->operators()->Get(i);
      const tflite::OperatorCode* oc = OpCodeOf(s->model, op);
      const TFLMRegistration* reg = nullptr;
      if (!oc || tflite::GetRegistrationFromOpCode(oc, *s->resolver, &reg) != kTfLiteOk ||
          reg == nullptr) {
        s->failure[0] = DL_TFLM_FAIL_UNRESOLVED_OP;
        s->failure[1] = static_cast<int32_t>(g);
        s->failure[2] = static_cast<int32_t>(i);
        s->failure[3] = oc ? static_cast<int32_t>(tflite::GetBuiltinCode(oc)) : -1;
        if (oc && oc->custom_code()) {
          snprintf(s->failure_custom_code, sizeof(s->failure_custom_code), "%s",
                   oc->custom_code()->c_str());
        }
        found = true;
        break;
      }
    }
  }
  g_log_len = mark;
  g_log_full = was_full;
  g_log[g_log_len] = 0;
  return found;
}

// Where a failed call stopped. TFLM names the node in its own words ("Node CONV_2D (number 3)
// failed to prepare …", "Op#2 (…) of subgraph 0 has dynamic tensor …") and, on those paths,
// leaves the graph's indices at that node.
void RecordFailure(Session* s) {
  s->failure[0] = DL_TFLM_FAIL_NONE;
  s->failure[1] = s->failure[2] = s->failure[3] = -1;
  s->failure_custom_code[0] = 0;
  if (s->last_status == kTfLiteOk) return;
  if (s->resolver && s->model && FindUnresolvedOp(s)) return;
  const char* since = g_log + s->log_mark;
  const bool at_node = strstr(since, "failed to prepare") || strstr(since, "failed to invoke") ||
                       strstr(since, "has dynamic tensor");
  s->failure[0] = at_node && g_last_log_position[0] ? DL_TFLM_FAIL_AT_NODE : DL_TFLM_FAIL_OTHER;
  if (g_last_log_position[0]) {
    s->failure[1] = g_last_log_position[1];
    s->failure[2] = g_last_log_position[2];
  }
}

TfLiteTensor* IoTensor(Session* s, int32_t is_output, int32_t index) {
  if (!s || !s->interpreter || s->last_status != kTfLiteOk || index < 0) return nullptr;
  const size_t n = is_output ? s->interpreter->outputs_size() : s->interpreter->inputs_size();
  if (static_cast<size_t>(index) >= n) return nullptr;
  return is_output ? s->interpreter->output(index) : s->interpreter->input(index);
}

int32_t ToApiStatus(TfLiteStatus status) {
  if (status == kTfLiteOk) return DL_TFLM_OK;
  if (status == kTfLiteError) return DL_TFLM_TFLM_ERROR;
  return 100 + static_cast<int32_t>(status);
}

}  // namespace

// ------------------------------------------------------------------- TFLM platform hooks ---
extern "C" void DebugLog(const char* format, va_list args) {
  if (g_active_graph) {
    g_last_log_position[0] = 1;
    g_last_log_position[1] = g_active_graph->GetCurrentSubgraphIndex();
    g_last_log_position[2] = g_active_graph->GetCurrentOperatorIndex();
  }
  AppendLog(format, args);
}

extern "C" int DebugVsnprintf(char* buffer, size_t buf_size, const char* format,
                              va_list vlist) {
  return vsnprintf(buffer, buf_size, format, vlist);
}

// ------------------------------------------------------------------------------------ API ---
extern "C" {

const char* dl_tflm_log(void) { return g_log; }
int32_t dl_tflm_log_length(void) { return static_cast<int32_t>(g_log_len); }
void dl_tflm_log_clear(void) {
  g_log_len = 0;
  g_log_full = false;
  g_log[0] = 0;
}
const int32_t* dl_tflm_last_log_position(void) { return g_last_log_position; }

int32_t dl_tflm_api_version(void) { return DL_TFLM_API_VERSION; }
const char* dl_tflm_kernels(void) {
#ifdef CMSIS_NN
  return "cmsis_nn";
#else
  return "reference";
#endif
}

void* dl_tflm_session_new(void) { return new (std::nothrow) Session(); }

void dl_tflm_session_free(void* session) {
  Session* s = AsSession(session);
  if (!s) return;
  DestroyInterpreter(s);
  delete s->resolver;
  free(s->model_buf);
  delete s;
}

uint8_t* dl_tflm_model_buffer(void* session, int32_t bytes) {
  Session* s = AsSession(session);
  if (!s || bytes <= 0) return nullptr;
  DestroyInterpreter(s);
  free(s->model_buf);
  s->model = nullptr;
  s->model_buf = static_cast<uint8_t*>(aligned_alloc(16, (static_cast<size_t>(bytes) + 15) & ~size_t{15}));
  s->model_len = s->model_buf ? static_cast<size_t>(bytes) : 0;
  return s->model_buf;
}

int32_t dl_tflm_model_load(void* session) {
  Session* s = AsSession(session);
  if (!s || !s->model_buf) return DL_TFLM_NO_MODEL;
  DestroyInterpreter(s);
  s->model = nullptr;
  flatbuffers::Verifier verifier(s->model_buf, s->model_len);
  if (!tflite::VerifyModelBuffer(verifier)) {
    MicroPrintf("DeployLens: the TFLite flatbuffer verifier rejected the model (%u bytes)",
                static_cast<unsigned>(s->model_len));
    return DL_TFLM_INVALID_MODEL;
  }
  s->model = tflite::GetModel(s->model_buf);
  return DL_TFLM_OK;
}

int32_t dl_tflm_allocate(void* session, int32_t arena_bytes, int32_t recording) {
  Session* s = AsSession(session);
  if (!s) return DL_TFLM_BAD_ARGUMENT;
  DestroyInterpreter(s);
  s->failure[0] = DL_TFLM_FAIL_NONE;
  if (!s->model) return DL_TFLM_NO_MODEL;
  if (arena_bytes <= 0) return DL_TFLM_BAD_ARGUMENT;
  if (!s->resolver) {
    s->resolver = new (std::nothrow) tflite::TflmOpResolver();
    if (!s->resolver || tflite::CreateOpResolver(*s->resolver) != kTfLiteOk) {
      delete s->resolver;
      s->resolver = nullptr;
      return DL_TFLM_OUT_OF_MEMORY;
    }
  }
  s->arena_len = static_cast<size_t>(arena_bytes);
  s->arena = static_cast<uint8_t*>(aligned_alloc(16, (s->arena_len + 15) & ~size_t{15}));
  if (!s->arena) {
    s->arena_len = 0;
    return DL_TFLM_OUT_OF_MEMORY;
  }

  // The allocator is created the way firmware does (MicroAllocator::Create over the arena), so
  // that resource variables, when the model needs them, come out of the same arena.
  tflite::MicroAllocator* allocator = nullptr;
  tflite::RecordingMicroAllocator* recording_allocator = nullptr;
  if (recording) {
    recording_allocator = tflite::RecordingMicroAllocator::Create(s->arena, s->arena_len);
    allocator = recording_allocator;
  } else {
    allocator = tflite::MicroAllocator::Create(s->arena, s->arena_len);
  }
  if (!allocator) {
    s->last_status = kTfLiteError;
    RecordFailure(s);
    return DL_TFLM_TFLM_ERROR;
  }
  tflite::MicroResourceVariables* variables = nullptr;
  const int32_t var_handles = CountOps(s->model, tflite::BuiltinOperator_VAR_HANDLE);
  if (var_handles > 0) {
    variables = tflite::MicroResourceVariables::Create(allocator, var_handles);
    if (!variables) {
      s->last_status = kTfLiteError;
      RecordFailure(s);
      return DL_TFLM_TFLM_ERROR;
    }
    s->resource_variable_slots = var_handles;
  }

  if (recording) {
    auto* ri = new (std::nothrow)
        RecordingInterpreter(s->model, *s->resolver, recording_allocator, variables, &s->profiler);
    if (ri) {
      s->graph = &ri->graph();
      s->recording = &ri->GetMicroAllocator();
    }
    s->recorder = ri;
    s->interpreter = ri;
  } else {
    auto* pi = new (std::nothrow)
        PlainInterpreter(s->model, *s->resolver, allocator, variables, &s->profiler);
    if (pi) s->graph = &pi->graph();
    s->plain = pi;
    s->interpreter = pi;
  }
  if (!s->interpreter) return DL_TFLM_OUT_OF_MEMORY;
  s->profiler.SetGraph(s->graph);
  if (s->interpreter->initialization_status() != kTfLiteOk) {
    s->last_status = s->interpreter->initialization_status();
    RecordFailure(s);
    return DL_TFLM_INIT_FAILED;
  }
  {
    ActiveGraph active(s);
    s->last_status = s->interpreter->AllocateTensors();
  }
  s->profiler.Clear();
  RecordFailure(s);
  return ToApiStatus(s->last_status);
}

int32_t dl_tflm_figures(void* session, int32_t* out, int32_t n) {
  Session* s = AsSession(session);
  if (!s || !out || n < 0) return DL_TFLM_BAD_ARGUMENT;
  int32_t fig[DL_TFLM_FIG_COUNT];
  for (int32_t& v : fig) v = -1;
  fig[DL_TFLM_FIG_ARENA_BYTES] = static_cast<int32_t>(s->arena_len);
  fig[DL_TFLM_FIG_RECORDING] = s->recording ? 1 : 0;
  fig[DL_TFLM_FIG_RESOURCE_VARIABLES] = s->resource_variable_slots;
  if (s->interpreter && s->last_status == kTfLiteOk) {
    fig[DL_TFLM_FIG_USED_BYTES] = static_cast<int32_t>(s->interpreter->arena_used_bytes());
  }
  if (s->recording) {
    const auto* a = s->recording->GetSimpleMemoryAllocator();
    fig[DL_TFLM_FIG_HEAD] = static_cast<int32_t>(a->GetNonPersistentUsedBytes());
    fig[DL_TFLM_FIG_TAIL] = static_cast<int32_t>(a->GetPersistentUsedBytes());
    fig[DL_TFLM_FIG_RECORDING_OVERHEAD] =
        static_cast<int32_t>(tflite::RecordingMicroAllocator::GetDefaultTailUsage());
    for (int t = 0; t < 7; ++t) {
      const tflite::RecordedAllocation r =
          s->recording->GetRecordedAllocation(static_cast<tflite::RecordedAllocationType>(t));
      fig[DL_TFLM_FIG_CATEGORIES + 3 * t + 0] = static_cast<int32_t>(r.used_bytes);
      fig[DL_TFLM_FIG_CATEGORIES + 3 * t + 1] = static_cast<int32_t>(r.requested_bytes);
      fig[DL_TFLM_FIG_CATEGORIES + 3 * t + 2] = static_cast<int32_t>(r.count);
    }
  }
  const int32_t m = n < DL_TFLM_FIG_COUNT ? n : DL_TFLM_FIG_COUNT;
  for (int32_t i = 0; i < m; ++i) out[i] = fig[i];
  return DL_TFLM_FIG_COUNT;
}

int32_t dl_tflm_failure(void* session, int32_t* out) {
  Session* s = AsSession(session);
  if (!s || !out) return DL_TFLM_BAD_ARGUMENT;
  for (int i = 0; i < 4; ++i) out[i] = s->failure[i];
  return DL_TFLM_OK;
}

const char* dl_tflm_failure_custom_code(void* session) {
  Session* s = AsSession(session);
  return s ? s->failure_custom_code : "";
}

int32_t dl_tflm_input_count(void* session) {
  Session* s = AsSession(session);
  return s && s->interpreter && s->last_status == kTfLiteOk
             ? static_cast<int32_t>(s->interpreter->inputs_size()) : -1;
}
int32_t dl_tflm_output_count(void* session) {
  Session* s = AsSession(session);
  return s && s->interpreter && s->last_status == kTfLiteOk
             ? static_cast<int32_t>(s->interpreter->outputs_size()) : -1;
}

int32_t dl_tflm_tensor_info(void* session, int32_t is_output, int32_t index, int32_t* out) {
  TfLiteTensor* t = IoTensor(AsSession(session), is_output, index);
  if (!t || !out) return DL_TFLM_BAD_ARGUMENT;
  out[0] = static_cast<int32_t>(t->type);
  out[1] = static_cast<int32_t>(t->bytes);
  out[2] = t->params.zero_point;
  const int rank = t->dims ? t->dims->size : 0;
  out[3] = rank;
  for (int i = 0; i < 8; ++i) out[4 + i] = i < rank ? t->dims->data[i] : 0;
  return rank > 8 ? DL_TFLM_BAD_ARGUMENT : DL_TFLM_OK;
}

double dl_tflm_tensor_scale(void* session, int32_t is_output, int32_t index) {
  TfLiteTensor* t = IoTensor(AsSession(session), is_output, index);
  return t ? static_cast<double>(t->params.scale) : 0.0;
}

uint8_t* dl_tflm_tensor_data(void* session, int32_t is_output, int32_t index) {
  TfLiteTensor* t = IoTensor(AsSession(session), is_output, index);
  return t ? t->data.uint8 : nullptr;
}

int32_t dl_tflm_invoke(void* session) {
  Session* s = AsSession(session);
  if (!s || !s->interpreter || s->last_status != kTfLiteOk) return DL_TFLM_NO_MODEL;
  s->profiler.Clear();
  TfLiteStatus status;
  {
    ActiveGraph active(s);
    status = s->interpreter->Invoke();
  }
  if (status != kTfLiteOk) {
    // Keep the tensors usable (Invoke may be retried after Reset): only the failure is noted.
    const TfLiteStatus allocated = s->last_status;
    s->last_status = status;
    RecordFailure(s);
    s->last_status = allocated;
  } else {
    s->failure[0] = DL_TFLM_FAIL_NONE;
  }
  return ToApiStatus(status);
}

int32_t dl_tflm_reset(void* session) {
  Session* s = AsSession(session);
  if (!s || !s->interpreter || s->last_status != kTfLiteOk) return DL_TFLM_NO_MODEL;
  return ToApiStatus(s->interpreter->Reset());
}

int32_t dl_tflm_profile_count(void* session) {
  Session* s = AsSession(session);
  return s ? s->profiler.count_ : 0;
}

static const NodeProfiler::Event* EventAt(void* session, int32_t i) {
  Session* s = AsSession(session);
  if (!s || i < 0 || i >= s->profiler.count_ || !s->profiler.events_) return nullptr;
  return &s->profiler.events_[i];
}
const char* dl_tflm_profile_tag(void* session, int32_t i) {
  const NodeProfiler::Event* e = EventAt(session, i);
  return e && e->tag ? e->tag : "";
}
int32_t dl_tflm_profile_subgraph(void* session, int32_t i) {
  const NodeProfiler::Event* e = EventAt(session, i);
  return e ? e->subgraph : -1;
}
int32_t dl_tflm_profile_node(void* session, int32_t i) {
  const NodeProfiler::Event* e = EventAt(session, i);
  return e ? e->node : -1;
}
double dl_tflm_profile_ms(void* session, int32_t i) {
  const NodeProfiler::Event* e = EventAt(session, i);
  return e ? e->end - e->start : -1.0;
}

}  // extern "C"
