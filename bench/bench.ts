// `npm run bench`: per shared model, how long reading takes, how much memory it needs and how many
// bytes it reads from disk. Each model is measured in a fresh child process so peak RSS belongs to it.
// Not a test: numbers vary by machine; the point is to watch them.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareModel, reportFor } from '../src/core/analyze';
import { getBuiltinTarget, DEFAULT_TARGET_ID } from '../src/core/targets/builtins';
import { lowerFor } from '../src/core/lowering/lower';
import { readModelFile } from '../src/core/readModel';
import { formatBytes } from '../src/core/units';

const RUNS = 15;

interface Measurement {
  file: string;
  fileBytes: number;
  bytesRead: number;
  readMsMedian: number;
  /** Shape inference + costs (target-independent). */
  prepareMsMedian: number;
  /** All target analyses + report for one target: what a change of target re-runs. */
  targetMsMedian: number;
  /** Building the deployed graph alone (src/core/lowering), for the default target and for the Edge TPU (int8). */
  lowerMsMedian: number;
  lowerInt8MsMedian: number;
  maxRssBytes: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measureOne(file: string): Measurement {
  const readTimes: number[] = [];
  const prepareTimes: number[] = [];
  const targetTimes: number[] = [];
  const lowerTimes: number[] = [];
  const lowerInt8Times: number[] = [];
  const target = getBuiltinTarget(DEFAULT_TARGET_ID)!;
  const tpu = getBuiltinTarget('coral-edgetpu')!;
  let bytesRead = 0;
  let fileBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const { model, bytesRead: n } = readModelFile(file);
    const t1 = performance.now();
    const prepared = prepareModel(model);
    const t2 = performance.now();
    // The lowering alone, fresh (uncached) each time: the default target's float TFLite conversion and the Edge TPU's int8 one.
    const t2b = performance.now();
    lowerFor({ ...prepared, lowerings: new Map() }, target);
    const t2c = performance.now();
    lowerFor({ ...prepared, lowerings: new Map() }, tpu);
    const t2d = performance.now();
    lowerTimes.push(t2c - t2b);
    lowerInt8Times.push(t2d - t2c);
    const t3a = performance.now();
    reportFor(prepared, [target]);
    const t3 = performance.now();
    readTimes.push(t1 - t0);
    prepareTimes.push(t2 - t1);
    targetTimes.push(t3 - t3a);
    bytesRead = n;
    fileBytes = model.fileBytes;
  }
  return {
    file, fileBytes, bytesRead, readMsMedian: median(readTimes), prepareMsMedian: median(prepareTimes), targetMsMedian: median(targetTimes),
    lowerMsMedian: median(lowerTimes), lowerInt8MsMedian: median(lowerInt8Times),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function sharedModels(): string[] {
  const dir = path.resolve(__dirname, '..', '..', '..', 'shared', 'models');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(onnx|tflite)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function runChild(args: string[]): Measurement | null {
  const r = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    return null;
  }
  return JSON.parse(r.stdout) as Measurement;
}

function main(): void {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--one' && file) {
    process.stdout.write(JSON.stringify(measureOne(file)));
    return;
  }
  if (flag === '--baseline') {
    process.stdout.write(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
    return;
  }
  const models = file ? [file] : flag ? [flag] : sharedModels();
  if (models.length === 0) {
    console.log('bench: ../shared/models not found; pass a model path: npm run bench -- path/to/model.onnx');
    return;
  }
  const baseline = runChild(['--baseline'])?.maxRssBytes ?? 0;
  console.log(`median of ${RUNS} runs per model: read; shapes + costs; target analyses + report on ${DEFAULT_TARGET_ID} (what a change of target re-runs)`);
  console.log(`memory = peak RSS of a child process above an idle one (${formatBytes(baseline)})`);
  const rows = [['model', 'file', 'bytes read', 'read ms', 'shapes+cost ms', 'target ms', 'total ms', 'lower ms', 'lower int8 ms', 'peak mem']];
  for (const m of models) {
    const r = runChild(['--one', m]);
    if (!r) {
      rows.push([path.basename(m), 'failed', '', '', '', '', '', '']);
      continue;
    }
    rows.push([
      path.basename(m), formatBytes(r.fileBytes), formatBytes(r.bytesRead), r.readMsMedian.toFixed(2), r.prepareMsMedian.toFixed(2), r.targetMsMedian.toFixed(2),
      (r.readMsMedian + r.prepareMsMedian + r.targetMsMedian).toFixed(2), r.lowerMsMedian.toFixed(2), r.lowerInt8MsMedian.toFixed(2), formatBytes(Math.max(0, r.maxRssBytes - baseline)),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

main();
