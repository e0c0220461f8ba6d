// ONNX Runtime's GatherSliceToSplitFusion on the CPU EP (SOURCES.ortGatherSliceToSplitFusion): the
// Gathers and Slices that cut one tensor into pieces along one axis (torch's q, k, v of a packed
// in_proj: three Slices of one Add) run as one Split. Pieces a Gather took with a 0-D index get a
// Squeeze after their Split output, as ORT adds them.

import type { Dim } from '../../ir/model';
import type { WorkGraph, WorkNode } from '../workGraph';
import { outputEdges, scalarConstant } from './ortTransformerFusions';

/** Small constant values shape inference computed (folded Shape → Gather → Mul chains), by tensor name. */
export type ConstantValues = ReadonlyMap<string, readonly Dim[]>;

/**
 * GetScalarInt64Initializer: a constant int64 tensor with one element, shape [] or [1]
 * (optimizer_utils::IsScalar), as ORT sees it after its constant folding; with its rank.
 */
export function int64Scalar(g: WorkGraph, values: ConstantValues, name: string | undefined): { value: number; rank: number } | null {
  if (!name) return null;
  const t = g.tensor(name);
  if (!t?.constant || t.dtype !== 'int64' || !t.shape || t.shape.length > 1 || (t.shape.length === 1 && t.shape[0] !== 1)) return null;
  const known = values.get(name);
  const value = known?.length === 1 && typeof known[0] === 'number' ? known[0] : scalarConstant(g, name);
  return value === null ? null : { value, rank: t.shape.length };
}

function gatherAxis(n: WorkNode, rank: number): number {
  const a = n.attributes.axis;
  const axis = a?.type === 'int' ? a.value : 0;
  return axis < 0 ? axis + rank : axis;
}

function sliceAxis(g: WorkGraph, values: ConstantValues, n: WorkNode, rank: number): number | null {
  if (n.inputs.length < 4) return null;
  const a = int64Scalar(g, values, n.inputs[3]);
  if (!a) return null;
  return a.value < 0 ? a.value + rank : a.value;
}

interface Piece {
  node: WorkNode;
  start: number;
  size: number;
  /** A Gather with a 0-D index: its output drops the axis, so a Squeeze follows the Split output. */
  squeeze: boolean;
}

/** IsSupportedGather / IsSupportedSlice: the piece a consumer cuts, marking `consumed`; null when it is not one. */
function pieceOf(g: WorkGraph, values: ConstantValues, n: WorkNode, rank: number, axis: number, size: number, consumed: boolean[]): Piece | null {
  if (n.domain !== '') return null;
  if (n.op === 'Gather') {
    if (gatherAxis(n, rank) !== axis) return null;
    const index = int64Scalar(g, values, n.inputs[1]);
    if (!index) return null;
    const start = index.value < 0 ? index.value + size : index.value;
    if (start < 0 || start >= size || consumed[start]) return null;
    consumed[start] = true;
    return { node: n, start, size: 1, squeeze: index.rank === 0 };
  }
  if (n.op === 'Slice') {
    if (sliceAxis(g, values, n, rank) !== axis) return null;
    const s = int64Scalar(g, values, n.inputs[1]);
    const e = int64Scalar(g, values, n.inputs[2]);
    if (!s || !e) return null;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
    const start = clamp(s.value);
    const end = clamp(e.value);
    if (start >= end) return null;
    if (n.inputs.length >= 5 && int64Scalar(g, values, n.inputs[4])?.value !== 1) return null;
    for (let i = start; i < end; i++) {
      if (consumed[i]) return null;
      consumed[i] = true;
    }
    return { node: n, start, size: end - start, squeeze: false };
  }
  return null;
}

function int64Constant(g: WorkGraph, base: string, values: number[]): string {
  const name = g.freshName(base);
  const bytes = new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
  g.setTensor({
    name, dtype: 'int64', shape: [values.length], constant: true, data: { kind: 'inline', bytes, encoding: 'raw' }, dataBytes: bytes.byteLength,
    producer: null, consumers: [], isGraphInput: false, isGraphOutput: false, origin: 'converter',
  });
  return name;
}

/**
 * The tensors ORT considers: graph inputs and initializers (constant folding's results among them)
 * read by more than one node, and the single output of a node other than Shape with more than one output edge.
 */
