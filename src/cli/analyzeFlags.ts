// V8 settings for the `analyze` process, set by dist/cli.js's loader (src/cli/loader.ts) before it
// compiles the CLI bundle: V8 stamps its code cache with a hash of the flags in force when the cache
// is written and rejects it when they differ at the next load, so flags set by the command after
// the load made every analyze run compile the ~1 MB bundle again (and rewrite the cache at exit).
// The loader keeps one cache per set of flags. Tests call main() in-process and keep V8's defaults.

/** V8 flags for a CLI run of `command` (its first argument), as setFlagsFromString takes them. */
export function cliV8Flags(command: string | undefined): string[] {
  return command === 'analyze' ? [...OPTIMIZE_ONLY_HOT_LOOPS, GROW_HEAP_IN_SMALL_STEPS] : [];
}

/**
 * An `analyze` run is one pass over the model: most of its functions run for a second or two, and
 * V8's optimizing compiler (TurboFan, on background threads) spent more memory than it saved time.
 * Its compilations' zones are freed into the compiler threads' own malloc arenas, which keep the
 * pages. Two settings keep it for the few hot loops that need it (the delegate partitioner's queue,
 * the weight zero counts) and cut its memory: a function is optimized after 32x V8's default
 * interrupt budget of bytecode run (67,584 -> 2,162,688), so far fewer functions are compiled, and
 * without inlining, so each compilation's graph is small. 10,189-node decoder, `--format json`
 * (with the 60% heap growth below): default target 117-125 MiB -> 101-103 at 1.04-1.15 s CPU
 * instead of 1.33-1.39; ethos-u55-128 137-146 -> 121-126 at 1.62-1.64 s instead of 1.87-2.02.
 * Turning TurboFan off altogether measured 97-98 MiB on the default target but 2.4-2.6 s CPU on
 * ethos-u55-128 (the partitioner's queue interpreted). V8 reads both flags when it decides to
 * optimize. `profile` and `quantize` (long loops) keep V8's defaults.
 */
const OPTIMIZE_ONLY_HOT_LOOPS = ['--interrupt-budget=2162688', '--no-turbo-inlining'];

/**
 * Between two full collections V8 lets the heap grow up to 4x the live set when collecting is cheap
 * for it. Over several targets the live set grows target by target (the first target's analysis
 * stays for the report's rows while the next ones are analyzed): the decoder on three targets
 * peaked at 250-310 MiB RSS with 68 MB live. Over several models, the last full collection came
 * while the first was analyzed, and the next one never: the first model's garbage and the second's
 * analysis piled up (two decoders: 188 MiB, one: 121). Growing by 60% of the live set at most: three
 * targets 180-185 MiB, for ~7-10% more CPU (more full collections). One model on one target too
 * since TurboFan's memory is cut (its arenas had hidden the difference): the decoder's peak came at the full
 * collection the first one (14 MB live, after start-up) had scheduled at ~59 MB, 4x; with 60% it is
 * 96-98 MiB instead of 104-105 at the same CPU (on ethos-u55-128 120 instead of 123, ~8% more CPU),
 * both measured with TurboFan off.
 * V8 reads the factor at each full collection; `--max-old-space-size` would instead turn a big
 * model into an out-of-memory crash.
 */
const GROW_HEAP_IN_SMALL_STEPS = '--heap-growing-percent=60';
