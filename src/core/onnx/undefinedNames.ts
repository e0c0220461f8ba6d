// Names an ONNX graph uses without defining them. ONNX Runtime refuses such a model when it loads
// it ("Node input 'x' is not a graph input, initializer, or output of a previous node"; "Graph
// output (y) does not exist in the graph", test/oracle-ort.test.ts), and graph surgery leaves them
// behind: a node removed while another still reads its output, an output renamed on one side.

import type { Diagnostic } from '../ir/diagnostic';
import type { Graph, Tensor } from '../ir/model';

/** Whether a tensor is defined in its graph: a graph input, an initializer or Constant output, or a node's output. */
function defined(t: Tensor | undefined): boolean {
  return t !== undefined && (t.producer !== null || t.isGraphInput || t.constant);
}

/** Whether `name` is defined in `graph` or, for a control-flow body, in a graph that encloses it. */
function definedInScope(graphs: readonly Graph[], graph: Graph, name: string): boolean {
  let g: Graph | undefined = graph;
  // Bounded by the number of graphs: a parent chain the reader built from a hostile file cannot loop forever.
  for (let hops = 0; g && hops <= graphs.length; hops++) {
    if (defined(g.tensors.get(name))) return true;
    g = g.parent ? graphs[g.parent.graph] : undefined;
  }
  return false;
}

/**
 * Reports every tensor a node of `graphs` reads, and every graph output, that nothing defines.
 * Function bodies (`inFunction`) are left out: their names are bound when a node calls them.
 */
export function reportUndefinedNames(graphs: readonly Graph[], inFunction: (graph: number) => boolean, diagnostics: Diagnostic[]): void {
  for (const graph of graphs) {
    if (inFunction(graph.index)) continue;
    graph.tensors.forEach((t, name) => {
      if (defined(t) || definedInScope(graphs, graph, name)) return;
      if (t.consumers.length > 0) {
        const reader = graph.nodes[t.consumers[0]!];
        diagnostics.push({
          severity: 'error', code: 'read/undefined-tensor', graph: graph.index, node: reader?.index, tensor: name,
          message: `${reader ? `${reader.op} node '${reader.name}'` : 'A node'} reads '${name}', which is not a graph input, an initializer or the output of any node.`,
        });
      } else if (t.isGraphOutput) {
        diagnostics.push({
          severity: 'error', code: 'read/undefined-tensor', graph: graph.index, tensor: name,
          message: `Graph output '${name}' is not a graph input, an initializer or the output of any node.`,
        });
      }
    });
  }
}
