#!/usr/bin/env bash
# Re-creates the pinned upstream files from local git mirrors (the session's `fetch` tool puts them
# in /work/.mirror/<owner>+<repo>/repo). Each file is written under <dir>/<upstream path> from the
# exact commit in MANIFEST below; manifest.json records repo, commit, path, licence and sha256.
# ONNX Runtime is too large to mirror here: its files were copied from the search index's pinned
# versions by hand (see README.md) and are not touched by this script.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MIRRORS="${MIRRORS:-/work/.mirror}"
# dir | repo | commit | licence file | paths...
pin() {
  local dir="$1" repo="$2" commit="$3"; shift 3
  local git="$MIRRORS/${repo/\//+}/repo"
  for p in "$@"; do
    mkdir -p "$HERE/$dir/$(dirname "$p")"
    git -C "$git" show "$commit:$p" > "$HERE/$dir/$p"
  done
}
TFLM=90b983c2b3f1480642e040bbd2ddb37b998f3424
K=tensorflow/lite/micro/kernels
# The signal library's kernels (SignalEnergy, SignalFilterBank, …: custom ops the resolver registers).
S=signal/micro/kernels
tflm_kernels() {
  git -C "$MIRRORS/tensorflow+tflite-micro/repo" show "$TFLM:tensorflow/lite/micro/micro_mutable_op_resolver.h" \
    | grep -oE 'Register_[A-Z0-9_]+\(\)' | sort -u | sed 's/()//' | while read -r r; do
      git -C "$MIRRORS/tensorflow+tflite-micro/repo" grep -lE "TFLMRegistration\s*\*?\s*$r\(\)" "$TFLM" -- "$K/*.cc" "$K/cmsis_nn/*.cc" "$S/*.cc" \
        | sed "s/^$TFLM://" | grep -vE '/(arc_mli|ceva|xtensa|ethos_u)/'
    done | sort -u | while read -r f; do
      echo "$f"
      common="${f%.cc}_common.cc"; common="$(dirname "$f" | sed 's|/cmsis_nn$||')/$(basename "$common")"
      git -C "$MIRRORS/tensorflow+tflite-micro/repo" cat-file -e "$TFLM:$common" 2>/dev/null && echo "$common"
    done | sort -u
}
pin tflite-micro tensorflow/tflite-micro "$TFLM" LICENSE tensorflow/lite/micro/micro_mutable_op_resolver.h \
  tensorflow/lite/micro/micro_allocator.cc $(tflm_kernels)
pin ethos-u-vela nxp-imx/ethos-u-vela a6f65663db123c131cdd12aab6aad9a50470d5c0 LICENSE.txt SUPPORTED_OPS.md \
  ethosu/vela/tflite_supported_operators.py ethosu/vela/tflite_model_semantic.py
pin litert google-ai-edge/LiteRT f67457790c9c2ab67347d6fe53270e8d3df20868 LICENSE \
  tflite/delegates/gpu/common/model_builder.cc tflite/delegates/gpu/common/model_builder_helper.cc \
  tflite/delegates/nnapi/nnapi_delegate.cc
pin onnx-tensorrt/10.1-GA onnx/onnx-tensorrt 96e781103cfc4adf4a6bb557e94bac8e693f6f4c LICENSE docs/operators.md
pin onnx-tensorrt/8.5-GA onnx/onnx-tensorrt fdeeaca87ad2eef316aafb016e1822502f383eea LICENSE docs/operators.md
pin onnx onnx/onnx f7546912001bc31e92a238b17068a21b373d882e LICENSE docs/Operators.md
echo "pinned; now run: npm run targets:sync"
