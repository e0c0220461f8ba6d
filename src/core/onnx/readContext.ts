// State shared by the pieces of one ONNX read: the cursor, where diagnostics go, the graphs found
// so far (subgraphs and functions are appended as the walk meets them), and external-data checks.

import type { Diagnostic } from '../ir/diagnostic';
import type { Graph } from '../ir/model';
import type { ExternalDataResolver } from './externalData';
import type { ProtoCursor } from './protoCursor';

/** Subgraphs nest (If inside Loop inside If ...) and tensors have ranks: both bounded (src/core/limits.ts). */
export { MAX_GRAPH_DEPTH, MAX_RANK } from '../limits';

export interface ReadContext {
  cur: ProtoCursor;
  diagnostics: Diagnostic[];
  graphs: Graph[];
  /** Per graph index: the function whose opset imports apply (null: the model's). */
  graphFunction: (number | null)[];
  external: ExternalDataResolver;
  /** Counter for fresh names of unknown dims ('?1', '?2', ...), unique within the model. */
  nextSymbol: number;
  /** Nodes read so far, all graphs and functions (MAX_NODES). */
  nodeCount: number;
  /** List-attribute elements decoded so far (MAX_ATTRIBUTE_ELEMENTS_TOTAL). */
  attributeElements: number;
}

export function freshSymbol(ctx: ReadContext): string {
  ctx.nextSymbol += 1;
  return `?${ctx.nextSymbol}`;
}
