// LiteRT (TensorFlow Lite) delegates: the GPU delegate's op table from model_builder.cc
// (NewOperationParser's switch, each parser's CheckMaxSupportedOpVersion cap, the tensor types
// GetOpsToReplace admits) and the NNAPI delegate's from nnapi_delegate.cc (Validate's switch with
// its ExpectMaxOpVersion / ExpectOpVersion caps).

import { BUILTIN_OPERATORS } from '../../src/core/tflite/schema';
import type { DType } from '../../src/core/ir/dtype';
import type { OperatorRule } from '../../src/core/targets/profile';
import { builtinKey, type Upstream } from './upstream';

const DIR = 'litert';
const GPU = 'tflite/delegates/gpu/common/model_builder.cc';
const NNAPI = 'tflite/delegates/nnapi/nnapi_delegate.cc';

const BY_KEY = new Map(BUILTIN_OPERATORS.map((n) => [builtinKey(n), n]));
function builtinName(camel: string): string {
  const name = BY_KEY.get(builtinKey(camel));
  if (!name) throw new Error(`unknown TFLite builtin '${camel}'`);
  return name;
}

const TYPES: Record<string, DType> = { Float32: 'float32', Float16: 'float16', Int8: 'int8', UInt8: 'uint8', Int32: 'int32', Bool: 'bool' };

/** The case labels of a `switch (builtin_code)` between two lines, grouped by fall-through, with the body that follows. */
function caseGroups(lines: string[], from: number, to: number): { ops: string[]; line: number; body: string[]; bodyStart: number }[] {
  const groups: { ops: string[]; line: number; body: string[]; bodyStart: number }[] = [];
  let current: { ops: string[]; line: number; body: string[]; bodyStart: number } | null = null;
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    const m = /^\s*case kTfLiteBuiltin(\w+):/.exec(l);
    if (m) {
      if (current && current.body.every((b) => b.trim() === '' || /^\s*case /.test(b))) current.ops.push(m[1]!);
      else { current = { ops: [m[1]!], line: i + 1, body: [], bodyStart: i + 2 }; groups.push(current); }
      continue;
    }
    if (/^\s*default:/.test(l)) current = null;
    if (current) current.body.push(l);
  }
  return groups;
}

/** Class bodies of model_builder.cc: name → [start, end) line indices. */
function classSpans(lines: string[]): Map<string, [number, number]> {
  const starts: [string, number][] = [];
  lines.forEach((l, i) => { const m = /^class (\w+) : public TFLiteOperationParser/.exec(l); if (m) starts.push([m[1]!, i]); });
  const spans = new Map<string, [number, number]>();
  starts.forEach(([name, s], k) => spans.set(name, [s, starts[k + 1]?.[1] ?? lines.length]));
  return spans;
}

