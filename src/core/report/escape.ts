// Text from a model, a script or a profile reaches terminals, CI logs, pull-request comments and
// editor hovers. None of them may interpret it: an ESC sequence in a node name retitles the
// terminal or erases the line, a CR rewrites a "verdict" line, a newline starts a Markdown heading,
// `<img onerror>` runs in a PR comment. So every rendering escapes what its medium interprets:
// - terminals and logs (`terminalSafe`): C0/C1 control characters, DEL and the Unicode controls
//   that reorder or hide text are written as visible `\xNN` / `\u{NNNN}` escapes;
// - Markdown (`markdownText`, `markdownCode`): the same, plus HTML's `& < > "` as entities and
//   every character Markdown gives a meaning, backslash-escaped (or a code span fenced past any
//   backticks inside).
// JSON and SARIF need nothing here: JSON.stringify escapes control characters itself.

import { MAX_PRINTED_STRING } from '../limits';

// C0 controls, DEL, C1 controls; bidi embeddings/overrides/isolates; line/paragraph separators; BOM.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escapeControl(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Long strings are cut (a 50 MB node name is not printed whole). */
function bounded(s: string): string {
  return s.length > MAX_PRINTED_STRING ? `${s.slice(0, MAX_PRINTED_STRING)}… (${(s.length - MAX_PRINTED_STRING).toLocaleString('en-US')} more characters)` : s;
}

// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Text for a terminal or a log: control characters become visible escapes, long strings are cut. */
export function terminalSafe(s: string): string {
  const b = bounded(s);
  return HAS_CONTROL.test(b) ? b.replace(CONTROL, escapeControl) : b;
}

/** Like terminalSafe but keeps line breaks: for multi-line messages written to stderr. */
export function terminalSafeLines(s: string): string {
  return s.split('\n').map((line) => line.replace(CONTROL, escapeControl)).join('\n');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Plain text inside Markdown (paragraphs, list items, table cells): nothing in it is markup. HTML's
 * `& < > "` become entities (no tags, no autolinks); the inline syntax characters are backslash-
 * escaped: emphasis `* _ ~`, code `` ` ``, tables `|`, link and image targets `(` (a link needs
 * `](`), headings `#`, VS Code theme icons `$`, and the backslash itself. A leading list or
 * setext marker is escaped too. Brackets and dots stay readable (`[1, 12]`, `train.py`).
 */
export function markdownText(s: string): string {
  const t = terminalSafe(s)
    .replace(/[&<>"]/g, (c) => HTML[c]!)
    .replace(/[\\`*_~|(#$]/g, (c) => `\\${c}`);
  return /^([-+=]|\d+[.)])/.test(t) ? `\\${t}` : t;
}

/**
 * A code span (`name`) for identifiers: fenced with more backticks than any run inside, padded so a
 * leading or trailing backtick stays content, pipes escaped for tables. Inside a code span HTML and
 * Markdown are not interpreted; control characters and line breaks are escaped before.
 */
export function markdownCode(s: string): string {
  const text = terminalSafe(s);
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * A deep copy of plain data (a report) with every string passed through `f`: renderers then
 * interpolate any field without escaping at each site. Arrays and records only; no cycles.
 */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  // Iterative: a report can hold hundreds of thousands of entries.
  const root: { v: unknown } = { v: value };
  const stack: [Record<string, unknown> | unknown[], string | number][] = [[root as Record<string, unknown>, 'v']];
  while (stack.length > 0) {
    const [holder, key] = stack.pop()!;
    const v = (holder as Record<string | number, unknown>)[key];
    if (typeof v === 'string') (holder as Record<string | number, unknown>)[key] = f(v);
    else if (Array.isArray(v)) {
      const copy = v.slice();
      (holder as Record<string | number, unknown>)[key] = copy;
      for (let i = 0; i < copy.length; i++) stack.push([copy, i]);
    } else if (v !== null && typeof v === 'object') {
      const copy = Object.create(Object.getPrototypeOf(v) === null ? null : Object.prototype) as Record<string, unknown>;
      for (const k of Object.keys(v)) {
        copy[f(k)] = (v as Record<string, unknown>)[k];
        stack.push([copy, f(k)]);
      }
      (holder as Record<string | number, unknown>)[key] = copy;
    }
  }
  return root.v as T;
}
