// Which activations a target runs slowly although it runs them, and which cheap replacements it
// supports. Target profiles say whether an op is supported, not how fast its kernel is, so the
// "costly" facts live in this small table keyed by runtime (see the report for a profile field).

import type { TargetProfile } from '../../targets/profile';
import type { ActivationFamily } from './activationPatterns';
import { ownValue } from '../../util/lookup';
import { lookupTable } from '../../util/lookup';

interface CostlyOps {
  ops: ReadonlySet<string>;
  why: string;
}

/** Canonical ops a runtime computes element by element in an unoptimized kernel. */
const COSTLY_BY_RUNTIME = lookupTable<CostlyOps>({
  'tflite-micro': {
    ops: new Set(['Sigmoid', 'Tanh', 'Erf', 'Exp', 'Gelu']),
    why: 'TFLite Micro runs it with a reference kernel (CMSIS-NN has no optimized one), a separate pass per op that cannot fuse into the preceding convolution the way ReLU/ReLU6 do',
  },
});

export function costlyOps(target: TargetProfile): CostlyOps | undefined {
  return COSTLY_BY_RUNTIME.get(target.runtime);
}

export interface Replacement {
  /** How the finding names it. */
  label: string;
  /** Op names to look up in the target's table: ONNX spelling, TFLite spelling. */
  ops: string[];
  /** The model change, in PyTorch terms. */
  how: string;
}

const HARDSWISH: Replacement = { label: 'HardSwish', ops: ['HardSwish', 'HARD_SWISH'], how: 'nn.Hardswish()' };
const RELU6: Replacement = { label: 'ReLU6', ops: ['Clip', 'RELU6'], how: 'nn.ReLU6() (fuses into the preceding convolution)' };
const RELU: Replacement = { label: 'ReLU', ops: ['Relu', 'RELU'], how: 'nn.ReLU() (fuses into the preceding convolution)' };

/** Cheaper stand-ins per family, best first. HardSigmoid/HardSwish keep their exact function written with ReLU6. */
const REPLACEMENTS: Readonly<Record<ActivationFamily, Replacement[]>> = {
  silu: [HARDSWISH, RELU6, RELU],
  gelu: [HARDSWISH, RELU],
  hardsigmoid: [{ label: 'ReLU6(x + 3) / 6', ops: ['Clip', 'RELU6'], how: 'F.relu6(x + 3) / 6 (the same function, written with ops the target has)' }],
  hardswish: [{ label: 'x · ReLU6(x + 3) / 6', ops: ['Clip', 'RELU6'], how: 'x * F.relu6(x + 3) / 6 (the same function, written with ops the target has)' }, RELU],
};

/** Whether the target's table supports one of `ops` (an unlisted op follows the profile's default). */
export function targetSupports(target: TargetProfile, ops: string[]): boolean {
  for (const op of ops) {
    const rule = ownValue(target.operators, op);
    if (rule) return rule.supported;
  }
  return target.unlistedOperators === 'supported';
}

export function cheaperReplacement(target: TargetProfile, family: ActivationFamily): Replacement | undefined {
  return REPLACEMENTS[family].find((r) => targetSupports(target, r.ops));
}
