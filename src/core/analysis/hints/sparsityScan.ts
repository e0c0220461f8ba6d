// How many exact zeros the weight tensors hold, for the sparsity hint — without reading the
// weights. Each candidate tensor is sampled with a few small positioned reads spread over its bytes
// (32 windows of 64 bytes); only when the sample says the tensor may be sparse is it counted
// exactly, streamed through one reused buffer. A 100 MB model costs a few hundred KB of reads here,
// and a dense model (almost every model) is never read in full.
//
// The scan is target-independent and runs after the verdict (analyze.ts `weightFindings`): the
// editor shows the verdict first and adds these findings when they arrive. It is a generator that
// yields after each tensor, so the analysis worker can interleave a cancel between tensors.

import { dtypeBits } from '../../ir/dtype';
import type { Graph, Model, Tensor } from '../../ir/model';
import { staticElements } from './graphQueries';
import { countZeros, ZERO_COUNTABLE } from './weightZeros';
import { ownValue } from '../../util/lookup';

/** Tensors with fewer elements are not worth a finding. */
export const MIN_ELEMENTS = 1024;
/** Tensors up to this size are read whole: a few windows would cost as much. */
export const READ_WHOLE_BYTES = 16 * 1024;
/** Sample windows per tensor and their size. */
export const SAMPLE_WINDOWS = 32;
export const SAMPLE_BYTES = 64;
/**
 * A sample with at least this share of zeros is counted exactly. The hint fires at 50%; a tensor
 * that sparse gives a sample below 25% only when its zeros sit in a few large blocks that the
 * windows miss (for 32 windows and half the blocks zero, with probability ≈ 0.4%).
 */
export const SAMPLE_SUSPECT_FRACTION = 0.25;
/** Exact counts stop after this many bytes per model; later suspects keep their sampled estimate. */
export const MAX_EXACT_BYTES = 64 * 1024 * 1024;
/** Chunk of an exact count (one reused read at a time). */
const CHUNK_BYTES = 1024 * 1024;

export interface WeightZeros {
  tensor: string;
  zeros: number;
  elements: number;
  /** False when `zeros` is estimated from the sample (exact counting budget spent). */
  exact: boolean;
}

export interface SparsityScan {
  /** Tensors whose zero share was measured (exactly or by the sample) at or above the suspect level. */
  suspects: WeightZeros[];
  /** Weight tensors that could not be sampled (an encoding with no raw layout, unreadable data). */
  unchecked: string[];
  /** Bytes read from the model (and external data) by the scan. */
  bytesRead: number;
}

/** Which inputs of an op are multiplied as weights (biases, scales and shapes are not: zero biases are normal). */
const WEIGHT_INPUTS: Record<string, number[]> = {
  Conv: [1], ConvTranspose: [1], Gemm: [0, 1], MatMul: [0, 1], FullyConnected: [1], DepthwiseConv: [1],
  LSTM: [1, 2], GRU: [1, 2], RNN: [1, 2], QLinearConv: [3], QLinearMatMul: [0, 3], ConvInteger: [1], MatMulInteger: [0, 1],
};

/**
 * Ops a weight passes through on its way to the multiply (torch routes shared weights through Identity),
 * as their data input 0 only: a DequantizeLinear's scale and zero point (inputs 1 and 2 — all zeros by
 * design for symmetric weights), a Reshape's shape, an Unsqueeze's axes are not weights.
 */
const PASS_THROUGH = new Set(['Identity', 'DequantizeLinear', 'DEQUANTIZE', 'Cast', 'Transpose', 'Reshape', 'Unsqueeze']);

/** True when the tensor (directly or as the data input of a pass-through op) is a weight operand. */
function multipliedAsWeight(graph: Graph, name: string, depth = 0): boolean {
  const t = graph.tensors.get(name);
  if (!t || depth > 2) return false;
  return t.consumers.some((c) => {
    const node = graph.nodes[c];
    if (!node) return false;
    if (PASS_THROUGH.has(node.op)) return node.inputs[0] === name && node.outputs.some((o) => multipliedAsWeight(graph, o, depth + 1));
    const slots = ownValue(WEIGHT_INPUTS, node.canonicalOp) ?? ownValue(WEIGHT_INPUTS, node.op) ?? [];
    return node.inputs.some((input, i) => input === name && slots.includes(i));
  });
}

/** The stored value that means 0: 0 for floats and for int8 without a (non-uniform) zero point; uint8 needs a known one. */
export function storedZeroPoint(t: Tensor): number | null {
  if (t.dtype === 'float32' || t.dtype === 'float16') return 0;
  const zps = t.quantization?.zeroPoint ?? [];
  if (zps.length > 0) return zps.every((z) => z === zps[0]) ? zps[0]! : null;
  // ONNX keeps the zero point in a DequantizeLinear input, not on the tensor; int8 weights are symmetric (zero point 0) in practice.
  return t.dtype === 'int8' ? 0 : null;
}

interface Candidate {
  tensor: Tensor;
  elements: number;
  bytes: number;
  zeroPoint: number;
}

