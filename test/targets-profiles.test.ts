import assert from 'node:assert/strict';
import { test } from 'node:test';
import schema from '../schemas/target-profile.schema.json';
import { builtinProfileSources, builtinTargetIds, DEFAULT_TARGET_ID, getBuiltinTarget, listBuiltinTargets } from '../src/core/targets/builtins';
import { SUPPORTED_KEYWORDS } from '../src/core/targets/schemaCheck';
import { TargetRegistry } from '../src/core/targets/targetRegistry';
import { schemaErrors, TargetProfileError } from '../src/core/targets/validateProfile';

function collectKeywords(node: unknown, out: Set<string>, inProperties = false): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) { node.forEach((n) => collectKeywords(n, out)); return; }
  for (const [k, v] of Object.entries(node)) {
    if (!inProperties) out.add(k);
    // Under properties/$defs the keys are names, not keywords.
    const names = !inProperties && (k === 'properties' || k === '$defs');
    if (names) for (const sub of Object.values(v as object)) collectKeywords(sub, out);
    else if (!inProperties && (k === 'enum' || k === 'required')) continue;
    else collectKeywords(v, out);
  }
}

test('the schema uses only keywords the validator evaluates', () => {
  const used = new Set<string>();
  collectKeywords(schema, used);
  const unsupported = [...used].filter((k) => !SUPPORTED_KEYWORDS.has(k));
  assert.deepEqual(unsupported, []);
});

test('every built-in profile validates against the shipped schema, before and after extends', () => {
  for (const raw of builtinProfileSources()) assert.deepEqual(schemaErrors(raw), [], (raw as { id: string }).id);
  for (const p of listBuiltinTargets()) assert.deepEqual(schemaErrors(p), [], p.id);
  assert.equal(listBuiltinTargets().length, 16);
});

test('the default target exists and is TFLite Micro on a Cortex-M7 with 512 KB SRAM', () => {
  const t = getBuiltinTarget(DEFAULT_TARGET_ID);
  assert.ok(t);
  assert.equal(t.memory.sramBytes, 512 * 1024);
  assert.equal(t.runtime, 'tflite-micro');
});

test('built-ins carry the facts their runtimes publish', () => {
  assert.equal(getBuiltinTarget('tflite-gpu')!.partitioning.maxPartitions, 1);
  assert.equal(getBuiltinTarget('coral-edgetpu')!.partitioning.mode, 'single-segment');
  assert.equal(getBuiltinTarget('coral-edgetpu')!.memory.onChipParameterBytes, 8 * 1024 * 1024);
  assert.deepEqual(getBuiltinTarget('ethos-u55-128')!.operators.DEPTHWISE_CONV_2D!.strides, { min: 1, max: 3 });
  assert.equal(getBuiltinTarget('ort-mobile')!.operators.HardSwish, undefined);
  for (const p of listBuiltinTargets()) {
    for (const [op, rule] of Object.entries(p.operators)) assert.ok(rule.source || p.sources?.length, `${p.id} ${op} has no source`);
  }
});

test('archetype profiles extend a built-in and add budgets', () => {
  const rt = getBuiltinTarget('realtime-control-m7')!;
  assert.equal(rt.extends, 'tflm-cortex-m7');
  assert.equal(rt.budgets?.latencyMs, 5);
  assert.equal(rt.memory.sramBytes, 512 * 1024);
  assert.ok(rt.operators.CONV_2D?.supported);
  assert.equal(getBuiltinTarget('battery-sensor-m4')!.budgets?.arenaBytes, 96 * 1024);
});

test('a user profile extending a built-in deep-merges one operator constraint and keeps the rest', () => {
  const reg = new TargetRegistry();
  const p = reg.add({
    file: '.deploylens/targets/my-u55.json',
    text: JSON.stringify({ id: 'my-u55', extends: 'ethos-u55-128', name: 'My U55', memory: { sramBytes: 1048576 }, operators: { CONV_2D: { strides: { max: 2 } }, GELU: { supported: true } } }),
  });
  assert.equal(p.name, 'My U55');
  assert.equal(p.memory.sramBytes, 1048576);
  assert.equal(p.memory.weightsIn, 'flash');
  assert.deepEqual(p.operators.CONV_2D!.strides, { min: 1, max: 2 });
  assert.deepEqual(p.operators.CONV_2D!.kernel, { maxHeight: 64, maxArea: 4096, dilated: true });
  assert.ok(p.operators.GELU!.supported);
  assert.ok(p.operators.ADD!.supported);
  assert.equal(reg.get('my-u55'), p);
  // A later profile can extend the user's own.
  const q = reg.add({ file: 'b.json', text: '{"id": "my-u55-small", "extends": "my-u55", "memory": {"sramBytes": 1024}}' });
  assert.deepEqual(q.operators.CONV_2D!.strides, { min: 1, max: 2 });
  assert.equal(getBuiltinTarget('ethos-u55-128')!.operators.CONV_2D!.strides!.max, 3, 'the built-in is not modified');
});

function errorOf(text: string, file = 'targets/bad.json'): TargetProfileError {
  try {
    new TargetRegistry().add({ file, text });
  } catch (e) {
    assert.ok(e instanceof TargetProfileError, String(e));
    return e;
  }
  assert.fail('expected a TargetProfileError');
}

