// Shape inference over the whole model: every tensor gets a dtype and shape computed from graph
// inputs, initializers and attributes, with small constant values propagated through the
// shape-computing subgraphs exporters emit. Declared shapes (graph outputs, value_info, TFLite
// tensors) are checked against the inferred ones rather than trusted blindly.

import type { Diagnostic } from '../ir/diagnostic';
import type { Dim, Graph, Model, Node, Shape, Tensor } from '../ir/model';
import type { DType } from '../ir/dtype';
import { readSmallConstant } from './constValues';
import { formatLimit, MAX_FUNCTION_EXPANSION_NODES } from '../limits';
import { InvalidShapeError, LimitError, NodeCtx, ShapeError, Unknown, type InferState, type ShapeRule, type TensorInfo } from './context';
import { onnxRule } from './onnxRules';
import { tfliteRule } from './tfliteRules';
import { nodeSchemaProblem } from './schemaCheck';
import { inputTypeProblem } from './typeConstraints';

export interface InferShapesOptions {
  /** Values for symbolic dims (`{ batch: 1 }`), applied to every tensor before inference. */
  dims?: Record<string, number>;
}

export interface ShapeInferenceResult {
  diagnostics: Diagnostic[];
  /** Small constant values (≤ 64 elements) known per graph index, by tensor name. */
  values: Map<string, Dim[]>[];
  /** Nodes (graph index, node index) whose operator has no shape rule. */
  unsupported: { graph: number; node: number }[];
}

/** Infers shapes in place (Tensor.dtype/shape/shapeSource) and returns the findings. */
export function inferShapes(model: Model, options: InferShapesOptions = {}): Diagnostic[] {
  return inferShapesDetailed(model, options).diagnostics;
}

export function inferShapesDetailed(model: Model, options: InferShapesOptions = {}): ShapeInferenceResult {
  return new ShapeInference(model, options).run();
}

const NO_VALUE: Dim[] = [];
/** The input types of the node checkAgainstSchema looks at: one array reused for every node. */
const inputTypes: DType[] = [];

function sameShape(a: Shape, b: Shape): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when the declared shape contradicts the inferred one (rank, or two different known sizes). */
function contradicts(declared: Shape, inferred: Shape): boolean {
  if (declared === null || inferred === null) return false;
  if (declared.length !== inferred.length) return true;
  for (let i = 0; i < declared.length; i++) {
    const d = declared[i];
    const e = inferred[i];
    if (typeof d === 'number' && typeof e === 'number' && d !== e) return true;
  }
  return false;
}

/** A function that calls itself: reported once at the outermost call, never a stack overflow. */
class RecursiveFunction extends Error {}

function fmt(s: Shape): string {
  return s === null ? '?' : `[${s.join(', ')}]`;
}

class ShapeInference implements InferState {
  readonly values: Map<string, Dim[]>[];
  nextFresh = 0;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly unsupported: { graph: number; node: number }[] = [];
  private readonly unknownOps = new Map<string, { graph: number; node: number; count: number }>();
  private readonly done = new Set<number>();
  /** Function bodies being inferred right now (a call of one of these is recursion). */
  private readonly activeFunctions = new Set<number>();
  /** Results of function calls already inferred, by function and input types: a call chain is linear, not 2^depth. */
  private readonly functionResults = new Map<string, (TensorInfo | null)[]>();
  /** Nodes inferred through function bodies so far (MAX_FUNCTION_EXPANSION_NODES). */
  private functionNodes = 0;
  private functionBudgetReported = false;

  /** ONNX nodes are checked against ONNX's operator schemas (TFLite files have no such table). */
  private readonly onnx: boolean;

  constructor(readonly model: Model, private readonly options: InferShapesOptions) {
    this.values = model.graphs.map(() => new Map());
    this.onnx = model.format === 'onnx';
  }

