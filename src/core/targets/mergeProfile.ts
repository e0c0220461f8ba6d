// `"extends": "<id>"`: a user profile starts from another profile and overrides what it names.
// Objects merge key by key all the way down (so one operator's `strides` can be changed without
// restating the op), arrays and scalars replace. The result keeps `extends` for messages.

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    out[key] = key in out ? deepMerge(out[key], value) : structuredClone(value);
  }
  return out;
}

/** Merges a raw child profile over its (already valid) base; the child's id and extends win. */
export function mergeOverBase(base: object, child: Record<string, unknown>): Record<string, unknown> {
  const merged = deepMerge(base, child) as Record<string, unknown>;
  delete merged.$schema;
  // Set by the registry on a replaced built-in; a profile extending it is not itself a replacement.
  delete merged.overridesBuiltin;
  return merged;
}
