// Checks one node against one set of operator constraints (a profile's defaults merged with the
// op's rule). Each failed constraint becomes a Reason; anything that depends on a shape or dtype
// that is not known yet becomes an 'unknown' reason, never a guess.

import { isFloat, type DType } from '../ir/dtype';
import type { Graph, Model, Node, Tensor } from '../ir/model';
import type { KernelLimits, KernelTypes, OperatorConstraints, QuantizationParamRule, Range, TypePairRule } from '../targets/profile';
import type { Reason } from './compatReason';
import { schemaFor } from '../shapes/onnxSchemaTable';
import { attrNumber, attrString, fusedActivation, isSpatialOp, nodeGeometry } from './nodeGeometry';

export interface ConstraintContext {
  model: Model;
  graph: Graph;
  /** Path prefix of the rule in the profile, for `Reason.constraint` (`operators.CONV_2D`). */
  rulePath: string;
  source?: string;
  /**
   * int8 tensors of a Q/DQ unit count as the float type they were quantized from: TensorRT's ONNX
   * parser lists each op's types as exported (Conv: FP32, FP16, BF16) and takes INT8 only "through
   * quantization from a floating-point type" — Q/DQ around the op, fused into an INT8 layer
   * (onnx-tensorrt 10.1-GA docs/operators.md:11).
   */
  qdqAsFloat?: boolean;
  /** The constraint paths made so far under `rulePath` (constraintPath): filled by the checks. */
  paths?: Map<string, string>;
  /**
   * What follows the role in a tensor's dynamic-shape message (" dims 0, 1 of [batch, seq, 2048] are
   * dynamic …"), by tensor, shared by the contexts of one check of a graph: a tensor is judged by its
   * producer and by each of its readers, and a dynamic-shape model fails that check on most of them.
   */
  dynamicTexts?: Map<Tensor, string>;
  /** The profile's message for each violated constraint path (null: none), found at its first violation. */
  upstream?: Map<string, string | null>;
}

/**
 * The node's activations (non-constant inputs, then the outputs: the tensors that live in the arena
 * and that kernels compute in), found once per check into these module-level slots rather than an
 * array of records per node and call. checkConstraints is synchronous and never re-entered, and
 * clears the slots when it returns. ACT_AT: the input's position, or -1 - the output's position.
 */
const ACT_TENSOR: (Tensor | undefined)[] = [];
const ACT_AT: number[] = [];

function findActivations(node: Node, graph: Graph): number {
  let n = 0;
  for (let i = 0; i < node.inputs.length; i++) {
    const name = node.inputs[i]!;
    const t = name ? graph.tensors.get(name) : undefined;
    if (t && !isConstant(t, graph)) { ACT_TENSOR[n] = t; ACT_AT[n++] = i; }
  }
  for (let i = 0; i < node.outputs.length; i++) {
    const name = node.outputs[i]!;
    const t = name ? graph.tensors.get(name) : undefined;
    if (t) { ACT_TENSOR[n] = t; ACT_AT[n++] = -1 - i; }
  }
  return n;
}

/** "input 0 ('x')" for activation slot `a`: built only for a message (most checks pass and never need it). */
function roleOf(node: Node, a: number): string {
  const at = ACT_AT[a]!;
  return at >= 0 ? `input ${at} ('${node.inputs[at]!}')` : `output ${-1 - at} ('${node.outputs[-1 - at]!}')`;
}

/** Initializers and outputs of ONNX Constant nodes are both known at compile time. */
export function isConstant(t: Tensor, graph: Graph): boolean {
  if (t.constant) return true;
  if (t.producer === null) return false;
  const p = graph.nodes[t.producer];
  return p !== undefined && p.op === 'Constant' && (p.domain === '' || p.domain === 'ai.onnx');
}

function dimLabel(shape: (number | string)[], i: number): string {
  return `dim ${i} of [${shape.join(', ')}]`;
}

function rangeProblem(what: string, value: number, r: Range): string | null {
  if (r.allowed && !r.allowed.includes(value)) return `${what} ${value} is not one of the allowed values ${r.allowed.join(', ')}`;
  if (r.max !== undefined && value > r.max) return `${what} ${value} exceeds the maximum of ${r.max}`;
  if (r.min !== undefined && value < r.min) return `${what} ${value} is below the minimum of ${r.min}`;
  return null;
}

/**
 * The path of a rule's constraint (`operators.CONV_2D.strides`), made once per context and key: the
 * reasons of every node judged by a rule share it (a dynamic-shape model fails the same constraint on
 * thousands of nodes).
 */
function constraintPath(ctx: ConstraintContext, key: string): string {
  const paths = (ctx.paths ??= new Map());
  let path = paths.get(key);
  if (path === undefined) {
    path = `${ctx.rulePath}.${key}`;
    paths.set(key, path);
  }
  return path;
}

/**
 * Completes and appends one reason. A violated constraint reads in the runtime's own words when the
 * profile has them (Vela's docstrings), followed by what DeployLens found: "IFM and OFM data types
 * must match — input 0 is int8, output 0 is int16". The reason objects are built by the caller, one
 * per failure: completed in place, not copied.
 */
