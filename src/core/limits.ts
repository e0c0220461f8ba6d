// Every budget DeployLens keeps on untrusted input, in one place (README "Reliability" lists them).
// A model, script or profile comes from a cloned repository, so whatever the file declares — a
// rank, an element count, an attribute's length, a function's depth, a node count — is checked
// against a limit here BEFORE anything proportional to it is allocated or walked. Beyond a limit
// the reader or the analysis reports a finding naming the limit and goes on with unknowns; only
// limits that make the file unusable (node count, file bytes) stop the read with a clear error.
//
// The values are far above what real models use (torchvision and TFLite Micro models: rank ≤ 6,
// attributes ≤ a few hundred entries, ≤ 10k nodes, no recursive functions) and low enough that
// the worst case of each stays within 5 s and 512 MB (test/hostile-corpus.test.ts measures it).

/** Dims of one tensor. ONNX Runtime and TFLite kernels stop well below (TFLite: 6 for most ops). */
export const MAX_RANK = 256;

/** Subgraphs nested in subgraphs (If in Loop in If ...). */
export const MAX_GRAPH_DEPTH = 64;

/**
 * Nodes of a model, all graphs and function bodies together. The analysis keeps about 6–8 KiB per
 * node (IR, shapes, costs, per-target support, partitions, lifetimes, arena, report), so 50k nodes
 * stay within 512 MB; large transformer exports have 10–30k. Beyond it the read stops with an error.
 */
export const MAX_NODES = 50_000;

/** Elements of one list attribute (`ints`, `floats`, `strings`) decoded into memory. */
export const MAX_ATTRIBUTE_ELEMENTS = 65_536;

/** List-attribute elements decoded over the whole model (many medium attributes add up). */
export const MAX_ATTRIBUTE_ELEMENTS_TOTAL = 4_194_304;

/**
 * Bytes of tensor data the reader gathers into memory itself (ONNX typed data split into several
 * fields or stored unpacked, one tag per element). Packed and raw data are only located, never read.
 */
export const MAX_GATHERED_TENSOR_BYTES = 16 * 1024 * 1024;

/** Nodes whose shapes are inferred through model-local function bodies, over the whole model. */
export const MAX_FUNCTION_EXPANSION_NODES = 100_000;

/** Size of a target profile (.deploylens/targets/*.json, --target-file). Built-ins are ~20 KiB. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

/** Nesting of JSON arrays and objects in a profile (the schema needs 5). */
export const MAX_JSON_DEPTH = 64;

/** Size of a training script analyzed: 25x torchvision's largest model file (40 KiB); 1 MiB parses and checks in ~2 s. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

/**
 * Re-partitioning work spent ranking fragmenting ops, in node visits (unsupported candidates ×
 * graph nodes). Beyond it only the first candidates in execution order are ranked, and a finding says so.
 */
export const MAX_FRAGMENTING_WORK = 500_000;

/** Size of a tool's log DeployLens reads (an `edgetpu_compiler -s` log, `benchmark_model` output): they are kilobytes. */
export const MAX_TOOL_LOG_BYTES = 16 * 1024 * 1024;

/** Findings, script constructs and layer rows emitted per report; the rest are counted, not printed. */
export const MAX_EMITTED_ITEMS = 10_000;

/** Characters of one string (a node name, a message) printed in text and Markdown; the rest is cut. */
export const MAX_PRINTED_STRING = 1000;

/** Bytes of a TFLite flatbuffer read into memory (the format's own 2 GiB limit). */
export const MAX_TFLITE_FLATBUFFER_BYTES = 2 ** 31 - 1;

export function formatLimit(n: number): string {
  return n.toLocaleString('en-US');
}
