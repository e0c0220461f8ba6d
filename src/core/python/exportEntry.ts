// How DeployLens gets the model a training script builds without running its training: an *export
// entry point* (docs/training-scripts.md#export-on-save). Either the user declares one — a
// `# deploylens: export` comment above a top-level function returning `(model, example_input)` —
// or one is derived from a recognised export call (`torch.onnx.export(model, args, ...)`,
// `tf.lite.TFLiteConverter.from_keras_model(model)`, Keras `model.export(...)`) when the model
// and example-input expressions can be evaluated from what the script defines: names the module
// defines at import time, plus the simple assignments before the call (in the `if __name__ ==
// "__main__":` block or the enclosing function) that they depend on, replayed in order. The script
// is then imported under a name that is not `__main__` (the driver, src/processes/pythonExport),
// so the `__main__` block — where training loops live — never runs. Anything else gets a plan of
// kind 'none' whose reason tells the user how to declare an entry point.
//
// Pure: source text in, a plan out (the same code serves notebook cells once they are one text).

import type { SyntaxNode, Tree } from '@lezer/common';
import { EXPORT_CALLS } from './constructTable';
import { qualifiedName, readImport, type ImportMap } from './imports';
import { parseScript } from './parseCache';
import { callArgs, LineIndex, type ScriptRange } from './syntax';

export type ExportFramework = 'torch' | 'keras';

/** A statement or expression of the script, with the 1-based line it starts on (so Python reports errors on the user's line). */
export interface SourceSnippet {
  line: number;
  /** 0-based character it starts at (the driver compiles it there, so columns match the user's file too). */
  column: number;
  text: string;
}

export type ExportPlan =
  | {
    kind: 'declared';
    framework: ExportFramework;
    /** The top-level function the comment names. */
    functionName: string;
    /** Where results without a better place (model-level findings) are shown: the function's name. */
    range: ScriptRange;
  }
  | {
    kind: 'setting';
    framework: ExportFramework;
    /** `module:function` from the `deploylens.export.entryPoint` setting. */
    module: string;
    functionName: string;
    range: ScriptRange;
  }
  | {
    kind: 'call';
    framework: ExportFramework;
    /** The export call (model-level findings go there). */
    range: ScriptRange;
    /** 1-based line of the call: a call the import itself reaches is captured there instead of writing its file. */
    callLine: number;
    /** Assignments to replay (in order) after the import, before evaluating `model` and `input`. */
    statements: SourceSnippet[];
    model: SourceSnippet;
    /** Null for Keras (the model knows its input). */
    input: SourceSnippet | null;
    /** `opset_version=` of the call when it is a literal. */
    opset: number | null;
  }
  | {
    kind: 'none';
    /** Why no entry point could be found or derived, and how to declare one (shown to the user). */
    reason: string;
    /** Where to show it (the export call or the misplaced comment); null: nowhere in particular. */
    range: ScriptRange | null;
  };

export const ENTRY_COMMENT = /^[ \t]*#[ \t]*deploylens:[ \t]*export\b/;

export const HOW_TO_DECLARE = 'Declare an export entry point: put `# deploylens: export` above a top-level function that builds the model and returns `(model, example_input)`, or set `deploylens.export.entryPoint` to `module:function`.';

/** Names Python provides without a definition. */
const BUILTINS = new Set([
  'abs', 'all', 'any', 'bool', 'bytes', 'callable', 'chr', 'dict', 'divmod', 'enumerate', 'filter', 'float', 'format', 'frozenset',
  'getattr', 'hasattr', 'hash', 'int', 'isinstance', 'issubclass', 'iter', 'len', 'list', 'map', 'max', 'min', 'next', 'object',
  'ord', 'pow', 'print', 'range', 'repr', 'reversed', 'round', 'set', 'setattr', 'slice', 'sorted', 'str', 'sum', 'super', 'tuple',
  'type', 'vars', 'zip', 'None', 'True', 'False', '__name__', '__file__', 'Ellipsis', 'NotImplemented',
]);

const COMPOUND = new Set(['IfStatement', 'WithStatement', 'TryStatement', 'ForStatement', 'WhileStatement', 'MatchStatement']);

