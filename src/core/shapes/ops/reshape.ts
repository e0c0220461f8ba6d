// Ops that rearrange dims without computing: Reshape (0 and -1), Flatten, Squeeze/Unsqueeze
// (attribute form before opset 13, input form after), Transpose, Depth/SpaceToDepth, Expand, Tile.
// Small constant values pass through, since they carry shape data in exporter subgraphs.

import type { Dim } from '../../ir/model';
import { InvalidShapeError, ShapeError, type NodeCtx, type ShapeRule } from '../context';
import { dimFloorDiv, dimMul, dimProduct, knownProduct, normAxis } from '../dims';
import { broadcastShapes } from './broadcast';

export const reshape: ShapeRule = (c) => {
  const xs = c.shape(0);
  const target = c.opset >= 5 ? c.value(1) : c.ints('shape');
  if (!target) {
    const r = c.opset >= 5 ? c.declaredLength(1) : null;
    c.set(0, c.dtype(0), r !== null ? c.freshShape(r, 'reshape') : null);
    return;
  }
  // ONNX allows one -1 (inferred) and 0 (copied); anything else negative is an invalid model.
  if (target.filter((d) => d === -1).length > 1) throw new InvalidShapeError(`target shape [${target.join(', ')}] has more than one -1`);
  const negative = target.find((d) => typeof d === 'number' && d < -1);
  if (negative !== undefined) throw new InvalidShapeError(`target shape [${target.join(', ')}] has the negative size ${negative}`);
  const allowZero = c.int('allowzero', 0) === 1;
  // A 0 copies the input's dim at its position: past the input's rank there is none to copy, and
  // ONNX refuses the model ("Invalid position of 0", test/oracle-ort.test.ts).
  if (xs && !allowZero) {
    const at = target.findIndex((d, i) => d === 0 && i >= xs.length);
    if (at >= 0) throw new InvalidShapeError(`target shape [${target.join(', ')}] has a 0 at position ${at}, past the input's rank ${xs.length}`);
  }
  const out: Dim[] = target.map((d, i) => (d === 0 && !allowZero ? (xs?.[i] ?? c.fresh('reshape')) : d));
  const inferAt = out.indexOf(-1);
  if (inferAt >= 0) {
    if (!xs) {
      out[inferAt] = c.fresh('reshape');
    } else {
      const others = out.filter((_, i) => i !== inferAt);
      const total = knownProduct(xs);
      const part = knownProduct(others);
      if (total !== null && part !== null) {
        if (part === 0 || total % part !== 0) throw new InvalidShapeError(`cannot reshape ${total} elements into [${target.join(',')}]`);
        out[inferAt] = total / part;
      } else {
        out[inferAt] = cancel(xs, others) ?? c.fresh('reshape');
      }
    }
  }
  c.set(0, c.dtype(0), out, c.value(0));
};

/** Solves prod(xs) = prod(others) * d symbolically by cancelling common factors; null if not exact. */
function cancel(xs: readonly Dim[], others: readonly Dim[]): Dim | null {
  const remaining = [...xs];
  let divisor = 1;
  for (const d of others) {
    const k = remaining.indexOf(d);
    if (k >= 0) remaining.splice(k, 1);
    else if (typeof d === 'number') divisor *= d;
    else return null;
  }
  const known = knownProduct(remaining.filter((d) => typeof d === 'number'));
  const symbols = remaining.filter((d) => typeof d === 'string');
  if (known !== null && known % divisor === 0) return dimProduct([...symbols, known / divisor]);
  return symbols.length === 0 ? null : dimFloorDiv(dimProduct(remaining), divisor);
}

export const flatten: ShapeRule = (c) => {
  const xs = c.need(0);
  const axis = c.int('axis', 1);
  const a = axis < 0 ? axis + xs.length : axis;
  if (a < 0 || a > xs.length) throw new InvalidShapeError(`axis ${axis} out of range for rank ${xs.length}`);
  c.set(0, c.dtype(0), [dimProduct(xs.slice(0, a)), dimProduct(xs.slice(a))], c.value(0));
};

function axesOf(c: NodeCtx, inputIndex: number, fromOpset: number): number[] | undefined | 'unknown' {
  if (c.opset >= fromOpset) {
    if (!c.has(inputIndex)) return undefined;
    return c.numbers(inputIndex) ?? 'unknown';
  }
  return c.ints('axes');
}

