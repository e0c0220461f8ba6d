// ONNX → TFLite builtins, as a converter (TinyNeuralNetwork, onnx2tf, ai-edge-torch) emits them:
// - ops map through the format bridge's table (analysis/formatBridge.ts), decompositions become
//   real nodes (BatchNormalization → MUL + ADD, HardSigmoid → MUL, ADD, MINIMUM, MAXIMUM, …);
// - layout: TFLite kernels are NHWC. Rank-4 activations become NHWC; the graph keeps its NCHW
//   inputs and outputs (one TRANSPOSE each where needed), ops that depend on the memory order
//   (Reshape, Flatten, MatMul, …) get a TRANSPOSE back to NCHW only when the spatial dims are not
//   1×1, and an ONNX Transpose whose permutation the layout change absorbs disappears;
// - weights: CONV_2D OHWI, DEPTHWISE_CONV_2D 1HWO, FULLY_CONNECTED [out, in];
// - explicit pads become PAD + VALID (SOURCES.tinyNeuralNetworkGroundTruth: 18 PAD for the 18
//   padded 3×3 convolutions of MobileNetV2); SAME/VALID auto_pad stay padding options;
// - Gemm → FULLY_CONNECTED, GlobalAveragePool → MEAN, Flatten → RESHAPE, int64 → int32.

import { onnxToTflite } from '../../analysis/formatBridge';
import { attrNumber, attrNumbers, attrString } from '../../analysis/nodeGeometry';
import type { AttributeValue, Dim, Model, Node, Tensor } from '../../ir/model';
import { mainGraph } from '../../ir/model';
import { canonicalBuiltinOp } from '../../tflite/canonicalOps';
import { dtypeBytes } from '../../ir/dtype';
import { elementCount } from '../../ir/tensorSize';
import { copyTensor, type WorkGraph, type WorkNode } from '../workGraph';

type Layout = 'nchw' | 'nhwc';

/** Ops whose TFLite kernels compute in NHWC. */
const NHWC_OPS = new Set(['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'BatchNormalization',
  'InstanceNormalization', 'Resize', 'Upsample', 'DepthToSpace', 'SpaceToDepth', 'LpNormalization', 'QLinearConv']);
/** Ops that work on any layout (element by element, or along an axis the conversion remaps). */
const AGNOSTIC_OPS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Sqrt', 'Reciprocal', 'Exp', 'Log', 'Abs', 'Neg', 'Max', 'Min', 'Floor', 'Ceil',
  'Round', 'Sin', 'Cos', 'Sign', 'Relu', 'Sigmoid', 'Tanh', 'HardSwish', 'HardSigmoid', 'LeakyRelu', 'PRelu', 'Elu', 'Gelu', 'Erf', 'Clip',
  'Softmax', 'LogSoftmax', 'Concat', 'Split', 'Slice', 'Pad', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceSum', 'ReduceProd',
  'Where', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Cast', 'QuantizeLinear', 'DequantizeLinear',
  'Selu', 'Softplus', 'Mish', 'Sum', 'Mean', 'ArgMax', 'ArgMin']);

/** Physical position of each logical NCHW axis in NHWC. */
const NHWC_POSITION = [0, 3, 1, 2];
/** Logical axis held at each physical position. */
const NHWC_AXES = [0, 2, 3, 1];

function rank4(t: Tensor | undefined): boolean {
  return t?.shape?.length === 4;
}

function toNhwc(shape: Dim[]): Dim[] {
  return [shape[0]!, shape[2]!, shape[3]!, shape[1]!];
}

/** A 1×1 spatial extent: NHWC and NCHW hold the same bytes in the same order, no copy needed. */
function trivialSpatial(t: Tensor | undefined): boolean {
  const s = t?.shape;
  return !!s && s.length === 4 && s[2] === 1 && s[3] === 1;
}

function attrs(n: WorkNode): Node {
  return { index: -1, name: n.name, op: n.op, domain: n.domain, canonicalOp: n.canonicalOp, inputs: n.inputs, outputs: n.outputs, attributes: n.attributes, subgraphs: n.subgraphs };
}

const str = (value: string): AttributeValue => ({ type: 'string', value });
const ints = (value: number[]): AttributeValue => ({ type: 'ints', value });
const int = (value: number): AttributeValue => ({ type: 'int', value });