function add(out: Reason[], c: OperatorConstraints, ctx: ConstraintContext, r: Omit<Reason, 'source'>): void {
  const reason = r as Reason;
  const messages = c.messages;
  if (messages && r.outcome === 'violated' && r.constraint) {
    const upstream = upstreamMessage(ctx, messages, r.constraint);
    if (upstream) reason.message = `${upstream} — ${r.message}`;
  }
  if (ctx.source) reason.source = ctx.source;
  out.push(reason);
}

/** The runtime's own words for a constraint path (its key, else the key's first part), once per context and path. */
function upstreamMessage(ctx: ConstraintContext, messages: Record<string, string>, constraint: string): string | undefined {
  const known = (ctx.upstream ??= new Map());
  let upstream = known.get(constraint);
  if (upstream === undefined) {
    const sub = constraint.slice(ctx.rulePath.length + 1);
    upstream = (sub ? messages[sub] ?? messages[sub.split('.')[0]!] : undefined) ?? null;
    known.set(constraint, upstream);
  }
  return upstream ?? undefined;
}

/** An 'unknown' reason, once per key and call (`from`: where this call's reasons start in `out`). */
function unknown(out: Reason[], from: number, c: OperatorConstraints, ctx: ConstraintContext, kind: Reason['kind'], key: string, message: string): void {
  const constraint = constraintPath(ctx, key);
  for (let i = from; i < out.length; i++) if (out[i]!.outcome === 'unknown' && out[i]!.constraint === constraint) return;
  add(out, c, ctx, { kind, outcome: 'unknown', constraint, message });
}

/**
 * Appends to `out` (and returns it) one reason per failed or unchecked constraint. Nothing is
 * allocated for a constraint that passes: most nodes of most models pass every check.
 */
export function checkConstraints(node: Node, c: OperatorConstraints, ctx: ConstraintContext, out: Reason[] = []): Reason[] {
  const reasons = out;
  const from = out.length;
  const acts = findActivations(node, ctx.graph);
  try {
    checkAll(node, c, ctx, reasons, from, acts);
  } finally {
    for (let a = 0; a < acts; a++) ACT_TENSOR[a] = undefined;
  }
  return reasons;
}

/**
 * The types a rule's kernelTypes take at the node's op version (the ONNX schema version the node
 * resolves to at its opset), or undefined when that version is not narrowed.
 */
export function kernelTypesAt(node: Node, k: KernelTypes): DType[] | undefined {
  const since = schemaFor(node.op, node.opVersion)?.[0];
  return since === undefined ? undefined : k.bySince[since];
}

/**
 * The element type of the input the runtime's kernels are registered by, against the types its
 * kernels for the node's op version take (ONNX Runtime 1.30's CPU EP, probed: tools/ort-kernels/).
 */
function checkKernelTypes(node: Node, c: OperatorConstraints, k: KernelTypes, ctx: ConstraintContext, reasons: Reason[], from: number): void {
  const taken = kernelTypesAt(node, k);
  const name = node.inputs[k.input];
  if (!taken || !name) return;
  const t = ctx.graph.tensors.get(name);
  if (!t) return;
  if (t.dtype === 'unknown') {
    unknown(reasons, from, c, ctx, 'dtype', 'kernelTypes', `element type of input ${k.input} ('${name}') is not known, so the types ${node.op}'s kernels take (${taken.join(', ')}) were not checked`);
  } else if (!taken.includes(t.dtype)) {
    add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, 'kernelTypes'), tensor: name, message: `input ${k.input} ('${name}') is ${t.dtype}; the kernels for ${node.op} version ${schemaFor(node.op, node.opVersion)![0]} take ${taken.length ? taken.join(', ') : 'none of its types'}` });
  }
}

/** inputDtypes / outputDtypes: the element types of single inputs or outputs, by index. */
function checkTensorDtypes(node: Node, c: OperatorConstraints, ctx: ConstraintContext, reasons: Reason[], from: number, side: 'input' | 'output', byIndex: Record<string, DType[]>): void {
  const names = side === 'input' ? node.inputs : node.outputs;
  for (const [index, allowed] of Object.entries(byIndex)) {
    const name = names[Number(index)];
    const t = name ? ctx.graph.tensors.get(name) : undefined;
    if (!name || !t) continue;
    const key = `${side}Dtypes.${index}`;
    if (t.dtype === 'unknown') unknown(reasons, from, c, ctx, 'dtype', key, `element type of ${side} ${index} ('${name}') is not known, so its allowed types (${allowed.join(', ')}) were not checked`);
    else if (!allowed.includes(t.dtype)) add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, key), tensor: name, message: `${side} ${index} ('${name}') is ${t.dtype}; only ${allowed.join(', ')} are supported` });
  }
}

/** A tensor a rule names by role ("input 1", "output 0"), with its name. */
export interface RuleTensor { role: string; name: string; tensor: Tensor }

/** A tensor named by a rule ("input 1", "output 0"): its role, name and tensor, if the node has it. */
export function ruleTensor(node: Node, graph: Graph, role: string): RuleTensor | undefined {
  const [side, at] = role.split(' ');
  const name = (side === 'input' ? node.inputs : node.outputs)[Number(at)];
  const tensor = name ? graph.tensors.get(name) : undefined;
  return name && tensor ? { role, name, tensor } : undefined;
}

