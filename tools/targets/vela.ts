// Arm Vela 3.10: the TFLite ops it can place on the Ethos-U NPU and their constraints, read from
// the SUPPORTED_OPS.md Vela generates from its own constraint docstrings, with the numeric ranges
// from tflite_supported_operators.py's class attributes. Each docstring maps to a DeployLens
// constraint through DOCSTRINGS below (the judgement part, one line each); a docstring with no
// mapping is kept in the op's note as "not checked by DeployLens". The docstring stays the
// constraint's user message (`messages`), as Vela prints it.

import type { DType } from '../../src/core/ir/dtype';
import type { KernelLimits, OperatorConstraints, OperatorRule } from '../../src/core/targets/profile';
import type { Upstream } from './upstream';

const DIR = 'ethos-u-vela';
const MD = 'SUPPORTED_OPS.md';
const SUPPORTED = 'ethosu/vela/tflite_supported_operators.py';
const SEMANTIC = 'ethosu/vela/tflite_model_semantic.py';

const VELA_DTYPES: Record<string, DType> = { int8: 'int8', uint8: 'uint8', int16: 'int16', int32: 'int32', int64: 'int64' };

interface Ranges { [name: string]: number[] }

/** Class attributes like `stride_range = (1, 3)` or `dilated_product_range = (1, 64 * 64)`. */
function classRanges(up: Upstream): Ranges {
  const out: Ranges = {};
  for (const l of up.lines(DIR, SUPPORTED)) {
    const m = /^ {4}(\w+) = \(?([0-9*() ,]+)\)?\s*$/.exec(l);
    if (!m) continue;
    const values = m[2]!.split(',').map((e) => e.trim()).filter(Boolean).map(evalProduct);
    if (values.every((v) => Number.isFinite(v))) out[m[1]!] = values;
  }
  return out;
}

/** `64 * 64`, `2 ** (24)`, `127 * 65536`: products and powers of integers only. */
function evalProduct(expr: string): number {
  const e = expr.replace(/[()]/g, '').trim();
  if (/^\d+ \*\* \d+$/.test(e)) { const [a, b] = e.split('**').map(Number); return a! ** b!; }
  if (/^\d+( \* \d+)*$/.test(e)) return e.split('*').map(Number).reduce((a, b) => a * b, 1);
  return NaN;
}

interface Docstring { text: string; exceptions: string[]; line: number }

/** Sections of SUPPORTED_OPS.md: '### TFLite Generic Constraints' and '### TFLite <OP> Constraints', bullet by bullet. */
function sections(up: Upstream): Map<string, Docstring[]> {
  const lines = up.lines(DIR, MD);
  const out = new Map<string, Docstring[]>();
  let current: string | null = null;
  lines.forEach((l, i) => {
    const h = /^### TFLite (.+) Constraints$/.exec(l);
    if (h) { current = h[1] === 'Generic' ? 'GENERIC' : h[1]!; out.set(current, []); return; }
    if (!current) return;
    const b = /^- (.*?)(?: - \[([A-Z0-9_, ]+)\])?\s*$/.exec(l);
    if (b) out.get(current)!.push({ text: b[1]!.trim(), exceptions: b[2] ? b[2].split(',').map((s) => s.trim()) : [], line: i + 1 });
    else if (/^ {8,}\S/.test(l) && out.get(current)!.length) {
      const last = out.get(current)!.at(-1)!;
      last.text += ` ${l.trim()}`;
    }
  });
  return out;
}

