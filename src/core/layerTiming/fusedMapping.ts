// Maps the kernels of ORT's optimized graph back to the original model's nodes.
//
// ORT keeps a node's name when it rewrites it in place (FusedConv keeps the Conv's name), names an
// NCHWc kernel after the original tensor it computes (`<tensor>_nchwc`), and keeps the names of the
// tensors that cross the boundary between kernels. So, for each optimized node:
//  1. anchors: the original node of the same name; the producer of the original tensor its name is
//     derived from (suffix `_nchwc`, …); the producers of its outputs that are original tensors;
//  2. then, from the anchors, walk back through tensors the optimized graph no longer has (they were
//     fused away), stopping at tensors it still has and at nodes another kernel anchored.
// A node claimed by no kernel was folded or eliminated (constant folding, Identity/Dropout removal).

export interface GraphNodeLike { name: string; op: string; inputs: readonly string[]; outputs: readonly string[] }
export interface GraphLike {
  nodes: readonly GraphNodeLike[];
  inputs?: readonly string[];
  /** Original graph: tensors known constant (initializers); nodes computing only from constants were folded. */
  constants?: ReadonlySet<string>;
}

export interface KernelMapping {
  /** Optimized node name → original node indices it covers (execution order of the original file). */
  covers: Map<string, number[]>;
  /** Original node index → optimized node name that runs it. */
  kernelOf: Map<number, string>;
  /** Original nodes no kernel covers (folded or eliminated). */
  eliminated: number[];
}

const NAME_SUFFIXES = [/_nchwc$/, /_token_\d+$/, /_fused$/];
/** '<node name>/<Something>Fusion': a kernel an ORT fusion made, named after the node it starts from. */
const FUSION_SUFFIX = /\/(\w+Fusion)$/;

/** What an ORT-inserted kernel (one that runs no node of the model) is for, in words. */
export function insertedKernelLabel(kernel: string, op: string): string {
  if (/^gemm_(input|output)_reshape/.test(kernel)) return 'inserted by ORT (reshape around a fused MatMul+Add GEMM)';
  if (/^Reorder(Input|Output)$/.test(op) || op === 'Transpose') return 'inserted by ORT (layout)';
  return `inserted by ORT (${op})`;
}

/** Identity mapping for a run with optimizations disabled (kernel name = node name). */
export function identityMapping(original: GraphLike): KernelMapping {
  const covers = new Map<string, number[]>();
  const kernelOf = new Map<number, string>();
  original.nodes.forEach((n, i) => {
    const list = covers.get(n.name) ?? [];
    list.push(i);
    covers.set(n.name, list);
    kernelOf.set(i, n.name);
  });
  return { covers, kernelOf, eliminated: [] };
}

export function mapOptimizedToOriginal(original: GraphLike, optimized: GraphLike): KernelMapping {
  const producer = new Map<string, number>();
  original.nodes.forEach((n, i) => n.outputs.forEach((t) => { if (t) producer.set(t, i); }));
  const byName = new Map<string, number>();
  original.nodes.forEach((n, i) => { if (n.name && !byName.has(n.name)) byName.set(n.name, i); });
  const visible = new Set<string>(optimized.inputs ?? []);
  for (const n of optimized.nodes) for (const t of [...n.inputs, ...n.outputs]) if (t) visible.add(t);

  // Nodes that compute from constants only (Constant, Identity of a weight, …): ORT folds them.
  const folded = new Set<number>();
  if (original.constants) {
    const constant = new Set(original.constants);
    original.nodes.forEach((n, i) => {
      if (n.inputs.every((t) => !t || constant.has(t))) {
        folded.add(i);
        n.outputs.forEach((t) => constant.add(t));
      }
    });
  }
  const owner = new Map<number, string>();
  for (const i of folded) owner.set(i, '');
  const anchors = new Map<string, number[]>();
  const claim = (kernel: string, node: number | undefined): void => {
    if (node === undefined || owner.has(node)) return;
    owner.set(node, kernel);
    const list = anchors.get(kernel) ?? [];
    list.push(node);
    anchors.set(kernel, list);
  };
  const consumers = new Map<string, number[]>();
  original.nodes.forEach((n, i) => n.inputs.forEach((t) => { if (t) consumers.set(t, [...(consumers.get(t) ?? []), i]); }));
  // Pass 1a: same name (strongest evidence), also under a fusion's suffix: ORT names a fused
  // kernel after the node it starts from ('<MatMul name>/MatMulAddFusion' is that MatMul and the
  // Add after it, as one Gemm; 'gemm_input_reshape' / 'gemm_output_reshape' around it are its own).
  for (const k of optimized.nodes) {
    const fusion = FUSION_SUFFIX.exec(k.name);
    const base = fusion ? k.name.slice(0, fusion.index) : k.name;
    const anchor = byName.get(base) ?? byName.get(base.replace(/^fused /, ''));
    claim(k.name, anchor);
    if (fusion?.[1] === 'MatMulAddFusion' && anchor !== undefined) {
      const out = original.nodes[anchor]!.outputs[0];
      const next = out ? consumers.get(out) : undefined;
      if (next?.length === 1 && original.nodes[next[0]!]!.op === 'Add') claim(k.name, next[0]);
    }
  }
  // Pass 1b: the tensor the name is derived from; original outputs it produces.
  for (const k of optimized.nodes) {
    for (const re of NAME_SUFFIXES) {
      if (re.test(k.name)) claim(k.name, producer.get(k.name.replace(re, '')));
    }
    // An original output tensor: its producer, unless that one is a layout conversion's target.
    if (!/^Reorder(Input|Output)$/.test(k.op)) for (const t of k.outputs) claim(k.name, producer.get(t));
  }
  // Pass 2: walk back from each kernel's anchors through tensors the optimized graph lost.
  for (const [kernel, nodes] of anchors) {
    const stack = [...nodes];
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (const t of original.nodes[i]!.inputs) {
        if (!t || visible.has(t)) continue;
        const p = producer.get(t);
        if (p === undefined || owner.has(p)) continue;
        owner.set(p, kernel);
        nodes.push(p);
        stack.push(p);
      }
    }
  }
  const covers = new Map<string, number[]>();
  for (const k of optimized.nodes) covers.set(k.name, (anchors.get(k.name) ?? []).sort((a, b) => a - b));
  for (const i of folded) owner.delete(i);
  const eliminated = original.nodes.map((_, i) => i).filter((i) => !owner.has(i));
  return { covers, kernelOf: owner, eliminated };
}