export function gpuOperators(up: Upstream): Record<string, OperatorRule> {
  const lines = up.lines(DIR, GPU);
  const start = up.findLine(DIR, GPU, /^std::unique_ptr<TFLiteOperationParser> NewOperationParser\(/) - 1;
  const end = lines.findIndex((l, i) => i > start && /^}/.test(l));
  const spans = classSpans(lines);

  // GetOpsToReplace's type filter: non-constant tensors must be float (or 8-bit with quantized ops allowed,
  // the delegate default), plus per-op additions (CAST, ONE_HOT, GATHER, SELECT, logical ops).
  const typesAt = up.findLine(DIR, GPU, /std::vector<TfLiteType> allowed_in_types = /);
  const base: DType[] = ['float32', 'float16', 'int8', 'uint8'];
  const extra = new Map<string, DType[]>();
  for (let i = typesAt; i < typesAt + 40 && !/IsAllAllowedTensors\(context, node->inputs/.test(lines[i]!); i++) {
    const m = /registration->builtin_code == kTfLiteBuiltin(\w+)/g;
    const opsHere = [...lines[i]!.matchAll(m), ...(lines[i + 1] ?? '').matchAll(m)].map((x) => builtinName(x[1]!));
    if (!opsHere.length || !/^\s*if \(/.test(lines[i]!)) continue;
    for (let j = i + 1; j < i + 10 && !/^\s*}/.test(lines[j]!); j++) {
      const t = /push_back\(kTfLite(\w+)\)/.exec(lines[j]!);
      if (t && TYPES[t[1]!]) for (const op of new Set(opsHere)) extra.set(op, [...new Set([...(extra.get(op) ?? []), TYPES[t[1]!]!])]);
    }
  }
  const logicalOut = new Set<string>();
  const isLogical = up.findLine(DIR, GPU, /^bool IsLogicalCode\(/);
  for (let i = isLogical; i < isLogical + 15 && !/^}/.test(lines[i]!); i++) for (const m of lines[i]!.matchAll(/kTfLiteBuiltin(\w+)/g)) logicalOut.add(builtinName(m[1]!));

  const ops: Record<string, OperatorRule> = {};
  for (const g of caseGroups(lines, start, end)) {
    const body = g.body.join('\n');
    const parser = /std::make_unique<(\w+)>\(([^)]*)\)/.exec(body);
    if (!parser || parser[1] === 'UnsupportedOperationParser') continue;
    const cites = [up.cite(DIR, GPU, g.line)];
    let maxOpVersion: number | undefined;
    const span = spans.get(parser[1]!);
    if (span) {
      for (let i = span[0]; i < span[1]; i++) {
        const v = /CheckMaxSupportedOpVersion\(registration, (\d+)\)/.exec(lines[i]!);
        if (v) { maxOpVersion = Number(v[1]); cites.push(up.cite(DIR, GPU, i + 1)); break; }
        const k = /kMaxSupportedOpVersion =/.exec(lines[i]!);
        if (k) {
          // `operation_type_ == OperationType::MUL ? 3 : 2`
          const expr = `${lines[i]!} ${lines[i + 1] ?? ''}`;
          const t = /OperationType::(\w+) \? (\d+) : (\d+)/.exec(expr);
          if (t) maxOpVersion = parser[2]!.includes(`OperationType::${t[1]}`) ? Number(t[2]) : Number(t[3]);
          cites.push(up.cite(DIR, GPU, i + 1));
          break;
        }
      }
    }
    for (const camel of g.ops) {
      // Custom ops are judged by their custom code ('custom:<code>'), not by the CUSTOM builtin.
      if (camel === 'Custom') continue;
      const op = builtinName(camel);
      const dtypes = [...base, ...(extra.get(op) ?? []), ...(logicalOut.has(op) ? ['bool' as DType] : [])];
      const rule: OperatorRule = { supported: true, dtypes: [...new Set(dtypes)], source: [...cites, up.cite(DIR, GPU, typesAt)].join('; ') };
      if (maxOpVersion !== undefined) rule.maxOpVersion = maxOpVersion;
      if (/allow_quant_ops/.test(body)) rule.note = 'Only when the delegate allows quantized models (the default: TFLITE_GPU_EXPERIMENTAL_FLAGS_ENABLE_QUANT).';
      ops[op] = rule;
    }
  }
  return ops;
}

export function nnapiOperators(up: Upstream): Record<string, OperatorRule> {
  const lines = up.lines(DIR, NNAPI);
  const start = up.findLine(DIR, NNAPI, /^bool NNAPIDelegateKernel::Validate\(/) - 1;
  const end = up.findLine(DIR, NNAPI, /^TfLiteStatus NNAPIDelegateKernel::Map\(/) - 1;
  const ops: Record<string, OperatorRule> = {};
  for (const g of caseGroups(lines, start, end)) {
    const cites = [up.cite(DIR, NNAPI, g.line)];
    let maxOpVersion: number | undefined;
    const idx = g.body.findIndex((l) => /Expect(Max)?OpVersion\(version, \d+/.test(l));
    if (idx >= 0) {
      maxOpVersion = Number(/Expect(?:Max)?OpVersion\(version, (\d+)/.exec(g.body[idx]!)![1]);
      cites.push(up.cite(DIR, NNAPI, g.bodyStart + idx));
    }
    for (const camel of g.ops) {
      const rule: OperatorRule = { supported: true, source: cites.join('; ') };
      if (maxOpVersion !== undefined) rule.maxOpVersion = maxOpVersion;
      ops[builtinName(camel)] = rule;
    }
  }
  return ops;
}
