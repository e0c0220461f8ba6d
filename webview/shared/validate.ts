// The checks every webview → host validator is built from (webview/shared/protocol.ts and the
// panels' own protocols): plain objects with exactly the expected keys, bounded numbers and strings.
// A hostile page must not smuggle fields a later handler might trust. Free of DOM and Node APIs.

export type Json = Record<string, unknown>;

/** Longest string the host accepts from a webview unless a message says otherwise. */
export const MAX_MESSAGE_STRING = 4096;

export function isPlainObject(x: unknown): x is Json {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Exactly these keys, no more. */
export function hasExactKeys(x: Json, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(x, k));
}

export function isIntegerIn(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

export function isOneOf<T extends string>(x: unknown, values: readonly T[]): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}

export function isStringUpTo(x: unknown, max: number, min = 0): x is string {
  return typeof x === 'string' && x.length >= min && x.length <= max;
}

/** A validator from one check per message `type`: anything else (no type, an unknown one) is refused. */
export function byType<T>(checks: Record<string, (message: Json) => boolean>): (x: unknown) => x is T {
  return (x: unknown): x is T => {
    if (!isPlainObject(x) || typeof x['type'] !== 'string' || !Object.prototype.hasOwnProperty.call(checks, x['type'])) return false;
    return checks[x['type']]!(x);
  };
}

/** A message that is only its `type`. */
export function typeOnly(m: Json): boolean {
  return hasExactKeys(m, ['type']);
}
