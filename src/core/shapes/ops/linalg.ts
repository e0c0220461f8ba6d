// Matrix products: Gemm (with transposes), MatMul with numpy batch broadcasting and 1-D promotion,
// their integer/quantized variants, and Einsum from its equation.

import type { DType } from '../../ir/dtype';
import type { Dim } from '../../ir/model';
import { InvalidShapeError, ShapeError, type NodeCtx, type ShapeRule } from '../context';
import { broadcastShapes } from './broadcast';

export function matmulShape(a: readonly Dim[], b: readonly Dim[], c: NodeCtx): Dim[] {
  if (a.length === 0 || b.length === 0) throw new InvalidShapeError('MatMul inputs must not be scalars');
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k1 = a2[a2.length - 1]!;
  const k2 = b2[b2.length - 2]!;
  if (typeof k1 === 'number' && typeof k2 === 'number' && k1 !== k2) throw new InvalidShapeError(`inner dims differ: ${k1} vs ${k2}`);
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)], c);
  const out = [...batch];
  if (a.length !== 1) out.push(a2[a2.length - 2]!);
  if (b.length !== 1) out.push(b2[b2.length - 1]!);
  return out;
}

function matmulLike(a: number, b: number, dtype: (c: NodeCtx) => DType): ShapeRule {
  return (c) => c.set(0, dtype(c), matmulShape(c.need(a), c.need(b), c));
}

export const matmul = matmulLike(0, 1, (c) => c.dtype(0));
export const matmulInteger = matmulLike(0, 1, () => 'int32');
/** QLinearMatMul: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point. */
export const qlinearMatmul = matmulLike(0, 3, (c) => (c.has(7) ? c.dtype(7) : c.dtype(0)));

function gemmLike(c: NodeCtx, a: number, b: number, dtype: DType): void {
  const as = c.need(a);
  const bs = c.need(b);
  if (as.length !== 2 || bs.length !== 2) throw new InvalidShapeError(`Gemm needs 2-D inputs, got ranks ${as.length} and ${bs.length}`);
  const transA = c.int('transA', 0) !== 0;
  const transB = c.int('transB', 0) !== 0;
  const m = transA ? as[1]! : as[0]!;
  const n = transB ? bs[0]! : bs[1]!;
  // A' is M × K and B' is K × N. ONNX unifies the two K since Gemm-13 (onnx/onnx@f754691
  // onnx/defs/math/defs.cc:1291-1301, ORT refuses the model at load); before, ORT's kernel refuses
  // every run ("GEMM: Dimension mismatch"). Either way the model is invalid.
  const ka = transA ? as[0]! : as[1]!;
  const kb = transB ? bs[1]! : bs[0]!;
  if (typeof ka === 'number' && typeof kb === 'number' && ka !== kb) {
    throw new InvalidShapeError(`inner dims differ: A${transA ? ' transposed' : ''} is ${m} × ${ka}, B${transB ? ' transposed' : ''} is ${kb} × ${n}`);
  }
  c.set(0, dtype, [m, n]);
}

export const gemm: ShapeRule = (c) => gemmLike(c, 0, 1, c.dtype(0));
/** com.microsoft QGemm: A, a_scale, a_zp, B, b_scale, b_zp, C, y_scale, y_zp (float output without y_scale). */
export const qgemm: ShapeRule = (c) => gemmLike(c, 0, 3, c.has(8) ? c.dtype(8) : c.has(7) ? c.dtype(0) : 'float32');

export const einsum: ShapeRule = (c) => {
  const eq = c.str('equation', '').replace(/\s/g, '');
  const [lhs, rhsGiven] = eq.split('->') as [string, string | undefined];
  const terms = lhs.split(',');
  const sizes = new Map<string, Dim>();
  let ellipsis: Dim[] = [];
  terms.forEach((t, i) => {
    const s = c.need(i);
    const letters = t.replace('...', '');
    const ellRank = t.includes('...') ? s.length - letters.length : 0;
    if (ellRank < 0 || (!t.includes('...') && letters.length !== s.length)) throw new InvalidShapeError(`term '${t}' does not match rank ${s.length}`);
    let k = 0;
    for (let p = 0; p < t.length; p++) {
      if (t.startsWith('...', p)) {
        ellipsis = broadcastShapes([ellipsis, s.slice(k, k + ellRank)], c);
        k += ellRank;
        p += 2;
        continue;
      }
      const ch = t[p]!;
      const d = s[k++]!;
      const prev = sizes.get(ch);
      sizes.set(ch, prev === undefined || prev === 1 ? d : prev);
    }
  });
  let rhs = rhsGiven;
  if (rhs === undefined) {
    // Implicit output: letters that appear once, in alphabetical order, after any ellipsis dims.
    const counts = new Map<string, number>();
    for (const ch of lhs.replace(/\.\.\./g, '').replace(/,/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    rhs = (lhs.includes('...') ? '...' : '') + [...counts].filter(([, n]) => n === 1).map(([ch]) => ch).sort().join('');
  }
  const out: Dim[] = [];
  for (let p = 0; p < rhs.length; p++) {
    if (rhs.startsWith('...', p)) {
      out.push(...ellipsis);
      p += 2;
      continue;
    }
    const d = sizes.get(rhs[p]!);
    if (d === undefined) throw new ShapeError(`output letter '${rhs[p]}' not in inputs`);
    out.push(d);
  }
  c.set(0, c.dtype(0), out);
};
