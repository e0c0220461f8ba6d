// LSTM / GRU / RNN: outputs Y [seq, dirs, batch, hidden] and Y_h/Y_c [dirs, batch, hidden],
// or batch-first with layout=1 (opset 14).

import type { Dim } from '../../ir/model';
import { InvalidShapeError, type ShapeRule } from '../context';
import { dimFloorDiv } from '../dims';
import { lookupTable } from '../../util/lookup';

const GATES = lookupTable<number>({ LSTM: 4, GRU: 3, RNN: 1 });

export const recurrent: ShapeRule = (c) => {
  const xs = c.need(0);
  if (xs.length !== 3) throw new InvalidShapeError(`X must be 3-D, got rank ${xs.length}`);
  const layout = c.int('layout', 0);
  const [seq, batch] = layout === 1 ? [xs[1]!, xs[0]!] : [xs[0]!, xs[1]!];
  const dirs = c.str('direction', 'forward') === 'bidirectional' ? 2 : 1;
  const hiddenAttr = c.attr('hidden_size');
  const gates = GATES.get(c.node.op) ?? 1;
  const w = c.shape(1);
  const hidden: Dim = hiddenAttr?.type === 'int' ? hiddenAttr.value : w?.[1] !== undefined ? dimFloorDiv(w[1], gates) : c.fresh('hidden');
  // W is [directions, gates·hidden, input size] and R [directions, gates·hidden, hidden]: ORT loads
  // a model that breaks either, then refuses every run ("Input R must have shape {1,8,2}").
  const rows = typeof hidden === 'number' ? gates * hidden : null;
  for (const [i, name, cols] of [[1, 'W', xs[2]!], [2, 'R', hidden]] as const) {
    const s = c.shape(i);
    if (!s || s.length !== 3) continue;
    const expected: (Dim | null)[] = [dirs, rows, cols];
    if (s.some((d, k) => typeof d === 'number' && typeof expected[k] === 'number' && d !== expected[k])) {
      throw new InvalidShapeError(`${name} is [${s.join(', ')}]; it must be [${expected.map((d) => d ?? '?').join(', ')}] (directions, ${gates} gate(s) × hidden, ${name === 'W' ? 'input size' : 'hidden'})`);
    }
  }
  const dtype = c.dtype(0);
  c.set(0, dtype, layout === 1 ? [batch, seq, dirs, hidden] : [seq, dirs, batch, hidden]);
  const state = layout === 1 ? [batch, dirs, hidden] : [dirs, batch, hidden];
  c.set(1, dtype, state);
  c.set(2, dtype, state);
};
