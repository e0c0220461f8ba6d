// The built-in target profiles. Each is a JSON file under ./builtin that passes through the same
// validator as a user's profile, so a built-in can never be something a user could not have written.
// Their op tables and sources are documented in docs/targets.md.

import type { TargetProfile } from './profile';
import { validateTargetProfile } from './validateProfile';

/** The target used when the user names none: a mid-range MCU, where deployment problems show first. */
export const DEFAULT_TARGET_ID = 'tflm-cortex-m7';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The built-in profiles by id, bases before the profiles that extend them. Each JSON file loads
 * when its profile is first asked for (the build turns it into a JSON.parse of a string:
 * scripts/build.mjs), so a CLI run parses one profile, not 400 KB of sixteen.
 */
const BUILTIN_SOURCES: readonly (readonly [string, () => unknown])[] = [
  ['tflm-cortex-m4', () => require('./builtin/tflm-cortex-m4.json')],
  ['tflm-cortex-m7', () => require('./builtin/tflm-cortex-m7.json')],
  ['ethos-u55-128', () => require('./builtin/ethos-u55-128.json')],
  ['coral-edgetpu', () => require('./builtin/coral-edgetpu.json')],
  ['tflite-gpu', () => require('./builtin/tflite-gpu.json')],
  ['tflite-nnapi', () => require('./builtin/tflite-nnapi.json')],
  ['ort-nnapi', () => require('./builtin/ort-nnapi.json')],
  ['ort-coreml', () => require('./builtin/ort-coreml.json')],
  ['ort-coreml-mlprogram', () => require('./builtin/ort-coreml-mlprogram.json')],
  ['ort-mobile', () => require('./builtin/ort-mobile.json')],
  ['tensorrt-jetson-orin-nano', () => require('./builtin/tensorrt-jetson-orin-nano.json')],
  ['tensorrt-jetson-orin-nano-jp5', () => require('./builtin/tensorrt-jetson-orin-nano-jp5.json')],
  ['rpi5-cpu-xnnpack', () => require('./builtin/rpi5-cpu-xnnpack.json')],
  ['ort-cpu-desktop', () => require('./builtin/ort-cpu-desktop.json')],
  ['realtime-control-m7', () => require('./builtin/realtime-control-m7.json')],
  ['battery-sensor-m4', () => require('./builtin/battery-sensor-m4.json')],
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** Raw built-in profiles (the JSON files as written), bases before the profiles that extend them. */
export function builtinProfileSources(): unknown[] {
  return BUILTIN_SOURCES.map(([, load]) => load());
}

/** Validated built-ins by id: each is validated when first asked for (a CLI run needs one, not sixteen). */
const validated = new Map<string, TargetProfile>();
let rawById: Map<string, () => unknown> | null = null;

function raws(): Map<string, () => unknown> {
  rawById ??= new Map(BUILTIN_SOURCES);
  return rawById;
}

function builtin(id: string): TargetProfile | undefined {
  const hit = validated.get(id);
  if (hit) return hit;
  const load = raws().get(id);
  if (load === undefined) return undefined;
  const raw = load();
  if ((raw as { id?: unknown }).id !== id) throw new Error(`built-in target '${id}': its file declares id '${String((raw as { id?: unknown }).id)}'`);
  // `extends` resolves through the same lazy lookup: a base is validated before the profile over it.
  const profile = validateTargetProfile(raw, `built-in target '${id}'`, (base) => (base === id ? undefined : builtin(base)), () => [...raws().keys()]);
  validated.set(id, profile);
  return profile;
}

export function listBuiltinTargets(): TargetProfile[] {
  return [...raws().keys()].map((id) => builtin(id)!);
}

export function getBuiltinTarget(id: string): TargetProfile | undefined {
  return builtin(id);
}

export function builtinTargetIds(): string[] {
  return [...raws().keys()];
}
