// Profile Layers rolled up by module: each measured kernel placed by the original node it runs
// (its first covered node; an ORT-inserted kernel by its own name), with its median as the module's
// measured time and the static estimate beside it — the same tree (core/modules) as every other
// surface, so a module's measured and estimated time sit side by side.

import { buildModuleTree, type ModuleItem, type ModuleTree } from '../modules/moduleTree';
import type { LayerTiming } from './layerTiming';

/** The kernels' module tree; item indices are positions in `timing.rows`. */
export function layerTimingModules(timing: LayerTiming): ModuleTree {
  const items: ModuleItem[] = [...timing.rows.keys()]
    .sort((a, b) => timing.rows[a]!.order - timing.rows[b]!.order)
    .map((i) => {
      const r = timing.rows[i]!;
      return { index: i, name: r.covers[0]?.name ?? r.kernel, macs: r.macs, paramBytes: null, latencyUs: r.staticUs, measuredUs: r.medianUs };
    });
  return buildModuleTree(items);
}
