// If / Loop / Scan: the bodies are inferred too (with the node's inputs bound to the body's
// inputs), and the node's outputs come from the body outputs.

import type { Dim, Shape } from '../../ir/model';
import type { NodeCtx, ShapeRule, TensorInfo } from '../context';
import { normAxis } from '../dims';

function graphAttr(c: NodeCtx, name: string): number | undefined {
  const a = c.attr(name);
  return a?.type === 'graph' ? a.graph : undefined;
}

/** Both branches' shapes where they agree; differing dims become unknown, differing ranks unknown rank. */
function mergeShapes(a: Shape, b: Shape, c: NodeCtx): Shape {
  if (a === null || b === null || a.length !== b.length) return null;
  return a.map((d, i) => (d === b[i] ? d : c.fresh('if')));
}

export const ifRule: ShapeRule = (c) => {
  const thenG = graphAttr(c, 'then_branch');
  const elseG = graphAttr(c, 'else_branch');
  if (thenG === undefined || elseG === undefined) return;
  const thenOut = c.state.inferSubgraph(thenG, []);
  const elseOut = c.state.inferSubgraph(elseG, []);
  // A constant condition selects one branch exactly.
  const cond = c.numbers(0)?.[0];
  c.node.outputs.forEach((_, i) => {
    const t = thenOut[i] ?? null;
    const e = elseOut[i] ?? null;
    if (cond !== undefined) {
      const pick = cond !== 0 ? t : e;
      if (pick) c.set(i, pick.dtype, pick.shape);
      return;
    }
    if (!t && !e) return;
    c.set(i, t?.dtype ?? e!.dtype, mergeShapes(t?.shape ?? null, e?.shape ?? null, c));
  });
};

/** True when the body's condition output is an Identity of its condition input. */
function condPassesThrough(c: NodeCtx, body: number): boolean {
  const g = c.state.model.graphs[body];
  const out = g?.outputs[0];
  const condIn = g?.inputs[1];
  if (!g || out === undefined || condIn === undefined) return false;
  if (out === condIn) return true;
  const producer = g.tensors.get(out)?.producer;
  const node = producer === null || producer === undefined ? undefined : g.nodes[producer];
  return node?.op === 'Identity' && node.inputs[0] === condIn;
}

export const loop: ShapeRule = (c) => {
  const body = graphAttr(c, 'body');
  if (body === undefined) return;
  const carried = c.inputCount - 2;
  const inputs: (TensorInfo | null)[] = [
    { dtype: 'int64', shape: [] },
    { dtype: 'bool', shape: [] },
    ...Array.from({ length: carried }, (_, k) => ({ dtype: c.dtype(k + 2), shape: c.shape(k + 2) })),
  ];
  const outs = c.state.inferSubgraph(body, inputs);
  // Trip count is static only with a constant M and a condition that cannot stop the loop early:
  // absent, or constant true and passed through the body unchanged (as Range's expansion does).
  const m = c.value(0)?.[0];
  const cond = c.numbers(1)?.[0];
  const noEarlyExit = !c.has(1) || (cond !== undefined && cond !== 0 && condPassesThrough(c, body));
  const trips: Dim = noEarlyExit && typeof m === 'number' ? m : c.fresh('loop');
  for (let k = 0; k < carried; k++) {
    const init = inputs[k + 2]!;
    const bodyOut = outs[k + 1] ?? null;
    c.set(k, init.dtype, mergeShapes(init.shape, bodyOut?.shape ?? null, c) ?? bodyOut?.shape ?? null);
  }
  for (let k = carried; k < c.node.outputs.length; k++) {
    const o = outs[k + 1] ?? null;
    if (o) c.set(k, o.dtype, o.shape ? [trips, ...o.shape] : null);
  }
};

/** Scan-8: optional sequence_lens first, every input batched [batch, seq, ...]; the body sees one batch item, one step. */
function scan8(c: NodeCtx, body: number): void {
  const m = c.int('num_scan_inputs', 0);
  const first = 1;
  const n = c.inputCount - first - m;
  let batch: Dim | undefined;
  let seq: Dim | undefined;
  const inputs: (TensorInfo | null)[] = [];
  for (let i = first; i < c.inputCount; i++) {
    const s = c.shape(i);
    batch ??= s?.[0];
    if (i - first >= n && s) seq ??= s[1];
    inputs.push({ dtype: c.dtype(i), shape: s ? s.slice(i - first < n ? 1 : 2) : null });
  }
  const outs = c.state.inferSubgraph(body, inputs);
  c.node.outputs.forEach((_, i) => {
    const o = outs[i] ?? null;
    if (!o || o.shape === null) return;
    const b: Dim = batch ?? c.fresh('batch');
    c.set(i, o.dtype, i < n ? [b, ...o.shape] : [b, seq ?? c.fresh('scan'), ...o.shape]);
  });
}

export const scan: ShapeRule = (c) => {
  const body = graphAttr(c, 'body');
  if (body === undefined) return;
  if (c.opset < 9) {
    scan8(c, body);
    return;
  }
  const m = c.int('num_scan_inputs', 0);
  const n = c.inputCount - m;
  const inAxes = c.ints('scan_input_axes') ?? [];
  const outAxes = c.ints('scan_output_axes') ?? [];
  let seq: Dim | undefined;
  const inputs: (TensorInfo | null)[] = [];
  for (let i = 0; i < c.inputCount; i++) {
    const s = c.shape(i);
    if (i < n || s === null) {
      inputs.push({ dtype: c.dtype(i), shape: s });
      continue;
    }
    const axis = normAxis(inAxes[i - n] ?? 0, s.length) ?? 0;
    seq ??= s[axis];
    inputs.push({ dtype: c.dtype(i), shape: s.filter((_, k) => k !== axis) });
  }
  const outs = c.state.inferSubgraph(body, inputs);
  c.node.outputs.forEach((_, i) => {
    const o = outs[i] ?? null;
    if (!o) return;
    if (i < n || o.shape === null) {
      c.set(i, o.dtype, o.shape);
      return;
    }
    const rank = o.shape.length + 1;
    const axis = normAxis(outAxes[i - n] ?? 0, rank) ?? 0;
    const shape = [...o.shape];
    shape.splice(axis, 0, seq ?? c.fresh('scan'));
    c.set(i, o.dtype, shape);
  });
};
