// What an operator's shape rule sees: its node, typed accessors for its inputs (shape, dtype,
// small constant value) and attributes, and a way to set its outputs. Rules never touch the
// graph directly, so every rule is a small pure function of this context.

import type { DType } from '../ir/dtype';
import type { AttributeValue, Dim, Graph, Model, Node, Shape, Tensor } from '../ir/model';
import { formatLimit, MAX_RANK } from '../limits';

export interface TensorInfo {
  dtype: DType;
  shape: Shape;
}

/** Thrown by a rule when the inputs contradict the operator's contract (e.g. Concat rank mismatch). */
export class ShapeError extends Error {}

/**
 * The graph itself is invalid (a negative size, two -1 in a Reshape target, a rank-0 input to a
 * pool, a size beyond 2^53): no runtime can load it, so this is an error finding, not a gap of ours.
 */
export class InvalidShapeError extends ShapeError {}

/**
 * Expanding the node would allocate in proportion to what the file declares (a rank of 2^31): the
 * outputs stay unknown and a finding names the limit (src/core/limits.ts).
 */
export class LimitError extends Error {}

/** Checks a shape a rule computed: sizes must be non-negative safe integers, the rank bounded. */
export function checkShape(shape: readonly Dim[]): void {
  if (shape.length > MAX_RANK) throw new LimitError(`output rank ${formatLimit(shape.length)} is over the limit of ${MAX_RANK}; not expanded`);
  let elements = 1;
  // Indexed, not for-of: this runs for every output of every node, mostly before the optimizing
  // compiler has seen it, where an iterator loop allocates a result object per element.
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (typeof d !== 'number') continue;
    if (!Number.isFinite(d) || !Number.isInteger(d)) throw new InvalidShapeError(`computed size ${d} is not an integer`);
    if (d < 0) throw new InvalidShapeError(`computed size ${d} in [${shape.join(', ')}] is negative`);
    if (d > Number.MAX_SAFE_INTEGER) throw new InvalidShapeError(`computed size ${d} is beyond 2^53`);
    elements *= d;
  }
  if (elements > Number.MAX_SAFE_INTEGER) throw new InvalidShapeError(`[${shape.join(', ')}] has more than 2^53 elements`);
}

/** Run-wide state shared by every node context. */
export interface InferState {
  model: Model;
  /** Small constant values per graph index, by tensor name (flattened, row-major). */
  values: Map<string, Dim[]>[];
  nextFresh: number;
  /** Infers a subgraph (control-flow body) with the given input infos; returns its output infos. */
  inferSubgraph(graph: number, inputs: (TensorInfo | null)[]): (TensorInfo | null)[];
  /** A tensor a node of `graph` reads (a body's names resolve in its enclosing graphs too). */
  lookup(graph: Graph, name: string): Tensor | undefined;
  /** The small constant value of that tensor, if known. */
  lookupValue(graph: Graph, name: string): Dim[] | undefined;
}

export class NodeCtx {
  readonly outputs: (TensorInfo | null)[];
  readonly outValues: (Dim[] | undefined)[];

  /**
   * Lookups go through `state`'s methods, not closures handed in per inference run: optimized code
   * that inlines a closure embeds it, and was thrown away when the closure died with its run.
   */
  constructor(
    readonly state: InferState,
    readonly graph: Graph,
    readonly node: Node,
  ) {
    // Filled by index, not by map(() => ...): one node context per node of a 10k-node graph, cold.
    // One output (most ops) as an exact literal: a list grown by push gets a 17-slot store at once.
    const n = node.outputs.length;
    this.outputs = n === 1 ? [null] : [];
    this.outValues = n === 1 ? [undefined] : [];
    for (let i = n === 1 ? 1 : 0; i < n; i++) {
      this.outputs.push(null);
      this.outValues.push(undefined);
    }
  }

  get opset(): number {
    return this.node.opVersion ?? 1;
  }

  get inputCount(): number {
    return this.node.inputs.length;
  }

  has(i: number): boolean {
    const name = this.node.inputs[i];
    return name !== undefined && name !== '';
  }

