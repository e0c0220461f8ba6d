// Which framework object each local name of a script stands for: `import torch.nn as nn`,
// `from torch import nn`, `from torch.nn import GELU as G`, `import tensorflow as tf`,
// `from tensorflow.keras import layers`. Names are then canonicalized so that the construct table
// has one spelling per construct ('tf.keras.layers.Conv2D' for all of tensorflow.keras / keras / tf.keras).

import type { SyntaxNode } from '@lezer/common';

/** Local name → fully qualified name it was imported as. */
export type ImportMap = Map<string, string>;

/** Reads one ImportStatement into `into`. Relative imports (`from . import x`) name project code: ignored. */
export function readImport(stmt: SyntaxNode, source: string, into: ImportMap): void {
  const tokens: { name: string; text: string }[] = [];
  for (let c = stmt.firstChild; c; c = c.nextSibling) {
    if (c.type.isError) continue;
    tokens.push({ name: c.name, text: source.slice(c.from, c.to) });
  }
  if (tokens[0]?.name === 'from') {
    const at = tokens.findIndex((t) => t.name === 'import');
    if (at < 0 || tokens[1]?.name !== 'VariableName') return;
    const module = tokens.slice(1, at).map((t) => t.text).join('');
    for (let i = at + 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.name !== 'VariableName') continue;
      const alias = tokens[i + 1]?.name === 'as' ? tokens[i + 2]?.text : undefined;
      into.set(alias ?? t.text, `${module}.${t.text}`);
      if (alias) i += 2;
    }
    return;
  }
  // import a.b.c [as x], d
  let dotted: string[] = [];
  const flush = (alias?: string) => {
    if (dotted.length === 0) return;
    if (alias) into.set(alias, dotted.join('.'));
    else into.set(dotted[0]!, dotted[0]!);
    dotted = [];
  };
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.name === 'VariableName') dotted.push(t.text);
    else if (t.name === 'as') {
      flush(tokens[i + 1]?.text);
      i++;
    } else if (t.name === ',') flush();
  }
  flush();
}

const PREFIXES: [string, string][] = [
  ['tensorflow.keras.', 'tf.keras.'],
  ['tensorflow.python.keras.', 'tf.keras.'],
  ['tf_keras.', 'tf.keras.'],
  ['keras.src.', 'tf.keras.'],
  ['keras.', 'tf.keras.'],
  ['tensorflow.', 'tf.'],
  ['torch.nn.modules.activation.', 'torch.nn.'],
  ['torch.nn.modules.conv.', 'torch.nn.'],
];

/** One spelling per construct: tensorflow.keras / keras / tf_keras → tf.keras, tensorflow → tf. */
export function canonicalName(qualified: string): string {
  for (const [from, to] of PREFIXES) if (qualified.startsWith(from)) return to + qualified.slice(from.length);
  if (qualified === 'tensorflow') return 'tf';
  if (qualified === 'keras') return 'tf.keras';
  return qualified;
}

/**
 * The qualified name an expression denotes (`nn.functional.gelu` → 'torch.nn.functional.gelu'),
 * or null when its root is not an imported name (a local variable, `self`, a call's result).
 */
export function qualifiedName(node: SyntaxNode, source: string, imports: ImportMap): string | null {
  if (node.name === 'VariableName') {
    const q = imports.get(source.slice(node.from, node.to));
    return q === undefined ? null : canonicalName(q);
  }
  if (node.name === 'MemberExpression') {
    const object = node.firstChild;
    const prop = node.lastChild;
    if (!object || !prop || prop.name !== 'PropertyName') return null;
    const base = qualifiedName(object, source, imports);
    return base === null ? null : canonicalName(`${base}.${source.slice(prop.from, prop.to)}`);
  }
  return null;
}

/** A local spelling of `module` (e.g. 'nn' for torch.nn), for quick fixes that name another member. */
export function localSpelling(imports: ImportMap, module: string): string | null {
  for (const [local, q] of imports) if (canonicalName(q) === module) return local;
  for (const [local, q] of imports) {
    const c = canonicalName(q);
    if (module.startsWith(`${c}.`)) return local + module.slice(c.length);
  }
  return null;
}