/** A tensor's per-tensor parameters as the kernels read them (TfLiteTensor.params), or null where the file holds none as numbers. */
function paramsOf(t: Tensor): { scale: number; zeroPoint: number } | null {
  const q = t.quantization;
  if (!q || q.origin !== undefined || q.scale.length === 0) return null;
  return { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0] ?? 0 };
}

/** 1/256 for 0.00390625, else the number: how a kernel's source writes its fixed scales. */
function formatScale(scale: number): string {
  const inverse = 1 / scale;
  return Number.isInteger(inverse) ? `1/${inverse} (${scale})` : float32Text(scale);
}

/** A float32 scale as its shortest decimal (0.075, not 0.07500000298023224). */
function float32Text(x: number): string {
  return String(Number(Math.fround(x).toPrecision(7)));
}

/**
 * quantizationParams: what the kernels check of the parameters before they run. Only where the
 * file holds them as numbers (a .tflite model): an ONNX model's Q/DQ parameters are picked again by
 * the converter, which writes the fixed ones the kernels want.
 */
function checkQuantizationParams(node: Node, c: OperatorConstraints, ctx: ConstraintContext, reasons: Reason[], rules: readonly QuantizationParamRule[]): void {
  const { graph } = ctx;
  const input0 = node.inputs[0] ? graph.tensors.get(node.inputs[0]) : undefined;
  const output0 = node.outputs[0] ? graph.tensors.get(node.outputs[0]) : undefined;
  if (!input0) return;
  rules.forEach((rule, r) => {
    if (!rule.inputTypes.includes(input0.dtype)) return;
    if (rule.outputTypes && (!output0 || !rule.outputTypes.includes(output0.dtype))) return;
    const where = kernelLine(rule.source);
    const reference = rule.sameAs ? ruleTensor(node, graph, rule.sameAs) : undefined;
    const want = reference ? paramsOf(reference.tensor) : null;
    if (rule.sameAs && !want) return;
    const roles = rule.tensors.flatMap((role) => (role === 'inputs' ? node.inputs.map((_, i) => `input ${i}`) : [role]));
    for (const role of roles) {
      const named = ruleTensor(node, graph, role);
      // The reference itself is not compared with itself (ADD_N's input 0 among its inputs).
      const have = named && named.name !== reference?.name ? paramsOf(named.tensor) : null;
      if (!named || !have) continue;
      const wrong: string[] = [];
      const scale = want?.scale ?? rule.scale;
      const zeroPoint = want?.zeroPoint ?? rule.zeroPoint;
      if (zeroPoint !== undefined && have.zeroPoint !== zeroPoint) wrong.push(`zero point ${have.zeroPoint}`);
      if (scale !== undefined && (rule.scaleTolerance === undefined ? Math.fround(have.scale) !== Math.fround(scale) : Math.abs(have.scale - scale) > rule.scaleTolerance)) wrong.push(`scale ${float32Text(have.scale)}`);
      if (wrong.length === 0) continue;
      const needs = reference
        ? `the kernel needs ${reference.role}'s ('${reference.name}'): scale ${float32Text(want!.scale)}, zero point ${want!.zeroPoint}`
        : `the kernel needs ${[rule.zeroPoint !== undefined ? `zero point ${rule.zeroPoint}` : '', rule.scale !== undefined ? `scale ${formatScale(rule.scale)}` : ''].filter(Boolean).join(', ')}`;
      add(reasons, c, ctx, { kind: 'quantization', outcome: 'violated', constraint: constraintPath(ctx, `quantizationParams.${r}`), tensor: named.name, message: `${role} ('${named.name}', ${named.tensor.dtype}) has ${wrong.join(', ')}; ${needs} (${where})` });
    }
  });
}

/** The kernel's file and line under kernels/ ("softmax_common.cc:103", "cmsis_nn/conv.cc:158"), not the whole citation. */
function kernelLine(source: string): string {
  return /kernels\/([\w./-]+\.(?:cc|h):\d+)/.exec(source)?.[1] ?? source;
}

/**
 * Two tensors against the type pairs the kernels take together (a float32 input with int8 weights:
 * a hybrid kernel, which TFLite Micro does not have). An absent tensor (an optional bias) or an
 * unknown type is not judged here: the dtypes check reports unknown types.
 */
function checkTypePair(node: Node, c: OperatorConstraints, ctx: ConstraintContext, reasons: Reason[], rule: TypePairRule): void {
  const off = offTypePair(node, ctx.graph, rule);
  if (!off) return;
  const { first, second } = off;
  const [a, b] = [first.tensor.dtype, second.tensor.dtype];
  const pair = `${first.role} ('${first.name}') is ${a} and ${second.role} ('${second.name}') ${b}`;
  const takes = `the kernel takes ${typePairsText(rule.pairs)} (${kernelLine(rule.source)})`;
  add(reasons, c, ctx, rule.unchecked
    ? { kind: 'dtype', outcome: 'violated', misread: true, constraint: constraintPath(ctx, 'typePairs'), tensor: second.name, message: `${pair}: the runtime does not check the pair, it reads ${second.role} as ${rule.pairs.find(([x]) => x === a)?.[1] ?? a} and the outputs are wrong; ${takes}` }
    : { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, 'typePairs'), tensor: second.name, message: `${pair}; ${takes}` });
}

