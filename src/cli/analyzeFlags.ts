// V8 settings for the `analyze` process (dist/cli.js only: tests call main() in-process and keep V8's defaults).
import * as v8 from 'node:v8';

/**
 * An `analyze` run is one pass over the model: its functions run for a second or two, and V8's
 * optimizing compiler (TurboFan, on a background thread) spends more memory than it saves time.
 * Its compilations' zones are freed into the compiler thread's own malloc arena, which keeps the
 * pages: the 10,189-node decoder peaked at 116-118 MiB RSS with it and 103-110 without (ViT-B/16
 * 67-70 → 58; decoder on three targets 178-180 → 152-160), at the same CPU on one target (1.4-1.5 s)
 * and ~4-12% more on three. Interpreter and baseline code (Sparkplug) only: V8 reads the flag at
 * each tier-up, so it can be set now. `profile` and `quantize` (ONNX Runtime, long loops) keep it.
 */
export function interpretAnalysis(): void {
  v8.setFlagsFromString('--no-turbofan');
}
