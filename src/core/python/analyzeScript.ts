// Training-script analysis: parses a Python file with @lezer/python (incremental, error-tolerant:
// a syntax error never stops the rest of the file from being analyzed), recognizes the PyTorch and
// Keras/TensorFlow constructs that build the model (resolving import aliases), maps each through
// constructTable to the operators it exports to, and judges those on the target with the same
// engine that judges exported models. docs/training-scripts.md describes the whole path.

import type { SyntaxNode } from '@lezer/common';
import type { TargetProfile } from '../targets/profile';
import { CONSTRUCTS, DEFAULT_OPSET, EXPORT_CALLS, isTensorMethod, kerasActivation, type Args, type ConstructEntry } from './constructTable';
import { readImport, qualifiedName, type ImportMap } from './imports';
import { judgeOps, tfliteOpsOf, type OpVerdict } from './judge';
import { parseScript } from './parseCache';
import { fixCandidates, type FixSite, type ScriptFix } from './scriptFixes';
import { callArgs, LineIndex, literalValue, stringValue, type ScriptRange } from './syntax';
import type { FindingCode } from '../findings/catalog';

export type { ScriptPosition, ScriptRange } from './syntax';
export type { ScriptFix, ScriptEdit } from './scriptFixes';

export interface Construct {
  /** Canonical name: 'torch.nn.GELU', 'tf.keras.layers.Conv2D', 'torch.nn.functional.interpolate'. */
  name: string;
  framework: 'pytorch' | 'keras';
  /** The call expression (or the class reference / activation string). */
  range: ScriptRange;
  /** Literal arguments by parameter name; computed values are null. */
  args: Record<string, string | number | boolean | null>;
  /** Operators it exports to: ONNX (at the analysis' opset) and the TFLite builtins a converter produces. */
  ops: { onnx: string[]; tflite: string[] };
  /** The assignment target when the call's value is assigned ('self.features', 'self.act'). */
  assignedTo?: string;
  /** How it appears: called, passed as a class/function (`activation_layer=nn.SiLU`), or a Keras activation string. */
  form?: 'call' | 'reference' | 'string';
}

export interface ScriptDiagnostic {
  severity: 'error' | 'warning' | 'info';
  /** 'script/unsupported-op' | 'script/constraint' | 'script/fallback' | 'script/parse-error'. */
  code: Extract<FindingCode, `script/${string}`>;
  message: string;
  range: ScriptRange;
  /** Index into `constructs`. */
  construct?: number;
  /** Target id. */
  target: string;
  fixes: ScriptFix[];
}

export interface ExportCall {
  kind: 'torch.onnx.export' | 'torch.export' | 'tflite.convert';
  range: ScriptRange;
  /** Literal output path argument, relative to the script; null when computed or absent. */
  outputPath: string | null;
}

export interface ModuleAssignment {
  /** 'features' for `self.features = ...`. */
  attribute: string;
  range: ScriptRange;
}

export interface ScriptAnalysis {
  file: string;
  constructs: Construct[];
  diagnostics: ScriptDiagnostic[];
  exports: ExportCall[];
  modules: ModuleAssignment[];
  millis: number;
}

export interface AnalyzeScriptOptions {
  file: string;
  target: TargetProfile;
  /** ONNX opset the export uses (default 17, torch.onnx.export's default). */
  opset?: number;
}

/** Parse errors beyond this many are summarized by the last one: a half-typed file should not flood the editor. */
const MAX_PARSE_ERRORS = 10;

interface Found { construct: Construct; site: FixSite; entry: ConstructEntry }

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

const opsMemo = new Map<string, Construct['ops']>();

