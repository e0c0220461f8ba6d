// The one catalog of findings: every code DeployLens emits (models, training scripts, the
// quantization preview, the editor), with its default severity, its title (SARIF rule text, hovers)
// and where it is documented. `FindingCode` is the union of its keys and the type of every
// diagnostic's `code`, so an emitter cannot invent a code the catalog lacks; test/findings-catalog
// checks that every code has a heading in docs/findings.md and every heading a code.
//
// `severity` is the default level (SARIF's defaultConfiguration); some findings are raised lower or
// higher by context, as their documentation says (a compat/ error becomes a warning when the target
// falls back to the CPU; a hint is a warning where it costs the target something).

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface FindingRule {
  severity: FindingSeverity;
  /** One line: what the finding means (SARIF shortDescription, hovers). */
  title: string;
  /** Where it is documented in full, relative to the repo (default: its heading in docs/findings.md). */
  doc?: string;
}

const FINDINGS = {
  'read/duplicate-producer': { severity: 'error', title: 'Two nodes write the same tensor.' },
  'read/undefined-tensor': { severity: 'error', title: 'A node reads a tensor, or the graph lists an output, that is not a graph input, an initializer or any node\'s output: ONNX Runtime refuses the model.' },
  'read/cycle': { severity: 'error', title: 'The graph has a cycle.' },
  'read/invalid-dim': { severity: 'error', title: 'A declared or stored size is negative or beyond 2^53; it is treated as unknown.' },
  'read/recursive-function': { severity: 'error', title: 'A model-local function calls itself; no runtime can expand it.' },
  'read/recursive-subgraph': { severity: 'error', title: 'A control-flow op calls its own subgraph; it would recurse forever.' },
  'read/external-path-escape': { severity: 'error', title: 'External data path escapes the model folder; it is not read.' },
  'read/external-bad-entry': { severity: 'error', title: 'Malformed external data entry.' },
  'read/external-missing': { severity: 'warning', title: 'External data file is missing.' },
  'read/external-out-of-range': { severity: 'warning', title: 'External data range lies past the end of its file.' },
  'read/tensor-size-mismatch': { severity: 'warning', title: "Stored tensor data does not match the tensor's dims and type." },
  'read/unknown-dtype': { severity: 'warning', title: 'Element type unknown to this version.' },
  'read/segmented-tensor': { severity: 'warning', title: 'Segmented tensor (deprecated); its data is not located.' },
  'read/duplicate-initializer': { severity: 'warning', title: 'Two initializers share a name.' },
  'read/training-info': { severity: 'info', title: 'Training info is ignored.' },
  'read/bad-subgraph-ref': { severity: 'error', title: 'A control-flow op names a subgraph that does not exist.' },
  'read/tflite-unknown-op': { severity: 'warning', title: 'TFLite builtin code unknown to this version.' },
  'read/tflite-unknown-type': { severity: 'warning', title: 'TFLite tensor type unknown to this version.' },
  'read/tflite-identifier': { severity: 'warning', title: 'The flatbuffer identifier is not TFL3.' },
  'shapes/dynamic-input-dim': { severity: 'warning', title: 'A graph input has a dynamic dimension; many delegates reject dynamic shapes.' },
  'shapes/unknown-op': { severity: 'info', title: 'No shape rule for this operator; its outputs have unknown shapes.' },
  'shapes/declared-mismatch': { severity: 'warning', title: 'The shape declared in the file disagrees with the inferred one.' },
  'shapes/invalid-shape': { severity: 'error', title: 'The node is invalid: it computes a negative, non-integer or >2^53 size, or an input or attribute contradicts its operator (a broadcast, MatMul inner dims, an axis out of range, a perm, a rank): ONNX Runtime refuses the model, or fails every run of it.' },
  'shapes/schema-violation': { severity: 'error', title: "The node breaks its operator's ONNX schema (a deprecated operator, too many or too few inputs or outputs, an empty required input, an unknown, mistyped or missing required attribute): ONNX Runtime refuses the model." },
  'shapes/invalid-type': { severity: 'error', title: "An input's element type is one its operator's ONNX schema does not allow, two inputs bound to one type parameter differ (float16 + float32), or a tensor is declared with another type than its node produces: ONNX Runtime refuses the model." },
  'limits/not-expanded': { severity: 'warning', title: 'A node would expand past a DeployLens limit (a rank from a declared length, a function expansion); its outputs stay unknown.' },
  'limits/attribute-not-read': { severity: 'warning', title: 'A list attribute is longer than DeployLens reads; the node is judged without it.' },
  'limits/tensor-data-not-read': { severity: 'warning', title: 'Tensor data stored unpacked or in pieces is larger than DeployLens gathers; its values are not read.' },
  'limits/fragmenting-ranked-partly': { severity: 'info', title: 'Fragmenting ops were ranked among part of the unsupported nodes (the work is bounded).' },
  'limits/arena-approximate': { severity: 'warning', title: "The tensor arena was planned by stacking, not first fit: valid, possibly larger than TFLite Micro's." },
  'limits/analysis-stopped': { severity: 'error', title: "The file's analysis went over the worker's time or memory budget and was stopped; nothing is judged." },
  'shapes/invalid-node': { severity: 'warning', title: 'The node is invalid for its inputs (shapes cannot be inferred).' },
  'compat/unsupported-op': { severity: 'error', title: 'The target has no kernel for this operator.' },
  'compat/custom-op': { severity: 'error', title: 'Custom operator the target does not know.' },
  'compat/no-fallback-kernel': { severity: 'error', title: 'A node the accelerator leaves to its fallback processor has no kernel there either (ONNX Runtime\'s CPU EP for its EPs): the model cannot run.' },
  'compat/constraint': { severity: 'error', title: 'The operator is supported but this node violates one of its constraints.' },
  'compat/misread-input': { severity: 'error', title: 'The runtime runs this node without checking an input\'s type and misreads it: its outputs are wrong.' },
  'compat/dynamic-shape': { severity: 'error', title: 'A dynamic dimension makes this node unsupported on the target.' },
  'compat/float-on-int8-target': { severity: 'error', title: 'Float tensors on an integer-only target.' },
  'compat/onnx-version': { severity: 'error', title: "The model's ai.onnx opset or IR version is outside what the target's runtime loads (a warning where the runtime only documents its range)." },
  'compat/float-model': { severity: 'warning', title: 'The model computes in float; the target runs only integer models.' },
  'compat/not-checked': { severity: 'info', title: 'A constraint could not be checked (unknown shape or type).' },
  'compat/precompiled': { severity: 'info', title: 'Operator already compiled for an accelerator.' },
  'partition/fallback': { severity: 'warning', title: 'Nodes fall back to the CPU and split the delegated graph.' },
  'partition/nothing-delegated': { severity: 'error', title: 'No op of the deployed graph runs on the accelerator.' },
  'partition/demoted': { severity: 'info', title: 'A supported node runs on the CPU because of the delegate partition limits.' },
  'partition/fragmenting-op': { severity: 'info', title: 'Replacing this unsupported node would merge delegated partitions.' },
  'memory/arena-exceeds-sram': { severity: 'error', title: 'The tensor arena does not fit in SRAM.' },
  'memory/arena-over-budget': { severity: 'error', title: 'The tensor arena is over the profile budget.' },
  'memory/spill': { severity: 'warning', title: "The layer's working set exceeds SRAM and spills to DRAM." },
  'memory/weights-exceed-flash': { severity: 'error', title: 'The weights do not fit in flash.' },
  'memory/model-over-budget': { severity: 'error', title: 'The model file is over the profile budget.' },
  'memory/off-chip-parameters': { severity: 'warning', title: 'Parameters exceed on-chip memory and stream from the host.' },
  'memory/reorder': { severity: 'info', title: 'Another execution order lowers the activation peak.' },
  'memory/unknown-sizes': { severity: 'info', title: 'Some tensor sizes are unknown and excluded from the working set.' },
  'latency/over-budget': { severity: 'error', title: 'The estimated latency exceeds the profile budget.' },
  'hint/ignored-fused-activation': { severity: 'warning', title: 'A fused TANH or SIGN_BIT that TFLite Micro\'s kernels leave out: the op runs without it.' },
  'hint/float-model-on-mcu': { severity: 'info', title: 'A float model on a microcontroller runs on reference kernels; int8 is smaller and faster.' },
  'hint/identity': { severity: 'info', title: 'An Identity node: a no-op (torch exports route a shared weight through Identity).' },
  'hint/dropout': { severity: 'info', title: 'A Dropout node: does nothing at inference.' },
  'hint/noop-cast': { severity: 'info', title: 'A Cast to the type the tensor already has.' },
  'hint/inverse-transpose': { severity: 'info', title: 'A Transpose followed by its inverse: the pair changes nothing.' },
  'hint/reshape-chain': { severity: 'info', title: 'Reshape/Flatten/Squeeze/Unsqueeze ops in a row (a no-op when the chain ends with its start shape).' },
  'hint/dead-node': { severity: 'warning', title: 'A node whose results nothing reads and that is not a graph output (plus the nodes feeding only it).' },
  'hint/unused-output': { severity: 'info', title: 'Some outputs of a node are read by nobody.' },
  'hint/unused-initializer': { severity: 'info', title: 'A stored constant no node reads (initializers read only inside If/Loop bodies count as read).' },
  'hint/constant-subgraph': { severity: 'warning', title: 'Nodes computing only from constants: weight math recomputed on every inference (shape math: info, folded by converters).' },
  'hint/partly-used-result': { severity: 'warning', title: 'A large result of which the readers (Slice/Gather/Split) use at most a quarter: compute only what is used.' },
  'hint/unfused-batchnorm': { severity: 'warning', title: 'ONNX only: Conv → BatchNormalization (→ activation) left unfused; each is an extra pass over the activation.' },
  'hint/weight-only-quantization': { severity: 'warning', title: 'Weights stored as int8 but activations float: the file shrinks, the math stays float.' },
  'hint/unsupported-activation': { severity: 'warning', title: '*target*: an activation (GELU, incl. the Div→Erf→Add→Mul→Mul form; SiLU as Sigmoid+Mul; HardSigmoid; HardSwish) has an op the target does not support, and a cheaper supported one exists.' },
  'hint/costly-activation': { severity: 'info', title: '*target*: the activation runs, but in a slow kernel on this runtime (TFLite Micro: Sigmoid/Tanh/Erf/Exp/GELU are reference kernels), and a cheaper supported one exists.' },
  'hint/channel-alignment': { severity: 'info', title: '*target*: output channels of a Conv/DepthwiseConv/FC/Gemm/MatMul not a multiple of the target\'s width (Ethos-U 16; TensorRT 8, 16 for int8; TFLite GPU 4; CMSIS-NN int8 4); model heads feeding a graph output are skipped.' },
  'hint/weight-sparsity': { severity: 'info', title: 'A weight tensor (≥ 1024 elements, float32/float16/int8/uint8 with a known zero point) that is ≥ 50% exact zeros: dense hardware still multiplies them.' },
  'hint/sparsity-not-checked': { severity: 'info', title: 'Weight tensors the sparsity check could not sample: values stored with no raw layout (varint-packed typed fields above 16 KiB) or unreadable data.' },
  // The real compilers' answers beside the prediction (src/core/oracles, docs/targets.md#real-compilers-beside-the-prediction).
  'tflm/rejected': { severity: 'error', title: "TensorFlow Lite Micro cannot run the model: its AllocateTensors() fails on this node (TFLM's own message)." },
  'tflm/no-answer': { severity: 'info', title: 'TensorFlow Lite Micro gave no answer for this model (time-out, no wasm); the static verdict stands unchecked.' },
  'tflm/arena-differs': { severity: 'info', title: "DeployLens's arena planner and TensorFlow Lite Micro's own head differ; TFLM's figure is the verdict's." },
  'tflm/static-check-overruled': { severity: 'info', title: "DeployLens's static check flagged this node, but TensorFlow Lite Micro prepared it: it runs." },
  'oracle/vela-disagrees': { severity: 'warning', title: 'Arm Vela places this operator on another processor than DeployLens predicted.' },
  'oracle/vela-failed': { severity: 'info', title: 'Arm Vela gave no answer for this model (crash, time-out or no output); the prediction stands unchecked.' },
  'oracle/edgetpu-disagrees': { severity: 'warning', title: 'The loaded edgetpu_compiler log maps a different number of operations of this type to the Edge TPU than DeployLens predicted.' },
  'oracle/edgetpu-log-mismatch': { severity: 'warning', title: 'The loaded edgetpu_compiler log counts a different number of operations than the model has.' },
  // The editor's one diagnostic for a file that cannot be read (src/extension/diagnostics.ts).
  'read/invalid-model': { severity: 'error', title: 'The file cannot be read as a model; the message names the problem.' },
  // Training scripts (src/core/python): documented in one table of docs/training-scripts.md.
  'script/unsupported-op': { severity: 'error', title: 'A construct exports to an operator the target has no kernel for', doc: 'docs/training-scripts.md#findings' },
  'script/fallback': { severity: 'warning', title: 'A construct exports to an operator that leaves the accelerator', doc: 'docs/training-scripts.md#findings' },
  'script/constraint': { severity: 'error', title: "A construct's arguments violate a kernel constraint of the target", doc: 'docs/training-scripts.md#findings' },
  'script/parse-error': { severity: 'warning', title: 'Syntax error: part of the script was skipped', doc: 'docs/training-scripts.md#findings' },
  // Export on save (src/core/python/exportEntry.ts, exportFailure.ts): the script's own model, exported by its Python.
  'export/python-error': { severity: 'error', title: 'The export failed with a Python error; the diagnostic sits on the line of the script where Python raised it.' },
  'export/failed': { severity: 'error', title: 'The export did not finish (no interpreter, time-out, crash, or the entry point returned the wrong thing).' },
  'export/missing-framework': { severity: 'warning', title: "The selected Python cannot import the script's framework (torch, TensorFlow): the export is skipped, the static checks stay." },
  'export/no-entry-point': { severity: 'info', title: 'The export call cannot be evaluated without running the script: declare an export entry point.' },
  // The quantization preview's pitfalls (src/core/quantize/pitfalls.ts, docs/quantization.md).
  'quantize/weight-only': { severity: 'warning', title: 'The model has quantized weights but float activations: it still computes in float.' },
  'quantize/dominant-error': { severity: 'warning', title: "A layer's weight SQNR is far below the rest of the model's." },
  'quantize/per-tensor-depthwise': { severity: 'warning', title: 'Depthwise layers gain much from per-channel scales.' },
  'quantize/float-island': { severity: 'warning', title: 'A float op between quantized tensors (an error on INT8-only targets).' },
  'quantize/float-ops': { severity: 'info', title: 'Ops the INT8 model leaves in float.' },
  'quantize/random-calibration': { severity: 'warning', title: 'Activations calibrated on random inputs.' },
} as const satisfies Record<string, FindingRule>;

export type FindingCode = keyof typeof FINDINGS;

export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(FINDINGS, code);
}

/** The catalog row of a code (a code from a newer version than this catalog gets a generic row). */
export function findingRule(code: string): FindingRule {
  if (isFindingCode(code)) return FINDINGS[code];
  const family = code.split('/')[0];
  return {
    severity: 'warning',
    title: family === 'hint' ? 'Design hint: a change that makes the model smaller, faster or easier to deploy.' : `DeployLens finding ${code}.`,
  };
}

/** The GitHub-style slug of a code's heading in docs/findings.md ("hint/identity" → "hintidentity"). */
export function findingSlug(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

/** Where a code is documented, relative to the repo: `docs/findings.md#hintidentity`, or the row's own doc. */
export function findingDoc(code: string): string {
  return findingRule(code).doc ?? `docs/findings.md#${findingSlug(code)}`;
}
