// The one model IR that every analysis works on. ONNX and TFLite readers both produce it;
// nothing downstream knows which file format a model came from except through `format`
// and the format-specific `op` name kept beside the canonical one.

import type { DType } from './dtype';
import type { Diagnostic } from './diagnostic';

export type ModelFormat = 'onnx' | 'tflite';

/** A dimension: a fixed size, or a symbolic name kept as written in the file (`batch`, `seq`). */
export type Dim = number | string;

/** A tensor shape. `null` means the rank itself is unknown. */
export type Shape = Dim[] | null;

/** Affine quantization: real = scale * (q - zeroPoint), per tensor (length 1) or per channel along `axis`. */
export interface Quantization {
  scale: number[];
  zeroPoint: number[];
  /** Channel axis for per-channel quantization; absent for per-tensor. */
  axis?: number;
  /** Calibrated float range, as TFLite records it (optional). */
  min?: number[];
  max?: number[];
  /**
   * Parameters not held as numbers: 'qdq' when they live in an ONNX model's QuantizeLinear /
   * DequantizeLinear nodes (read lazily), 'assumed' when the deployed graph assumes the
   * full-integer conversion a converter would calibrate. `scale`/`zeroPoint` are then empty and
   * `channels` says how many there are (1: per tensor).
   */
  origin?: 'qdq' | 'assumed';
  channels?: number;
}

/**
 * Where the bytes of a constant tensor live. Readers record this instead of copying weights,
 * so analysis never pays for weight bytes it does not need.
 */
export type DataLocation =
  /**
   * A byte range inside the model file itself. `encoding` says how the bytes are laid out. `held`:
   * a copy of the bytes of a small constant (≤ 64 bytes) that the reader's window had in hand anyway,
   * so that reading its value (shape math, a Clip bound) needs no file access.
   */
  | { kind: 'embedded'; offset: number; length: number; encoding: DataEncoding; held?: Uint8Array }
  /** ONNX external data: a byte range of another file inside the model's folder (already resolved, checked). */
  | { kind: 'external'; file: string; offset: number; length: number | null }
  /** Small constants that the reader already holds (e.g. ONNX Constant attributes decoded from a small node). */
  | { kind: 'inline'; bytes: Uint8Array; encoding: DataEncoding };

/**
 * `raw`: little-endian elements of the tensor's dtype, back to back.
 * The others are ONNX's typed repeated fields, packed: `packed-float32` / `packed-float64` are
 * fixed-width, `packed-varint` is protobuf varints (int32_data, int64_data, uint64_data), and
 * `strings` is a run of length-delimited byte strings (string_data).
 */
export type DataEncoding = 'raw' | 'packed-float32' | 'packed-float64' | 'packed-varint' | 'strings';

export interface Tensor {
  name: string;
  dtype: DType;
  /** Declared shape (or inferred, once shape inference ran). Symbolic dims are kept as names. */
  shape: Shape;
  /** TFLite's shape_signature: -1 marks a dynamic dim. Kept as read. */
  shapeSignature?: number[];
  /** True for weights/initializers/TFLite buffers with data; false for activations and graph inputs. */
  constant: boolean;
  /** TFLite variable tensors (e.g. LSTM state) are persistent, written at run time. */
  variable?: boolean;
  quantization?: Quantization;
  /** For constants: where the bytes are. */
  data?: DataLocation;
  /** For constants: size in bytes of the stored data (elements x element size for raw data). */
  dataBytes?: number;
  /** Index of the node that produces it, or null (graph input, constant, or dangling). */
  producer: number | null;
  /** Indices of nodes that read it, in execution order. */
  consumers: number[];
  isGraphInput: boolean;
  isGraphOutput: boolean;
  /** Free-form origin for messages: 'initializer', 'value_info', 'buffer 12', ... */
  origin?: string;
  /** Position in the file's own tensor list where the format has one (TFLite tensor index). */
  index?: number;
  /**
   * Set by shape inference: 'inferred' when dtype/shape were computed from the graph, 'declared'
   * when the file's own shape was kept (unsupported op, or a format like TFLite that stores shapes).
   */
  shapeSource?: 'inferred' | 'declared';
}

export type AttributeValue =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: number[] }
  | { type: 'floats'; value: number[] }
  | { type: 'strings'; value: string[] }
  /** A tensor-valued attribute (ONNX Constant's `value`): metadata and a location, not the bytes. */
  | { type: 'tensor'; value: TensorValue }
  | { type: 'tensors'; value: TensorValue[] }
  /** A subgraph attribute (If/Loop/Scan bodies); `graph` indexes Model.graphs. */
  | { type: 'graph'; graph: number }
  | { type: 'graphs'; graphs: number[] }
  /** Attributes whose value is not held (type protos, sparse tensors): only the kind is kept. */
  | { type: 'other'; kind: string };