/** The ops a construct exports: the same few (name, args) pairs recur all over a file, so they are memoized. */
function opsOf(name: string, entry: ConstructEntry, args: Args, opset: number): Construct['ops'] {
  const key = `${name}|${opset}|${JSON.stringify(args)}`;
  let ops = opsMemo.get(key);
  if (!ops) {
    const specs = entry.onnx(args, opset);
    const tflite = entry.tflite ? entry.tflite(args) : tfliteOpsOf(specs, opset).filter((x): x is string => x !== null);
    ops = { onnx: unique(specs.map((s) => s.op)), tflite: unique(tflite) };
    if (opsMemo.size > 5000) opsMemo.clear();
    opsMemo.set(key, ops);
  }
  // Callers own their construct: hand out copies.
  return { onnx: [...ops.onnx], tflite: [...ops.tflite] };
}

/** Reads a call's arguments by parameter name (positionals through the entry's signature). */
function readArgs(argList: SyntaxNode | null, source: string, params: string[] | undefined): { args: Args; nodes: Map<string, SyntaxNode> } {
  const args: Args = {};
  const nodes = new Map<string, SyntaxNode>();
  callArgs(argList, source).forEach((a, i) => {
    const name = a.name ?? params?.[i] ?? `arg${i}`;
    args[name] = literalValue(a.value, source);
    nodes.set(name, a.value);
  });
  return { args, nodes };
}

function enclosingCallee(node: SyntaxNode, source: string): string | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'CallExpression') return p.firstChild ? source.slice(p.firstChild.from, p.firstChild.to) : null;
    if (p.name.endsWith('Statement') || p.name === 'Body') return null;
  }
  return null;
}

/** forward(), torchvision's _forward_impl(), Keras call(): where tensor methods build the graph. */
function isForward(name: string): boolean {
  return name.includes('forward') || name === 'call' || name === '__call__';
}

/** A name used as a value (not defined, imported, a keyword argument's name or an assignment target). */
function isValueUse(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (['ImportStatement', 'ParamList', 'FunctionDefinition', 'ClassDefinition'].includes(parent.name)) return false;
  return node.nextSibling?.name !== 'AssignOp';
}

