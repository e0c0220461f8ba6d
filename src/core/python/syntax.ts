// Small helpers over @lezer/python's syntax tree: positions in VS Code's terms, argument lists and
// literal values. The parser is error-tolerant, so everything here copes with partial trees.

import type { SyntaxNode } from '@lezer/common';

export interface ScriptPosition { line: number; character: number }
export interface ScriptRange { start: ScriptPosition; end: ScriptPosition }

export type ArgValue = string | number | boolean | null;

/** Offsets → 0-based line/character (UTF-16 units, like VS Code), by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): ScriptPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  range(from: number, to: number): ScriptRange {
    return { start: this.position(from), end: this.position(to) };
  }
}

/** One argument of a call: positional (name null) or keyword, with its value node. */
export interface CallArg { name: string | null; value: SyntaxNode }

const SKIP = new Set(['(', ')', ',']);

/** Arguments of an ArgList in source order; `*args` / `**kwargs` are left out (their values are unknown). */
export function callArgs(argList: SyntaxNode | null, source: string): CallArg[] {
  const out: CallArg[] = [];
  if (!argList) return out;
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (SKIP.has(c.name) || c.type.isError) continue;
    if (c.name === '*' || c.name === '**') {
      c = c.nextSibling ?? c;
      continue;
    }
    const next = c.nextSibling;
    if (c.name === 'VariableName' && next?.name === 'AssignOp' && next.nextSibling) {
      out.push({ name: source.slice(c.from, c.to), value: next.nextSibling });
      c = next.nextSibling;
      continue;
    }
    out.push({ name: null, value: c });
  }
  return out;
}

/** A plain string literal's value; null for f-strings, concatenations and byte strings. */
export function stringValue(node: SyntaxNode, source: string): string | null {
  if (node.name !== 'String') return null;
  const m = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(source.slice(node.from, node.to));
  if (!m) return null;
  const body = m[3]!;
  return m[1] === 'r' || m[1] === 'R' ? body : body.replace(/\\(.)/g, '$1');
}

/**
 * The value of a literal as the report carries it: numbers, strings, booleans, None; tuples and
 * lists of numbers as '(3, 5)'. Anything computed is null (its value is not known before run time).
 */
export function literalValue(node: SyntaxNode, source: string): ArgValue {
  switch (node.name) {
    case 'Number': {
      const n = Number(source.slice(node.from, node.to).replace(/_/g, ''));
      return Number.isFinite(n) ? n : null;
    }
    case 'String': return stringValue(node, source);
    case 'Boolean': return source.slice(node.from, node.to) === 'True';
    case 'UnaryExpression': {
      const v = node.lastChild ? literalValue(node.lastChild, source) : null;
      if (typeof v !== 'number') return null;
      return source.slice(node.from, node.to).trimStart().startsWith('-') ? -v : v;
    }
    case 'ParenthesizedExpression':
      return node.firstChild?.nextSibling ? literalValue(node.firstChild.nextSibling, source) : null;
    case 'TupleExpression':
    case 'ArrayExpression': {
      const items: number[] = [];
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (SKIP.has(c.name) || c.name === '[' || c.name === ']') continue;
        const v = literalValue(c, source);
        if (typeof v !== 'number') return null;
        items.push(v);
      }
      return `(${items.join(', ')})`;
    }
  }
  return null;
}

/** A number or a numeric tuple string ('(3, 5)') as one value per spatial dim; null when not literal. */
export function intsOf(value: ArgValue | undefined, dims: number): number[] | null {
  if (typeof value === 'number') return new Array<number>(dims).fill(value);
  if (typeof value === 'string' && value.startsWith('(')) {
    const items = value.slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
    if (items.length === dims && items.every(Number.isFinite)) return items;
  }
  return null;
}