class Converter {
  private readonly layout = new Map<string, Layout>();
  /** The TRANSPOSE output already made for a tensor, per wanted layout (no key string per lookup). */
  private readonly converted: Record<Layout, Map<string, string>> = { nhwc: new Map(), nchw: new Map() };
  private readonly reshapedWeights = new Set<string>();
  private inserted = 0;
  /**
   * One origin per conversion note, shared by every node it describes: a 50k-node Relu chain made
   * 50k equal notes and origins, all kept with the deployed graph (nodes never edit their origin).
   */
  private readonly origins = new Map<string, { note: string }>();
  changed = 0;

  constructor(private readonly g: WorkGraph, private readonly model: Model) {}

  private layoutOf(name: string): Layout {
    return this.layout.get(name) ?? 'nchw';
  }

  private setNhwc(name: string): void {
    const t = this.g.tensor(name);
    if (!t || !rank4(t) || this.layoutOf(name) === 'nhwc') return;
    const nhwc = copyTensor(t);
    nhwc.shape = toNhwc(t.shape!);
    this.g.setTensor(nhwc);
    this.layout.set(name, 'nhwc');
  }

  private pos(at: WorkNode, before: boolean): number {
    this.inserted++;
    return at.pos + (before ? -0.5 : 0.5) + this.inserted * 1e-7;
  }

  /** `name` in physical layout `want`: itself, or the output of a TRANSPOSE inserted before `reader`. */
  private physical(name: string, want: Layout, reader: WorkNode): string {
    const t = this.g.tensor(name);
    // 1×1 spatial tensors hold the same bytes in either layout: no copy.
    if (!name || !t || !rank4(t) || t.constant || this.layoutOf(name) === want || this.trivialLogicalSpatial(name)) return name;
    const hit = this.converted[want].get(name);
    if (hit) return hit;
    const out = this.g.freshName(`${name}_${want}`);
    const shape = want === 'nhwc' ? toNhwc(t.shape!) : [t.shape![0]!, t.shape![3]!, t.shape![1]!, t.shape![2]!];
    this.g.setTensor({ ...t, name: out, shape, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false });
    this.layout.set(out, want);
    const perm = want === 'nhwc' ? [0, 2, 3, 1] : [0, 3, 1, 2];
    this.g.add({
      op: 'TRANSPOSE', domain: 'tflite', canonicalOp: canonicalBuiltinOp('TRANSPOSE'), name: `${reader.name}/to_${want}`,
      inputs: [name, this.intConstant(`${out}_perm`, perm)], outputs: [out], attributes: { perm: ints(perm) },
      covers: reader.covers.slice(0, 1), pos: this.pos(reader, true),
      origin: { note: `a layout TRANSPOSE the converter inserts (${want === 'nhwc' ? 'NCHW → NHWC' : 'NHWC → NCHW'})` },
    });
    this.converted[want].set(name, out);
    this.changed++;
    return out;
  }

  /** trivialSpatial of the tensor's logical (NCHW) view: an NHWC tensor holds H, W at positions 1, 2. */
  private trivialLogicalSpatial(name: string): boolean {
    const t = this.g.tensor(name);
    if (!t || this.layoutOf(name) === 'nchw' || !rank4(t)) return trivialSpatial(t);
    const s = t.shape!;
    return s[1] === 1 && s[2] === 1;
  }

  private intConstant(base: string, values: number[]): string {
    const name = this.g.freshName(base);
    const bytes = new Uint8Array(Int32Array.from(values).buffer);
    this.g.setTensor({ name, dtype: 'int32', shape: [values.length], constant: true, data: { kind: 'inline', bytes, encoding: 'raw' }, dataBytes: bytes.byteLength, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false, origin: 'converter' });
    return name;
  }

  private reshapeWeight(name: string, shape: number[]): void {
    if (!name || this.reshapedWeights.has(name)) return;
    const t = this.g.tensor(name);
    if (!t) return;
    this.reshapedWeights.add(name);
    const reshaped = copyTensor(t);
    reshaped.shape = shape;
    this.g.setTensor(reshaped);
  }

