// Which module a node belongs to, from its name: exporters name nodes by the module path that built
// them (torch: `/features/features.3/block/block.0/Conv`; TFLite tensors: `model/conv2d/Relu`), so
// every prefix before the last `/` is a module, outermost first. The model diff groups by these.
//
// Kept in one place on purpose: when the module tree of issue 17's roll-ups lands in src/core,
// `modulePathsOf` is the one function to swap for it.

/** Deeper prefixes than this are one module: a hostile name of 100,000 slashes must not multiply the work. */
export const MAX_MODULE_DEPTH = 32;
/** Longer names are cut before splitting (real module paths are far shorter). */
const MAX_NAME = 1000;

/**
 * The module paths a node name lies in, outermost first: `/features/features.3/block/Conv` →
 * [`/features`, `/features/features.3`, `/features/features.3/block`]. A TFLite tensor name that
 * lists several (`a/b/Relu;a/b/BiasAdd`) counts by its first. A name without a `/` is in no module.
 */
export function modulePathsOf(name: string): string[] {
  const first = name.slice(0, MAX_NAME).split(';')[0]!;
  const cut = first.lastIndexOf('/');
  if (cut <= 0) return [];
  const module = first.slice(0, cut);
  const out: string[] = [];
  let from = module.startsWith('/') ? 1 : 0;
  while (out.length < MAX_MODULE_DEPTH) {
    const slash = module.indexOf('/', from);
    const prefix = slash < 0 ? module : module.slice(0, slash);
    // `a//b`: the empty segment is no module of its own
    if (prefix.length > 0 && !prefix.endsWith('/') && prefix !== '/') out.push(prefix);
    if (slash < 0) break;
    from = slash + 1;
  }
  if (out.length === MAX_MODULE_DEPTH && out[out.length - 1] !== module) out[out.length - 1] = module;
  return out;
}

/** The last segment of a module path, for tree rows (`/features/features.3` → `features.3`). */
export function moduleLeaf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}
