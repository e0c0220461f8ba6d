// ONNX's own operator schemas, every version of every ai.onnx operator (onnxSchemas.json: ONNX
// 1.23.0's, opsets 1-28, generated as tools/onnx-schemas/README.md says): what a node must be for
// ONNX Runtime to load it. typeConstraints.ts checks its input types, schemaCheck.ts the rest.

/** How a formal input or output repeats: single, optional, variadic of one type, variadic of any types. */
export type Option = 's' | 'o' | 'v' | 'h';
/** A formal input: its type parameter ('' for a fixed type), the index of its allowed types, how it repeats. */
export type FormalInput = [param: string, typeSet: number, option: Option];
/** An attribute of the schema: its name, its type as the IR names it, required (1). */
export type SchemaAttribute = [name: string, type: string, required: number];
/**
 * One version of an operator's schema: since which opset, deprecated (1), its formal inputs, the
 * input and output counts it allows, its outputs' options (one letter each), its attributes, and
 * whether it accepts attributes it does not declare (1).
 */
export type SchemaVersion = [
  since: number, deprecated: number, inputs: FormalInput[], counts: [minIn: number, maxIn: number, minOut: number, maxOut: number],
  outputs: string, attributes: SchemaAttribute[], unchecked: number,
];

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

interface Loaded {
  table: Table;
  ops: Map<string, OpEntry>;
  typeSets: ReadonlySet<string>[];
}

let loaded: Loaded | null = null;

/** The table, parsed on first use (65 KB of JSON that a TFLite or script analysis never needs). */
function load(): Loaded {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const table = require('./onnxSchemas.json') as Table;
    loaded = {
      table,
      ops: new Map(Object.entries(table.ops).map(([op, versions]) => [op, { versions, opset: -1, schema: undefined }])),
      typeSets: table.typeSets.map((s) => new Set(s)),
    };
  }
  return loaded;
}

/** The newest opset the table knows: a node of a newer opset is not checked (its schema may differ). */
export function schemaTableMaxOpset(): number {
  return load().table.maxOpset;
}

/**
 * The schema an ai.onnx node of `op` at `opset` is checked against: the newest version since at
 * most that opset. Undefined for an operator the table does not know, a node without an opset,
 * or an opset newer than the table's.
 */
export function schemaFor(op: string, opset: number | undefined): SchemaVersion | undefined {
  if (opset === undefined) return undefined;
  const table = load();
  if (opset > table.table.maxOpset) return undefined;
  const entry = table.ops.get(op);
  if (!entry) return undefined;
  if (entry.opset !== opset) {
    let found: SchemaVersion | undefined;
    for (const v of entry.versions) if (v[0] <= opset) found = v;
    entry.opset = opset;
    entry.schema = found;
  }
  return entry.schema;
}

/** The element types of a type set, by index. */
export function typeSet(index: number): ReadonlySet<string> | undefined {
  return load().typeSets[index];
}