  /** PAD before `n` for explicit ONNX pads; returns the padding option left for the kernel. */
  private padding(n: WorkNode): 'SAME' | 'VALID' {
    const autoPad = attrString(attrs(n), 'auto_pad') ?? 'NOTSET';
    if (autoPad === 'VALID') return 'VALID';
    if (autoPad.startsWith('SAME')) return 'SAME';
    const pads = attrNumbers(attrs(n), 'pads') ?? [];
    if (pads.every((p) => p === 0)) return 'VALID';
    const x = n.inputs[0]!;
    const t = this.g.tensor(x);
    const [top, left, bottom, right] = [pads[0] ?? 0, pads[1] ?? 0, pads[2] ?? 0, pads[3] ?? 0];
    const s = t?.shape;
    const padded = this.g.freshName(`${x}_padded`);
    const shape: Dim[] | null = s && s.length === 4
      ? [s[0]!, typeof s[1] === 'number' ? s[1] + top + bottom : s[1]!, typeof s[2] === 'number' ? s[2] + left + right : s[2]!, s[3]!]
      : null;
    this.g.setTensor({ ...(t ?? { dtype: 'float32' as const, constant: false }), name: padded, shape, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false, constant: false } as Tensor);
    this.layout.set(padded, 'nhwc');
    this.g.add({
      op: 'PAD', domain: 'tflite', canonicalOp: canonicalBuiltinOp('PAD'), name: `${n.name}/pad`,
      inputs: [x, this.intConstant(`${padded}_paddings`, [0, 0, top, bottom, left, right, 0, 0])], outputs: [padded],
      covers: n.covers.slice(0, 1), pos: this.pos(n, true),
      origin: { note: `explicit pads [${pads.join(', ')}] become a PAD before the kernel, which then uses VALID padding` },
    });
    this.g.setInputs(n, [padded, ...n.inputs.slice(1)]);
    this.changed++;
    return 'VALID';
  }

  /** Its rank-4 outputs. */
  private outputsRank4(n: WorkNode): string[] {
    return n.outputs.filter((o) => o !== '' && rank4(this.g.tensor(o)));
  }

  /**
   * Whether an input is a rank-4 activation held in NHWC. When none is, an agnostic op keeps NCHW
   * and every other op reads its inputs as they are (physical() returns each name unchanged), so
   * place() has nothing to do: most nodes of a transformer, answered with one Map lookup per input.
   */
  private readsNhwcActivation(n: WorkNode): boolean {
    for (const i of n.inputs) {
      if (i === '' || this.layout.get(i) !== 'nhwc') continue;
      const t = this.g.tensor(i);
      if (t && rank4(t) && !t.constant) return true;
    }
    return false;
  }

  /** Layout handling for one ONNX node before its op is renamed. */
  private place(n: WorkNode): void {
    const g = this.g;
    if (n.op === 'Transpose' && rank4(g.tensor(n.inputs[0] ?? ''))) {
      this.transpose(n);
      return;
    }
    if (NHWC_OPS.has(n.op)) {
      g.setInputs(n, [this.physical(n.inputs[0] ?? '', 'nhwc', n), ...n.inputs.slice(1)]);
      for (const o of this.outputsRank4(n)) this.setNhwc(o);
      return;
    }
    if (!this.readsNhwcActivation(n)) return;
    if (AGNOSTIC_OPS.has(n.op)) {
      const acts = n.inputs.filter((i) => i !== '' && rank4(g.tensor(i)) && !g.isConstant(i));
      const want: Layout = acts.some((i) => this.layoutOf(i) === 'nhwc') ? 'nhwc' : 'nchw';
      this.mapInputs(n, (i) => (acts.includes(i) ? this.physical(i, want, n) : i));
      if (want === 'nhwc') {
        for (const o of this.outputsRank4(n)) this.setNhwc(o);
        // Axes name logical NCHW dims: point them at the NHWC positions.
        for (const key of ['axis', 'axes']) {
          const a = n.attributes[key];
          // A new attributes object: the work graph shares the original node's until a pass replaces it.
          if (a?.type === 'int') n.attributes = { ...n.attributes, [key]: int(NHWC_POSITION[(a.value + 4) % 4]!) };
          if (a?.type === 'ints') n.attributes = { ...n.attributes, [key]: ints(a.value.map((v) => NHWC_POSITION[(v + 4) % 4]!)) };
        }
        // Per-channel constants ([1, C, 1, 1]) broadcast along NHWC's last axis once transposed.
        for (const i of n.inputs) {
          const t = i ? g.tensor(i) : undefined;
          if (t && t.constant && rank4(t)) this.reshapeWeight(i, toNhwc(t.shape!) as number[]);
        }
      }
      return;
    }
    // Everything else reads its inputs in their ONNX (NCHW) memory order.
    this.mapInputs(n, (i) => (i && !g.isConstant(i) ? this.physical(i, 'nchw', n) : i));
  }

