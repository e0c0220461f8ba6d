// State shared by the pieces of one ONNX read: the cursor, where diagnostics go, the graphs found
// so far (subgraphs and functions are appended as the walk meets them), and external-data checks.

import type { Diagnostic } from '../ir/diagnostic';
import type { Graph } from '../ir/model';
import type { ExternalDataResolver } from './externalData';
import type { ProtoCursor } from './protoCursor';

/** Subgraphs nest (If inside Loop inside If ...); deeper nesting than this is refused as hostile. */
export const MAX_GRAPH_DEPTH = 64;
/** No real tensor has more dimensions than this; a larger rank is a corrupt or hostile file. */
export const MAX_RANK = 256;

export interface ReadContext {
  cur: ProtoCursor;
  diagnostics: Diagnostic[];
  graphs: Graph[];
  /** Per graph index: the function whose opset imports apply (null: the model's). */
  graphFunction: (number | null)[];
  external: ExternalDataResolver;
  /** Counter for fresh names of unknown dims ('?1', '?2', ...), unique within the model. */
  nextSymbol: number;
}

export function freshSymbol(ctx: ReadContext): string {
  ctx.nextSymbol += 1;
  return `?${ctx.nextSymbol}`;
}