function candidates(g: WorkGraph): string[] {
  const out = new Set<string>();
  const readByMany = (name: string) => g.readerCount(name) > 1;
  for (const name of g.inputs) if (readByMany(name)) out.add(name);
  for (const t of g.tensors.values()) if (t.constant && !g.producer(t.name) && readByMany(t.name)) out.add(t.name);
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const n = liveNodes[li]!;
    if (n.op === 'Shape' || n.outputs.length > 1 || !n.outputs[0]) continue;
    if (outputEdges(g, n) > 1) out.add(n.outputs[0]);
  }
  return [...out];
}

export function fuseGatherSliceToSplit(g: WorkGraph, values: ConstantValues): number {
  // Squeeze, Gather, Slice and Split change schema at opset 13: ORT fuses only from 13 on.
  if ((g.original.opsets[''] ?? 0) < 13) return 0;
  let changed = 0;
  for (const x of candidates(g)) {
    const shape = g.tensor(x)?.shape;
    if (!shape) continue;
    const rank = shape.length;
    const cuts = g.consumersOf(x).filter((c) => !c.removed && c.inputs[0] === x && (c.op === 'Gather' || c.op === 'Slice'));
    if (cuts.length < 2) continue;
    const first = cuts[0]!;
    const axis = first.op === 'Gather' ? gatherAxis(first, rank) : sliceAxis(g, values, first, rank);
    if (axis === null || axis < 0 || axis >= rank) continue;
    const size = shape[axis];
    if (typeof size !== 'number') continue;
    const consumed = new Array<boolean>(size).fill(false);
    const pieces: Piece[] = [];
    for (const c of cuts) {
      const p = pieceOf(g, values, c, rank, axis, size, consumed);
      if (!p) break;
      pieces.push(p);
    }
    if (pieces.length !== cuts.length || consumed.includes(false)) continue;
    pieces.sort((a, b) => a.start - b.start);
    const why = `fused into one Split of '${x}' (ONNX Runtime GatherSliceToSplitFusion, CPU EP)`;
    const xt = g.tensor(x)!;
    // The Split's outputs: a piece's own output, or a fresh one its Squeeze reads.
    const outputs = pieces.map((p) => {
      if (!p.squeeze) return p.node.outputs[0]!;
      const name = g.freshName(`${p.node.outputs[0]}_split`);
      g.setTensor({ ...xt, name, shape: shape.map((d, i) => (i === axis ? 1 : d)), constant: false, data: undefined, dataBytes: undefined, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false });
      return name;
    });
    const splits = int64Constant(g, `${x}_splits`, pieces.map((p) => p.size));
    const kept = pieces.filter((p) => !p.squeeze).map((p) => p.node).sort((a, b) => a.pos - b.pos);
    const squeezed = pieces.filter((p) => p.squeeze).map((p) => p.node);
    let split: WorkNode;
    if (kept.length > 0) {
      split = kept[0]!;
      for (const n of kept.slice(1)) g.merge(n, split, 'fused', why);
    } else {
      const at = squeezed.reduce((a, b) => (a.pos < b.pos ? a : b));
      split = g.add({ op: 'Split', domain: '', canonicalOp: 'Split', name: `${at.name}/split`, inputs: [], outputs: [], covers: at.covers.slice(0, 1), pos: at.pos - 1e-3, origin: { note: 'ONNX Runtime GatherSliceToSplitFusion: one Split for the Gathers of one tensor' } });
    }
    split.op = 'Split';
    split.canonicalOp = 'Split';
    split.attributes = { axis: { type: 'int', value: axis } };
    g.setInputs(split, [x, splits]);
    g.setOutputs(split, outputs);
    for (const p of pieces) {
      if (!p.squeeze) continue;
      const n = p.node;
      n.op = 'Squeeze';
      n.canonicalOp = 'Squeeze';
      n.attributes = {};
      g.setInputs(n, [outputs[pieces.indexOf(p)]!, int64Constant(g, `${n.name}_axes`, [axis])]);
      if (n.pos < split.pos) {
        n.pos = split.pos + 1e-3;
        g.moved();
      }
    }
    changed++;
  }
  return changed;
}
