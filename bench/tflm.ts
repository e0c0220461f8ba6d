// `npm run bench`: TensorFlow Lite Micro in WebAssembly (dist/tflm). Per kernel variant: the wasm
// size, the first load (read + compile + instantiate, in a fresh child process so no cache
// helps), a re-instantiation (what recovering from a TFLM abort costs), and AllocateTensors and
// Invoke of person_detect (../shared). Targets (issue 15): load ≤ 100 ms, allocate ≤ 20 ms.
// Then what TFLM adds after the verdict in the editor (and the CLI): the TFLM worker's answer for a
// .tflite model on a TFLite Micro target (src/jobs/tflmOracle.ts → src/processes/tflm) made the
// report's verdict (src/core/oracles/tflmVerdict.ts) — cold (a new worker: thread start, wasm
// compile, measurement), warm (the worker running, another model), cached (same file again).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TflmEngine } from '../src/processes/tflm/engine';
import { instantiateTflm, tflmWasmFiles, TFLM_KERNELS, type TflmKernels } from '../src/processes/tflm/wasmModule';
import { analyzeFile } from '../src/core/analyze';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { attachTflm, TflmOracle } from '../src/jobs/tflmOracle';
import { TflmClient } from '../src/processes/tflm/client';

const RUNS = 20;
const root = path.resolve(__dirname, '..', '..');
const wasmDir = path.join(root, 'dist', 'tflm');
const personDetect = path.resolve(root, '..', 'shared', 'models', 'tflite', 'person_detect.tflite');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function firstLoadInThisProcess(kernels: TflmKernels): Promise<void> {
  const t0 = performance.now();
  const r = await TflmEngine.load({ kernels, wasmDir });
  if (!r.ok) throw new Error(r.error.message);
  process.stdout.write(JSON.stringify({ loadMs: performance.now() - t0, ...r.value.loadInfo }));
}

async function measure(kernels: TflmKernels): Promise<string[]> {
  const files = tflmWasmFiles(kernels, wasmDir);
  const wasmBytes = fs.statSync(files.wasm).size;
  const glueBytes = fs.statSync(files.glue).size;
  // First load, in fresh processes (median of 5).
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const child = spawnSync(process.execPath, [__filename, '--first-load', kernels], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    loads.push((JSON.parse(child.stdout) as { loadMs: number }).loadMs);
  }
  const loaded = await TflmEngine.load({ kernels, wasmDir });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const engine = loaded.value;
  const reinstantiate: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await instantiateTflm(files);
    reinstantiate.push(performance.now() - t0);
  }
  const lines = [
    `${kernels}: wasm ${(wasmBytes / 1024).toFixed(0)} KiB + glue ${(glueBytes / 1024).toFixed(0)} KiB; ` +
    `first load (read+compile+instantiate, fresh process) median ${median(loads).toFixed(1)} ms [target ≤ 100 ms]; re-instantiate ${median(reinstantiate).toFixed(2)} ms`,
  ];
  if (!fs.existsSync(personDetect)) {
    lines.push('  person_detect: ../shared/models not present, skipped');
    return lines;
  }
  const model = fs.readFileSync(personDetect);
  const allocate: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await engine.allocate(model, { arenaBytes: 136 * 1024 });
    allocate.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error.message);
  }
  const t0 = performance.now();
  const measured = await engine.measureArena(model);
  const measureMs = performance.now() - t0;
  if (!measured.ok) throw new Error(measured.error.message);
  const run = await engine.run(model, { arenaBytes: 136 * 1024, invokes: RUNS });
  if (!run.ok) throw new Error(run.error.message);
  const invokeMs = run.value.invocations.slice(1).map((i) => i.ms);
  lines.push(
    `  person_detect: AllocateTensors (session + model copy + allocate) median ${median(allocate).toFixed(2)} ms [target ≤ 20 ms]; ` +
    `Invoke median ${median(invokeMs).toFixed(1)} ms; measureArena (figures + minimum-arena search, ${measured.value.allocations} allocations) ${measureMs.toFixed(0)} ms ` +
    `→ head ${measured.value.headBytes} B, tail ${measured.value.tailBytes} B, minimum arena ${measured.value.minimumArenaBytes} B`,
  );
  return lines;
}

/** Milliseconds from "the verdict is out" to "the report carries TFLM's answer", as the editor does it. */
async function addedLatency(): Promise<string[]> {
  const dir = path.resolve(root, '..', 'shared', 'models', 'tflite');
  const names = ['person_detect.tflite', 'keyword_scrambled_8bit.tflite', 'mobilenet_v2_quantized_1x3x224x224.tflite'];
  if (!fs.existsSync(path.join(dir, names[0]!))) return ['  added latency in the editor: ../shared/models not present, skipped'];
  const target = getBuiltinTarget('tflm-cortex-m7')!;
  const lines = ['TFLM after the verdict (editor and CLI path: TFLM worker answer + report merge), tflm-cortex-m7 (CMSIS-NN):'];
  for (const name of names) {
    const file = path.join(dir, name);
    const report = analyzeFile(file, { targets: [target] }).report;
    const cold: number[] = [];
    const warm: number[] = [];
    const cached: number[] = [];
    let merge = 0;
    for (let i = 0; i < 5; i++) {
      const client = new TflmClient();
      const oracle = new TflmOracle(() => client);
      try {
        let t0 = performance.now();
        const answer = await oracle.answer(file, target);
        const m0 = performance.now();
        attachTflm(report, target, answer);
        merge = performance.now() - m0;
        cold.push(performance.now() - t0);
        oracle.clear();
        t0 = performance.now();
        attachTflm(report, target, await oracle.answer(file, target));
        warm.push(performance.now() - t0);
        t0 = performance.now();
        attachTflm(report, target, await oracle.answer(file, target));
        cached.push(performance.now() - t0);
      } finally {
        client.dispose();
      }
    }
    lines.push(`  ${name}: cold ${median(cold).toFixed(0)} ms (new worker: thread start + wasm compile + measureArena), warm ${median(warm).toFixed(0)} ms, cached ${median(cached).toFixed(2)} ms; report merge ${merge.toFixed(2)} ms`);
  }
  return lines;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--first-load') return firstLoadInThisProcess(process.argv[3] as TflmKernels);
  console.log('\nTensorFlow Lite Micro (WebAssembly, dist/tflm)');
  for (const kernels of TFLM_KERNELS) for (const line of await measure(kernels)) console.log(line);
  for (const line of await addedLatency()) console.log(line);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