  /**
   * Each input through `f`, in order (it may insert a layout TRANSPOSE); a new inputs array only when
   * one changes: most ops of a graph need no transpose, and keep the array they share with the file's node.
   */
  private mapInputs(n: WorkNode, f: (name: string) => string): void {
    let next: string[] | null = null;
    for (let k = 0; k < n.inputs.length; k++) {
      const name = n.inputs[k]!;
      const mapped = f(name);
      if (mapped === name) continue;
      next ??= n.inputs.slice();
      next[k] = mapped;
    }
    if (next) this.g.setInputs(n, next);
  }

  /** An ONNX Transpose of a rank-4 tensor: compose with the layout change; elide when nothing moves. */
  private transpose(n: WorkNode): void {
    const g = this.g;
    const x = n.inputs[0]!;
    const out = n.outputs[0]!;
    const p = attrNumbers(attrs(n), 'perm') ?? [3, 2, 1, 0];
    const inPos = this.layoutOf(x) === 'nhwc' ? NHWC_POSITION : [0, 1, 2, 3];
    const candidates: [Layout, number[]][] = [['nhwc', NHWC_AXES], ['nchw', [0, 1, 2, 3]]];
    for (const [layout, outAxes] of candidates) {
      const q = outAxes.map((axis) => inPos[p[axis]!]!);
      if (q.every((v, k) => v === k) && !g.isGraphOutput(out)) {
        if (layout === 'nhwc') this.setNhwc(out);
        g.bypass(n, 'elided', 'a Transpose the NHWC layout change absorbs; the converter removes it');
        this.layout.set(x, layout);
        this.changed++;
        return;
      }
    }
    const q = NHWC_AXES.map((axis) => inPos[p[axis]!]!);
    this.setNhwc(out);
    n.attributes = { ...n.attributes, perm: ints(q) };
  }

  /** Renames an ONNX node to its TFLite builtin(s) and adapts attributes and weights. */
  private convert(n: WorkNode): void {
    const g = this.g;
    const original = mainGraph(this.model);
    const bridged = onnxToTflite(attrs(n), original, this.model);
    if (bridged.ops === null) {
      n.origin = { note: bridged.note, noBuiltin: true };
      return;
    }
    if (bridged.ops.length === 0) {
      g.bypass(n, 'elided', bridged.note);
      return;
    }
    const main = bridged.ops.length === 3 && bridged.ops[1] === 'CONV_2D' ? 1 : 0;
    const op = bridged.ops[main]!;
    const source = n.op;
    this.rename(n, op, bridged.note);
    this.adapt(n, source, op);
    if (bridged.ops.length > 1) this.decompose(n, bridged.ops, main, bridged.note);
    this.changed++;
  }

  private rename(n: WorkNode, op: string, note: string): void {
    n.op = op;
    n.domain = 'tflite';
    n.canonicalOp = canonicalBuiltinOp(op);
    let origin = this.origins.get(note);
    if (!origin) this.origins.set(note, (origin = { note }));
    n.origin = origin;
    // The ONNX opset is not a TFLite op version: the converter picks the builtin's version from the
    // features the op uses, which the conversion does not model, so the version is left unknown
    // (set to undefined, not deleted: a delete turns the node into a slow dictionary object).
    n.opVersion = undefined;
  }