/** Where a docstring is defined in Vela's Python: its first words, searched in both constraint modules. */
function docstringCite(up: Upstream, text: string): string | null {
  const head = text.replace(/\s+/g, ' ').slice(0, 40).replace(/[[\]{}().*+?^$|\\]/g, (c) => `\\${c}`);
  const firstWords = head.replace(/\\\[\d.*$/, '').replace(/\d+/g, '\\S+');
  for (const file of [SUPPORTED, SEMANTIC]) {
    const i = up.lines(DIR, file).findIndex((l) => new RegExp(`^\\s*(r?"""|")${firstWords}`).test(l.trim()) || new RegExp(`"""?${firstWords}`).test(l));
    if (i >= 0) return up.cite(DIR, file, i + 1);
  }
  return null;
}

type Mapper = (ranges: Ranges, d: Docstring) => OperatorConstraints | null;

const dtypesOf = (text: string): DType[] => [...text.matchAll(/\b(u?int(?:8|16|32|64))\b/g)].map((m) => VELA_DTYPES[m[1]!]!).filter(Boolean);

/**
 * Vela docstring → DeployLens constraint. Order matters only for readability. A docstring missing
 * here is reported in the op's note, never silently dropped.
 */
const DOCSTRINGS: [RegExp, Mapper][] = [
  [/^IFM and OFM data types must match$/, () => ({ ioTypesMatch: true })],
  [/^Stride values for both width and height must be in the range \[/, (r) => ({ strides: { min: r.stride_range![0]!, max: r.stride_range![1]! } })],
  [/^Stride values for both width and height must be between (\d+) and (\d+)$/, (_r, d) => {
    const m = /between (\d+) and (\d+)/.exec(d.text)!;
    return { strides: { min: Number(m[1]), max: Number(m[2]) } };
  }],
  // Stride w > 3 is accepted when Vela can rewrite it (constraint_stride_width_no_upper_limit); DeployLens keeps 1..3 and says so in the note.
  [/^Strides must fulfil the following criteria:/, (r) => ({ strides: { min: r.stride_range![0]!, max: r.stride_range![1]! } })],
  [/^Dilated kernel height must be in the range/, (r) => ({ kernel: { maxHeight: r.dilated_height_range![1]!, dilated: true } })],
  [/^Product of dilated kernel width and height must be in the range/, (r) => ({ kernel: { maxArea: r.dilated_product_range![1]!, dilated: true } })],
  // constraint_filter_range applies only with SAME padding (tflite_supported_operators.py, `if op.attrs["padding"] == Padding.SAME`).
  [/^Kernel filter values for both width and height must be in the range/, (r) => ({ kernel: { min: r.filter_range![0]!, max: r.filter_range![1]!, padding: ['same'] } })],
  [/^VALID padding: Kernel filter height must be in the range/, (r) => ({ kernel: { maxHeight: r.filter_height_range![1]!, padding: ['valid'] } })],
  [/^VALID padding: Product of kernel filter width and height/, (r) => ({ kernel: { maxArea: r.filter_product_range![1]!, padding: ['valid'] } })],
  [/^Kernel filter height must be in the range/, (r) => ({ kernel: { maxHeight: r.filter_height_range![1]! } })],
  [/^Product of kernel filter width and height must be in the range/, (r) => ({ kernel: { maxArea: r.filter_product_range![1]! } })],
  [/^Weight tensor must be 8-bit$/, () => ({ weightDtypes: ['int8', 'uint8', 'int32', 'int64'] })],
  [/^Weight tensor must be constant$/, () => ({ constantInputs: [1] })],
  [/^All Strides values must be 1$/, () => ({ constantValues: { 3: { allowed: [1] } } })],
  [/^Begin, End and Stride Input tensors must be constant$/, () => ({ constantInputs: [1, 2, 3] })],
  [/^Begin and Size Input tensors must be constant$/, () => ({ constantInputs: [1, 2] })],
  [/^The padding tensor must be constant$/, () => ({ constantInputs: [1] })],
  [/^Shape must be constant$/, () => ({ constantInputs: [1] })],
  [/^Permutation array must have constant values/, () => ({ constantInputs: [1] })],
  [/^Stride values for width and height must match one of the following criteria:/, () => ({ strides: { allowed: [1, 2] } })],
  [/^IFM must be int8 or int16$/, () => ({ dtypes: ['int8', 'int16'] })],
  [/^IFM must be int8 or uint8$/, () => ({ dtypes: ['int8', 'uint8'] })],
  [/^IFM must be int8$/, () => ({ dtypes: ['int8'] })],
  [/^Input tensor must be at least 2D$/, () => ({ inputRank: { 0: { min: 2 } } })],
  // constraint_transpose: the listed permutations per rank (its extra conditions on unit dims are not checked).
  [/^The following shape\/permutations are supported for transpose:/, () => ({ permutations: [[1, 0], [0, 1], [1, 0, 2], [0, 2, 1], [2, 1, 0], [0, 2, 1, 3], [0, 1, 3, 2], [0, 3, 2, 1]] })],
];

/** Ops whose input 1 is an IFM2 or weights in Vela's get_ifm_ifm2_weights_ofm (ethosu/vela/operation.py). */
const IFM2_OR_WEIGHTS = new Set(['ADD', 'SUB', 'MUL', 'MAXIMUM', 'MINIMUM', 'SQUARED_DIFFERENCE', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'TRANSPOSE_CONV', 'FULLY_CONNECTED']);

/** Ops whose IFM-type docstring must not become an activation dtype list (their OFM has another type). */
const IFM_ONLY = new Set(['ARG_MAX']);

export interface VelaTable {
  defaults: OperatorConstraints;
  operators: Record<string, OperatorRule>;
  /** Generic docstrings DeployLens does not check, for docs/targets.md. */
  uncheckedGeneric: string[];
}

export function velaTable(up: Upstream): VelaTable {
  const ranges = classRanges(up);
  const md = up.lines(DIR, MD);
  const secs = sections(up);
  const ops = new Map<string, number>();
  md.forEach((l, i) => {
    const m = /^\| ([A-Z0-9_]+) \| \[Generic\]/.exec(l);
    if (m) ops.set(m[1]!, i + 1);
  });

  const defaults: OperatorConstraints = {};
  const perOp = new Map<string, OperatorConstraints>();
  const patch = (op: string, c: OperatorConstraints) => perOp.set(op, mergeConstraints(perOp.get(op) ?? {}, c));
  const uncheckedGeneric: string[] = [];
  const messages: Record<string, string> = {};
  let int32Ops: string[] = [];
  let quantExceptions: string[] = [];
  let baseTypes: DType[] = [];

  for (const d of secs.get('GENERIC') ?? []) {
    const t = d.text;
    const except = (c: OperatorConstraints) => d.exceptions.forEach((op) => patch(op, c));
    if (/^Input\(s\) and Output tensors must not be dynamic$/.test(t)) {
      // Vela reads Tensor.shape (the stored shape), never shape_signature (tflite_model_semantic.py constraint_tens_no_dynamic).
      Object.assign(defaults, { dynamicShapes: false, shapeSignature: 'ignored' });
      except({ dynamicShapes: true });
    } else if (/^Input\(s\) and Output tensors must not be greater than (\d)D$/.test(t)) {
      defaults.maxRank = Number(/than (\d)D/.exec(t)![1]);
      messages.maxRank = t;
    } else if (/^Input\(s\), Output and Weight tensors must have quantization parameters$/.test(t)) {
      defaults.requiresQuantization = true;
      messages.requiresQuantization = t;
      messages.quantizedInputs = t;
      except({ requiresQuantization: false });
      quantExceptions = d.exceptions;
    } else if (/^Tensors must be of type: /.test(t)) {
      baseTypes = dtypesOf(t.slice(t.indexOf(':')));
      defaults.dtypes = baseTypes;
      except({ dtypes: [...baseTypes, 'int64'] });
    } else if (/^Tensors which are int32 are only valid when op type is: /.test(t)) {
      int32Ops = t.slice(t.indexOf(':') + 1).split(',').map((s) => s.trim());
    } else if (/^Tensor dimensions must be in the range \[1, (\d+)\]$/.test(t)) {
      defaults.maxDim = ranges.tens_dim_range![1]!;
      messages.maxDim = t;
    } else if (/^Per-axis quantization is only supported for the following op types: /.test(t)) {
      defaults.perChannelWeights = 'forbidden';
      messages.perChannelWeights = t;
      t.slice(t.indexOf(':') + 1).split(',').map((s) => s.trim()).forEach((op) => patch(op, { perChannelWeights: 'allowed' }));
    } else if (/^IFM Tensor batch size must be 1$/.test(t)) {
      defaults.maxBatch = 1;
      messages.maxBatch = t;
      except({ maxBatch: ranges.tens_dim_range![1]! });
    } else if (/^The fused activation function \(if present\) must be one of type: /.test(t)) {
      defaults.fusedActivations = ['NONE', ...t.slice(t.indexOf(':') + 1).split(',').map((s) => s.trim())];
      messages.fusedActivations = t;
    } else {
      uncheckedGeneric.push(t);
    }
  }
  defaults.messages = messages;

  const operators: Record<string, OperatorRule> = {};
  for (const [op, line] of ops) {
    const cites = [up.cite(DIR, MD, line)];
    const unchecked: string[] = [];
    const opMessages: Record<string, string> = { ...messages };
    let c: OperatorConstraints = {};
    // The generic int32 rule, per op: int32 tensors only where Vela lists the op.
    if (baseTypes.length && !IFM_ONLY.has(op)) {
      if (!int32Ops.includes(op)) {
        c.dtypes = baseTypes.filter((x) => x !== 'int32');
        opMessages.dtypes = `Tensors must be of type: ${baseTypes.join(', ')}; int32 only for op types ${int32Ops.join(', ')}`;
      } else {
        opMessages.dtypes = `Tensors must be of type: ${baseTypes.join(', ')}`;
      }
    }
    for (const d of secs.get(op) ?? []) {
      const mapped = DOCSTRINGS.find(([re]) => re.test(d.text));
      const result = mapped && !(IFM_ONLY.has(op) && /^IFM must be/.test(d.text)) ? mapped[1](ranges, d) : null;
      if (!result) { unchecked.push(d.text); continue; }
      // Narrow the dtype list only within what the generic rules allow.
      if (result.dtypes && c.dtypes) result.dtypes = result.dtypes.filter((x) => c.dtypes!.includes(x));
      c = mergeConstraints(c, result);
      for (const key of Object.keys(result)) {
        if (key !== 'kernel') { opMessages[key] = d.text; continue; }
        // Kernel docstrings are per limit: key them by the limit's path (kernel.maxHeight, kernel[1].maxArea).
        const k = result.kernel as KernelLimits;
        const list = Array.isArray(c.kernel) ? c.kernel : [c.kernel!];
        const at = list.findIndex((x) => JSON.stringify(x.padding ?? null) === JSON.stringify(k.padding ?? null));
        const prefix = Array.isArray(c.kernel) ? `kernel[${at}]` : 'kernel';
        for (const field of ['min', 'max', 'maxHeight', 'maxArea'] as const) if (k[field] !== undefined) opMessages[`${prefix}.${field}`] = d.text;
      }
      const cite = docstringCite(up, d.text);
      if (cite && !cites.includes(cite)) cites.push(cite);
    }
    if (Array.isArray(c.kernel)) {
      for (const key of Object.keys(opMessages)) if (key.startsWith('kernel.')) { opMessages[`kernel[0]${key.slice(6)}`] = opMessages[key]!; delete opMessages[key]; }
    }
    // Vela checks the quantization of IFM, IFM2 / weights and OFM whatever their type (int32 too):
    // IFM2 is input 1 of the binary elementwise ops, weights input 1 of the conv-like ops and FULLY_CONNECTED.
    if (!quantExceptions.includes(op)) c.quantizedInputs = IFM2_OR_WEIGHTS.has(op) ? [0, 1] : [0];
    c = mergeConstraints(c, perOp.get(op) ?? {});
    const rule: OperatorRule = { supported: true, ...c, messages: opMessages, source: cites.join('; ') };
    if (unchecked.length) rule.note = `Not checked by DeployLens: ${unchecked.join('; ')}`;
    operators[op] = rule;
  }
  return { defaults, operators, uncheckedGeneric };
}

/** Later constraints win per key, except kernel limits with different paddings, which become a list. */
function mergeConstraints(a: OperatorConstraints, b: OperatorConstraints): OperatorConstraints {
  const out: OperatorConstraints = { ...a, ...b };
  if (a.kernel && b.kernel) {
    const list = [...(Array.isArray(a.kernel) ? a.kernel : [a.kernel]), ...(Array.isArray(b.kernel) ? b.kernel : [b.kernel])];
    const merged: typeof list = [];
    for (const k of list) {
      const same = merged.find((m) => JSON.stringify(m.padding ?? null) === JSON.stringify(k.padding ?? null));
      if (same) Object.assign(same, k);
      else merged.push({ ...k });
    }
    out.kernel = merged.length === 1 ? merged[0]! : merged;
  }
  if (a.constantInputs && b.constantInputs) out.constantInputs = [...new Set([...a.constantInputs, ...b.constantInputs])].sort();
  return out;
}