export interface TensorValue {
  name: string;
  dtype: DType;
  dims: number[];
  data?: DataLocation;
  dataBytes?: number;
}

export interface Node {
  /** Position in `Graph.nodes` (file order). */
  index: number;
  name: string;
  /** The op as the file names it: ONNX `Conv`, TFLite `CONV_2D`, a custom op's code. */
  op: string;
  /** ONNX domain ('' is ai.onnx), 'tflite' for TFLite builtins, 'tflite.custom' for TFLite custom ops. */
  domain: string;
  /** Format-independent name used by analyses (ONNX spelling where ONNX has the op). */
  canonicalOp: string;
  /** Operator version: ONNX opset of the node's domain, TFLite opcode version. */
  opVersion?: number;
  /** Input tensor names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
  /** Graphs this node calls (If/Loop/Scan bodies, TFLite IF/WHILE/CALL_ONCE), as indices into Model.graphs. */
  subgraphs: number[];
  /** TFLite custom op's options size in bytes, ONNX node's doc string etc. are not kept: only what analyses need. */
  customCode?: string;
  /**
   * Set on the ops of a deployed graph (src/core/lowering) that a converter made from another
   * format's op: what the conversion did ("after conversion, Conv becomes CONV_2D (group = 1)"),
   * and whether the target format has no builtin for it at all.
   */
  origin?: { note: string; noBuiltin?: boolean };
}

export interface Graph {
  /** Index in Model.graphs; 0 is the main graph. */
  index: number;
  name: string;
  nodes: Node[];
  tensors: Map<string, Tensor>;
  inputs: string[];
  outputs: string[];
  /** Node indices in a valid execution order (TFLite: file order; ONNX: a stable topological sort). */
  order: number[];
  /** Index of the graph and node that own this subgraph; absent for the main graph and TFLite subgraphs. */
  parent?: { graph: number; node: number; attribute: string };
}

export interface FunctionDef {
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  /** Index into Model.graphs where the body is kept as a graph. */
  graph: number;
  opsets: Record<string, number>;
}

export interface SignatureDef {
  key: string;
  subgraph: number;
  inputs: { name: string; tensor: string }[];
  outputs: { name: string; tensor: string }[];
}

/**
 * Reads the bytes of constant tensors on demand. Analyses that need weight values (sparsity,
 * quantization error) go through this; structure analyses never call it.
 */
export interface WeightAccessor {
  /** Raw little-endian element bytes of a constant tensor of a graph (decoding ONNX typed fields as needed). */
  read(graph: number, tensorName: string): Uint8Array;
  /**
   * A byte range of the model file itself (small embedded attribute tensors, e.g. ConstantOfShape's
   * `value`), read through the same source as `read` — never by reopening `Model.path`, which is
   * only a label (the editor passes a workspace-relative one).
   */
  readRange?(offset: number, length: number): Uint8Array;
  /**
   * Bytes [byteOffset, byteOffset + length) of a constant tensor's raw little-endian data, read
   * without touching the rest (the sparsity hint samples weights this way). Null when the stored
   * encoding has no raw layout to slice (ONNX varint-packed typed fields, strings). `scratch`: an
   * array of at least `length` bytes the reader may read into and return a view of (valid until the
   * caller's next read into it), so that a scan of many chunks allocates none per chunk.
   */
  readSlice?(graph: number, tensorName: string, byteOffset: number, length: number, scratch?: Uint8Array): Uint8Array | null;
  /**
   * Keeps the files that reads open (ONNX external data) open until the returned release is
   * called, so that a phase of many small reads opens each file once. The caller must release on
   * every path (done, thrown, cancelled); holds nest.
   */
  holdFilesOpen?(): () => void;
}

export interface Model {
  format: ModelFormat;
  /** Path as given to the reader (or a label for in-memory models). */
  path: string;
  fileBytes: number;
  producer: { name: string; version: string };
  /** ONNX ir_version, TFLite schema version. */
  irVersion: number;
  /** ONNX opset imports by domain ('' = ai.onnx); TFLite: empty. */
  opsets: Record<string, number>;
  description: string;
  metadata: Record<string, string>;
  /** graphs[0] is the main graph; then subgraphs (ONNX control-flow bodies, functions; TFLite subgraphs). */
  graphs: Graph[];
  functions: FunctionDef[];
  signatures: SignatureDef[];
  /** Problems found while reading that did not stop the read (a path escape, a bad reference, ...). */
  diagnostics: Diagnostic[];
  weights: WeightAccessor;
}

export function mainGraph(model: Model): Graph {
  const g = model.graphs[0];
  if (!g) throw new Error(`${model.path}: model has no graph`);
  return g;
}
