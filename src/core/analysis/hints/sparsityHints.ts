// Unstructured sparsity: weight tensors that are mostly exact zeros (magnitude pruning without
// removing anything). Dense kernels on MCUs, NPUs and GPUs multiply the zeros anyway, so the model
// is as slow and, uncompressed, as big as the dense one. The zero counts come from a scan that runs
// after the verdict and samples the weights (sparsityScan.ts); this turns a scan into findings for
// one target.

import { formatCount, percent } from './graphQueries';
import { hint, nodeLabel, type HintContext, type HintDiagnostic } from './hintTypes';
import type { SparsityScan } from './sparsityScan';
import { SAMPLE_BYTES, SAMPLE_WINDOWS } from './sparsityScan';

/** Report at or above this fraction of zeros. */
export const MIN_ZERO_FRACTION = 0.5;

export function sparsityHints(ctx: HintContext, scan: SparsityScan): HintDiagnostic[] {
  const { graph, target } = ctx;
  const out: HintDiagnostic[] = [];
  for (const s of scan.suspects) {
    const fraction = s.zeros / s.elements;
    if (s.elements === 0 || fraction < MIN_ZERO_FRACTION) continue;
    const t = graph.tensors.get(s.tensor);
    const reader = t ? graph.nodes[t.consumers[0]!] : undefined;
    const where = target ? target.name : 'dense hardware (MCU kernels, NPUs, mobile GPUs)';
    const compressNote = target?.runtime === 'vela' ? ' Vela\'s weight compression shrinks the zeros in flash, but the NPU still spends MACs on them.' : '';
    const amount = s.exact
      ? `${percent(fraction)} exact zeros (${formatCount(s.zeros)} of ${formatCount(s.elements)})`
      : `about ${percent(fraction)} exact zeros (estimated from ${SAMPLE_WINDOWS} samples over its ${formatCount(s.elements)} values)`;
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/weight-sparsity', tensor: s.tensor, ...(reader ? { node: reader } : {}),
      message: `Weight '${s.tensor}'${reader ? ` of ${nodeLabel(reader)}` : ''} is ${amount}: `
        + `unstructured sparsity that ${where} cannot skip: the zeros are still multiplied and, uncompressed, still stored.${compressNote}`,
      fix: 'Prune structurally instead (whole filters/channels, e.g. torch.nn.utils.prune.ln_structured or torch-pruning) and physically remove the pruned channels, so the dense layer gets smaller.',
    }));
  }
  if (scan.unchecked.length > 0) {
    const largest = scan.unchecked.map((n) => graph.tensors.get(n)).reduce((a, b) => ((b?.dataBytes ?? 0) > (a?.dataBytes ?? 0) ? b : a));
    out.push(hint(ctx, {
      severity: 'info', code: 'hint/sparsity-not-checked', tensor: largest?.name ?? scan.unchecked[0]!,
      message: `${scan.unchecked.length} weight tensor(s) were not checked for sparsity (largest '${largest?.name ?? scan.unchecked[0]!}'): `
        + `the check samples ${SAMPLE_WINDOWS} windows of ${SAMPLE_BYTES} bytes per tensor, and these store their values in a form that cannot be sampled (varint-packed typed fields above 16 KiB) or could not be read.`,
      fix: 'Nothing to change in the model; check those tensors offline if sparsity matters (or re-save it with raw_data).',
    }));
  }
  return out;
}
