// The element types an ONNX operator's inputs may have, from ONNX's own operator schemas
// (onnxTypeConstraints.json: ONNX 1.23.0's, opsets 1-28, generated as tools/onnx-types/README.md
// says). ONNX Runtime checks them when it loads a model: an input type its parameter does not
// allow, or two inputs bound to one type parameter with different types (a float16 tensor added
// to a float32 one, after a partial fp16 conversion), and it refuses the model. So does
// DeployLens, with the same table.

import type { DType } from '../ir/dtype';
import table from './onnxTypeConstraints.json';

/** How a formal input repeats: single, optional, variadic of one type, variadic of any types. */
type Option = 's' | 'o' | 'v' | 'h';
/** A formal input: its type parameter ('' for a fixed type), the index of its allowed types, how it repeats. */
type FormalInput = [param: string, typeSet: number, option: Option];
/** One version of an operator's schema: since which opset, deprecated (1), its formal inputs. */
type SchemaVersion = [since: number, deprecated: number, inputs: FormalInput[]];

interface Table {
  source: string;
  maxOpset: number;
  typeSets: string[][];
  ops: Record<string, SchemaVersion[]>;
}

/** An operator's schema versions, and the one the last node asked for (a model has one opset per domain). */
interface OpEntry {
  versions: SchemaVersion[];
  opset: number;
  schema: SchemaVersion | undefined;
}

const TABLE = table as unknown as Table;
const OPS = new Map<string, OpEntry>(Object.entries(TABLE.ops).map(([op, versions]) => [op, { versions, opset: -1, schema: undefined }]));
const TYPE_SETS: ReadonlySet<string>[] = TABLE.typeSets.map((s) => new Set(s));

/** Where the table comes from, for docs and findings. */
export const TYPE_TABLE_SOURCE = TABLE.source;
/** The newest opset the table knows: a node of a newer opset is not checked (its schema may allow more). */
export const TYPE_TABLE_MAX_OPSET = TABLE.maxOpset;

/** Types with no element type to check (sequences, resources, what the reader could not tell). */
function unchecked(dtype: DType): boolean {
  return dtype === 'unknown' || dtype === 'resource' || dtype === 'variant';
}

function schemaFor(op: string, opset: number): SchemaVersion | undefined {
  const entry = OPS.get(op);
  if (!entry) return undefined;
  if (entry.opset !== opset) {
    let found: SchemaVersion | undefined;
    for (const v of entry.versions) if (v[0] <= opset) found = v;
    entry.opset = opset;
    entry.schema = found;
  }
  return entry.schema;
}

// The type parameters bound so far on the node being checked: parallel arrays reused across nodes,
// written by index up to boundCount. This runs for every node of a graph: a Map per node, or
// `length = 0` (which gives the backing store back, so the next push allocates another), made
// garbage per node that cost a 10k-node decoder's inference more than the check itself.
const boundParams: string[] = [];
const boundTypes: DType[] = [];
const boundInputs: string[] = [];
let boundCount = 0;

function boundIndex(param: string): number {
  for (let b = 0; b < boundCount; b++) if (boundParams[b] === param) return b;
  return -1;
}

function typeList(set: number): string {
  return [...(TYPE_SETS[set] ?? [])].join(', ');
}

/**
 * The first input of an ai.onnx node whose element type its schema refuses, as the sentence a
 * finding says (`dtypes[i]` is input i's type, for i < inputs.length: plain values, so that the
 * optimized code holds nothing of one analysis and is not thrown away with it); null when every known input type is allowed, or the node is not checked (another
 * domain, an opset newer than the table's, an operator it does not know or a deprecated one).
 */
export function inputTypeProblem(op: string, opset: number | undefined, inputs: readonly string[], dtypes: readonly DType[]): string | null {
  if (opset === undefined || opset > TYPE_TABLE_MAX_OPSET) return null;
  const schema = schemaFor(op, opset);
  if (!schema || schema[1] === 1) return null;
  const formals = schema[2];
  if (formals.length === 0) return null;
  boundCount = 0;
  for (let i = 0; i < inputs.length; i++) {
    const name = inputs[i]!;
    if (name === '') continue;
    const last = formals[formals.length - 1]!;
    const formal = i < formals.length ? formals[i]! : last[2] === 'v' || last[2] === 'h' ? last : undefined;
    if (!formal) continue;
    const dtype = dtypes[i] ?? 'unknown';
    if (unchecked(dtype)) continue;
    // Indexed, not destructured: array destructuring goes through the iterator protocol, an
    // allocation per input in code that runs before the optimizing compiler has seen it.
    const param = formal[0];
    const set = formal[1];
    const option = formal[2];
    const allowed = TYPE_SETS[set];
    if (allowed && allowed.size > 0 && !allowed.has(dtype)) {
      return `input '${name}' is ${dtype}, which ${op}-${schema[0]} does not take${param ? ` (${param}: ${typeList(set)})` : ` (it takes ${typeList(set)})`}`;
    }
    if (param === '' || option === 'h') continue;
    const at = boundIndex(param);
    if (at < 0) {
      boundParams[boundCount] = param;
      boundTypes[boundCount] = dtype;
      boundInputs[boundCount] = name;
      boundCount++;
    } else if (boundTypes[at] !== dtype) {
      return `inputs '${boundInputs[at]!}' (${boundTypes[at]!}) and '${name}' (${dtype}) must have one type, ${op}'s ${param}`;
    }
  }
  return null;
}
