// The record that holds a node's attributes. Its keys are file text, so it has no prototype (an
// attribute named `__proto__` or `constructor` is a key like any other: util/lookup.ts). It is made
// with Object.setPrototypeOf({}, null) rather than Object.create(null): V8 gives the latter a
// hash-table ("dictionary mode") store, ~190 bytes per node on the JS heap (0.76 MB of a 10k-node
// decoder's 10.4 MB IR), and every read of `attributes.axis` a hash lookup. The former keeps
// ordinary fast properties — nodes with the same attribute names share one hidden class — and the
// same null prototype.

import type { AttributeValue } from './model';

export function attributeRecord(): Record<string, AttributeValue> {
  return Object.setPrototypeOf({}, null) as Record<string, AttributeValue>;
}