/**
 * The rule's two tensors when their element types are a pair the kernels do not take; null when they
 * are one, or when a tensor is absent (an optional bias) or of unknown type (the dtypes check says so).
 */
export function offTypePair(node: Node, graph: Graph, rule: TypePairRule): { first: RuleTensor; second: RuleTensor } | null {
  const first = ruleTensor(node, graph, rule.tensors[0]);
  const second = ruleTensor(node, graph, rule.tensors[1]);
  if (!first || !second || first.tensor.dtype === 'unknown' || second.tensor.dtype === 'unknown') return null;
  for (const [x, y] of rule.pairs) if (x === first.tensor.dtype && y === second.tensor.dtype) return null;
  return { first, second };
}

/** "float32 with float32, int16 with int8, int8 with int8 or int4": the pairs grouped by their first type. */
export function typePairsText(pairs: readonly (readonly [DType, DType])[]): string {
  const byFirst = new Map<DType, DType[]>();
  for (const [x, y] of pairs) {
    const seconds = byFirst.get(x);
    if (seconds) seconds.push(y);
    else byFirst.set(x, [y]);
  }
  return [...byFirst].map(([x, ys]) => `${x} with ${ys.join(' or ')}`).join(', ');
}

/** The checks of checkConstraints, on the node's `acts` activations (ACT_TENSOR, ACT_AT). */
function checkAll(node: Node, c: OperatorConstraints, ctx: ConstraintContext, reasons: Reason[], from: number, acts: number): void {
  const { graph } = ctx;
  if (c.dtypes) {
    for (let a = 0; a < acts; a++) {
      const tensor = ACT_TENSOR[a]!;
      if (tensor.dtype === 'unknown') unknown(reasons, from, c, ctx, 'dtype', 'dtypes', `element type of ${roleOf(node, a)} is not known, so the allowed types (${c.dtypes.join(', ')}) were not checked`);
      else if (!c.dtypes.includes(tensor.dtype) && !(ctx.qdqAsFloat && tensor.dtype === 'int8' && tensor.quantization?.origin === 'qdq' && c.dtypes.some(isFloat))) {
        add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, 'dtypes'), tensor: tensor.name, message: `${roleOf(node, a)} is ${tensor.dtype}; only ${c.dtypes.join(', ')} are supported` });
      }
    }
  }
  if (c.ioTypesMatch) {
    const inName = node.inputs.find((n) => n);
    const input = inName ? graph.tensors.get(inName) : undefined;
    const output = node.outputs[0] ? graph.tensors.get(node.outputs[0]) : undefined;
    if (input && output) {
      if (input.dtype === 'unknown' || output.dtype === 'unknown') unknown(reasons, from, c, ctx, 'dtype', 'ioTypesMatch', 'element types of the input or output are not known, so their match was not checked');
      else if (input.dtype !== output.dtype) {
        add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, 'ioTypesMatch'), tensor: output.name, message: `input '${input.name}' is ${input.dtype} but output '${output.name}' is ${output.dtype}; they must match` });
      }
    }
  }
  // TFLite operator-code versions only: a bridged ONNX node's version is its opset, which says nothing about the builtin's version.
  if (c.maxOpVersion !== undefined && node.domain === 'tflite' && node.opVersion !== undefined && node.opVersion > c.maxOpVersion) {
    add(reasons, c, ctx, { kind: 'version', outcome: 'violated', constraint: constraintPath(ctx, 'maxOpVersion'), message: `op version ${node.opVersion} is newer than the highest supported version ${c.maxOpVersion}` });
  }
  if (c.kernelTypes && node.domain === '' && ctx.model.format === 'onnx') for (const k of c.kernelTypes) checkKernelTypes(node, c, k, ctx, reasons, from);
  if (c.weightDtypes) {
    for (let i = 0; i < node.inputs.length; i++) {
      const name = node.inputs[i]!;
      const t = name ? graph.tensors.get(name) : undefined;
      if (t && isConstant(t, graph) && t.dtype !== 'unknown' && !c.weightDtypes.includes(t.dtype)) {
        add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, 'weightDtypes'), tensor: name, message: `constant input ${i} ('${name}') is ${t.dtype}; weights must be ${c.weightDtypes.join(', ')}` });
      }
    }
  }
  // ONNX carries quantization in QuantizeLinear/DequantizeLinear nodes, not on tensors: only TFLite is checked here.
  if (c.requiresQuantization && ctx.model.format === 'tflite') {
    for (let a = 0; a < acts; a++) {
      const tensor = ACT_TENSOR[a]!;
      if (isQuantizable(tensor.dtype) && !tensor.quantization) {
        add(reasons, c, ctx, { kind: 'quantization', outcome: 'violated', constraint: constraintPath(ctx, 'requiresQuantization'), tensor: tensor.name, message: `${roleOf(node, a)} (${tensor.dtype}) has no quantization parameters` });
      }
    }
  }
  if (c.perChannelWeights) {
    // The weights: input 1 when it is a constant.
    const name = node.inputs[1];
    const t = name ? graph.tensors.get(name) : undefined;
    const w = name && t && isConstant(t, graph) ? { name, t } : undefined;
    const q = w?.t.quantization;
    if (w && q && isQuantizable(w.t.dtype)) {
      const perChannel = q.scale.length > 1 || (q.channels ?? 1) > 1;
      if (c.perChannelWeights === 'required' && !perChannel && channelCount(w.t) > 1) {
        add(reasons, c, ctx, { kind: 'quantization', outcome: 'violated', constraint: constraintPath(ctx, 'perChannelWeights'), tensor: w.name, message: `weights '${w.name}' are quantized per tensor; per-channel quantization is required` });
      } else if (c.perChannelWeights === 'forbidden' && perChannel) {
        // (per-axis quantization of other tensors is not checked: converters only quantize weights per axis)
        add(reasons, c, ctx, { kind: 'quantization', outcome: 'violated', constraint: constraintPath(ctx, 'perChannelWeights'), tensor: w.name, message: `weights '${w.name}' are quantized per channel; only per-tensor quantization is supported` });
      }
    }
  }

  if (c.inputDtypes) checkTensorDtypes(node, c, ctx, reasons, from, 'input', c.inputDtypes);
  if (c.outputDtypes) checkTensorDtypes(node, c, ctx, reasons, from, 'output', c.outputDtypes);
  if (c.ioTypePairs) {
    const input = node.inputs[0] ? graph.tensors.get(node.inputs[0]) : undefined;
    const output = node.outputs[0] ? graph.tensors.get(node.outputs[0]) : undefined;
    if (input && output && input.dtype !== 'unknown' && output.dtype !== 'unknown' && !c.ioTypePairs.some(([a, b]) => a === input.dtype && b === output.dtype)) {
      const converts = c.ioTypePairs.filter(([a]) => a === input.dtype).map(([a, b]) => `${a} → ${b}`);
      add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', constraint: constraintPath(ctx, 'ioTypePairs'), tensor: output.name, message: `${input.dtype} → ${output.dtype} is not converted; the kernels convert ${(converts.length ? converts : c.ioTypePairs.map(([a, b]) => `${a} → ${b}`)).join(', ')}` });
    }
  }
  if (c.misreadDtypes) {
    const input = node.inputs[0] ? graph.tensors.get(node.inputs[0]) : undefined;
    if (input && c.misreadDtypes.types.includes(input.dtype)) {
      add(reasons, c, ctx, { kind: 'dtype', outcome: 'violated', misread: true, constraint: constraintPath(ctx, 'misreadDtypes'), tensor: input.name, message: `input 0 ('${input.name}') is ${input.dtype}: the runtime runs the kernel on it without computing it right, so the outputs are wrong (${kernelLine(c.misreadDtypes.source)})` });
    }
  }
  if (c.typePairs) for (let k = 0; k < c.typePairs.length; k++) checkTypePair(node, c, ctx, reasons, c.typePairs[k]!);
  if (c.inputRank) for (const [index, limits] of Object.entries(c.inputRank)) {
    const name = node.inputs[Number(index)];
    const t = name ? graph.tensors.get(name) : undefined;
    if (!t) continue;
    if (!t.shape) { unknown(reasons, from, c, ctx, 'rank', `inputRank.${index}`, `shape of input ${index} ('${name}') is not known, so its rank limit was not checked`); continue; }
    const r = t.shape.length;
    if ((limits.min !== undefined && r < limits.min) || (limits.max !== undefined && r > limits.max)) {
      const want = limits.min === limits.max ? `${limits.min}` : `${limits.min ?? 0}..${limits.max ?? '∞'}`;
      add(reasons, c, ctx, { kind: 'rank', outcome: 'violated', constraint: constraintPath(ctx, `inputRank.${index}`), tensor: name, message: `input ${index} ('${name}') has rank ${r}; rank ${want} is required` });
    }
  }
  if (c.constantValues) for (const [index, range] of Object.entries(c.constantValues)) {
    const name = node.inputs[Number(index)];
    const t = name ? graph.tensors.get(name) : undefined;
    if (!name || !t) continue;
    if (!isConstant(t, graph)) { unknown(reasons, from, c, ctx, 'value', `constantValues.${index}`, `input ${index} ('${name}') is computed at run time, so its values were not checked`); continue; }
    const values = smallIntValues(ctx.model, graph, name);
    if (values === null) { unknown(reasons, from, c, ctx, 'value', `constantValues.${index}`, `values of input ${index} ('${name}') could not be read, so they were not checked`); continue; }
    const bad = values.map((v) => rangeProblem('value', v, range)).find((p) => p !== null);
    if (bad) add(reasons, c, ctx, { kind: 'value', outcome: 'violated', constraint: constraintPath(ctx, `constantValues.${index}`), tensor: name, message: `input ${index} ('${name}') = [${values.join(', ')}]: ${bad}` });
  }

  if (c.permutations) {
    const name = node.inputs[1];
    const t = name ? graph.tensors.get(name) : undefined;
    if (name && t) {
      const perm = isConstant(t, graph) ? smallIntValues(ctx.model, graph, name) : null;
      if (perm === null) unknown(reasons, from, c, ctx, 'value', 'permutations', `the permutation ('${name}') is not a readable constant, so it was not checked`);
      else if (!c.permutations.some((p) => p.length === perm.length && p.every((v, i) => v === perm[i]))) {
        const same = c.permutations.filter((p) => p.length === perm.length);
        add(reasons, c, ctx, { kind: 'value', outcome: 'violated', constraint: constraintPath(ctx, 'permutations'), tensor: name, message: `permutation [${perm.join(', ')}] is not supported${same.length ? ` (supported at rank ${perm.length}: ${same.map((p) => `[${p.join(', ')}]`).join(', ')})` : ` at rank ${perm.length}`}` });
      }
    }
  }
  if (c.quantizedInputs && ctx.model.format === 'tflite') {
    const roles = [...c.quantizedInputs.map((i) => ({ role: `input ${i}`, name: node.inputs[i] })), { role: 'output 0', name: node.outputs[0] }];
    for (const { role, name } of roles) {
      const t = name ? graph.tensors.get(name) : undefined;
      if (t && /^u?int(8|16|32|64)$/.test(t.dtype) && !t.quantization) {
        add(reasons, c, ctx, { kind: 'quantization', outcome: 'violated', constraint: constraintPath(ctx, 'quantizedInputs'), tensor: name, message: `${role} ('${name}', ${t.dtype}) has no quantization parameters` });
      }
    }
  }
  if (c.quantizationParams && ctx.model.format === 'tflite') checkQuantizationParams(node, c, ctx, reasons, c.quantizationParams);
  const needShapes = c.maxRank !== undefined || c.minRank !== undefined || c.maxDim !== undefined || c.innermostDims !== undefined || c.dynamicShapes === false;
  if (needShapes) {
    for (let a = 0; a < acts; a++) {
      const tensor = ACT_TENSOR[a]!;
      const shape = tensor.shape;
      if (shape === null) {
        unknown(reasons, from, c, ctx, 'rank', 'shape', `shape of ${roleOf(node, a)} is not known (shape inference has not run), so rank, dimension and dynamic-shape limits were not checked`);
        continue;
      }
      if (c.maxRank !== undefined && shape.length > c.maxRank) {
        add(reasons, c, ctx, { kind: 'rank', outcome: 'violated', constraint: constraintPath(ctx, 'maxRank'), tensor: tensor.name, message: `${roleOf(node, a)} has rank ${shape.length}; the maximum is ${c.maxRank}` });
      }
      if (c.minRank !== undefined && shape.length < c.minRank) {
        add(reasons, c, ctx, { kind: 'rank', outcome: 'violated', constraint: constraintPath(ctx, 'minRank'), tensor: tensor.name, message: `${roleOf(node, a)} has rank ${shape.length}; at least ${c.minRank} is required` });
      }
      if (c.maxDim !== undefined) {
        for (let i = 0; i < shape.length; i++) {
          const d = shape[i]!;
          if (typeof d === 'number' && d > c.maxDim) {
            add(reasons, c, ctx, { kind: 'dim', outcome: 'violated', constraint: constraintPath(ctx, 'maxDim'), tensor: tensor.name, message: `${roleOf(node, a)} ${dimLabel(shape, i)} is ${d}; the maximum is ${c.maxDim}` });
          }
        }
      }
      if (c.innermostDims !== undefined && shape.length > c.innermostDims) {
        // The first outer dim (all but the innermost ones) larger than 1.
        let i = 0;
        while (i < shape.length - c.innermostDims && !(typeof shape[i] === 'number' && (shape[i] as number) > 1)) i++;
        if (i < shape.length - c.innermostDims) {
          add(reasons, c, ctx, { kind: 'dim', outcome: 'violated', constraint: constraintPath(ctx, 'innermostDims'), tensor: tensor.name, message: `${roleOf(node, a)} ${dimLabel(shape, i)} is ${shape[i]}; only the ${c.innermostDims} innermost dimensions may be larger than 1` });
        }
      }
      if (c.dynamicShapes === false) {
        const signature = c.shapeSignature === 'ignored' ? undefined : tensor.shapeSignature;
        const text = dynamicText(ctx, tensor, shape, signature);
        // The role is built only for a tensor that has a dynamic dim.
        if (text !== null) add(reasons, c, ctx, { kind: 'dynamic-shape', outcome: 'violated', constraint: constraintPath(ctx, 'dynamicShapes'), tensor: tensor.name, message: roleOf(node, a) + text });
      }
    }
  }
  if (c.maxBatch !== undefined) {
    // Vela's constraint_batch_size reads the batch of the shape padded to 4-D (full_shape(4, shape, 1)[0]):
    // only a 4-D tensor's first dim is a batch. The first two inputs (IFM, IFM2) are checked.
    for (let a = 0, inputs = 0; a < acts && ACT_AT[a]! >= 0 && inputs < 2; a++, inputs++) {
      const tensor = ACT_TENSOR[a]!;
      const b = tensor.shape?.length === 4 ? tensor.shape[0] : 1;
      if (typeof b === 'number' && b > c.maxBatch) {
        add(reasons, c, ctx, { kind: 'batch', outcome: 'violated', constraint: constraintPath(ctx, 'maxBatch'), tensor: tensor.name, message: `${roleOf(node, a)} has batch size ${b}; the maximum is ${c.maxBatch}` });
      }
    }
  }

  if (isSpatialOp(node) && (c.kernel || c.strides || c.dilations || c.padding)) {
    const g = nodeGeometry(node, graph);
    const kernelRules: [KernelLimits, string][] = Array.isArray(c.kernel) ? c.kernel.map((k, i) => [k, `kernel[${i}]`]) : c.kernel ? [[c.kernel, 'kernel']] : [];
    for (const [k, key] of kernelRules) {
      if (k.padding && (!g.padding || !k.padding.includes(g.padding))) continue;
      if (!g.kernel) unknown(reasons, from, c, ctx, 'kernel', 'kernel', 'kernel size is not known (no kernel attribute and the weight shape is not known), so kernel limits were not checked');
      else {
        const when = k.padding ? ` (with ${k.padding.join('/')} padding)` : '';
        const dims = g.kernel.map((v, i) => (k.dilated ? (v - 1) * (g.dilations?.[i] ?? 1) + 1 : v));
        const label = `${k.dilated ? 'dilated kernel' : 'kernel'} ${dims.join('x')}${when}`;
        const area = dims.reduce((a, b) => a * b, 1);
        if (k.max !== undefined && dims.some((d) => d > k.max!)) add(reasons, c, ctx, { kind: 'kernel', outcome: 'violated', constraint: constraintPath(ctx, `${key}.max`), message: `${label} exceeds the maximum of ${k.max} per dimension` });
        if (k.min !== undefined && dims.some((d) => d < k.min!)) add(reasons, c, ctx, { kind: 'kernel', outcome: 'violated', constraint: constraintPath(ctx, `${key}.min`), message: `${label} is below the minimum of ${k.min} per dimension` });
        if (k.maxHeight !== undefined && dims[0] !== undefined && dims[0] > k.maxHeight) add(reasons, c, ctx, { kind: 'kernel', outcome: 'violated', constraint: constraintPath(ctx, `${key}.maxHeight`), message: `${label}: height ${dims[0]} exceeds the maximum of ${k.maxHeight}` });
        if (k.maxArea !== undefined && area > k.maxArea) add(reasons, c, ctx, { kind: 'kernel', outcome: 'violated', constraint: constraintPath(ctx, `${key}.maxArea`), message: `${label}: area ${area} exceeds the maximum of ${k.maxArea}` });
      }
    }
    const checkRange = (values: number[] | null, r: Range | undefined, kind: 'stride' | 'dilation', key: string) => {
      if (!r) return;
      if (!values) { unknown(reasons, from, c, ctx, kind, key, `${kind} is not known, so the ${kind} limits were not checked`); return; }
      const bad = [...new Set(values)].map((v) => rangeProblem(kind, v, r)).find((p) => p !== null);
      if (bad) add(reasons, c, ctx, { kind, outcome: 'violated', constraint: constraintPath(ctx, key), message: bad });
    };
    checkRange(g.strides, c.strides, 'stride', 'strides');
    checkRange(g.dilations, c.dilations, 'dilation', 'dilations');
    if (c.padding && g.padding && !c.padding.includes(g.padding)) {
      add(reasons, c, ctx, { kind: 'padding', outcome: 'violated', constraint: constraintPath(ctx, 'padding'), message: `${g.padding} padding is not supported (allowed: ${c.padding.join(', ')})` });
    }
  }
  if (c.padModes) {
    const mode = padMode(node);
    if (mode && !c.padModes.includes(mode)) {
      add(reasons, c, ctx, { kind: 'padding', outcome: 'violated', constraint: constraintPath(ctx, 'padModes'), message: `${mode} padding is not supported (allowed: ${c.padModes.join(', ')})` });
    }
  }
  if (c.fusedActivations) {
    const act = fusedActivation(node);
    if (act && !c.fusedActivations.includes(act)) {
      add(reasons, c, ctx, { kind: 'activation', outcome: 'violated', constraint: constraintPath(ctx, 'fusedActivations'), message: `fused activation ${act} is not supported (allowed: ${c.fusedActivations.join(', ')})` });
    }
  }
  if (c.constantInputs) {
    for (let k = 0; k < c.constantInputs.length; k++) {
      const i = c.constantInputs[k]!;
      const name = node.inputs[i];
      const t = name ? graph.tensors.get(name) : undefined;
      if (t && !isConstant(t, graph)) {
        add(reasons, c, ctx, { kind: 'constant-input', outcome: 'violated', constraint: constraintPath(ctx, 'constantInputs'), tensor: name, message: `input ${i} ('${name}') must be constant (known at compile time) but is computed at run time` });
      }
    }
  }
  if (c.attributes) for (const [name, rule] of Object.entries(c.attributes)) {
    const num = attrNumber(node, name);
    const str = num === null ? attrString(node, name) : null;
    const value = num ?? str;
    if (value === null) continue; // absent: the op's default applies, which the rule's source treats as fine
    const path = constraintPath(ctx, `attributes.${name}`);
    if (rule.allowed && !rule.allowed.includes(value)) add(reasons, c, ctx, { kind: 'attribute', outcome: 'violated', constraint: path, message: `attribute ${name} = ${JSON.stringify(value)} is not one of ${rule.allowed.map((v) => JSON.stringify(v)).join(', ')}` });
    else if (typeof value === 'number' && rule.max !== undefined && value > rule.max) add(reasons, c, ctx, { kind: 'attribute', outcome: 'violated', constraint: path, message: `attribute ${name} = ${value} exceeds the maximum of ${rule.max}` });
    else if (typeof value === 'number' && rule.min !== undefined && value < rule.min) add(reasons, c, ctx, { kind: 'attribute', outcome: 'violated', constraint: path, message: `attribute ${name} = ${value} is below the minimum of ${rule.min}` });
  }
}

