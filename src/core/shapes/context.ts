// What an operator's shape rule sees: its node, typed accessors for its inputs (shape, dtype,
// small constant value) and attributes, and a way to set its outputs. Rules never touch the
// graph directly, so every rule is a small pure function of this context.

import type { DType } from '../ir/dtype';
import type { AttributeValue, Dim, Graph, Model, Node, Shape, Tensor } from '../ir/model';

export interface TensorInfo {
  dtype: DType;
  shape: Shape;
}

/** Thrown by a rule when the inputs contradict the operator's contract (e.g. Concat rank mismatch). */
export class ShapeError extends Error {}

/** Run-wide state shared by every node context. */
export interface InferState {
  model: Model;
  /** Small constant values per graph index, by tensor name (flattened, row-major). */
  values: Map<string, Dim[]>[];
  nextFresh: number;
  /** Infers a subgraph (control-flow body) with the given input infos; returns its output infos. */
  inferSubgraph(graph: number, inputs: (TensorInfo | null)[]): (TensorInfo | null)[];
}

export class NodeCtx {
  readonly outputs: (TensorInfo | null)[];
  readonly outValues: (Dim[] | undefined)[];

  constructor(
    readonly state: InferState,
    readonly graph: Graph,
    readonly node: Node,
    private readonly lookup: (graph: Graph, name: string) => Tensor | undefined,
    private readonly lookupValue: (graph: Graph, name: string) => Dim[] | undefined,
  ) {
    this.outputs = node.outputs.map(() => null);
    this.outValues = node.outputs.map(() => undefined);
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

  private tensor(i: number): Tensor | undefined {
    const name = this.node.inputs[i];
    if (name === undefined || name === '') return undefined;
    return this.lookup(this.graph, name);
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
    return this.lookupValue(this.graph, name);
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

  freshShape(rank: number, hint: string): Dim[] {
    return Array.from({ length: rank }, () => this.fresh(hint));
  }

  set(i: number, dtype: DType, shape: Shape, value?: Dim[]): void {
    if (i >= this.outputs.length) return;
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
