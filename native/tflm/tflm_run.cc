// Native runner over the same C API as the wasm build, for the tests' cross-check only
// (test/tflm-native.test.ts): allocate with the plain MicroInterpreter, fill the inputs from a
// file, Invoke, print one JSON object with the status, TFLM's log and the outputs in hex.
//
//   tflm_run MODEL.tflite ARENA_BYTES [INPUTS.bin]   (INPUTS.bin: all inputs' bytes, in order)

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "deploylens_tflm.h"

namespace {

bool ReadFile(const char* path, std::vector<unsigned char>* out) {
  FILE* f = fopen(path, "rb");
  if (!f) return false;
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out->insert(out->end(), buf, buf + n);
  fclose(f);
  return true;
}

void PrintJsonString(const char* s) {
  putchar('"');
  for (; *s; ++s) {
    const unsigned char c = static_cast<unsigned char>(*s);
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c == '\n') printf("\\n");
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

void PrintHex(const unsigned char* p, int n) {
  putchar('"');
  for (int i = 0; i < n; ++i) printf("%02x", p[i]);
  putchar('"');
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s MODEL.tflite ARENA_BYTES [INPUTS.bin]\n", argv[0]);
    return 2;
  }
  std::vector<unsigned char> model, inputs;
  if (!ReadFile(argv[1], &model) || model.empty()) {
    fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
    return 2;
  }
  if (argc > 3 && !ReadFile(argv[3], &inputs)) {
    fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[3]);
    return 2;
  }
  void* s = dl_tflm_session_new();
  memcpy(dl_tflm_model_buffer(s, static_cast<int32_t>(model.size())), model.data(), model.size());
  int status = dl_tflm_model_load(s);
  const char* stage = "load";
  if (status == DL_TFLM_OK) {
    stage = "allocate";
    status = dl_tflm_allocate(s, atoi(argv[2]), 0);
  }
  if (status == DL_TFLM_OK) {
    size_t at = 0;
    for (int i = 0; i < dl_tflm_input_count(s); ++i) {
      int32_t info[12];
      dl_tflm_tensor_info(s, 0, i, info);
      const size_t bytes = static_cast<size_t>(info[1]);
      if (at + bytes > inputs.size()) break;
      memcpy(dl_tflm_tensor_data(s, 0, i), inputs.data() + at, bytes);
      at += bytes;
    }
    stage = "invoke";
    status = dl_tflm_invoke(s);
  }
  int32_t figures[DL_TFLM_FIG_COUNT];
  dl_tflm_figures(s, figures, DL_TFLM_FIG_COUNT);
  printf("{\"kernels\":\"%s\",\"stage\":\"%s\",\"status\":%d,\"usedBytes\":%d,\"log\":",
         dl_tflm_kernels(), stage, status, figures[DL_TFLM_FIG_USED_BYTES]);
  PrintJsonString(dl_tflm_log());
  printf(",\"outputs\":[");
  if (status == DL_TFLM_OK) {
    for (int i = 0; i < dl_tflm_output_count(s); ++i) {
      int32_t info[12];
      dl_tflm_tensor_info(s, 1, i, info);
      printf("%s{\"type\":%d,\"hex\":", i ? "," : "", info[0]);
      PrintHex(dl_tflm_tensor_data(s, 1, i), info[1]);
      putchar('}');
    }
  }
  printf("]}\n");
  dl_tflm_session_free(s);
  return 0;
}