/** Up to 64 elements of a constant integer tensor (strides, zero points); null when not readable. Never a weight tensor. */
function smallIntValues(model: Model, graph: Graph, name: string): number[] | null {
  const t = graph.tensors.get(name);
  if (!t || !t.constant) return null;
  const count = t.shape?.reduce<number>((a, d) => (typeof d === 'number' ? a * d : NaN), 1) ?? NaN;
  if (!Number.isFinite(count) || count > 64) return null;
  const width = ({ int8: 1, uint8: 1, int16: 2, int32: 4, int64: 8 } as Partial<Record<DType, number>>)[t.dtype];
  if (!width) return null;
  let bytes: Uint8Array;
  try {
    bytes = model.weights.read(graph.index, name);
  } catch {
    return null;
  }
  if (bytes.byteLength < count * width) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * width;
    if (t.dtype === 'int8') out.push(view.getInt8(at));
    else if (t.dtype === 'uint8') out.push(view.getUint8(at));
    else if (t.dtype === 'int16') out.push(view.getInt16(at, true));
    else if (t.dtype === 'int32') out.push(view.getInt32(at, true));
    else out.push(Number(view.getBigInt64(at, true)));
  }
  return out;
}

function isQuantizable(d: DType): boolean {
  return d === 'int8' || d === 'uint8' || d === 'int16';
}