test('bad JSON names the file, line and column', () => {
  const e = errorOf('{\n  "id": "x",\n  "name": "X",\n}\n');
  assert.equal(e.problems[0]!.line, 4);
  assert.equal(e.problems[0]!.column, 1);
  assert.match(e.message, /^targets\/bad\.json:4:1: \$: invalid JSON: expected a property name/);
});

test('a wrong type names the JSON path and its position', () => {
  const e = errorOf('{\n  "id": "x",\n  "extends": "tflm-cortex-m4",\n  "memory": { "sramBytes": "256K" }\n}');
  assert.equal(e.jsonPath, '$.memory.sramBytes');
  assert.equal(e.problems[0]!.line, 4);
  assert.match(e.message, /targets\/bad\.json:4:\d+: \$\.memory\.sramBytes: expected integer, found the string "256K"/);
});

test('an unknown extends id is named with the known ids', () => {
  const e = errorOf('{"id": "x", "extends": "tflm-cortex-m9"}');
  assert.equal(e.jsonPath, '$.extends');
  assert.match(e.message, /unknown profile id 'tflm-cortex-m9' \(known: .*tflm-cortex-m7/);
});

test('operator constraint mistakes point into the operator table', () => {
  const unknownKey = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"Conv": {"supported": true, "stride": {"max": 2}}}}');
  assert.equal(unknownKey.jsonPath, '$.operators.Conv.stride');
  assert.match(unknownKey.message, /unknown property 'stride'/);
  const badRange = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"Conv": {"supported": true, "strides": {"min": 3, "max": 2}}}}');
  assert.equal(badRange.jsonPath, '$.operators.Conv.strides');
  assert.match(badRange.message, /min 3 is greater than max 2/);
  const triple = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"QUANTIZE": {"supported": true, "ioTypePairs": [["float32", "int8", "int16"]]}}}');
  assert.equal(triple.jsonPath, '$.operators.QUANTIZE.ioTypePairs[0]');
  assert.match(triple.message, /has 3 items; at most 2 allowed/);
  const badType = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"ARG_MAX": {"supported": true, "inputDtypes": {"0": ["int9"]}}}}');
  assert.equal(badType.jsonPath, '$.operators.ARG_MAX.inputDtypes["0"][0]');
  const badRole = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"SOFTMAX": {"supported": true, "quantizationParams": [{"inputTypes": ["int8"], "tensors": ["output"], "zeroPoint": -128, "source": "softmax_common.cc:103"}]}}}');
  assert.equal(badRole.jsonPath, '$.operators.SOFTMAX.quantizationParams[0].tensors[0]');
  assert.match(badRole.message, /does not match/);
  const zeroScale = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"SOFTMAX": {"supported": true, "quantizationParams": [{"inputTypes": ["int8"], "tensors": ["output 0"], "scale": 0, "source": "softmax_common.cc:104"}]}}}');
  assert.equal(zeroScale.jsonPath, '$.operators.SOFTMAX.quantizationParams[0].scale');
  const onePair = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"FULLY_CONNECTED": {"supported": true, "typePairs": [{"tensors": ["input 0", "input 1"], "pairs": [["float32"]], "source": "fully_connected.cc:87"}]}}}');
  assert.equal(onePair.jsonPath, '$.operators.FULLY_CONNECTED.typePairs[0].pairs[0]');
  const badRoleName = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"EMBEDDING_LOOKUP": {"supported": true, "typePairs": [{"tensors": ["input 1", "out 0"], "pairs": [["float32", "float32"]], "source": "embedding_lookup.cc:91"}]}}}');
  assert.equal(badRoleName.jsonPath, '$.operators.EMBEDDING_LOOKUP.typePairs[0].tensors[1]');
  const noSource = errorOf('{"id": "x", "extends": "tflm-cortex-m7", "operators": {"FULLY_CONNECTED": {"supported": true, "typePairs": [{"tensors": ["input 0", "input 1"], "pairs": [["float32", "float32"]]}]}}}');
  assert.match(noSource.message, /missing the required property 'source'/);
  const missing = errorOf('{"id": "x", "operators": {}}');
  assert.match(missing.message, /missing the required property 'name'/);
});

test('a user profile can replace a built-in by id', () => {
  const reg = new TargetRegistry();
  reg.add({ file: 'm7.json', text: '{"id": "tflm-cortex-m7", "extends": "tflm-cortex-m7", "memory": {"sramBytes": 1048576}}' });
  assert.equal(reg.get('tflm-cortex-m7')!.memory.sramBytes, 1048576);
  assert.equal(reg.ids().filter((id) => id === 'tflm-cortex-m7').length, 1);
  // Never silently (issue 12): the name every report and status bar shows says so, and which file did it.
  assert.equal(reg.get('tflm-cortex-m7')!.name, 'TFLite Micro on Cortex-M7 (CMSIS-NN) [overrides built-in, from m7.json]');
  assert.equal(reg.get('tflm-cortex-m7')!.overridesBuiltin, 'm7.json');
  // A profile extending the replacement is not itself a replacement.
  reg.add({ file: 'mine.json', text: '{"id": "mine", "extends": "tflm-cortex-m7", "name": "Mine"}' });
  assert.equal(reg.get('mine')!.overridesBuiltin, undefined);
  assert.ok(builtinTargetIds().includes('coral-edgetpu'));
});