  /** The input tensor tensor() found last, and its index: rules ask for shape(i) and dtype(i) in turn, one lookup by name for both. */
  private lastInput = -1;
  private lastTensor: Tensor | undefined = undefined;

  private tensor(i: number): Tensor | undefined {
    if (i === this.lastInput) return this.lastTensor;
    const name = this.node.inputs[i];
    if (name === undefined || name === '') return undefined;
    const t = this.state.lookup(this.graph, name);
    this.lastInput = i;
    this.lastTensor = t;
    return t;
  }

  shape(i: number): Shape {
    return this.tensor(i)?.shape ?? null;
  }

  /** Shape of input i, or a ShapeError when it is unknown (rules that need it stop there). */
  need(i: number): Dim[] {
    const s = this.shape(i);
    if (s === null) throw new Unknown();
    return s;
  }

  rank(i: number): number | null {
    return this.shape(i)?.length ?? null;
  }

  dtype(i: number): DType {
    return this.tensor(i)?.dtype ?? 'unknown';
  }

  /** Small constant value of input i, if propagated. */
  value(i: number): Dim[] | undefined {
    const name = this.node.inputs[i];
    if (name === undefined || name === '') return undefined;
    return this.state.lookupValue(this.graph, name);
  }

  /** Constant value that must be fully numeric (axes, pads, ...). */
  numbers(i: number): number[] | undefined {
    const v = this.value(i);
    return v && v.every((d) => typeof d === 'number') ? (v as number[]) : undefined;
  }

  attr(name: string): AttributeValue | undefined {
    return this.node.attributes[name];
  }

  int(name: string, fallback: number): number {
    const a = this.node.attributes[name];
    return a?.type === 'int' ? a.value : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.node.attributes[name];
    return a?.type === 'float' ? a.value : a?.type === 'int' ? a.value : fallback;
  }

  ints(name: string): number[] | undefined {
    const a = this.node.attributes[name];
    if (a?.type === 'ints') return a.value;
    if (a?.type === 'int') return [a.value];
    return undefined;
  }

  floats(name: string): number[] | undefined {
    const a = this.node.attributes[name];
    return a?.type === 'floats' ? a.value : undefined;
  }

  str(name: string, fallback: string): string {
    const a = this.node.attributes[name];
    return a?.type === 'string' ? a.value : fallback;
  }

  /** A new symbolic name for a dim we cannot know statically (data-dependent or unresolved). */
  fresh(hint: string): string {
    return `${hint}_${this.state.nextFresh++}`;
  }

  /** `rank` fresh dims; the rank is checked against MAX_RANK before anything is allocated. */
  freshShape(rank: number, hint: string): Dim[] {
    if (!Number.isSafeInteger(rank) || rank < 0) throw new InvalidShapeError(`output rank ${rank} is not a valid rank`);
    if (rank > MAX_RANK) throw new LimitError(`output rank ${formatLimit(rank)} is over the limit of ${MAX_RANK}; not expanded`);
    return Array.from({ length: rank }, () => this.fresh(hint));
  }

  /**
   * The declared length of 1-D input i (a shape, axes or repeats input whose values are unknown),
   * which becomes an output rank: null when unknown; beyond MAX_RANK a LimitError that says what
   * the file declared ("shape input 's' declares 2,147,483,648 elements; not expanded").
   */
  declaredLength(i: number): number | null {
    const n = this.shape(i)?.[0];
    if (typeof n !== 'number') return null;
    if (n > MAX_RANK) {
      throw new LimitError(`input '${this.node.inputs[i] ?? ''}' declares ${formatLimit(n)} elements; not expanded (DeployLens expands shapes of at most ${MAX_RANK} dims)`);
    }
    return n;
  }

  set(i: number, dtype: DType, shape: Shape, value?: Dim[]): void {
    if (i >= this.outputs.length) return;
    if (shape !== null) checkShape(shape);
    this.outputs[i] = { dtype, shape };
    if (value !== undefined) this.outValues[i] = value;
  }
}

/** Signals that a needed input shape is unknown: outputs stay unknown, without a diagnostic. */
export class Unknown extends Error {
  constructor() {
    super('unknown input shape');
  }
}

export type ShapeRule = (c: NodeCtx) => void;
