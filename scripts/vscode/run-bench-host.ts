// `npm run bench:host`: is the extension host still responsive while DeployLens analyzes a
// workspace of 200 models? A benchmark, not a test (issue 5): it prints the numbers and has no
// threshold, because how long the host blocks depends on the machine; the point is to watch them.
//
// It generates a workspace of 200 model files — copies of examples/kws_dscnn.onnx under varied
// names and folders, plus, when ../shared/models exists beside the repo, copies of the shared
// models (efficientnet_b0 21 MB, mobilenet_v2 14 MB, mobilenet_v3_small 10 MB, … person_detect.tflite)
// so that the mix includes 10–20 MB files — opens it in a real VS Code 1.100.3 (code-server, see
// harness.ts) with the extension loaded from the repo, and runs test/integration/bench/
// hostResponsiveness.ts (out/integration/bench.js) as extensionTestsPath. In the extension host
// that module measures, per phase: the startup scan until whenIdle(), a switch of
// deploylens.target to coral-edgetpu (every model re-analyzed), and an idle baseline:
//   - wall time to idle and the number of models whose diagnostics were published,
//   - perf_hooks.monitorEventLoopDelay({ resolution: 10 }) max / p99 / mean (how late a 10 ms timer fired),
//   - the longest gap between ticks of a 10 ms setInterval probe (and every gap > 50 ms),
//   - the host's heap at the end of the phase.
// Both probes report whole intervals between timer callbacks (an idle loop reads ~10 ms), so the
// closing line's "longest blocking stretch" is the longest interval of the DeployLens phases minus
// the 10 ms period. A warm-up phase (first workspace settings write, which makes VS Code activate
// its JSON/TypeScript extensions in the same host) is measured and shown but not counted.
//
//   node out/scripts/vscode/run-bench-host.js [--models 200] [--shared 40] [--timeout-ms 900000] [--verbose] [--keep]
//   (env DEPLOYLENS_BENCH_PROFILE=DIR: a .cpuprofile of the host per phase and of the editor views,
//    and renderer-views.cpuprofile of the workbench window over the editor views, for finding a cause;
//    DEPLOYLENS_BENCH_SHOTS=1: screenshots of each overview, text view and partition panel in out/bench-host-run/)
//
// --shared: how many of the models are copies of shared models (round-robin, largest first);
// without ../shared/models every model is a kws_dscnn copy. Writes out/bench-host.json; logs
// (server.log, console.log) go to out/bench-host-run/. Exit codes: 0 measured, 1 the in-host
// benchmark failed, 3 timed out, 4 harness error (no install, no build, server or browser failed).
import * as fs from 'node:fs';
import { clearTimeout, setTimeout } from 'node:timers';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CDPSession } from './playwright';
import { ROOT, hostConsoleLine, prepareRun, openWorkbench, parseArgs, startServer, type Server, type Workbench } from './harness';

/** Shared models copied into the workspace, largest first, so even a small --shared gets the 10–20 MB ones. */
const SHARED = [
  'onnx/efficientnet_b0.onnx', 'onnx/mobilenet_v2.onnx', 'onnx/mobilenet_v3_small.onnx', 'onnx/shufflenet_v2_x1_0.onnx',
  'onnx/squeezenet1_1.onnx', 'tflite/mobilenet_v2_quantized_1x3x224x224.tflite', 'onnx/kws_cnn.onnx',
  'onnx/tiny_transformer_gelu.onnx', 'tflite/dtln_noise_suppression.tflite', 'tflite/person_detect.tflite',
  'onnx/lstm_2layer.onnx', 'tflite/keyword_scrambled_8bit.tflite', 'tflite/micro_speech_quantized.tflite',
];
/** Folders like a real project's: several teams, experiments, exports, nested at different depths. */
const FOLDERS = ['models', 'models/audio/kws', 'models/audio/wakeword/exports', 'models/vision/classify',
  'models/vision/detect/v2', 'experiments/2024-q3', 'experiments/2024-q4/sweep', 'deploy/mcu', 'deploy/npu/int8', 'archive/old'];

interface BenchFile { path: string; source: string; bytes: number }

/** What test/integration/bench/hostResponsiveness.ts measures per phase. */
interface Phase {
  name: string;
  kind: string;
  wallMs?: number;
  modelsPublished: number;
  modelsWithDiagnostics: number;
  loopDelay: { maxMs: number; p99Ms?: number; meanMs?: number };
  probe: { longestGapMs: number; longGaps: { atMs: number; gapMs: number }[] };
  heapUsedMB?: number;
}

interface BenchResults { activeBeforeBench: boolean; hostUptimeAtStartS: number; modelFiles: number; phases: Phase[]; views?: { model: string; what: string; ms: number; note?: string }[] }