export function analyzeScript(source: string, options: AnalyzeScriptOptions): ScriptAnalysis {
  const started = performance.now();
  const { target } = options;
  const opset = options.opset ?? DEFAULT_OPSET;
  // Incremental: the previous tree of the same file is reused outside the edited span.
  const tree = parseScript(source, options.file);
  const lines = new LineIndex(source);
  const imports: ImportMap = new Map();
  const found: Found[] = [];
  const exports: ExportCall[] = [];
  const exportOffsets: number[] = [];
  const tfliteLiterals: { offset: number; value: string }[] = [];
  const modules: ModuleAssignment[] = [];
  const seenModules = new Set<string>();
  const errors: { from: number; to: number }[] = [];

  // Pass 1: imports, wherever they are (inside try/except, functions).
  tree.cursor().iterate((n) => {
    if (n.name === 'ImportStatement') {
      readImport(n.node, source, imports);
      return false;
    }
    return undefined;
  });

  const add = (name: string, entry: ConstructEntry, node: SyntaxNode, kind: FixSite['kind'], callee: SyntaxNode | null, argList: SyntaxNode | null, preset?: Args) => {
    const { args, nodes } = kind === 'call' ? readArgs(argList, source, entry.params) : { args: preset ?? {}, nodes: new Map<string, SyntaxNode>() };
    const construct: Construct = { name, framework: entry.framework, range: lines.range(node.from, node.to), args, ops: opsOf(name, entry, args, opset), form: kind };
    const assign = node.parent;
    if (kind === 'call' && assign?.name === 'AssignStatement' && assign.firstChild && assign.firstChild.to <= node.from) construct.assignedTo = source.slice(assign.firstChild.from, assign.firstChild.to);
    found.push({ construct, entry, site: { name, args, source, lines, imports, node, callee, argList, argNodes: nodes, kind } });
  };

  const addActivation = (valueNode: SyntaxNode) => {
    const value = stringValue(valueNode, source);
    const name = value === null ? null : kerasActivation(value);
    const entry = name ? CONSTRUCTS.get(name) : undefined;
    if (name && entry) add(name, entry, valueNode, 'string', null, null, {});
  };

  const functions: string[] = [];
  tree.cursor().iterate(
    (ref) => {
      const name = ref.name;
      if (ref.type.isError) {
        errors.push({ from: ref.from, to: ref.to });
        return undefined;
      }
      if (name === 'ImportStatement') return false;
      if (name === 'FunctionDefinition') {
        const id = ref.node.getChild('VariableName');
        functions.push(id ? source.slice(id.from, id.to) : '');
        return undefined;
      }
      if (name === 'String') {
        const v = stringValue(ref.node, source);
        if (v !== null && /\.tflite$/i.test(v)) tfliteLiterals.push({ offset: ref.from, value: v });
        return undefined;
      }
      if (name === 'AssignStatement') {
        const t = ref.node.firstChild;
        if (t?.name === 'MemberExpression' && functions.length > 0 && t.firstChild && source.slice(t.firstChild.from, t.firstChild.to) === 'self' && t.lastChild?.name === 'PropertyName') {
          const attribute = source.slice(t.lastChild.from, t.lastChild.to);
          if (!seenModules.has(attribute) && ref.node.getChild('CallExpression')) {
            seenModules.add(attribute);
            modules.push({ attribute, range: lines.range(ref.from, ref.to) });
          }
        }
        return undefined;
      }
      if (name === 'CallExpression') {
        const node = ref.node;
        const callee = node.firstChild;
        const argList = node.getChild('ArgList');
        if (!callee) return undefined;
        const q = qualifiedName(callee, source, imports);
        if (q !== null) {
          const kind = EXPORT_CALLS.get(q);
          if (kind) {
            exports.push({ kind, range: lines.range(node.from, node.to), outputPath: null });
            exportOffsets.push(node.from);
            if (kind === 'torch.onnx.export') {
              const args = callArgs(argList, source);
              const f = args.find((a) => a.name === 'f') ?? args.filter((a) => a.name === null)[2];
              exports[exports.length - 1]!.outputPath = f ? stringValue(f.value, source) : null;
            }
          }
          const entry = CONSTRUCTS.get(q);
          if (entry) add(q, entry, node, 'call', callee, argList);
          if (q.startsWith('tf.keras.layers.')) {
            for (const a of callArgs(argList, source)) {
              if (a.name === 'activation' || (q === 'tf.keras.layers.Activation' && a.name === null)) addActivation(a.value);
            }
          }
        } else if (callee.name === 'MemberExpression' && functions.some(isForward)) {
          const prop = callee.lastChild;
          const object = callee.firstChild;
          const method = prop?.name === 'PropertyName' ? source.slice(prop.from, prop.to) : '';
          if (object && isTensorMethod(method) && qualifiedName(object, source, imports) === null) {
            const cname = `torch.Tensor.${method}`;
            add(cname, CONSTRUCTS.get(cname)!, node, 'call', callee, argList);
          }
        }
        return undefined;
      }
      if (name === 'MemberExpression' || name === 'VariableName') {
        const node = ref.node;
        const parent = node.parent;
        // Callees are handled with their call; the object of a longer member chain with the chain.
        // (Keep descending: a callee like `x.view(1, -1).softmax` holds calls of its own.)
        if (!parent || (parent.name === 'CallExpression' && parent.firstChild?.from === node.from && parent.firstChild.to === node.to)) return undefined;
        if (parent.name === 'MemberExpression' && parent.firstChild?.from === node.from) return undefined;
        if (name === 'VariableName' && !isValueUse(node)) return undefined;
        const q = qualifiedName(node, source, imports);
        const entry = q === null ? undefined : CONSTRUCTS.get(q);
        // `isinstance(m, nn.Conv2d)` inspects a model; it does not build one.
        if (q !== null && entry && !/^(isinstance|issubclass|type)$/.test(enclosingCallee(node, source) ?? '')) add(q, entry, node, 'reference', null, null, {});
        return name === 'MemberExpression' ? false : undefined;
      }
      return undefined;
    },
    (ref) => {
      if (ref.name === 'FunctionDefinition') functions.pop();
    },
  );

  // The .tflite file a conversion writes: the first .tflite literal after the convert call.
  exports.forEach((e, i) => {
    if (e.kind === 'tflite.convert') e.outputPath = tfliteLiterals.find((l) => l.offset > exportOffsets[i]!)?.value ?? null;
  });

  const constructs = found.map((f) => f.construct);
  const diagnostics: ScriptDiagnostic[] = [];
  found.forEach((f, i) => {
    const d = judgeConstruct(f, i, target, opset);
    if (d) diagnostics.push(d);
  });
  for (const d of parseErrors(errors, source, lines, target)) diagnostics.push(d);
  return { file: options.file, constructs, diagnostics, exports, modules, millis: performance.now() - started };
}

