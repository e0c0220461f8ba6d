// Where a node sits in the model's module hierarchy, read from the names exporters give: PyTorch's
// torch.onnx.export names each node by the scope that emitted it ('/features/features.12/block/
// block.0/block.0.0/Conv' → features.12.block.0.0), TensorFlow and Keras name a TFLite op's output
// tensor by its layer scope ('MobilenetV1/MobilenetV1/Conv2d_1_depthwise/Relu6', fused ops joined
// by ';'). A node whose own name has no scope ('Identity_0', 'StatefulPartitionedCall:0') is placed
// by its weights' names, which carry the layer ('conv_proj.bias', 'sequential/dense_2/MatMul').

/** How the path's segments are joined for display: PyTorch's qualified names or TensorFlow's scopes. */
export type ModuleStyle = 'torch' | 'tf';

export interface ModulePath {
  /** The levels of the hierarchy, outermost first ([] for a node of the top-level forward). */
  segments: string[];
  style: ModuleStyle;
}

/** Parameter names PyTorch gives a module's tensors (the module is everything before them). */
const TORCH_PARAM = /^(weight|bias|running_mean|running_var|num_batches_tracked|in_proj_weight|in_proj_bias|pos_embedding|class_token|cls_token|weight_ih_l\d+|weight_hh_l\d+|bias_ih_l\d+|bias_hh_l\d+)(_reverse)?$/;

/**
 * The qualified module name of a torch.onnx.export scope ('/features/features.3/conv/conv.1/Conv'
 * → 'features.3.conv.1'): a scope segment is the child's name prefixed with its container's
 * segment when the container is a Sequential/ModuleList ('features' → 'features.3'). '' for ops of
 * the top-level forward ('/ReduceMean'), null for names without a scope ('Identity_0').
 */
export function torchQualifiedName(nodeName: string): string | null {
  if (!nodeName.startsWith('/')) return null;
  // '/MatMul_12': an op of the top-level forward, without splitting the name (most of a flat export's nodes).
  if (nodeName.indexOf('/', 1) < 0) return '';
  const segments = nodeName.slice(1).split('/');
  segments.pop(); // the op's own name
  let qualified = '';
  let last = '';
  for (const seg of segments) {
    if (!seg) continue;
    if (last && seg.startsWith(`${last}.`)) qualified += seg.slice(last.length);
    else qualified = qualified ? `${qualified}.${seg}` : seg;
    last = seg;
  }
  return qualified;
}

function tfScope(name: string): string[] | null {
  // Fused TFLite ops name every op they fused ('a/dense/MatMul;a/dense/BiasAdd'): their common scope.
  const parts = name.split(';').map((p) => p.replace(/:\d+$/, '').split('/').slice(0, -1).filter((s) => s !== ''));
  if (parts.length === 0 || parts[0]!.length === 0) return null;
  let common = parts[0]!;
  for (const p of parts.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    common = common.slice(0, i);
  }
  return common.length ? common : null;
}

/** A weight's name: 'conv_proj.bias' (PyTorch) or 'sequential/dense_2/MatMul' (TensorFlow). */
function pathOfWeight(name: string): ModulePath | null {
  if (name.includes('/')) {
    const segments = tfScope(name.startsWith('/') ? name.slice(1) : name);
    return segments ? { segments, style: 'tf' } : null;
  }
  // No '.': no module before a parameter name ('const_98'), without splitting it.
  if (!name.includes('.')) return null;
  const parts = name.split('.');
  if (parts.length >= 2 && TORCH_PARAM.test(parts[parts.length - 1]!)) return { segments: parts.slice(0, -1), style: 'torch' };
  return null;
}

/**
 * Deeper paths than this keep their first levels and join the rest into the last one: the tree is
 * built level by level (recursively), so a hostile name of 10,000 scopes must not become 10,000
 * levels (it overflowed the stack). Real models are far shallower (torchvision's deepest: 7).
 * Reading a name is linear in its length; only the levels are bounded.
 */
export const MAX_MODULE_DEPTH = 32;

function bounded(p: ModulePath): ModulePath {
  if (p.segments.length <= MAX_MODULE_DEPTH) return p;
  const rest = p.segments.slice(MAX_MODULE_DEPTH - 1).join(p.style === 'torch' ? '.' : '/');
  return { segments: [...p.segments.slice(0, MAX_MODULE_DEPTH - 1), rest], style: p.style };
}

/** The module path of a node from its name, else from the names of its constant inputs (at most MAX_MODULE_DEPTH levels). */
export function modulePathOf(nodeName: string, weightNames: readonly string[] = []): ModulePath {
  return bounded(unboundedPathOf(nodeName, weightNames));
}

function unboundedPathOf(nodeName: string, weightNames: readonly string[]): ModulePath {
  if (nodeName.startsWith('/')) {
    const q = torchQualifiedName(nodeName);
    // '/Flatten', '/Constant_1': ops of the top-level forward.
    if (q) return { segments: q.split('.'), style: 'torch' };
  } else if (nodeName.includes('/')) {
    const segments = tfScope(nodeName);
    if (segments) return { segments, style: 'tf' };
  }
  for (const w of weightNames) {
    const p = pathOfWeight(w);
    if (p) return p;
  }
  return { segments: [], style: nodeName.startsWith('/') ? 'torch' : 'tf' };
}

/** How a module is labelled in a tree: 'features.12' under 'features', 'block.0.0' under 'block.0', 'attn'. */
export function segmentLabel(segments: readonly string[], i: number, parentLabel: string): string {
  const seg = segments[i]!;
  return /^\d+$/.test(seg) && i > 0 ? `${parentLabel}.${seg}` : seg;
}