function text(node: SyntaxNode, source: string): string {
  return source.slice(node.from, node.to);
}

/** `if __name__ == "__main__":` (either operand order, either quote). */
function isMainGuard(node: SyntaxNode, source: string): boolean {
  if (node.name !== 'IfStatement') return false;
  const test = node.firstChild?.nextSibling;
  return !!test && /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/.test(text(test, source).trim());
}

/** Names an assignment statement binds (`a = ...`, `a = b = ...`, `a, b = ...`), and whether it is a plain single-name binding. */
function assignedNames(stmt: SyntaxNode, source: string): { names: string[]; simple: boolean } {
  const names: string[] = [];
  let simple = true;
  let lastOp: SyntaxNode | null = null;
  for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === 'AssignOp') lastOp = c;
  if (!lastOp || text(lastOp, source) !== '=') {
    // `x += 1`, `x: int = 3` (TypeDef): treat as a binding we do not replay
    for (let c = stmt.firstChild; c && c.name !== 'AssignOp'; c = c.nextSibling) if (c.name === 'VariableName') names.push(text(c, source));
    return { names, simple: false };
  }
  let targets = 0;
  for (let c = stmt.firstChild; c && c.from < lastOp.from; c = c.nextSibling) {
    if (c.name === 'VariableName') {
      names.push(text(c, source));
      targets++;
    } else if (c.name === ',' || c.name === 'TupleExpression' || c.name === 'ArrayExpression') simple = false;
    else if (c.name === 'AssignOp') continue;
    else if (c.name !== 'AssignOp') simple = false; // self.x = ..., a[0] = ...
  }
  return { names, simple: simple && targets >= 1 };
}

/** The value expression of an assignment (what follows its last `=`). */
function assignedValue(stmt: SyntaxNode): SyntaxNode | null {
  let lastOp: SyntaxNode | null = null;
  for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === 'AssignOp') lastOp = c;
  return lastOp?.nextSibling ?? null;
}

/** Names an expression reads that it does not bind itself (lambda parameters, comprehension variables). */
export function freeNames(expr: SyntaxNode, source: string): Set<string> {
  const bound = new Set<string>();
  const used: { name: string; node: SyntaxNode }[] = [];
  expr.cursor().iterate((ref) => {
    const n = ref.node;
    if (ref.name === 'ParamList' && n.parent?.name === 'LambdaExpression') {
      for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName') bound.add(text(c, source));
      return false;
    }
    // comprehensions, and generator arguments (`f(x for x in xs)`, where `for` sits in the ArgList)
    if (ref.name === 'for') {
      for (let c = n.nextSibling; c && c.name !== 'in'; c = c.nextSibling) if (c.name === 'VariableName') bound.add(text(c, source));
      return undefined;
    }
    if (ref.name === 'VariableName') {
      const parent = n.parent;
      // keyword argument names: `Net(width=2)`
      if (parent?.name === 'ArgList' && n.nextSibling?.name === 'AssignOp') return undefined;
      used.push({ name: text(n, source), node: n });
    }
    return undefined;
  });
  return new Set(used.map((u) => u.name).filter((name) => !bound.has(name)));
}

interface Definition {
  /** The statement that defines it. */
  stmt: SyntaxNode;
  /** Only plain `name = value` statements can be replayed. */
  replayable: boolean;
  /** Runs when the module is imported (top level outside the `__main__` block). */
  atImport: boolean;
  how: string;
}