function channelCount(t: Tensor): number {
  const d = t.shape?.[0];
  return typeof d === 'number' ? d : 2;
}

/** 'constant' | 'reflect' | 'edge' | 'wrap' for pad ops; null for other ops. */
export function padMode(node: Node): string | null {
  if (node.domain === 'tflite') {
    if (node.op === 'PAD' || node.op === 'PADV2') return 'constant';
    if (node.op === 'MIRROR_PAD') return 'reflect';
    return null;
  }
  if (node.op !== 'Pad') return null;
  return attrString(node, 'mode') ?? 'constant';
}

export function hasFloatActivation(node: Node, graph: Graph): boolean {
  const acts = findActivations(node, graph);
  let float = false;
  for (let a = 0; a < acts; a++) {
    float ||= isFloat(ACT_TENSOR[a]!.dtype);
    ACT_TENSOR[a] = undefined;
  }
  return float;
}

/** Whether any dim of `shape` is dynamic (a name, negative, or -1 in the shape signature). */
function hasDynamicDim(shape: readonly (number | string)[], signature: readonly number[] | undefined): boolean {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (typeof d === 'string' || d < 0 || signature?.[i] === -1) return true;
  }
  return false;
}

/** dynamicDimsText, from the context's cache when the shape signature is not read (the cache is by tensor). */
function dynamicText(ctx: ConstraintContext, tensor: Tensor, shape: readonly (number | string)[], signature: readonly number[] | undefined): string | null {
  if (!hasDynamicDim(shape, signature)) return null;
  const cache = signature === undefined ? ctx.dynamicTexts : undefined;
  let text = cache?.get(tensor);
  if (text === undefined) {
    text = dynamicDimsText(shape, signature)!;
    cache?.set(tensor, text);
  }
  return text;
}

