// A strict JSON parser that remembers where every value starts, so a broken profile can be reported
// as `file:line:column` both for syntax errors and for schema errors found later at a JSON path.
// (JSON.parse's error text differs between Node versions and does not always carry a position.)

import { MAX_JSON_DEPTH } from '../limits';
import { childPath } from './schemaCheck';

export interface TextPosition {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(readonly problem: string, readonly position: TextPosition) {
    super(`${problem} at line ${position.line}, column ${position.column}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParsedJson {
  value: unknown;
  /** Start of each value by JSON path (`$`, `$.memory.sramBytes`, `$.formats[0]`). */
  positions: Map<string, TextPosition>;
}

export function parseJsonWithPositions(text: string): ParsedJson {
  const positions = new Map<string, TextPosition>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Line starts let us turn an offset into line/column only when needed.
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const pos = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const fail = (problem: string, at = i): never => { throw new JsonSyntaxError(problem, pos(at)); };
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const describe = (at: number) => (at >= text.length ? 'end of file' : `'${text[at]}'`);

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i]!;
      if (c === '"') { i++; return out; }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) { out += simple[e]; i += 2; continue; }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; continue; }
        fail('invalid escape in string');
      }
      if (c.charCodeAt(0) < 0x20) fail('control character in string (use \\n)');
      out += c;
      i++;
    }
  };

  // Recursion is bounded by MAX_JSON_DEPTH, never by the input: 200k '[' fail at level 65.
  const parseValue = (path: string, depth: number): unknown => {
    ws();
    positions.set(path, pos(i));
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) fail(`arrays and objects nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        const keyAt = i;
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate property '${key}'`, keyAt);
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, found ${describe(i)}`);
        i++;
        Object.defineProperty(obj, key, { value: parseValue(childPath(path, key), depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail(`expected ',' or '}' in object, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(parseValue(childPath(path, arr.length), depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail(`expected ',' or ']' in array, found ${describe(i)}`);
      }
    }
    if (c === '"') return parseString();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m) { i += m[0].length; return Number(m[0]); }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    return fail(`unexpected ${describe(i)}`);
  };

  const value = parseValue('$', 0);
  ws();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
  return { value, positions };
}