/** Every definition of each name reachable in one scope, in source order (nested function and class bodies excluded). */
function collectDefinitions(body: SyntaxNode, source: string, atImport: boolean, into: Map<string, Definition[]>, params?: Set<string>): void {
  const add = (name: string, d: Definition) => {
    const list = into.get(name) ?? [];
    list.push(d);
    into.set(name, list);
  };
  for (let stmt = body.firstChild; stmt; stmt = stmt.nextSibling) {
    switch (stmt.name) {
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const id = stmt.getChild('VariableName');
        if (id) add(text(id, source), { stmt, replayable: false, atImport, how: stmt.name === 'ClassDefinition' ? 'class' : 'def' });
        break;
      }
      case 'DecoratedStatement': {
        const inner = stmt.getChild('FunctionDefinition') ?? stmt.getChild('ClassDefinition');
        const id = inner?.getChild('VariableName');
        if (inner && id) add(text(id, source), { stmt, replayable: false, atImport, how: inner.name === 'ClassDefinition' ? 'class' : 'def' });
        break;
      }
      case 'ImportStatement': {
        const names: ImportMap = new Map();
        readImport(stmt, source, names);
        for (const name of names.keys()) add(name, { stmt, replayable: false, atImport, how: 'import' });
        if (/\bimport\s+\*/.test(text(stmt, source))) add('*', { stmt, replayable: false, atImport, how: 'import *' });
        break;
      }
      case 'AssignStatement': {
        const { names, simple } = assignedNames(stmt, source);
        for (const name of names) add(name, { stmt, replayable: simple, atImport, how: simple ? 'assignment' : 'unpacking or augmented assignment' });
        break;
      }
      default:
        if (COMPOUND.has(stmt.name)) {
          const guard = isMainGuard(stmt, source);
          // for-loop and with-as targets bind names we cannot replay
          if (stmt.name === 'ForStatement') {
            for (let c = stmt.firstChild; c && c.name !== 'in'; c = c.nextSibling) if (c.name === 'VariableName') add(text(c, source), { stmt, replayable: false, atImport, how: 'for loop variable' });
          }
          for (let c = stmt.firstChild; c; c = c.nextSibling) {
            if (c.name === 'Body') collectDefinitions(c, source, atImport && !guard, into, params);
            if (stmt.name === 'WithStatement' && c.name === 'VariableName' && c.prevSibling?.name === 'as') add(text(c, source), { stmt, replayable: false, atImport, how: '`with ... as` target' });
          }
        }
    }
  }
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return p;
  return null;
}

function paramNames(fn: SyntaxNode, source: string): Set<string> {
  const out = new Set<string>();
  const params = fn.getChild('ParamList');
  for (let c = params?.firstChild ?? null; c; c = c.nextSibling) if (c.name === 'VariableName' && c.prevSibling?.name !== 'AssignOp') out.add(text(c, source));
  return out;
}

class Unresolvable extends Error {}

/**
 * The replay list for the free names of `expr`, as seen from `at` (an offset) in the scope of the
 * export call: names the import defines need nothing; `name = value` statements before `at` in the
 * `__main__` block or the enclosing function are replayed (their own names resolved first).
 */
