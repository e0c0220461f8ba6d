// Lookups keyed by text from a model, a script or a profile. A plain object answers `toString`,
// `constructor` or `__proto__` with Object.prototype's members, and assigning `__proto__` replaces
// its prototype: an op named `constructor` once crashed the analysis. So static tables keyed by
// such text are Maps (`lookupTable`), records built from file text have no prototype
// (`dictionary`), and JSON-shaped data such as a profile's operator table is read with `ownValue`.

/** A read-only Map from a literal table (keeps the tables readable where they are written). */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  return new Map(Object.entries(entries));
}

/** An empty record without a prototype: `d['__proto__'] = x` stores a key like any other. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` for own properties only (JSON data such as a profile's `operators`). */
export function ownValue<T>(obj: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}