/** Writes `count` model files under dir; returns what it wrote (name → bytes) for the JSON. */
function makeBenchWorkspace(dir: string, count: number, sharedCount: number): BenchFile[] {
  fs.rmSync(dir, { recursive: true, force: true });
  const sharedDir = path.join(ROOT, '..', 'shared', 'models');
  const shared = fs.existsSync(sharedDir) ? SHARED.map((rel) => path.join(sharedDir, rel)).filter((f) => fs.existsSync(f)) : [];
  const sources: string[] = [];
  for (let i = 0; i < Math.min(sharedCount, count) && shared.length; i++) sources.push(shared[i % shared.length]!);
  while (sources.length < count) sources.push(path.join(ROOT, 'examples', 'kws_dscnn.onnx'));
  const files: BenchFile[] = [];
  // Issue 16's big models (from `npm run bench`'s out/bench-models): hard links, so 346 MB is not copied.
  const bigDir = process.env.DEPLOYLENS_BENCH_MODELS ?? path.join(ROOT, 'out', 'bench-models');
  const link = (src: string, rel: string) => {
    const dst = path.join(dir, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    try { fs.linkSync(src, dst); } catch { fs.copyFileSync(src, dst); }
    files.push({ path: rel, source: path.relative(path.join(ROOT, '..'), src), bytes: fs.statSync(src).size });
  };
  const vit = path.join(bigDir, 'vit_b_16.onnx');
  if (fs.existsSync(vit)) link(vit, 'big/vit_b_16.onnx');
  const decoder = path.join(ROOT, 'out', 'bench-models', 'decoder');
  if (fs.existsSync(path.join(decoder, 'decoder_48l_kv.onnx'))) {
    link(path.join(decoder, 'decoder_48l_kv.onnx'), 'big/decoder/decoder_48l_kv.onnx');
    const weights = path.join(dir, 'big', 'decoder', 'decoder.weights');
    fs.writeFileSync(weights, '');
    fs.truncateSync(weights, fs.statSync(path.join(decoder, 'decoder.weights')).size); // sparse, like the original
  }
  sources.forEach((src, i) => {
    const ext = path.extname(src);
    const stem = path.basename(src, ext);
    const rel = path.join(FOLDERS[i % FOLDERS.length]!, `${stem}_${['v', 'ft', 'run', 'exp'][i % 4]}${String(i).padStart(3, '0')}${ext}`);
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.copyFileSync(src, path.join(dir, rel));
    files.push({ path: rel, source: path.relative(path.join(ROOT, '..'), src), bytes: fs.statSync(src).size });
  });
  return files;
}

async function startRendererProfile(wb: Workbench): Promise<CDPSession> {
  const session = await wb.context.newCDPSession(wb.page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 500 });
  await session.send('Profiler.start');
  return session;
}

const fmt = (x: number | undefined): string => (x === undefined ? '-' : String(x));