/**
 * What follows the role ("input 0 ('x')") in a dynamic-shape reason: " dims 0, 1 of [batch, seq, 2048] are
 * dynamic ('batch', 'seq'); …". One reason per tensor, naming every dynamic dim: a transformer's tensors
 * often have two or three (batch, seq, past_seq+seq), and a reason per dim tripled the node's reasons
 * (36,164 on a 10,189-node decoder) without telling the user anything more. Null when every dim is fixed.
 */
function dynamicDimsText(shape: readonly (number | string)[], signature: readonly number[] | undefined): string | null {
  // The lists are made at the first dynamic dim: most tensors have none, and this runs for every activation of every node.
  let at: number[] | null = null;
  let why: string[] | null = null;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (typeof d === 'string' || d < 0) {
      (at ??= []).push(i);
      (why ??= []).push(`'${d}'`);
    } else if (signature?.[i] === -1) {
      (at ??= []).push(i);
      (why ??= []).push('-1 in shape_signature');
    }
  }
  if (at === null || why === null) return null;
  const dims = shape.join(', ');
  if (at.length === 1) return ` dim ${at[0]} of [${dims}] is dynamic (${why[0]}); the target needs fixed shapes — pin it to a size`;
  return ` dims ${at.join(', ')} of [${dims}] are dynamic (${why.join(', ')}); the target needs fixed shapes — pin them to sizes`;
}