  /** Attributes and weight layouts of the TFLite kernel. */
  private adapt(n: WorkNode, source: string, op: string): void {
    const g = this.g;
    const a = attrs(n);
    const w = g.tensor(n.inputs[1] ?? '');
    const ws = w?.shape?.every((d) => typeof d === 'number') ? (w.shape as number[]) : null;
    if (op === 'CONV_2D' || op === 'DEPTHWISE_CONV_2D') {
      const strides = attrNumbers(a, 'strides') ?? [1, 1];
      const dilations = attrNumbers(a, 'dilations') ?? [1, 1];
      const padding = this.padding(n);
      const next: Record<string, AttributeValue> = { padding: str(padding), strides: ints(strides), dilations: ints(dilations), fused_activation_function: str('NONE') };
      if (ws && ws.length === 4) {
        if (op === 'CONV_2D') this.reshapeWeight(n.inputs[1]!, [ws[0]!, ws[2]!, ws[3]!, ws[1]!]);
        else {
          const inC = this.g.tensor(n.inputs[0] ?? '')?.shape?.[3];
          this.reshapeWeight(n.inputs[1]!, [1, ws[2]!, ws[3]!, ws[0]!]);
          if (typeof inC === 'number' && inC > 0) next.depth_multiplier = int(Math.max(1, Math.round(ws[0]! / inC)));
        }
      }
      n.attributes = next;
    } else if (op === 'TRANSPOSE_CONV') {
      const padding = this.padding(n);
      if (ws && ws.length === 4) this.reshapeWeight(n.inputs[1]!, [ws[1]!, ws[2]!, ws[3]!, ws[0]!]);
      g.setInputs(n, [this.intConstant(`${n.outputs[0]}_shape`, [0, 0, 0, 0]), n.inputs[1] ?? '', n.inputs[0] ?? '', ...(n.inputs[2] ? [n.inputs[2]] : [])]);
      n.attributes = { padding: str(padding), strides: ints(attrNumbers(a, 'strides') ?? [1, 1]), fused_activation_function: str('NONE') };
    } else if (op === 'MAX_POOL_2D' || op === 'AVERAGE_POOL_2D') {
      const padding = this.padding(n);
      n.attributes = { padding: str(padding), strides: ints(attrNumbers(a, 'strides') ?? [1, 1]), kernel_shape: ints(attrNumbers(a, 'kernel_shape') ?? [1, 1]), fused_activation_function: str('NONE') };
    } else if (op === 'FULLY_CONNECTED') {
      if (ws && ws.length === 2) {
        const transposed = source === 'Gemm' ? (attrNumber(a, 'transB') ?? 0) === 1 : false;
        if (!transposed) this.reshapeWeight(n.inputs[1]!, [ws[1]!, ws[0]!]);
      }
      const inRank = g.tensor(n.inputs[0] ?? '')?.shape?.length ?? 2;
      n.attributes = { fused_activation_function: str('NONE'), keep_num_dims: int(inRank > 2 ? 1 : 0) };
    } else if (op === 'MEAN' && source === 'GlobalAveragePool') {
      g.setInputs(n, [n.inputs[0]!, this.intConstant(`${n.outputs[0]}_axes`, [1, 2])]);
      n.attributes = { keepdims: int(1) };
    } else if (op === 'ADD' || op === 'SUB' || op === 'MUL' || op === 'DIV') {
      n.attributes = { fused_activation_function: str('NONE') };
    } else if (op === 'CONCATENATION') {
      n.attributes = { axis: n.attributes.axis ?? int(0), fused_activation_function: str('NONE') };
    } else if (op === 'SOFTMAX') {
      n.attributes = { beta: { type: 'float', value: 1 } };
    }
  }

  /** A decomposition's other ops, chained through fresh tensors shaped like the node's output. */
  private decompose(n: WorkNode, ops: string[], main: number, note: string): void {
    const g = this.g;
    const out = n.outputs[0]!;
    const outT = g.tensor(out);
    const activation = n.inputs[0]!;
    const chain: WorkNode[] = [];
    let prev = activation;
    ops.forEach((op, i) => {
      const last = i === ops.length - 1;
      const target = last ? out : g.freshName(`${out}_${op.toLowerCase()}`);
      if (!last && outT) {
        g.setTensor({ ...outT, name: target, producer: null, consumers: [], isGraphInput: false, isGraphOutput: false });
        if (this.layoutOf(out) === 'nhwc') this.layout.set(target, 'nhwc');
      }
      if (i === main) {
        g.setInputs(n, [prev, ...n.inputs.slice(1)]);
        g.setOutputs(n, [target]);
        chain.push(n);
      } else {
        chain.push(g.add({
          op, domain: 'tflite', canonicalOp: canonicalBuiltinOp(op), name: `${n.name}/${op.toLowerCase()}`,
          inputs: [prev], outputs: [target], covers: n.covers.slice(0, 1), pos: this.pos(n, i < main),
          attributes: op === 'ADD' || op === 'MUL' || op === 'SUB' ? { fused_activation_function: str('NONE') } : {},
          origin: { note },
        }));
      }
      prev = target;
    });
    chain.forEach((c, i) => { c.pos = n.pos + (i - main) * 1e-4; });
    g.moved();
  }