export const squeeze: ShapeRule = (c) => {
  const xs = c.need(0);
  const axes = axesOf(c, 1, 13);
  if (axes === 'unknown') {
    c.set(0, c.dtype(0), null);
    return;
  }
  if (axes === undefined) {
    // Without axes every 1 goes; a symbolic dim might be 1, so the rank is unknown then.
    if (xs.some((d) => typeof d !== 'number')) c.set(0, c.dtype(0), null);
    else c.set(0, c.dtype(0), xs.filter((d) => d !== 1), c.value(0));
    return;
  }
  const drop = new Set(axes.map((a) => normAxis(a, xs.length)));
  if (drop.has(null)) throw new ShapeError(`axes ${axes.join(',')} out of range for rank ${xs.length}`);
  for (const a of drop) if (typeof xs[a!] === 'number' && xs[a!] !== 1) throw new InvalidShapeError(`cannot squeeze dim ${a} of size ${xs[a!]}`);
  c.set(0, c.dtype(0), xs.filter((_, i) => !drop.has(i)), c.value(0));
};

export const unsqueeze: ShapeRule = (c) => {
  const xs = c.need(0);
  const axes = axesOf(c, 1, 13);
  if (axes === 'unknown' || axes === undefined) {
    const n = c.declaredLength(1);
    c.set(0, c.dtype(0), n !== null ? c.freshShape(xs.length + n, 'unsqueeze') : null);
    return;
  }
  const rank = xs.length + axes.length;
  const at = new Set(axes.map((a) => normAxis(a, rank)));
  if (at.has(null) || at.size !== axes.length) throw new InvalidShapeError(`bad axes ${axes.join(',')} for output rank ${rank}`);
  const out: Dim[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : xs[k++]!);
  c.set(0, c.dtype(0), out, c.value(0));
};

export const transpose: ShapeRule = (c) => {
  const xs = c.need(0);
  const perm = c.ints('perm') ?? xs.map((_, i) => xs.length - 1 - i);
  if (perm.length !== xs.length) throw new InvalidShapeError(`perm has ${perm.length} entries for rank ${xs.length}`);
  const repeated = perm.find((p, i) => perm.indexOf(p) !== i);
  if (repeated !== undefined) throw new InvalidShapeError(`perm [${perm.join(', ')}] repeats ${repeated}`);
  c.set(0, c.dtype(0), perm.map((p) => {
    const d = xs[p];
    if (d === undefined) throw new InvalidShapeError(`perm entry ${p} out of range`);
    return d;
  }), xs.length <= 1 ? c.value(0) : undefined);
};

export const depthToSpace: ShapeRule = (c) => {
  const [n, ch, h, w] = c.need(0);
  const b = c.int('blocksize', 1);
  if (n === undefined || ch === undefined || h === undefined || w === undefined) throw new InvalidShapeError('DepthToSpace needs a 4-D input');
  // ORT refuses every run otherwise: "DepthToSpace requires input depth to be a multiple of (block_size * block_size)".
  if (typeof ch === 'number' && ch % (b * b) !== 0) throw new InvalidShapeError(`${ch} channels are not a multiple of blocksize² = ${b * b}`);
  c.set(0, c.dtype(0), [n, dimFloorDiv(ch, b * b), dimMul(h, b), dimMul(w, b)]);
};

export const spaceToDepth: ShapeRule = (c) => {
  const [n, ch, h, w] = c.need(0);
  const b = c.int('blocksize', 1);
  if (n === undefined || ch === undefined || h === undefined || w === undefined) throw new ShapeError('SpaceToDepth needs a 4-D input');
  // ORT refuses every run otherwise: "SpaceToDepth requires input height to be a multiple of block_size".
  for (const [d, what] of [[h, 'height'], [w, 'width']] as const) {
    if (typeof d === 'number' && d % b !== 0) throw new InvalidShapeError(`input ${what} ${d} is not a multiple of blocksize ${b}`);
  }
  c.set(0, c.dtype(0), [n, dimMul(ch, b * b), dimFloorDiv(h, b), dimFloorDiv(w, b)]);
};

export const expand: ShapeRule = (c) => {
  const xs = c.need(0);
  const target = c.value(1);
  if (!target) {
    const r = c.declaredLength(1);
    c.set(0, c.dtype(0), r !== null ? c.freshShape(Math.max(r, xs.length), 'expand') : null);
    return;
  }
  const out = broadcastShapes([xs, target], c);
  const v = c.value(0);
  const n = knownProduct(out);
  c.set(0, c.dtype(0), out, v && v.length === 1 && n !== null && n <= 64 ? Array<Dim>(n).fill(v[0]!) : undefined);
};

export const tile: ShapeRule = (c) => {
  const xs = c.need(0);
  const repeats = c.value(1);
  if (!repeats) {
    c.set(0, c.dtype(0), c.freshShape(xs.length, 'tile'));
    return;
  }
  if (repeats.length !== xs.length) throw new InvalidShapeError(`repeats has ${repeats.length} entries for rank ${xs.length}`);
  c.set(0, c.dtype(0), xs.map((d, i) => dimMul(d, repeats[i]!)));
};
