// What an accelerator leaves to its fallback processor needs a kernel there. ONNX Runtime gives
// every node no EP claims to its CPU EP (NNAPI, Core ML and TensorRT alike: BitShift, which none of
// them takes), so such a node is
// judged by ort-cpu-desktop's rules (partitioning.fallbackTarget), and one the CPU EP has no kernel
// for either makes the model unrunnable: ORT 1.30's CPU EP itself refuses it at session creation.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { TargetProfileError } from '../src/core/targets/validateProfile';
import { TargetRegistry } from '../src/core/targets/targetRegistry';
import { OrtClient } from '../src/processes/ort/client';
import { askOrt } from '../tools/ort-kernels/askOrt';
import { repoRoot } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-fallback-'));
const ort = new OrtClient({ hostScript: path.join(repoRoot(), 'dist', 'ortHost.js'), timeoutMs: 120_000 });
after(() => {
  ort.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** BitShift (opset 11) of `t`: an op none of the EPs here claims, so ORT gives it to its CPU EP. */
function bitShiftOf(t: 'uint16' | 'uint8'): string {
  const g = new OnnxGraphBuilder(`bitshift_${t}`).input('x', t, [2, 4])
    .node('BitShift', ['x', 'x'], ['y'], { direction: 'LEFT' }, { name: 'shift' }).output('y', t, [2, 4]);
  const file = path.join(tmp, `bitshift-${t}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: g, opsets: { '': 11 } }));
  return file;
}

test('ORT EPs: a node left to the CPU EP that has no CPU kernel either fails the model, as ONNX Runtime refuses it', async () => {
  const noKernel = bitShiftOf('uint16');
  const kernel = bitShiftOf('uint8');
  // Ground truth: ONNX Runtime 1.30's CPU EP, which runs every node an EP leaves.
  assert.match((await askOrt(ort, noKernel, 'BitShift')).message, /Could not find an implementation for BitShift\(11\)/);
  assert.equal((await askOrt(ort, kernel, 'BitShift')).kind, 'loads');
  for (const id of ['ort-nnapi', 'ort-coreml', 'ort-coreml-mlprogram', 'tensorrt-jetson-orin-nano']) {
    const target = getBuiltinTarget(id)!;
    assert.equal(target.partitioning.fallbackTarget, 'ort-cpu-desktop', id);
    const { report } = analyzeFile(noKernel, { targets: [target] });
    const shift = report.diagnostics.filter((d) => d.code === 'compat/no-fallback-kernel');
    assert.equal(report.summary.verdict, 'fail', `${id}: ${report.diagnostics.map((d) => d.message).join('\n')}`);
    assert.equal(shift.length, 1, id);
    assert.equal(shift[0]!.severity, 'error');
    assert.match(shift[0]!.message, /^Node 'shift' \(BitShift\) on .*: Cannot run — left to the .*, which has no kernel for it either \(judged by ort-cpu-desktop\): input 0 \('x'\) is uint16; the kernels for BitShift version 11 take uint32, uint64, uint8\.$/);
    assert.match((shift[0] as { fix?: string }).fix ?? '', /Compute BitShift in a type its kernels take \(uint32, uint64, uint8\)/);
    // The same op in a type the CPU EP takes: it falls back (a warning), and runs.
    const ok = analyzeFile(kernel, { targets: [target] }).report;
    assert.deepEqual(ok.diagnostics.filter((d) => d.code === 'compat/no-fallback-kernel'), [], id);
    assert.ok(ok.diagnostics.some((d) => d.node !== undefined && d.severity === 'warning' && /instead/.test(d.message)), `${id}: BitShift falls back`);
    assert.notEqual(ok.summary.verdict, 'fail', id);
  }
});

test('a fallbackTarget must name a built-in profile: an unknown id, and a workspace profile\'s, are refused with the path', () => {
  const refused = (registry: TargetRegistry, text: string) => {
    try {
      registry.add({ file: 'targets/x.json', text });
    } catch (e) {
      assert.ok(e instanceof TargetProfileError, String(e));
      return e.message;
    }
    return assert.fail('expected a TargetProfileError');
  };
  assert.match(refused(new TargetRegistry(), '{"id": "my-nnapi", "extends": "ort-nnapi", "partitioning": {"mode": "greedy", "fallbackTarget": "ort-cpu"}}'),
    /\$\.partitioning\.fallbackTarget: unknown profile id 'ort-cpu' \(known: .*ort-cpu-desktop/);
  const registry = new TargetRegistry();
  registry.add({ file: 'targets/cpu.json', text: '{"id": "my-cpu", "extends": "ort-cpu-desktop"}' });
  assert.match(refused(registry, '{"id": "my-nnapi", "extends": "ort-nnapi", "partitioning": {"mode": "greedy", "fallbackTarget": "my-cpu"}}'),
    /targets\/x\.json: \$\.partitioning\.fallbackTarget: 'my-cpu' is not a built-in profile/);
  // Extending an EP profile keeps its built-in fallback.
  assert.equal(new TargetRegistry().add({ file: 'targets/y.json', text: '{"id": "my-nnapi", "extends": "ort-nnapi"}' }).partitioning.fallbackTarget, 'ort-cpu-desktop');
});