  run(): ShapeInferenceResult {
    this.pinDims();
    // TFLite subgraphs are independent functions; ONNX subgraphs are reached from their If/Loop/Scan node.
    for (const g of this.model.graphs) {
      if (g.parent === undefined && !this.done.has(g.index)) this.inferGraph(g);
    }
    for (const g of this.model.graphs) if (!this.done.has(g.index)) this.inferGraph(g);
    for (const [key, u] of this.unknownOps) {
      this.diagnostics.push({
        severity: 'info', code: 'shapes/unknown-op', graph: u.graph, node: u.node,
        message: `No shape rule for operator '${key}' (${u.count} node(s)); their outputs keep the file's declared shapes or stay unknown, and their cost is not counted.`,
      });
    }
    this.reportDynamicInputs();
    return { diagnostics: this.diagnostics, values: this.values, unsupported: this.unsupported };
  }

  private pinDims(): void {
    const dims = this.options.dims;
    if (!dims || Object.keys(dims).length === 0) return;
    for (const g of this.model.graphs) {
      for (const t of g.tensors.values()) {
        if (t.shape && t.shape.some((d) => typeof d === 'string' && Object.hasOwn(dims, d))) {
          t.shape = t.shape.map((d) => (typeof d === 'string' && Object.hasOwn(dims, d) ? dims[d]! : d));
        }
      }
    }
  }

  private reportDynamicInputs(): void {
    const g = this.model.graphs[0];
    if (!g) return;
    for (const name of g.inputs) {
      const t = g.tensors.get(name);
      if (!t || t.constant || !t.shape) continue;
      t.shape.forEach((d, i) => {
        if (typeof d !== 'string') return;
        this.diagnostics.push({
          severity: 'warning', code: 'shapes/dynamic-input-dim', graph: 0, tensor: name,
          message: `Input '${name}' has dynamic dim ${i} ('${d}'). Many delegates and NPUs reject dynamic shapes; pin it (e.g. dims: { ${JSON.stringify(d)}: 1 }) to get exact shapes and costs.`,
        });
      });
    }
  }

  /** The graph whose table holds the tensor the last lookup() found (where its value is kept). */
  private foundIn = 0;

  /** Finds a tensor in a graph or, for names a body reads from its enclosing scope, in the parents. */
  lookup(graph: Graph, name: string): Tensor | undefined {
    let g: Graph | undefined = graph;
    while (g) {
      const t = g.tensors.get(name);
      if (t && (t.producer !== null || t.isGraphInput || t.constant || g.parent === undefined)) {
        this.foundIn = g.index;
        return t;
      }
      g = g.parent ? this.model.graphs[g.parent.graph] : undefined;
    }
    this.foundIn = graph.index;
    return graph.tensors.get(name);
  }

  lookupValue(graph: Graph, name: string): Dim[] | undefined {
    const t = this.lookup(graph, name);
    if (!t) return undefined;
    // The owner comes from the same walk (it was a second walk, one more Map lookup per value read).
    const owner = this.foundIn;
    const table = this.values[owner]!;
    let v = table.get(name);
    if (v === undefined && t.constant && t.shape) {
      v = readSmallConstant(this.model, owner, name, t.dtype, t.shape, t.data) ?? NO_VALUE;
      if (v !== NO_VALUE && t.shape.length === 0 && v.length !== 1) v = NO_VALUE;
      table.set(name, v);
    }
    return v === NO_VALUE ? undefined : v;
  }

  inferSubgraph(index: number, inputs: (TensorInfo | null)[]): (TensorInfo | null)[] {
    const g = this.model.graphs[index];
    if (!g) return [];
    g.inputs.forEach((name, i) => {
      const t = g.tensors.get(name);
      const info = inputs[i];
      if (!t || !info) return;
      if (t.dtype === 'unknown') t.dtype = info.dtype;
      // A body input without a declared shape takes the caller's.
      if (t.shape === null) t.shape = info.shape;
    });
    this.inferGraph(g);
    return g.outputs.map((name) => {
      const t = this.lookup(g, name);
      return t ? { dtype: t.dtype, shape: t.shape } : null;
    });
  }

