// One line of documentation per finding code, for SARIF rule metadata and the editor's hovers.
// The long form of each lives in docs/findings.md (and docs/report-format.md for read/ codes).

const RULES: Record<string, string> = {
  'read/duplicate-producer': 'Two nodes write the same tensor.',
  'read/cycle': 'The graph has a cycle.',
  'read/external-path-escape': 'External data path escapes the model folder; it is not read.',
  'read/external-bad-entry': 'Malformed external data entry.',
  'read/external-missing': 'External data file is missing.',
  'read/external-out-of-range': 'External data range lies past the end of its file.',
  'read/tensor-size-mismatch': "Stored tensor data does not match the tensor's dims and type.",
  'read/unknown-dtype': 'Element type unknown to this version.',
  'read/segmented-tensor': 'Segmented tensor (deprecated); its data is not located.',
  'read/duplicate-initializer': 'Two initializers share a name.',
  'read/training-info': 'Training info is ignored.',
  'read/bad-subgraph-ref': 'A control-flow op names a subgraph that does not exist.',
  'read/tflite-unknown-op': 'TFLite builtin code unknown to this version.',
  'read/tflite-unknown-type': 'TFLite tensor type unknown to this version.',
  'read/tflite-identifier': 'The flatbuffer identifier is not TFL3.',
  'read/invalid-dim': 'A declared or stored size is negative or beyond 2^53; it is treated as unknown.',
  'read/recursive-function': 'A model-local function calls itself; no runtime can expand it.',
  'read/recursive-subgraph': 'A control-flow op calls its own subgraph; it would recurse forever.',
  'shapes/invalid-shape': 'The node is invalid: it computes a negative, non-integer or >2^53 size, or its input rank is impossible.',
  'limits/not-expanded': 'A node would expand past a DeployLens limit (a rank from a declared length, a function expansion); its outputs stay unknown.',
  'limits/attribute-not-read': 'A list attribute is longer than DeployLens reads; the node is judged without it.',
  'limits/tensor-data-not-read': 'Tensor data stored unpacked or in pieces is larger than DeployLens gathers; its values are not read.',
  'limits/fragmenting-ranked-partly': 'Fragmenting ops were ranked among part of the unsupported nodes (the work is bounded).',
  'limits/arena-approximate': 'The tensor arena was planned by stacking, not first fit: valid, possibly larger than TFLite Micro\'s.',
  'shapes/dynamic-input-dim': 'A graph input has a dynamic dimension; many delegates reject dynamic shapes.',
  'shapes/unknown-op': 'No shape rule for this operator; its outputs have unknown shapes.',
  'shapes/declared-mismatch': 'The shape declared in the file disagrees with the inferred one.',
  'shapes/invalid-node': 'The node is invalid for its inputs (shapes cannot be inferred).',
  'compat/unsupported-op': 'The target has no kernel for this operator.',
  'compat/custom-op': 'Custom operator the target does not know.',
  'compat/constraint': 'The operator is supported but this node violates one of its constraints.',
  'compat/dynamic-shape': 'A dynamic dimension makes this node unsupported on the target.',
  'compat/float-on-int8-target': 'Float tensors on an integer-only target.',
  'compat/float-model': 'The model computes in float; the target runs only integer models.',
  'compat/not-checked': 'A constraint could not be checked (unknown shape or type).',
  'compat/precompiled': 'Operator already compiled for an accelerator.',
  'partition/fallback': 'Nodes fall back to the CPU and split the delegated graph.',
  'partition/demoted': 'A supported node runs on the CPU because of the delegate partition limits.',
  'partition/fragmenting-op': 'Replacing this unsupported node would merge delegated partitions.',
  'memory/arena-exceeds-sram': 'The tensor arena does not fit in SRAM.',
  'memory/arena-over-budget': 'The tensor arena is over the profile budget.',
  'memory/spill': "The layer's working set exceeds SRAM and spills to DRAM.",
  'memory/weights-exceed-flash': 'The weights do not fit in flash.',
  'memory/model-over-budget': 'The model file is over the profile budget.',
  'memory/off-chip-parameters': 'Parameters exceed on-chip memory and stream from the host.',
  'memory/reorder': 'Another execution order lowers the activation peak.',
  'memory/unknown-sizes': 'Some tensor sizes are unknown and excluded from the working set.',
  'latency/over-budget': 'The estimated latency exceeds the profile budget.',
  'hint/float-model-on-mcu': 'A float model on a microcontroller runs on reference kernels; int8 is smaller and faster.',
  'hint/identity': 'An Identity node: a no-op (torch exports route a shared weight through Identity).',
  'hint/dropout': 'A Dropout node: does nothing at inference.',
  'hint/noop-cast': 'A Cast to the type the tensor already has.',
  'hint/inverse-transpose': 'A Transpose followed by its inverse: the pair changes nothing.',
  'hint/reshape-chain': 'Reshape/Flatten/Squeeze/Unsqueeze ops in a row (a no-op when the chain ends with its start shape).',
  'hint/dead-node': 'A node whose results nothing reads and that is not a graph output (plus the nodes feeding only it).',
  'hint/unused-output': 'Some outputs of a node are read by nobody.',
  'hint/unused-initializer': 'A stored constant no node reads (initializers read only inside If/Loop bodies count as read).',
  'hint/unfused-batchnorm': 'ONNX only: Conv → BatchNormalization (→ activation) left unfused; each is an extra pass over the activation.',
  'hint/unsupported-activation': '*target*: an activation (GELU, incl. the Div→Erf→Add→Mul→Mul form; SiLU as Sigmoid+Mul; HardSigmoid; HardSwish) has an op the target does not support, and a cheaper supported one exists.',
  'hint/costly-activation': '*target*: the activation runs, but in a slow kernel on this runtime (TFLite Micro: Sigmoid/Tanh/Erf/Exp/GELU are reference kernels), and a cheaper supported one exists.',
  'hint/channel-alignment': '*target*: output channels of a Conv/DepthwiseConv/FC/Gemm/MatMul not a multiple of the target\'s width (Ethos-U 16; TensorRT 8, 16 for int8; TFLite GPU 4; CMSIS-NN int8 4); model heads feeding a graph output are skipped.',
  'hint/weight-sparsity': 'A weight tensor (≥ 1024 elements, float32/float16/int8/uint8 with a known zero point) that is ≥ 50% exact zeros: dense hardware still multiplies them.',
  'hint/sparsity-not-checked': 'Weight tensors skipped by the sparsity check: it reads at most 16 MiB per tensor and 64 MiB per model.',
};

export function ruleDescription(code: string): string {
  const known = RULES[code];
  if (known) return known;
  const family = code.split('/')[0];
  return family === 'hint' ? 'Design hint: a change that makes the model smaller, faster or easier to deploy.' : `DeployLens finding ${code}.`;
}

/** Anchor in docs/findings.md for a code (GitHub-style heading slug). */
export function ruleDocAnchor(code: string): string {
  return `docs/findings.md#${code.replace(/[^a-z0-9-]/g, '').toLowerCase()}`;
}
