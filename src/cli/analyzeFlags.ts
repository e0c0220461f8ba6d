// V8 settings for the `analyze` process (dist/cli.js only: tests call main() in-process and keep V8's defaults).
import * as v8 from 'node:v8';

/** Both settings below, for a process that runs `analyze`. */
export function tuneForAnalysis(): void {
  interpretAnalysis();
  growHeapInSmallSteps();
}

/**
 * An `analyze` run is one pass over the model: its functions run for a second or two, and V8's
 * optimizing compiler (TurboFan, on a background thread) spends more memory than it saves time.
 * Its compilations' zones are freed into the compiler thread's own malloc arena, which keeps the
 * pages: the 10,189-node decoder peaked at 116-118 MiB RSS with it and 103-110 without (ViT-B/16
 * 67-70 → 58; decoder on three targets 178-180 → 152-160), at the same CPU on one target (1.4-1.5 s)
 * and ~4-12% more on three. Interpreter and baseline code (Sparkplug) only: V8 reads the flag at
 * each tier-up, so it can be set now. `profile` and `quantize` (ONNX Runtime, long loops) keep it.
 */
function interpretAnalysis(): void {
  v8.setFlagsFromString('--no-turbofan');
}

/**
 * Between two full collections V8 lets the heap grow up to 4x the live set when collecting is cheap
 * for it. Over several targets the live set grows target by target (the first target's analysis
 * stays for the report's rows while the next ones are analyzed): the decoder on three targets
 * peaked at 250-310 MiB RSS with 68 MB live. Over several models, the last full collection came
 * while the first was analyzed, and the next one never: the first model's garbage and the second's
 * analysis piled up (two decoders: 188 MiB, one: 121). Growing by 60% of the live set at most: three
 * targets 180-185 MiB, for ~7-10% more CPU (more full collections). One model on one target too
 * since TurboFan is off (its arena had hidden the difference): the decoder's peak came at the full
 * collection the first one (14 MB live, after start-up) had scheduled at ~59 MB, 4x; with 60% it is
 * 96-98 MiB instead of 104-105 at the same CPU (on ethos-u55-128 120 instead of 123, ~8% more CPU).
 * V8 reads the factor at each full collection, so it can be set now; `--max-old-space-size` would
 * instead turn a big model into an out-of-memory crash.
 */
function growHeapInSmallSteps(): void {
  v8.setFlagsFromString('--heap-growing-percent=60');
}
