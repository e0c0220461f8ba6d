// The ORT Mobile pre-built package runs models of the ai.onnx opsets its build config lists, and no
// other: ONNX Runtime's reduced build keeps an op's kernels only for the versions those opsets use,
// and ORT's own check of a model for the package refuses any other opset:
//   microsoft/onnxruntime@5f29f05c42 tools/python/util/mobile_helpers/check_model_can_use_ort_mobile_pkg.py
//   (third_party/upstream/onnxruntime/tools/python/util/mobile_helpers/check_model_can_use_ort_mobile_pkg.py.excerpt):
//     supported_onnx_opsets = set(required_ops["ai.onnx"].keys()); supported_onnx_opsets.remove(1)
//     if onnx_opset_model_uses not in supported_onnx_opsets: ... "The pre-built package only supports ONNX opsets ..." return False
// The reduced build cannot run here, so the ground truth is that line, applied to the pinned config.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { repoRoot } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ort-mobile-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const upstream = path.join(repoRoot(), 'third_party', 'upstream', 'onnxruntime');

/** The checker's rule on the pinned config, read independently of the generator: the ai.onnx opsets listed, less 1. */
function checkerOpsets(): number[] {
  const checker = fs.readFileSync(path.join(upstream, 'tools/python/util/mobile_helpers/check_model_can_use_ort_mobile_pkg.py.excerpt'), 'utf8');
  assert.match(checker, /supported_onnx_opsets = set\(required_ops\["ai\.onnx"\]\.keys\(\)\)/);
  assert.match(checker, /supported_onnx_opsets\.remove\(1\)/);
  assert.match(checker, /if onnx_opset_model_uses not in supported_onnx_opsets:[\s\S]*?return False/);
  const config = fs.readFileSync(path.join(upstream, 'tools/ci_build/github/android/mobile_package.required_operators.config'), 'utf8');
  const opsets = new Set<number>();
  for (const m of config.matchAll(/^ai\.onnx;(\d+);/gm)) opsets.add(Number(m[1]));
  opsets.delete(1);
  return [...opsets].sort((a, b) => a - b);
}

function model(name: string, opset: number, op = 'Relu'): string {
  const file = path.join(tmp, `${name}.onnx`);
  const graph = new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node(op, ['x'], ['y']).output('y', 'float32', null);
  fs.writeFileSync(file, writeOnnxModel({ graph, opsets: { '': opset }, producer: { name: 'test', version: '1' } }));
  return file;
}

test("ort-mobile's opsets are the ones ORT's own check accepts for the package's config (12 and 13)", () => {
  const expected = checkerOpsets();
  assert.deepEqual(expected, [12, 13]);
  assert.deepEqual(getBuiltinTarget('ort-mobile')!.onnxVersions?.opsets, expected);
});

test('a model of another ai.onnx opset fails on ort-mobile with the reason and a fix; one of its opsets passes', () => {
  const target = getBuiltinTarget('ort-mobile')!;
  const allowed = checkerOpsets();
  // torch.onnx.export's default opsets (17, 18) and an older export (11): ORT's check refuses each.
  for (const opset of [11, 17, 18]) {
    const { report } = analyzeFile(model(`relu-${opset}`, opset), { targets: [target] });
    const found = report.diagnostics.filter((d) => d.code === 'compat/onnx-version');
    assert.equal(found.length, 1, `opset ${opset}`);
    assert.equal(found[0]!.severity, 'error');
    assert.match(found[0]!.message, new RegExp(`imports ai\\.onnx opset ${opset}, but .* has kernels for ai\\.onnx opsets 12, 13 only`));
    assert.match(found[0]!.message, /check_model_can_use_ort_mobile_pkg\.py/, 'cites ORT\'s check');
    assert.match(found[0]!.fix ?? '', opset > 13 ? /opset_version=13/ : /update_onnx_opset --opset 13/);
    assert.equal(report.summary.verdict, 'fail', `opset ${opset}`);
  }
  for (const opset of allowed) {
    const { report } = analyzeFile(model(`relu-${opset}`, opset), { targets: [target] });
    assert.deepEqual(report.diagnostics.filter((d) => d.code === 'compat/onnx-version'), [], `opset ${opset}`);
    assert.equal(report.summary.verdict, 'pass', `opset ${opset}`);
  }
  // The full ONNX Runtime (ort-cpu-desktop) runs the opset-17 model: the bound is the package's, not ORT's.
  const { report } = analyzeFile(model('relu-17-cpu', 17), { targets: [getBuiltinTarget('ort-cpu-desktop')!] });
  assert.deepEqual(report.diagnostics.filter((d) => d.code === 'compat/onnx-version'), []);
});

test('at an allowed opset, an op the package config does not list still fails, and not for its opset (check_graph)', () => {
  // Erf is in no line of the pinned config: ORT's check_graph reports "ai.onnx:13:Erf".
  const { report } = analyzeFile(model('erf-13', 13, 'Erf'), { targets: [getBuiltinTarget('ort-mobile')!] });
  assert.equal(report.summary.verdict, 'fail');
  assert.deepEqual(report.diagnostics.filter((d) => d.code === 'compat/onnx-version'), []);
  assert.ok(report.diagnostics.some((d) => d.severity === 'error' && /Erf/.test(d.message)), 'the Erf node is the error');
});
