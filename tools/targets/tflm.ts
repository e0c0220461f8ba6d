// TFLite Micro: the ops MicroMutableOpResolver can register (micro_mutable_op_resolver.h), each
// with the element types its kernel source names. The CMSIS-NN variant of a kernel replaces the
// reference one when it exists (kernels/cmsis_nn/), as in a build with OPTIMIZED_KERNEL_DIR=cmsis_nn.
//
// Types are read mechanically: a kernel whose registration uses a type predicate
// (elementwise.cc's IsNumericSupportedType, ...) gets that predicate's types; otherwise the union of
// the TfLiteType constants its file (and its *_common.cc) names. A kernel that names no type is
// type-agnostic and gets none (the profile defaults apply). Corrections need judgement and live in
// the overlay, each citing its line.

import type { DType } from '../../src/core/ir/dtype';
import type { OperatorRule } from '../../src/core/targets/profile';
import type { Upstream } from './upstream';

const DIR = 'tflite-micro';
const RESOLVER = 'tensorflow/lite/micro/micro_mutable_op_resolver.h';
const KERNELS = 'tensorflow/lite/micro/kernels';
/** The signal library's kernels: the custom ops SignalEnergy, SignalFilterBank, … the resolver registers. */
const SIGNAL_KERNELS = 'signal/micro/kernels';

/** TfLiteType constants that are activation element types. Int4 (packed weights) and String (named only to be rejected) are left out. */
const TYPE_NAMES: Record<string, DType> = {
  Float32: 'float32', Float16: 'float16', Int8: 'int8', Int16: 'int16', Int32: 'int32', Int64: 'int64',
  UInt8: 'uint8', UInt16: 'uint16', UInt32: 'uint32', UInt64: 'uint64', Bool: 'bool',
};
const DTYPE_ORDER: DType[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32', 'bool'];

export interface ResolverEntry {
  /** Builtin name ('CONV_2D') or 'custom:<code>'. */
  op: string;
  register: string | null;
  line: number;
}

/** Every AddXxx() of MicroMutableOpResolver: the builtin or custom code it registers and the default registration. */
export function resolverEntries(up: Upstream): ResolverEntry[] {
  const lines = up.lines(DIR, RESOLVER);
  const out: ResolverEntry[] = [];
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    const body = lines.slice(start, end).join('\n');
    const register = /Register_([A-Z0-9_]+)\(/.exec(body)?.[1] ?? null;
    const builtin = /AddBuiltin\(\s*BuiltinOperator_([A-Z0-9_]+)/.exec(body);
    const customName = /AddCustom\(\s*"([^"]+)"/.exec(body)?.[1] ?? (/GetString_ETHOSU/.test(body) ? 'ethos-u' : null);
    const opLine = lines.slice(start, end).findIndex((l) => /AddBuiltin\(|AddCustom\(/.test(l));
    if (builtin) out.push({ op: builtin[1]!, register, line: start + 1 + Math.max(0, opLine) });
    else if (customName) out.push({ op: `custom:${customName}`, register, line: start + 1 + Math.max(0, opLine) });
    start = -1;
  };
  lines.forEach((l, i) => {
    if (/^\s*TfLiteStatus Add[A-Z]\w*\(/.test(l) && !/AddBuiltin|AddCustom\(const char/.test(l)) {
      flush(i);
      start = i;
    } else if (start >= 0 && /^\s*}\s*$/.test(l)) {
      flush(i + 1);
    }
  });
  return out;
}

interface KernelSource {
  file: string;
  line: number;
}

function kernelFileOf(up: Upstream, register: string): KernelSource | null {
  const def = new RegExp(`TFLMRegistration\\s*\\*?\\s*Register_${register}\\(\\)\\s*\\{`);
  for (const file of [...up.list(DIR, `${KERNELS}/cmsis_nn`), ...up.list(DIR, KERNELS), ...up.list(DIR, SIGNAL_KERNELS)]) {
    if (!file.endsWith('.cc')) continue;
    const i = up.lines(DIR, file).findIndex((l) => def.test(l));
    if (i >= 0) return { file, line: i + 1 };
  }
  return null;
}

/**
 * The TfLiteType constants a piece of kernel source names, comments left out: neg.cc names
 * kTfLiteInt8 only in "TODO(wangtz): handle for kTfLiteInt8", and its kernel refuses int8.
 */
function typesIn(source: string): Set<DType> {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const out = new Set<DType>();
  for (const m of text.matchAll(/kTfLite(Float32|Float16|Int8|Int16|Int32|Int64|UInt8|UInt16|UInt32|UInt64|Bool)\b/g)) out.add(TYPE_NAMES[m[1]!]!);
  return out;
}

/** The element types a kernel accepts, read from its source, with the lines that say so. */
function kernelTypes(up: Upstream, k: KernelSource): { dtypes: DType[] | null; cites: string[] } {
  const lines = up.lines(DIR, k.file);
  // The registration's own body (a few lines): a type predicate there decides for this op alone.
  const body = lines.slice(k.line - 1, k.line + 6).join('\n');
  const predicate = /(Is\w+SupportedType)\b/.exec(body)?.[1];
  if (predicate) {
    const at = lines.findIndex((l) => new RegExp(`bool ${predicate}\\(`).test(l));
    if (at >= 0) {
      const end = lines.findIndex((l, i) => i > at && /^}/.test(l));
      const types = typesIn(lines.slice(at, end + 1).join('\n'));
      return { dtypes: ordered(types), cites: [up.cite(DIR, k.file, at + 1)] };
    }
  }
  const files = [k.file];
  // A CMSIS-NN kernel shares the reference kernel's *_common.cc.
  const dir = k.file.replace(/\/[^/]+$/, '').replace(/\/cmsis_nn$/, '');
  const common = `${dir}/${k.file.split('/').pop()!.replace(/\.cc$/, '_common.cc')}`;
  if (up.exists(DIR, common)) files.push(common);
  const types = new Set<DType>();
  for (const f of files) typesIn(up.text(DIR, f)).forEach((t) => types.add(t));
  return { dtypes: types.size ? ordered(types) : null, cites: files.map((f) => up.cite(DIR, f)) };
}

function ordered(types: Set<DType>): DType[] {
  return DTYPE_ORDER.filter((t) => types.has(t));
}

/** The TFLM op table: every resolver op, with kernel types where the kernel names them. */
export function tflmOperators(up: Upstream): Record<string, OperatorRule> {
  const ops: Record<string, OperatorRule> = {};
  for (const e of resolverEntries(up)) {
    const cites = [up.cite(DIR, RESOLVER, e.line)];
    const rule: OperatorRule = { supported: true };
    // Custom ops too: the signal library's and TFLite_Detection_PostProcess's kernels name their types like builtins'.
    const kernel = e.register ? kernelFileOf(up, e.register) : null;
    if (kernel) {
      const { dtypes, cites: typeCites } = kernelTypes(up, kernel);
      cites.push(up.cite(DIR, kernel.file, kernel.line));
      if (dtypes) {
        rule.dtypes = dtypes;
        for (const c of typeCites) if (!cites.some((x) => x.startsWith(c))) cites.push(`${c} (types)`);
      }
      if (kernel.file.includes('/cmsis_nn/')) rule.note = 'CMSIS-NN optimized kernel.';
    }
    rule.source = cites.join('; ');
    ops[e.op] = rule;
  }
  return ops;
}
