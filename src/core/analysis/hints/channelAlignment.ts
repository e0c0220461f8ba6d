// How many channels a target's compute unit processes at once. Target profiles have no field for
// it (see the report: a `compute.channelAlignment` field would replace this table), so the widths
// live here, keyed by runtime and delegate, each with the reason a user can check.

import type { TargetProfile } from '../../targets/profile';
import { lookupTable } from '../../util/lookup';

export interface ChannelWidth {
  width: number;
  /** Why a remainder costs on this target. */
  why: string;
}

/** `runtime/delegate` or `runtime` → width; `int8` overrides where integer math packs more channels. */
const WIDTHS = lookupTable<{ width: number; int8Width?: number; int8Only?: boolean; why: string }>({
  'vela/ethos-u': {
    width: 16,
    why: 'the Ethos-U NPU works on bricks of 16 channels; Vela pads the rest, which wastes MACs and can double the SRAM a tensor takes',
  },
  'tensorrt': {
    width: 8, int8Width: 16,
    why: 'tensor cores need channel counts that are multiples of 8 (FP16) or 16 (INT8); other counts are padded or fall back to slower kernels',
  },
  'tflite/gpu': {
    width: 4,
    why: 'the GPU delegate stores tensors in slices of 4 channels (PHWC4); the last slice is padded and computed in full',
  },
  'tflite-micro/cmsis-nn': {
    // Float layers run TFLM's reference kernels, which have no channel blocking.
    width: 4, int8Only: true,
    why: 'CMSIS-NN packs int8 channels four to a 32-bit word for its SIMD MAC instructions; leftover channels run a slower scalar tail loop',
  },
});

export function channelWidth(target: TargetProfile, int8: boolean): ChannelWidth | null {
  const entry = WIDTHS.get(`${target.runtime}/${target.delegate ?? ''}`) ?? WIDTHS.get(target.runtime);
  if (!entry || (entry.int8Only && !int8)) return null;
  return { width: int8 && entry.int8Width ? entry.int8Width : entry.width, why: entry.why };
}
