// The built-in target profiles. Each is a JSON file under ./builtin that passes through the same
// validator as a user's profile, so a built-in can never be something a user could not have written.
// Their op tables and sources are documented in docs/targets.md.

import battery from './builtin/battery-sensor-m4.json';
import coral from './builtin/coral-edgetpu.json';
import ethosU55 from './builtin/ethos-u55-128.json';
import ortCoreml from './builtin/ort-coreml.json';
import ortCoremlMlprogram from './builtin/ort-coreml-mlprogram.json';
import ortCpu from './builtin/ort-cpu-desktop.json';
import ortMobile from './builtin/ort-mobile.json';
import ortNnapi from './builtin/ort-nnapi.json';
import realtime from './builtin/realtime-control-m7.json';
import rpi from './builtin/rpi5-cpu-xnnpack.json';
import tensorrt from './builtin/tensorrt-jetson-orin-nano.json';
import tensorrtJp5 from './builtin/tensorrt-jetson-orin-nano-jp5.json';
import tfliteGpu from './builtin/tflite-gpu.json';
import tfliteNnapi from './builtin/tflite-nnapi.json';
import tflmM4 from './builtin/tflm-cortex-m4.json';
import tflmM7 from './builtin/tflm-cortex-m7.json';
import type { TargetProfile } from './profile';
import { validateTargetProfile } from './validateProfile';

/** The target used when the user names none: a mid-range MCU, where deployment problems show first. */
export const DEFAULT_TARGET_ID = 'tflm-cortex-m7';

/** Raw built-in profiles, bases before the profiles that extend them. */
export const BUILTIN_PROFILE_SOURCES: readonly unknown[] = [
  tflmM4, tflmM7, ethosU55, coral, tfliteGpu, tfliteNnapi, ortNnapi, ortCoreml, ortCoremlMlprogram, ortMobile, tensorrt, tensorrtJp5, rpi,
  ortCpu,
  realtime, battery,
];

let cache: Map<string, TargetProfile> | null = null;

function builtinMap(): Map<string, TargetProfile> {
  if (cache) return cache;
  const map = new Map<string, TargetProfile>();
  for (const raw of BUILTIN_PROFILE_SOURCES) {
    const id = (raw as { id?: string }).id ?? '?';
    map.set(id, validateTargetProfile(raw, `built-in target '${id}'`, (base) => map.get(base), () => [...map.keys()]));
  }
  cache = map;
  return map;
}

export function listBuiltinTargets(): TargetProfile[] {
  return [...builtinMap().values()];
}

export function getBuiltinTarget(id: string): TargetProfile | undefined {
  return builtinMap().get(id);
}

export function builtinTargetIds(): string[] {
  return [...builtinMap().keys()];
}
