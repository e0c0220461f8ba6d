// ONNX's operator type constraints as DeployLens checks them (src/core/shapes/typeConstraints.ts):
// the committed table is what ONNX's own Python package defines, and the check reads it the way
// ONNX Runtime's loader does. Each verdict is matched against ONNX Runtime in test/oracle-ort.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DType } from '../src/core/ir/dtype';
import type { AttributeValue, Node } from '../src/core/ir/model';
import { schemaTableMaxOpset } from '../src/core/shapes/onnxSchemaTable';
import { nodeSchemaProblem } from '../src/core/shapes/schemaCheck';
import { inputTypeProblem } from '../src/core/shapes/typeConstraints';
import { oracleUnavailable } from './support/shapeOracle';
import { repoRoot } from './support/sharedModels';

const toolDir = path.join(repoRoot(), 'tools', 'onnx-schemas');
const committedTable = path.join(repoRoot(), 'src', 'core', 'shapes', 'onnxSchemas.json');

interface Table { typeSets: string[][]; ops: Record<string, [number, number, [string, number, string][], number[], string, [string, string, number][], number][]> }

/** Runs the generator (python3 only: it needs the onnx package only without --schemas) into a temporary file and reads it. */
function generate(args: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-onnx-types-'));
  try {
    const out = path.join(dir, 'table.json');
    const r = spawnSync('/usr/bin/python3', [path.join(toolDir, 'gen_schema_table.py'), ...args, out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return fs.readFileSync(out, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every schema version up to `maxOpset` as "Op-since" → what the checks read of it, with allowed
 * types spelled out (not whether it takes undeclared attributes: the Python package does not say).
 */
function expand(table: Table, maxOpset: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [op, versions] of Object.entries(table.ops)) {
    for (const [since, deprecated, inputs, counts, outputs, attributes] of versions) {
      if (since <= maxOpset) out.set(`${op}-${since}`, JSON.stringify([deprecated, inputs.map(([p, set, o]) => [p, table.typeSets[set], o]), counts, outputs, attributes]));
    }
  }
  return out;
}

test('the committed type-constraint table is the generator\'s output on the committed ONNX 1.23 schemas', (t) => {
  if (spawnSync('/usr/bin/python3', ['--version']).error) {
    t.skip('/usr/bin/python3 not found');
    return;
  }
  const generated = generate(['--schemas', path.join(repoRoot(), 'third_party', 'onnx', 'schemas-1.23.0.json'), '1.23.0']);
  assert.equal(generated, fs.readFileSync(committedTable, 'utf8'), 'regenerate: see tools/onnx-schemas/README.md');
});

test('up to opset 17 the committed schemas are ONNX 1.12\'s (Debian\'s python3-onnx), but for two later corrections', (t) => {
  const why = oracleUnavailable();
  if (why) {
    t.skip(why);
    return;
  }
  const old = expand(JSON.parse(generate([])) as Table, 17);
  const committed = expand(JSON.parse(fs.readFileSync(committedTable, 'utf8')) as Table, 17);
  assert.deepEqual([...committed.keys()].sort(), [...old.keys()].sort(), 'the same operator versions');
  const differ = [...committed.keys()].filter((k) => committed.get(k) !== old.get(k)).sort();
  // ONNX corrected these frozen versions after 1.12, and ONNX Runtime 1.30 follows the correction:
  // it refuses Erf-13 of int32 (test/oracle-ort.test.ts), and GridSample-16's grid got its own
  // type parameter T2 instead of sharing the data's T1.
  assert.deepEqual(differ, ['Erf-13', 'GridSample-16']);
});

/** The inputs' types in input order, as the shape inference hands them to the check. */
const typesOf = (inputs: string[], m: Record<string, DType>): DType[] => inputs.map((name) => m[name] ?? 'unknown');

test('two inputs bound to one type parameter must have one type; an input of a type the schema does not allow is named', () => {
  assert.match(inputTypeProblem('Add', 14, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32', b: 'float16' }))!, /inputs 'a' \(float32\) and 'b' \(float16\) must have one type, Add's T/);
  assert.equal(inputTypeProblem('Add', 14, ['a', 'b'], typesOf(['a', 'b'], { a: 'float16', b: 'float16' })), null);
  // Pow's exponent has its own parameter (T1) since opset 12, and shared T before.
  assert.equal(inputTypeProblem('Pow', 12, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32', b: 'int64' })), null);
  assert.match(inputTypeProblem('Pow', 7, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32', b: 'int64' }))!, /'b' is int64, which Pow-7 does not take/);
  assert.match(inputTypeProblem('Sigmoid', 13, ['x'], typesOf(['x'], { x: 'int64' }))!, /input 'x' is int64, which Sigmoid-13 does not take \(T: bfloat16, float16, float32, float64\)/);
  // A fixed-type input (Reshape's shape is tensor(int64)).
  assert.match(inputTypeProblem('Reshape', 14, ['x', 's'], typesOf(['x', 's'], { x: 'float32', s: 'int32' }))!, /'s' is int32, which Reshape-14 does not take \(it takes int64\)/);
  // A variadic input of one type parameter binds every repetition (Concat's inputs)…
  assert.match(inputTypeProblem('Concat', 13, ['a', 'b', 'c'], typesOf(['a', 'b', 'c'], { a: 'int64', b: 'int64', c: 'int32' }))!, /'a' \(int64\) and 'c' \(int32\)/);
  // …a heterogeneous one binds none (Loop's carried values).
  assert.equal(inputTypeProblem('Loop', 16, ['m', 'cond', 'v1', 'v2'], typesOf(['m', 'cond', 'v1', 'v2'], { m: 'int64', cond: 'bool', v1: 'float32', v2: 'int64' })), null);
});

test('what the table cannot judge is not judged: unknown types, newer opsets, unknown and deprecated operators', () => {
  assert.equal(inputTypeProblem('Add', 14, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32' })), null, 'an input of unknown type');
  assert.equal(inputTypeProblem('Add', schemaTableMaxOpset() + 1, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32', b: 'float16' })), null, 'a newer opset may allow more');
  assert.equal(inputTypeProblem('Add', undefined, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32', b: 'float16' })), null, 'no opset imported');
  assert.equal(inputTypeProblem('NoSuchOp', 13, ['a', 'b'], typesOf(['a', 'b'], { a: 'float32', b: 'float16' })), null);
  // Upsample is deprecated from opset 10 (Resize replaces it): ORT refuses it for that, not for its types.
  assert.equal(inputTypeProblem('Upsample', 10, ['x', 's'], typesOf(['x', 's'], { x: 'float32', s: 'int64' })), null);
  assert.equal(inputTypeProblem('Add', 14, ['a', ''], typesOf(['a', ''], { a: 'float32' })), null, 'an omitted optional input');
});

/** A node for the schema check: an ai.onnx op at an opset, its inputs, outputs and attributes. */
function node(op: string, opVersion: number, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): Node {
  return { index: 0, name: 'n', op, domain: '', canonicalOp: op, opVersion, inputs, outputs, attributes, subgraphs: [] };
}

test('a node is checked against its schema as OpSchema::Verify does, with the sentence that says what is wrong', () => {
  // onnx/onnx@f754691 onnx/defs/schema.cc:185-343, in its order: deprecation, counts, empty single inputs/outputs, attributes.
  assert.match(nodeSchemaProblem(node('Upsample', 10, ['x', 's'], ['y']))!, /Upsample is deprecated since opset 10/);
  assert.equal(nodeSchemaProblem(node('Upsample', 9, ['x', 's'], ['y'])), null);
  assert.match(nodeSchemaProblem(node('Conv', 17, ['x'], ['y']))!, /it has 1 input\(s\); Conv-11 takes 2 to 3/);
  assert.match(nodeSchemaProblem(node('Relu', 17, ['x'], ['y', 'z']))!, /it has 2 output\(s\); Relu-14 gives exactly 1/);
  assert.match(nodeSchemaProblem(node('Concat', 13, [], ['y'], { axis: { type: 'int', value: 0 } }))!, /Concat-13 takes at least 1/);
  assert.match(nodeSchemaProblem(node('Relu', 17, [''], ['y']))!, /input 0 is empty, but Relu-14 requires it/);
  assert.equal(nodeSchemaProblem(node('Clip', 13, ['x', '', ''], ['y'])), null, 'empty optional inputs');
  assert.equal(nodeSchemaProblem(node('Dropout', 13, ['x'], ['y', ''])), null, 'an empty optional output');
  assert.match(nodeSchemaProblem(node('ReduceMean', 18, ['x'], ['y'], { axes: { type: 'ints', value: [1] } }))!, /ReduceMean-18 has no attribute 'axes' \(its attributes: keepdims, noop_with_empty_axes\)/);
  assert.equal(nodeSchemaProblem(node('ReduceMean', 17, ['x'], ['y'], { axes: { type: 'ints', value: [1] } })), null);
  assert.match(nodeSchemaProblem(node('Relu', 17, ['x'], ['y'], { alpha: { type: 'float', value: 1 } }))!, /Relu-14 has no attribute 'alpha' \(it takes none\)/);
  assert.equal(nodeSchemaProblem(node('Relu', 17, ['x'], ['y'], { __internal: { type: 'int', value: 1 } })), null, 'an internal (__) attribute');
  assert.equal(nodeSchemaProblem(node('LayerNormalization', 17, ['x', 's'], ['y'], { note: { type: 'int', value: 1 } })), null, 'LayerNormalization-17 allows unchecked attributes');
  assert.match(nodeSchemaProblem(node('Softmax', 13, ['x'], ['y'], { axis: { type: 'float', value: 1.5 } }))!, /attribute 'axis' is float, but Softmax-13 declares it int/);
  assert.match(nodeSchemaProblem(node('Cast', 13, ['x'], ['y']))!, /Cast-13 requires attribute 'to', which is missing/);
  // What the IR cannot type is not judged: a reference to a function's attribute, a list over the read limit.
  assert.equal(nodeSchemaProblem(node('Softmax', 13, ['x'], ['y'], { axis: { type: 'other', kind: 'ref:a' } })), null);
  assert.equal(nodeSchemaProblem(node('Transpose', 13, ['x'], ['y'], { perm: { type: 'other', kind: 'ints (2,000,000 elements, not read)' } })), null);
  assert.match(nodeSchemaProblem(node('Transpose', 13, ['x'], ['y'], { perm: { type: 'other', kind: 'floats (2,000,000 elements, not read)' } }))!, /is floats, but Transpose-13 declares it ints/);
  assert.equal(nodeSchemaProblem(node('NoSuchOp', 13, ['x'], ['y'])), null);
  assert.equal(nodeSchemaProblem(node('Relu', schemaTableMaxOpset() + 1, ['x'], ['y', 'z'])), null, 'a newer opset than the table');
});