  private ruleFor(node: Node): ShapeRule | undefined {
    if (this.model.format === 'tflite') return tfliteRule(node);
    const rule = onnxRule(node.domain, node.op);
    if (rule) return rule;
    const fn = this.model.functions.find((f) => f.domain === node.domain && f.name === node.op);
    if (!fn) return undefined;
    // A model-local function: infer its body with the call's inputs bound to its formal inputs.
    // Bounded three ways: a function that (indirectly) calls itself is an error, not a stack
    // overflow; calls with inputs already seen reuse the result (f_k calling f_{k-1} twice stays
    // linear); and all function bodies together expand at most MAX_FUNCTION_EXPANSION_NODES nodes.
    return (c) => {
      const name = fn.domain ? `${fn.domain}.${fn.name}` : fn.name;
      if (this.activeFunctions.has(fn.graph)) throw new RecursiveFunction(`function '${name}' calls itself (directly or through other functions); no runtime can expand it`);
      const inputs = c.node.inputs.map((_, i) => (c.has(i) ? { dtype: c.dtype(i), shape: c.shape(i) } : null));
      const key = `${fn.graph}|${JSON.stringify(inputs)}`;
      let outs = this.functionResults.get(key);
      if (!outs) {
        const body = this.model.graphs[fn.graph]?.nodes.length ?? 0;
        if (this.functionNodes + body > MAX_FUNCTION_EXPANSION_NODES) {
          throw new LimitError(`expanding function '${name}' would pass the limit of ${formatLimit(MAX_FUNCTION_EXPANSION_NODES)} nodes inferred through local functions; not expanded`);
        }
        this.functionNodes += body;
        this.activeFunctions.add(fn.graph);
        try {
          outs = this.inferSubgraph(fn.graph, inputs);
        } finally {
          this.activeFunctions.delete(fn.graph);
        }
        this.functionResults.set(key, outs);
      }
      outs.forEach((o, i) => { if (o) c.set(i, o.dtype, o.shape); });
    };
  }

  private inferGraph(g: Graph): void {
    this.done.add(g.index);
    const order = g.order;
    for (let k = 0; k < order.length; k++) {
      const node = g.nodes[order[k]!];
      if (node) this.inferNode(g, node);
    }
  }

  /**
   * What the operator's ONNX schema refuses of this node, its structure (schemaCheck.ts) or its
   * input types (typeConstraints.ts): ONNX Runtime refuses the model at load. Checked as each node
   * is reached, when its producers have set its input types and their tensors were just looked
   * up: a pass over the graph afterwards, reading every tensor again from cold memory, cost the
   * 10k-node decoder 5-30 ms instead of a few.
   */
  private checkAgainstSchema(g: Graph, node: Node): void {
    const broken = nodeSchemaProblem(node);
    if (broken) {
      this.diagnostics.push({ severity: 'error', code: 'shapes/schema-violation', graph: g.index, node: node.index, message: `${node.op} node '${node.name}' is invalid: ${broken}.` });
      return;
    }
    const inputs = node.inputs;
    // Written by index, never trimmed: the array keeps its backing store from node to node.
    for (let k = 0; k < inputs.length; k++) inputTypes[k] = inputs[k] === '' ? 'unknown' : this.lookup(g, inputs[k]!)?.dtype ?? 'unknown';
    const problem = inputTypeProblem(node.op, node.opVersion, inputs, inputTypes);
    if (problem) this.diagnostics.push({ severity: 'error', code: 'shapes/invalid-type', graph: g.index, node: node.index, message: `${node.op} node '${node.name}' is invalid: ${problem}.` });
  }