/** The weight operands the hint is about, in the graph's tensor order. */
export function sparsityCandidates(graph: Graph): Candidate[] {
  const out: Candidate[] = [];
  for (const t of graph.tensors.values()) {
    if (!t.constant || t.producer !== null || !t.data || t.consumers.length === 0 || !ZERO_COUNTABLE.has(t.dtype)) continue;
    if (!multipliedAsWeight(graph, t.name)) continue;
    const bits = dtypeBits(t.dtype);
    const elements = staticElements(t.shape) ?? (t.dataBytes !== undefined ? Math.floor((t.dataBytes * 8) / bits) : null);
    if (elements === null || elements < MIN_ELEMENTS) continue;
    const zeroPoint = storedZeroPoint(t);
    if (zeroPoint === null) continue;
    out.push({ tensor: t, elements, bytes: Math.ceil((elements * bits) / 8), zeroPoint });
  }
  return out;
}

/** The scan, one tensor per step. Drive it with `runScan` (synchronously) or step by step (the worker, between cancels). */
export function* sparsityScan(model: Model, graphIndex = 0): Generator<void, SparsityScan> {
  const graph = model.graphs[graphIndex];
  const scan: SparsityScan = { suspects: [], unchecked: [], bytesRead: 0 };
  if (!graph) return scan;
  let exactBudget = MAX_EXACT_BYTES;
  const slice = model.weights.readSlice?.bind(model.weights);
  // The exact counts' chunks are read into one array: a fresh 1 MiB array per chunk kept up to
  // MAX_EXACT_BYTES of dead buffers alive until V8 collected them (+24 MiB peak RSS on the
  // 10k-node decoder's CLI run, whose all-zero external weights are all counted exactly).
  let scratch: Uint8Array | undefined;
  const read = (name: string, offset: number, length: number): Uint8Array | null => {
    if (length > SAMPLE_BYTES) scratch ??= new Uint8Array(CHUNK_BYTES);
    const b = slice ? slice(graphIndex, name, offset, length, length > SAMPLE_BYTES ? scratch : undefined) : null;
    if (b) scan.bytesRead += b.byteLength;
    return b;
  };
  // One descriptor per external data file for the whole scan, closed in `finally`: on the scan's
  // end, on a throw, and on a cancel (the driver's return() on this generator).
  const release = model.weights.holdFilesOpen?.();
  try {
    for (const c of sparsityCandidates(graph)) {
      const name = c.tensor.name;
      const size = dtypeBits(c.tensor.dtype) / 8;
      try {
        if (c.bytes <= READ_WHOLE_BYTES) {
          let bytes = read(name, 0, c.bytes);
          if (!bytes) {
            // No raw layout to slice (varint-packed typed fields): small enough to decode whole.
            bytes = model.weights.read(graphIndex, name);
            scan.bytesRead += bytes.byteLength;
          }
          const count = countZeros(bytes, c.tensor.dtype, c.zeroPoint);
          if (count && count.elements > 0 && count.zeros / count.elements >= SAMPLE_SUSPECT_FRACTION) scan.suspects.push({ tensor: name, ...count, exact: true });
        } else {
          const sample = sampleZeros(c, size, (offset, length) => read(name, offset, length));
          if (sample === null) scan.unchecked.push(name);
          else if (sample.zeros / sample.elements >= SAMPLE_SUSPECT_FRACTION) {
            if (c.bytes <= exactBudget) {
              exactBudget -= c.bytes;
              const exact = exactZeros(c, (offset, length) => read(name, offset, length));
              scan.suspects.push({ tensor: name, ...exact, exact: true });
            } else {
              scan.suspects.push({ tensor: name, zeros: Math.round((sample.zeros / sample.elements) * c.elements), elements: c.elements, exact: false });
            }
          }
        }
      } catch {
        scan.unchecked.push(name); // missing external data etc.: the reader already reported it
      }
      yield;
    }
  } finally {
    release?.();
  }
  return scan;
}

/** Runs a scan to the end (the CLI, tests). */
export function runScan(model: Model, graphIndex = 0): SparsityScan {
  const it = sparsityScan(model, graphIndex);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** Zeros among SAMPLE_WINDOWS windows spread evenly over the tensor; null when it cannot be sliced. */
function sampleZeros(c: Candidate, size: number, read: (offset: number, length: number) => Uint8Array | null): { zeros: number; elements: number } | null {
  const window = Math.max(size, SAMPLE_BYTES - (SAMPLE_BYTES % size));
  const span = c.bytes - window;
  let zeros = 0;
  let elements = 0;
  for (let i = 0; i < SAMPLE_WINDOWS; i++) {
    let offset = Math.floor((span * i) / (SAMPLE_WINDOWS - 1));
    offset -= offset % size;
    const bytes = read(offset, window);
    if (!bytes) return null;
    const n = countZeros(bytes, c.tensor.dtype, c.zeroPoint);
    if (!n) return null;
    zeros += n.zeros;
    elements += n.elements;
  }
  return elements > 0 ? { zeros, elements } : null;
}

/** The exact count, streamed in CHUNK_BYTES reads (each read is a fresh array the count only views). */
function exactZeros(c: Candidate, read: (offset: number, length: number) => Uint8Array | null): { zeros: number; elements: number } {
  let zeros = 0;
  let elements = 0;
  for (let offset = 0; offset < c.bytes; offset += CHUNK_BYTES) {
    const bytes = read(offset, Math.min(CHUNK_BYTES, c.bytes - offset));
    if (!bytes) throw new Error(`tensor '${c.tensor.name}' cannot be sliced`);
    const n = countZeros(bytes, c.tensor.dtype, c.zeroPoint)!;
    zeros += n.zeros;
    elements += n.elements;
  }
  return { zeros, elements };
}
