// The WebAssembly TFLM against TFLM built natively with the host g++ from the same sources and the
// same C API (native/tflm: `make native` → build/native/<kernels>/tflm_run): on every model the
// tests have, both say the same about whether TFLM runs it, and where it runs, Invoke gives the
// same output bytes for the same input. Integer models must match bit for bit.
//
// The native build compiles TFLM twice (many minutes at -j2), so a plain `npm test` does not start
// it: the test runs when the runners exist (`make -C native/tflm native`, which .ci/run does first;
// the test then re-runs the incremental make, a few seconds) or when DEPLOYLENS_TFLM_NATIVE=1 asks
// it to build them, and skips with that message otherwise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TFLM_KERNELS } from '../src/processes/tflm/wasmModule';
import { generatedTflmModels } from './fixtures/tflmModels';
import { repoRoot } from './support/sharedModels';
import { keywordScrambled, rampInput, sharedTfliteModels, tflmEngine } from './support/tflm';

const ARENA = 8 << 20;

interface NativeResult { kernels: string; stage: string; status: number; log: string; outputs: { type: number; hex: string }[] }

/** Float models may differ in the last bits (musl's libm in wasm vs glibc's): by how much. */
function maxFloatDifference(wasm: Uint8Array[], nativeHex: string[]): number {
  let max = 0;
  wasm.forEach((w, i) => {
    const n = Buffer.from(nativeHex[i] ?? '', 'hex');
    if (n.length !== w.length || w.length % 4 !== 0) { max = Infinity; return; }
    const a = new Float32Array(w.slice().buffer);
    const b = new Float32Array(new Uint8Array(n).buffer);
    for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k]! - b[k]!));
  });
  return max;
}

function hasTool(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

test('wasm TFLM == native TFLM: same verdicts, bit-exact Invoke outputs', async (t) => {
  if (!hasTool('g++') || !hasTool('make')) { t.skip('g++ or make not installed: no native TFLM to compare with'); return; }
  const shared = sharedTfliteModels();
  if (!shared) { t.skip('../shared/models not present'); return; }
  const dir = path.join(repoRoot(), 'native', 'tflm');
  const built = TFLM_KERNELS.every((k) => fs.existsSync(path.join(dir, 'build', 'native', k, 'tflm_run')));
  if (!built && process.env.DEPLOYLENS_TFLM_NATIVE !== '1') {
    t.skip('native TFLM not built: run `make -C native/tflm native` (CI does) or set DEPLOYLENS_TFLM_NATIVE=1 to build it here');
    return;
  }
  const made = spawnSync('make', ['-C', dir, 'native', `JOBS=${process.env.JOBS ?? '2'}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(made.status, 0, `make -C native/tflm native failed:\n${(made.stdout + made.stderr).split('\n').slice(-30).join('\n')}`);

  const models: { name: string; bytes: Uint8Array }[] = [
    { name: 'tflm/keyword_scrambled', bytes: keywordScrambled() },
    ...shared.map(([name, file]) => ({ name, bytes: fs.readFileSync(file) })),
    ...generatedTflmModels(),
  ];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-tflm-native-'));
  let compared = 0;
  try {
    for (const kernels of TFLM_KERNELS) {
      const engine = await tflmEngine(kernels);
      const runner = path.join(dir, 'build', 'native', kernels, 'tflm_run');
      for (const { name, bytes } of models) {
        const modelFile = path.join(tmp, 'model.tflite');
        fs.writeFileSync(modelFile, bytes);
        const alloc = await engine.allocate(bytes, { arenaBytes: ARENA });
        const inputs = alloc.ok ? alloc.value.inputs.map((info, k) => rampInput(info, k)) : [];
        const inputFile = path.join(tmp, 'inputs.bin');
        fs.writeFileSync(inputFile, Buffer.concat(inputs));
        const out = spawnSync(runner, [modelFile, String(ARENA), inputFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
        assert.equal(out.status, 0, `${kernels} ${name}: native runner exited ${out.status}${out.signal ? ` (${out.signal})` : ''}: ${out.stderr}`);
        const native = JSON.parse(out.stdout) as NativeResult;
        assert.equal(native.kernels, kernels);
        if (!alloc.ok) {
          assert.notEqual(native.status, 0, `${kernels} ${name}: wasm refuses (${alloc.error.message}) but native allocates`);
          t.diagnostic(`${kernels.padEnd(9)} ${name.padEnd(50)} both refuse: ${alloc.error.message}`);
          continue;
        }
        const run = await engine.run(bytes, { arenaBytes: ARENA, inputs });
        assert.ok(run.ok, `${kernels} ${name}: ${run.ok ? '' : run.error.message}`);
        assert.equal(native.status, 0, `${kernels} ${name}: wasm runs, native ${native.stage} status ${native.status}: ${native.log}`);
        const wasmHex = run.value.outputs.map((o) => Buffer.from(o.data).toString('hex'));
        const floatOutputs = run.value.outputs.some((o) => o.type === 'float32');
        const same = wasmHex.length === native.outputs.length && wasmHex.every((h, i) => h === native.outputs[i]!.hex);
        const floatDiff = same ? '' : `, max |float32 difference| ${maxFloatDifference(run.value.outputs.map((o) => o.data), native.outputs.map((o) => o.hex)).toExponential(2)}`;
        t.diagnostic(`${kernels.padEnd(9)} ${name.padEnd(50)} ${same ? 'identical' : 'DIFFERENT'} (${run.value.outputs.map((o) => `${o.type}[${o.shape.join('x')}]`).join(', ')}${floatDiff})`);
        if (!floatOutputs || same) assert.ok(same, `${kernels} ${name}: wasm and native outputs differ`);
        compared++;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assert.ok(compared >= 2 * 6, `only ${compared} model runs compared`);
});