  private inferNode(g: Graph, node: Node): void {
    if (this.onnx && (node.domain === '' || node.domain === 'ai.onnx')) this.checkAgainstSchema(g, node);
    const rule = this.ruleFor(node);
    if (!rule) {
      this.unsupported.push({ graph: g.index, node: node.index });
      const key = node.domain && node.domain !== 'tflite' ? `${node.domain}::${node.op}` : node.op;
      const u = this.unknownOps.get(key);
      if (u) u.count++;
      else this.unknownOps.set(key, { graph: g.index, node: node.index, count: 1 });
      for (const name of node.outputs) {
        const t = name ? g.tensors.get(name) : undefined;
        if (t && t.shape !== null) t.shapeSource = 'declared';
      }
      return;
    }
    const ctx = new NodeCtx(this, g, node);
    try {
      rule(ctx);
    } catch (e) {
      if (e instanceof RecursiveFunction) {
        this.diagnostics.push({ severity: 'error', code: 'read/recursive-function', graph: g.index, node: node.index, message: `${node.op} node '${node.name}': ${e.message}.` });
      } else if (e instanceof LimitError) {
        this.diagnostics.push({ severity: 'warning', code: 'limits/not-expanded', graph: g.index, node: node.index, message: `${node.op} node '${node.name}': ${e.message}; its outputs stay unknown.` });
      } else if (e instanceof InvalidShapeError) {
        this.diagnostics.push({ severity: 'error', code: 'shapes/invalid-shape', graph: g.index, node: node.index, message: `${node.op} node '${node.name}' is invalid: ${e.message}.` });
      } else if (!(e instanceof Unknown)) {
        const problem = e instanceof ShapeError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
        this.diagnostics.push({
          severity: 'warning', code: 'shapes/invalid-node', graph: g.index, node: node.index,
          message: `Cannot infer the output shapes of ${node.op} node '${node.name}': ${problem}.`,
        });
      }
      ctx.outputs.fill(null);
      ctx.outValues.fill(undefined);
    }
    const outputs = node.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const name = outputs[i]!;
      if (name === '') continue;
      const t = g.tensors.get(name);
      if (!t) continue;
      const inferred = ctx.outputs[i] ?? null;
      const v = ctx.outValues[i];
      if (v !== undefined) this.values[g.index]!.set(name, v);
      if (!inferred) {
        if (t.shape !== null) t.shapeSource = 'declared';
        continue;
      }
      this.apply(g, node, t, inferred);
    }
  }

  /** Checks the file's declaration against the inference, then records the better of both. */
  private apply(g: Graph, node: Node, t: Tensor, inferred: TensorInfo): void {
    const declared = t.shape;
    const declaredType = t.dtype;
    // TFLite rules pass input dtypes through (quantize/dequantize change them), so only shapes are compared there.
    const typeClash = this.model.format !== 'tflite' && declaredType !== 'unknown' && inferred.dtype !== 'unknown' && declaredType !== inferred.dtype;
    if (typeClash && (node.domain === '' || node.domain === 'ai.onnx')) {
      // ONNX Runtime refuses the model: "Type (tensor(int64)) of output arg (y) of node () does not
      // match expected type (tensor(float))" (test/oracle-ort.test.ts).
      this.diagnostics.push({
        severity: 'error', code: 'shapes/invalid-type', graph: g.index, node: node.index, tensor: t.name,
        message: `Tensor '${t.name}' is declared ${declaredType} but ${node.op} node '${node.name}' produces ${inferred.dtype}.`,
      });
    } else if (contradicts(declared, inferred.shape) || typeClash) {
      this.diagnostics.push({
        severity: 'warning', code: 'shapes/declared-mismatch', graph: g.index, node: node.index, tensor: t.name,
        message: `Tensor '${t.name}' is declared ${declaredType} ${fmt(declared)} but ${node.op} node '${node.name}' produces ${inferred.dtype} ${fmt(inferred.shape)}.`,
      });
    }
    if (this.model.format === 'tflite' && declared !== null) {
      // TFLite interpreters allocate from the stored shapes, so those stay authoritative.
      t.shapeSource = 'declared';
      if (t.dtype === 'unknown') t.dtype = inferred.dtype;
      return;
    }
    if (inferred.dtype !== 'unknown') t.dtype = inferred.dtype;
    if (inferred.shape === null) {
      if (declared !== null) t.shapeSource = 'declared';
      return;
    }
    if (declared !== null && declared.length === inferred.shape.length && !sameShape(declared, inferred.shape)) {
      // Keep inferred sizes; where we only have an unknown, the file's known size or name is better.
      t.shape = inferred.shape.map((d, i) => (typeof d === 'number' ? d : declared[i] ?? d));
    } else {
      t.shape = inferred.shape;
    }
    t.shapeSource = 'inferred';
  }
}
