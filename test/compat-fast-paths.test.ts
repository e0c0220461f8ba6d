// The compatibility check, its findings and the report's rows take shortcuts on the common case
// (checkConstraints appends into the caller's array without closures, compatibilityDiagnostics
// groups a node's reasons in one pass when they share a finding code, the report makes a folded
// node's reason in place): each must give what the general way gives, where it applies and where
// it steps aside.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareModel, reportFor } from '../src/core/analyze';
import { checkCompatibility, compatibilityDiagnostics, type NodeSupport, type Reason } from '../src/core/analysis/compatibility';
import { originalSupports } from '../src/core/analysis/targetAnalysis';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import type { TargetProfile } from '../src/core/targets/profile';
import { buildModel, q } from './support/targetIr';
import { writeSmallDecoder } from './support/transformerDecoder';

const target = (id: string): TargetProfile => {
  const t = getBuiltinTarget(id);
  assert.ok(t, id);
  return t;
};

const violated = (kind: Reason['kind'], message: string, tensor?: string): Reason => ({ kind, outcome: 'violated', constraint: `operators.ADD.${kind}`, message, ...(tensor ? { tensor } : {}) });

/** The general grouping: one finding per code in first-seen order, reasons joined with '; ' (what the one-pass path must equal). */
function reference(s: NodeSupport, codeOf: (r: Reason) => string): { code: string; reasons: Reason[]; text: string }[] {
  const byCode = new Map<string, Reason[]>();
  for (const r of s.reasons) if (r.outcome === 'violated') byCode.set(codeOf(r), [...(byCode.get(codeOf(r)) ?? []), r]);
  return [...byCode].map(([code, reasons]) => {
    const text = reasons.map((r) => r.message).join('; ');
    return { code, reasons, text: text.endsWith('.') ? text.slice(0, -1) : text };
  });
}

test('findings of a node: one code in one pass, mixed codes grouped by code in first-seen order, the same text either way', () => {
  const m7 = target('tflm-cortex-m7');
  const model = buildModel('tflite', {
    a: { dtype: 'int8', shape: [1, 8], quantization: q() },
    b: { dtype: 'int8', shape: [1, 8], quantization: q() },
    c: { dtype: 'int8', shape: [1, 8], quantization: q() },
  }, [{ op: 'ADD', inputs: ['a', 'b'], outputs: ['c'] }]);
  const codeOf = (r: Reason) => (r.kind === 'dynamic-shape' ? 'compat/dynamic-shape' : r.kind === 'unsupported-op' ? 'compat/unsupported-op' : 'compat/constraint');
  const bridge: Reason = { kind: 'bridge', outcome: 'info', message: 'after conversion, Add becomes ADD' };
  const cases: NodeSupport[] = [
    // One code (the fast path), the bridge note between the reasons; the last message ends with '.'.
    { node: 0, status: 'constraint-violated', judgedAs: ['ADD'], reasons: [violated('dynamic-shape', "input 0 ('a') dim 0 is dynamic", 'a'), bridge, violated('dynamic-shape', 'output 0 is dynamic.', 'c')] },
    // Mixed codes (the general path): dynamic-shape, constraint, dynamic-shape, unsupported.
    { node: 0, status: 'constraint-violated', judgedAs: ['ADD'], reasons: [violated('dynamic-shape', 'first', 'a'), violated('rank', 'rank 6.'), bridge, violated('dynamic-shape', 'third', 'c'), violated('unsupported-op', 'no ADD')] },
    // Failing status without a violated reason: no finding.
    { node: 0, status: 'constraint-violated', judgedAs: ['ADD'], reasons: [bridge] },
  ];
  for (const s of cases) {
    const got = compatibilityDiagnostics(model, m7, [s]);
    const want = reference(s, codeOf);
    assert.deepEqual(got.map((d) => d.code), want.map((w) => w.code));
    got.forEach((d, i) => {
      assert.deepEqual(d.reasons, want[i]!.reasons);
      assert.equal(d.message, `Node 'add_0' (ADD) on ${m7.name} (after conversion, Add becomes ADD): Cannot run — ${want[i]!.text}.`);
      assert.equal(d.tensor, want[i]!.reasons[0]!.tensor);
      assert.equal(d.severity, 'error');
    });
  }
});

test('the check appends to the caller\'s reasons: unknowns once per rule and check, a second rule gets its own', () => {
  // Unknown dtypes on every activation: one 'unknown' reason for the dtypes, not one per tensor.
  const model = buildModel('tflite', {
    a: { dtype: 'unknown', shape: [1, 8] },
    b: { dtype: 'unknown', shape: [1, 8] },
    c: { dtype: 'unknown', shape: [1, 8] },
  }, [{ op: 'ADD', inputs: ['a', 'b'], outputs: ['c'] }]);
  const [s] = checkCompatibility(model, target('tflm-cortex-m7'));
  const unknown = s!.reasons.filter((r) => r.outcome === 'unknown');
  assert.deepEqual(unknown.map((r) => r.constraint), ['operators.ADD.dtypes']);
  assert.equal(s!.status, 'unknown');
  // Two nodes judged by one rule share its constraint path, and each node gets its own reasons.
  const two = buildModel('tflite', {
    a: { dtype: 'int8', shape: ['n', 8], quantization: q() },
    b: { dtype: 'int8', shape: ['n', 8], quantization: q() },
    c: { dtype: 'int8', shape: ['n', 8], quantization: q() },
  }, [{ op: 'ADD', inputs: ['a', 'b'], outputs: ['b2'] }, { op: 'ADD', inputs: ['a', 'c'], outputs: ['c2'] }]);
  const [x, y] = checkCompatibility(two, target('tflm-cortex-m7'));
  assert.notEqual(x!.reasons, y!.reasons);
  assert.deepEqual(x!.reasons.map((r) => [r.kind, r.constraint, r.tensor]), [['dynamic-shape', 'operators.ADD.dynamicShapes', 'a'], ['dynamic-shape', 'operators.ADD.dynamicShapes', 'b']]);
  assert.equal(x!.reasons[0]!.message, "input 0 ('a') dim 0 of [n, 8] is dynamic ('n'); the target needs fixed shapes — pin it to a size");
  assert.deepEqual(y!.reasons.map((r) => r.tensor), ['a', 'c']);
});

test('report rows carry each original node\'s support as originalSupports gives it, folded and elided nodes included', () => {
  const prepared = prepareModel(readModelFile(writeSmallDecoder('deploylens-compat-fast-')).model);
  for (const id of ['tflm-cortex-m7', 'ethos-u55-128', 'ort-cpu-desktop']) {
    const { report, analyses } = reportFor(prepared, [target(id)], { weightPhase: false });
    const supports = originalSupports(analyses[0]!);
    let nowhere = 0;
    report.nodes.forEach((row, i) => {
      const s = supports[i]!;
      if (analyses[0]!.lowering.fates[i]!.into === undefined) nowhere++;
      assert.equal(row.support, s.status, `node ${i}`);
      assert.deepEqual(row.reasons, s.reasons.map((r) => ({ kind: r.kind, outcome: r.outcome, message: r.message, ...(r.constraint ? { constraint: r.constraint } : {}), ...(r.source ? { source: r.source } : {}) })), `node ${i}`);
    });
    assert.ok(nowhere > 0, `${id}: the decoder has folded or elided nodes`);
  }
});
