// Arithmetic on dimensions that may be symbolic. Known sizes are numbers; a symbolic dim is a
// name (`batch`) or a small expression over names (`seq*2`, `(seq+1)`). Expressions stay readable
// for users; anything we cannot express simply becomes a fresh name, never a guessed number.

import type { Dim } from '../ir/model';

export function isKnown(d: Dim | undefined): d is number {
  return typeof d === 'number';
}

/** Wraps compound expressions in parentheses so they can be combined without ambiguity. */
function term(d: Dim): string {
  if (typeof d === 'number') return d < 0 ? `(${d})` : String(d);
  return /^[A-Za-z_][\w.:]*$/.test(d) || /^\(.*\)$/.test(d) ? d : `(${d})`;
}

export function dimAdd(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === 0) return b;
  if (b === 0) return a;
  if (typeof b === 'number' && b < 0) return `${term(a)}-${-b}`;
  return `${term(a)}+${term(b)}`;
}

export function dimSub(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (b === 0) return a;
  if (a === b) return 0;
  return `${term(a)}-${term(b)}`;
}

export function dimMul(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  if (a === 0 || b === 0) return 0;
  return `${term(a)}*${term(b)}`;
}

/** floor(a / b); exact symbolic division `x*k / k` simplifies back to `x`. */
export function dimFloorDiv(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return Math.floor(a / b);
  if (b === 1) return a;
  if (typeof a === 'string' && typeof b === 'number') {
    const suffix = `*${b}`;
    if (a.endsWith(suffix) && !a.slice(0, -suffix.length).includes('+') && !a.slice(0, -suffix.length).includes('-')) {
      return a.slice(0, -suffix.length);
    }
  }
  return `floor(${a}/${term(b)})`;
}

export function dimCeilDiv(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return Math.ceil(a / b);
  if (b === 1) return a;
  return `ceil(${a}/${term(b)})`;
}

/** Product of dims; symbolic if any factor is. */
export function dimProduct(dims: readonly Dim[]): Dim {
  let known = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') known *= d;
    else symbols.push(term(d));
  }
  if (known === 0) return 0;
  if (symbols.length === 0) return known;
  const sym = symbols.join('*');
  return known === 1 ? sym : `${sym}*${known}`;
}

/** Number of elements if every dim is known, else null. */
export function knownProduct(dims: readonly Dim[]): number | null {
  let n = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}

export function allKnown(dims: readonly Dim[]): dims is number[] {
  return dims.every((d) => typeof d === 'number');
}

/** Normalizes a possibly negative axis; null when out of range. */
export function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : null;
}