function verdictsFor(name: string, args: Args, target: TargetProfile, opset: number): OpVerdict[] {
  const entry = CONSTRUCTS.get(name);
  if (!entry) return [];
  return judgeOps(entry.onnx(args, opset), entry.tflite ? entry.tflite(args) : null, target, opset);
}

const failing = (v: OpVerdict) => v.status === 'unsupported' || v.status === 'constraint-violated';

function judgeConstruct(f: Found, index: number, target: TargetProfile, opset: number): ScriptDiagnostic | null {
  const { construct, site } = f;
  const verdicts = verdictsFor(construct.name, construct.args, target, opset);
  const bad = verdicts.filter(failing);
  if (bad.length === 0) return null;
  const unsupported = bad.some((v) => v.status === 'unsupported');
  const mode = target.partitioning.mode;
  const fallback = target.partitioning.fallback ?? 'the CPU';
  const severity = mode === 'none' ? 'error' : 'warning';
  let code: ScriptDiagnostic['code'];
  let what: string;
  if (mode === 'none') {
    code = unsupported ? 'script/unsupported-op' : 'script/constraint';
    what = unsupported ? 'has no kernel, so the exported model cannot run' : 'violates a kernel constraint, so the exported model cannot run';
  } else {
    code = unsupported ? 'script/fallback' : 'script/constraint';
    what = mode === 'single-segment'
      ? `ends the accelerated segment: it and everything after it run on ${fallback}`
      : `falls back to ${fallback} and splits the delegated graph`;
  }
  const onTflite = !target.formats.includes('onnx');
  const opsText = onTflite ? (construct.ops.tflite.length ? construct.ops.tflite.join(' + ') : 'no TFLite builtin') : `${construct.ops.onnx.join(' + ')} (ONNX opset ${opset})`;
  const shown = site.source.slice(site.node.from, site.node.to);
  const label = site.kind === 'string' ? `activation ${shown}` : shown.length <= 48 && !shown.includes('\n') ? shown : construct.name;
  const why = unique(bad.flatMap((v) => v.reasons.map((r) => r.message))).join('; ');
  const message = `${label} exports to ${opsText}; on ${target.name}, it ${what} — ${why.replace(/\.$/, '')}.`;
  const fixes = fixCandidates(site)
    .filter((c) => !verdictsFor(c.alternative.name, c.alternative.args, target, opset).some(failing))
    .map(({ title, description, edits }) => ({ title, description, edits }));
  return { severity, code, message, range: construct.range, construct: index, target: target.id, fixes };
}

function parseErrors(errors: { from: number; to: number }[], source: string, lines: LineIndex, target: TargetProfile): ScriptDiagnostic[] {
  const out: ScriptDiagnostic[] = [];
  let lastLine = -1;
  for (const e of errors) {
    const start = lines.position(e.from);
    if (start.line === lastLine) continue;
    lastLine = start.line;
    // An empty error node marks a missing token: underline to the end of its line.
    const lineEnd = source.indexOf('\n', e.from);
    const to = e.to > e.from ? e.to : lineEnd < 0 ? source.length : lineEnd;
    out.push({
      severity: 'warning', code: 'script/parse-error', target: target.id, fixes: [],
      message: 'Syntax error: DeployLens skipped this part of the statement; the rest of the file is still analyzed.',
      range: lines.range(e.from, Math.max(to, e.from)),
    });
    if (out.length >= MAX_PARSE_ERRORS) break;
  }
  return out;
}