function resolve(expr: SyntaxNode, at: number, source: string, scopes: { module: Map<string, Definition[]>; local: Map<string, Definition[]> | null; params: Set<string> }, lines: LineIndex, out: SourceSnippet[], seen: Set<number>, depth = 0): void {
  if (depth > 32) throw new Unresolvable('the assignments it depends on are nested too deeply to replay');
  for (const name of freeNames(expr, source)) {
    // As Python would see it at `at`: the latest definition before it in the function (or the
    // module, `__main__` block included), else whatever the import defines.
    const latest = (defs: Definition[] | undefined) => (defs ?? []).filter((d) => d.stmt.from < at).at(-1);
    const d = (scopes.local ? latest(scopes.local.get(name)) : undefined)
      ?? (scopes.local ? undefined : latest(scopes.module.get(name)))
      ?? (scopes.module.get(name) ?? []).filter((x) => x.atImport).at(-1);
    if (!d) {
      if (scopes.params.has(name)) throw new Unresolvable(`\`${name}\` is a parameter of the function that exports, so its value is only known when the script runs`);
      if (BUILTINS.has(name) || scopes.module.has('*')) continue;
      throw new Unresolvable(`\`${name}\` is not defined by a plain assignment before the export call`);
    }
    if (d.atImport) continue; // the import defines it
    if (!d.replayable) throw new Unresolvable(`\`${name}\` is bound by a ${d.how} (line ${lines.position(d.stmt.from).line + 1}), which DeployLens does not replay`);
    const value = assignedValue(d.stmt);
    if (!value) throw new Unresolvable(`\`${name}\` has no value`);
    const valueText = text(value, source);
    if (/\.parse_args\s*\(|\.parse_known_args\s*\(/.test(valueText)) throw new Unresolvable(`\`${name}\` comes from the command line (\`${valueText.trim()}\`)`);
    if (seen.has(d.stmt.from)) continue;
    seen.add(d.stmt.from);
    resolve(value, d.stmt.from, source, scopes, lines, out, seen, depth + 1);
    // Continuation lines sit inside brackets, where indentation does not matter: the text replays as it is.
    const pos = lines.position(d.stmt.from);
    out.push({ line: pos.line + 1, column: pos.character, text: text(d.stmt, source) });
  }
}

function frameworkOf(imports: ImportMap): ExportFramework | null {
  const values = [...imports.values()];
  if (values.some((v) => v === 'torch' || v.startsWith('torch.') || v.startsWith('torchvision'))) return 'torch';
  if (values.some((v) => /^(tensorflow|keras|tf_keras)(\.|$)/.test(v))) return 'keras';
  return null;
}

interface FoundCall { call: SyntaxNode; kind: 'torch.onnx.export' | 'torch.export' | 'tflite.convert' | 'keras.export'; model: SyntaxNode | null; input: SyntaxNode | null; opset: number | null }

function findExportCalls(tree: Tree, source: string, imports: ImportMap, framework: ExportFramework | null): FoundCall[] {
  const found: FoundCall[] = [];
  tree.cursor().iterate((ref) => {
    if (ref.name !== 'CallExpression') return undefined;
    const node = ref.node;
    const callee = node.firstChild;
    if (!callee) return undefined;
    const args = callArgs(node.getChild('ArgList'), source);
    const positional = args.filter((a) => a.name === null);
    const named = (n: string) => args.find((a) => a.name === n)?.value ?? null;
    const q = qualifiedName(callee, source, imports);
    const kind = q === null ? undefined : EXPORT_CALLS.get(q);
    if (kind === 'torch.onnx.export' || kind === 'torch.export') {
      const opsetNode = named('opset_version') ?? (kind === 'torch.onnx.export' ? positional[7]?.value ?? null : null);
      const opset = opsetNode && opsetNode.name === 'Number' ? Number(text(opsetNode, source)) : null;
      found.push({ call: node, kind, model: named('model') ?? positional[0]?.value ?? null, input: named('args') ?? positional[1]?.value ?? null, opset });
    } else if (q === 'tf.lite.TFLiteConverter.from_keras_model') {
      found.push({ call: node, kind: 'tflite.convert', model: named('model') ?? positional[0]?.value ?? null, input: null, opset: null });
    } else if (framework === 'keras' && callee.name === 'MemberExpression' && callee.lastChild && text(callee.lastChild, source) === 'export' && callee.firstChild?.name === 'VariableName') {
      // Keras 3's `model.export("dir")` (a SavedModel for TFLite conversion)
      found.push({ call: node, kind: 'keras.export', model: callee.firstChild, input: null, opset: null });
    }
    return undefined;
  });
  return found;
}

/** The declared entry point (`# deploylens: export` above a top-level def), a misplaced comment, or null. */
function declaredEntry(tree: Tree, source: string, lines: LineIndex): { name: string; range: ScriptRange } | { error: string; range: ScriptRange } | null {
  const commentLines = source.split('\n').flatMap((l, i) => (ENTRY_COMMENT.test(l) ? [i] : []));
  if (commentLines.length === 0) return null;
  const first = commentLines[0]!;
  const lineText = source.split('\n')[first]!;
  const commentRange: ScriptRange = { start: { line: first, character: lineText.search(/#/) }, end: { line: first, character: lineText.length } };
  const top = tree.topNode;
  for (let stmt = top.firstChild; stmt; stmt = stmt.nextSibling) {
    const fn = stmt.name === 'DecoratedStatement' ? stmt.getChild('FunctionDefinition') : stmt.name === 'FunctionDefinition' ? stmt : null;
    if (!fn) continue;
    const defLine = lines.position(stmt.from).line;
    // the comment directly above the def or its decorators (blank lines and other comments between are fine)
    if (defLine <= first) continue;
    const between = source.split('\n').slice(first + 1, defLine);
    if (!between.every((l) => !l.trim() || l.trim().startsWith('#'))) break;
    const id = fn.getChild('VariableName');
    if (!id) break;
    return { name: text(id, source), range: lines.range(id.from, id.to) };
  }
  return { error: '`# deploylens: export` must sit directly above a top-level `def` (a function that returns `(model, example_input)`).', range: commentRange };
}

export interface EntryOptions {
  /** `module:function` from the `deploylens.export.entryPoint` setting, when it names this script's module. */
  settingEntry?: { module: string; functionName: string } | null;
}

export function findExportPlan(source: string, file: string, options: EntryOptions = {}): ExportPlan {
  const tree = parseScript(source, file);
  const lines = new LineIndex(source);
  const imports: ImportMap = new Map();
  tree.cursor().iterate((n) => {
    if (n.name === 'ImportStatement') {
      readImport(n.node, source, imports);
      return false;
    }
    return undefined;
  });
  const framework = frameworkOf(imports);
  const fileStart: ScriptRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

  if (options.settingEntry) {
    return { kind: 'setting', framework: framework ?? 'torch', module: options.settingEntry.module, functionName: options.settingEntry.functionName, range: fileStart };
  }
  const declared = declaredEntry(tree, source, lines);
  if (declared && 'error' in declared) return { kind: 'none', reason: declared.error, range: declared.range };
  if (declared) return { kind: 'declared', framework: framework ?? 'torch', functionName: declared.name, range: declared.range };

  const calls = findExportCalls(tree, source, imports, framework);
  if (calls.length === 0) {
    return { kind: 'none', reason: `No export call (\`torch.onnx.export(model, example_input, ...)\`, \`tf.lite.TFLiteConverter.from_keras_model(model)\`) was found. ${HOW_TO_DECLARE}`, range: null };
  }
  const reasons: string[] = [];
  for (const c of calls) {
    const range = lines.range(c.call.from, c.call.to);
    const fw: ExportFramework = c.kind === 'tflite.convert' || c.kind === 'keras.export' ? 'keras' : 'torch';
    try {
      if (!c.model) throw new Unresolvable('the call has no model argument');
      if (fw === 'torch' && !c.input) throw new Unresolvable('the call has no example-input argument');
      const module = new Map<string, Definition[]>();
      collectDefinitions(tree.topNode, source, true, module);
      const fn = enclosingFunction(c.call);
      let local: Map<string, Definition[]> | null = null;
      let params = new Set<string>();
      if (fn) {
        local = new Map();
        params = paramNames(fn, source);
        const body = fn.getChild('Body');
        if (body) collectDefinitions(body, source, false, local);
        if (enclosingFunction(fn)) throw new Unresolvable('the export call is inside a nested function');
      }
      const statements: SourceSnippet[] = [];
      const seen = new Set<number>();
      const scopes = { module, local, params };
      resolve(c.model, c.call.from, source, scopes, lines, statements, seen);
      if (c.input) resolve(c.input, c.call.from, source, scopes, lines, statements, seen);
      statements.sort((a, b) => a.line - b.line);
      const snippet = (n: SyntaxNode): SourceSnippet => {
        const at = lines.position(n.from);
        return { line: at.line + 1, column: at.character, text: text(n, source) };
      };
      return {
        kind: 'call', framework: fw, range, callLine: lines.position(c.call.from).line + 1, statements,
        model: snippet(c.model), input: c.input ? snippet(c.input) : null, opset: c.opset,
      };
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
      reasons.push(`the export call on line ${range.start.line + 1} cannot be evaluated without running the script: ${e.message}`);
    }
  }
  const first = calls[0]!;
  return { kind: 'none', reason: `${reasons.join('; ')}. ${HOW_TO_DECLARE}`.replace(/^t/, 'T'), range: lines.range(first.call.from, first.call.to) };
}