function printTable(phases: Phase[]): void {
  const rows = [['phase', 'wall ms', 'models', 'delay max', 'p99', 'mean', 'probe gap', 'gaps>50ms', 'heap MB']];
  for (const p of phases) {
    rows.push([p.name, fmt(p.wallMs), `${p.modelsPublished}/${p.modelsWithDiagnostics}`, fmt(p.loopDelay.maxMs), fmt(p.loopDelay.p99Ms),
      fmt(p.loopDelay.meanMs), fmt(p.probe.longestGapMs), fmt(p.probe.longGaps.length), fmt(p.heapUsedMB)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log('  ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('  (models: published during the phase / with DeployLens diagnostics at its end; times in ms)');
}

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  const count = Number(a.models || 200);
  const sharedCount = Number(a.shared ?? 40);
  const timeoutMs = Number(a['timeout-ms'] || 900_000);
  const t0 = Date.now();
  const run = prepareRun({
    name: 'run-bench-host', logDirName: 'bench-host-run', tmpPrefix: 'deploylens-bench-',
    required: ['dist/extension.js', 'dist/worker.js', 'out/integration/bench.js'],
    hint: 'run npm run bench:host (it builds first)',
  });
  if (!run) return 4;
  const { logDir, tmp, workspace, resultsFile } = run;
  const files = makeBenchWorkspace(workspace, count, sharedCount);
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  const large = files.filter((f) => f.bytes >= 10e6).length;
  console.log(`run-bench-host: ${files.length} models, ${(totalBytes / 1e6).toFixed(0)} MB (${large} of 10 MB or more) in ${workspace}`);

  let server: Server | undefined;
  let wb: Workbench | undefined;
  let chain = Promise.resolve();
  const profileDir = process.env.DEPLOYLENS_BENCH_PROFILE;
  let rendererProfile: Promise<CDPSession> | undefined;
  try {
    server = await startServer({ workDir: path.join(tmp, 'server'), logFile: path.join(logDir, 'server.log'),
      env: { DEPLOYLENS_BENCH_RESULTS: resultsFile } });
    wb = await openWorkbench(server, {
      workspace,
      extensionDevelopmentPath: [ROOT],
      extensionTestsPath: path.join(ROOT, 'out', 'integration', 'bench.js'),
      onConsole: (m) => {
        // the workbench logs host output as console.log('%c INFO', 'color: …', format, ...args):
        // re-apply printf formatting (chained to keep the order), as run-integration.mjs does
        chain = chain.then(async () => {
          const line = await hostConsoleLine(m);
          if (a.verbose || line.startsWith('bench-host:')) process.stdout.write('  ' + line.trimEnd() + '\n');
          // With DEPLOYLENS_BENCH_PROFILE: the workbench renderer (and the webviews in its process) is
          // profiled over the editor views, which start after the idle baseline.
          if (profileDir && line.startsWith('bench-host: idle baseline:') && wb) rendererProfile = startRendererProfile(wb);
          // DEPLOYLENS_BENCH_SHOTS: the views as the user sees them, to check that the fast path draws the same
          const shoot = /^bench-host: shoot ([\w.-]+)$/.exec(line.trim());
          if (shoot && wb) await wb.page.screenshot({ path: path.join(logDir, `${shoot[1]}.png`) });
        });
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ code: number; timedOut: true }>((r) => { timer = setTimeout(() => r({ code: 3, timedOut: true }), timeoutMs); });
    const res = await Promise.race([wb.exitPromise, timeout]);
    clearTimeout(timer);
    if (rendererProfile && profileDir) {
      const session = await rendererProfile;
      const r = await session.send('Profiler.stop') as { profile: unknown };
      fs.writeFileSync(path.join(profileDir, 'renderer-views.cpuprofile'), JSON.stringify(r.profile));
    }
    await chain;
    fs.writeFileSync(path.join(logDir, 'console.log'), wb.consoleLines.join('\n') + '\n');
    if ('timedOut' in res) {
      console.error(`run-bench-host: timed out after ${timeoutMs} ms; logs in ${logDir}`);
      return 3;
    }
    if (res.code !== 0 || !fs.existsSync(resultsFile)) {
      console.error(`run-bench-host: the in-host benchmark failed (exit ${res.code}); see ${path.join(logDir, 'console.log')}`);
      return res.code === 0 ? 4 : 1;
    }
    const bench = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as BenchResults;
    console.log(`\nrun-bench-host: extension host ${bench.activeBeforeBench ? 'had activated DeployLens' : 'had not activated DeployLens'} ` +
      `before the benchmark loaded (host up ${bench.hostUptimeAtStartS} s); ${bench.modelFiles} model files in the workspace\n`);
    printTable(bench.phases);
    if (bench.views?.length) {
      console.log('\n  editor views on big models (ms, in the extension host):');
      for (const v of bench.views) console.log(`  ${v.model.padEnd(24)} ${v.what.padEnd(58)} ${String(v.ms).padStart(8)}${v.note ? `  ${v.note}` : ''}`);
    }
    // both probes measure whole intervals between 10 ms timer callbacks: the loop was blocked for
    // at least the interval minus one period
    const interval = (p: Phase): number => Math.max(p.loopDelay.maxMs, p.probe.longestGapMs);
    const blocking = (p: Phase): number => Math.max(0, interval(p) - 10);
    const work = bench.phases.filter((p) => p.kind === 'deploylens');
    const worst = work.reduce((w, p) => (blocking(p) > blocking(w) ? p : w));
    const result = {
      date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model,
      vscode: '1.100.3 (code-server 4.100.3)',
      workspace: { models: files.length, totalBytes, largeModels: large, files },
      ...bench,
      longestBlockingMs: Math.round(blocking(worst) * 10) / 10, longestBlockingPhase: worst.name,
    };
    const outFile = path.join(ROOT, 'out', 'bench-host.json');
    fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
    for (const p of bench.phases) {
      if (p.probe.longGaps.length) console.log(`  ${p.name}: gaps > 50 ms at ${p.probe.longGaps.map((g) => `${g.atMs} ms (${g.gapMs})`).join(', ')}`);
    }
    console.log(`\nwrote ${path.relative(ROOT, outFile)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`longest blocking stretch: ${Math.round(blocking(worst))} ms (${worst.name}: longest interval between 10 ms ticks ${Math.round(interval(worst))} ms)`);
    return 0;
  } finally {
    if (wb) await wb.browser.close().catch(() => {});
    if (server) await server.stop();
    if (a.keep || process.env.DEPLOYLENS_KEEP_TMP) console.log(`run-bench-host: kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error('run-bench-host: harness error:', e instanceof Error ? e.message : e);
  process.exit(4);
});
