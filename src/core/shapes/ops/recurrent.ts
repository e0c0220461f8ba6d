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
  const dtype = c.dtype(0);
  c.set(0, dtype, layout === 1 ? [batch, seq, dirs, hidden] : [seq, dirs, batch, hidden]);
  const state = layout === 1 ? [batch, dirs, hidden] : [dirs, batch, hidden];
  c.set(1, dtype, state);
  c.set(2, dtype, state);
};