  run(): void {
    const g = this.g;
    const liveNodes = g.live();
    for (let li = 0; li < liveNodes.length; li++) {
      const n = liveNodes[li]!;
      if (n.removed || n.domain === 'tflite') continue;
      this.place(n);
      if (!n.removed) this.convert(n);
    }
    // Graph outputs keep their ONNX layout.
    for (const o of [...g.outputs]) {
      if (this.layoutOf(o) !== 'nhwc' || this.trivialLogicalSpatial(o)) continue;
      const p = g.producer(o);
      if (!p) continue;
      const inner = g.freshName(`${o}_nhwc`);
      const t = g.tensor(o)!;
      g.setTensor({ ...t, name: inner, isGraphOutput: false });
      for (const c of g.consumersOf(o)) g.setInputs(c, c.inputs.map((x) => (x === o ? inner : x)));
      g.setOutputs(p, p.outputs.map((x) => (x === o ? inner : x)));
      this.layout.set(inner, 'nhwc');
      const s = t.shape!;
      g.setTensor({ ...t, shape: [s[0]!, s[3]!, s[1]!, s[2]!] });
      this.layout.set(o, 'nchw');
      g.add({
        op: 'TRANSPOSE', domain: 'tflite', canonicalOp: canonicalBuiltinOp('TRANSPOSE'), name: `${o}/to_nchw`,
        inputs: [inner, this.intConstant(`${o}_perm`, [0, 3, 1, 2])], outputs: [o], covers: p.covers.slice(0, 1), pos: this.pos(p, false),
        origin: { note: 'a layout TRANSPOSE the converter inserts so the output keeps its NCHW layout (NHWC → NCHW)' },
      });
      this.changed++;
    }
    // The TFLite converter narrows int64 (ONNX indices and shapes) to int32.
    // forEach, not for…of over values(): no iterator result per tensor in this run-once loop. Setting
    // an existing key while iterating is allowed (the entry is updated in place, visited once).
    g.tensors.forEach((t) => {
      if (t.dtype === 'int64') {
        // Only a constant's stored bytes shrink (its element count is needed for nothing else).
        const n = t.constant ? elementCount(t.shape) : null;
        g.setTensor(asInt32(t, n !== null ? dtypeBytes('int32', n) ?? 0 : t.dataBytes));
      }
    });
  }
}

/** An int64 tensor as the converter stores it (a transformer has thousands of int64 shape tensors: copyTensor, no spread). */
function asInt32(t: Tensor, dataBytes: number | undefined): Tensor {
  const c = copyTensor(t);
  c.dtype = 'int32';
  c.dataBytes = dataBytes;
  return c;
}

export function convertToTflite(g: WorkGraph, model: Model): number {
  const c = new Converter(g, model);
  c.run();
  return c.changed;
}

/**
 * x · HardSigmoid(x) with HardSigmoid's default-like (1/6, 1/2) coefficients is HardSwish: the TFLite
 * converter matches it into HARD_SWISH (MatchHardSwishPattern1/2 in SOURCES.tfliteFusedActivations).
 */
export function fuseHardSwish(g: WorkGraph): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const hs = liveNodes[li]!;
    if (hs.removed || hs.op !== 'HardSigmoid' || hs.domain !== '') continue;
    const alpha = attrNumber(attrs(hs), 'alpha') ?? 0.2;
    const beta = attrNumber(attrs(hs), 'beta') ?? 0.5;
    if (Math.abs(alpha - 1 / 6) > 1e-3 || Math.abs(beta - 0.5) > 1e-3) continue;
    const mul = g.soleConsumer(hs);
    const x = hs.inputs[0];
    if (!mul || mul.op !== 'Mul' || !x || !mul.inputs.includes(x) || !mul.inputs.includes(hs.outputs[0]!)) continue;
    mul.op = 'HardSwish';
    mul.canonicalOp = 'HardSwish';
    g.setInputs(mul, [x]);
    mul.attributes = {};
    g.merge(hs, mul, 'fused', `HardSigmoid and Mul are one HardSwish (x · hardsigmoid(x)); the converter emits HARD_SWISH`);
    changed++;
  }
  return changed;
}
