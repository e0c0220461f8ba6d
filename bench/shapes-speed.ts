// Times shape inference plus the cost model on the shared ONNX models (the largest first) and
// prints per-model figures. Run: node scripts/build.mjs --only bench && node out/bench/shapes-speed.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeCosts } from '../src/core/cost/computeCosts';
import { readOnnxFile } from '../src/core/onnx/readOnnx';
import { inferShapes } from '../src/core/shapes/inferShapes';

const dir = path.resolve(__dirname, '..', '..', '..', 'shared', 'models', 'onnx');
const RUNS = 20;

if (!fs.existsSync(dir)) {
  console.log(`${dir} not found; nothing to measure.`);
} else {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.onnx'))
    .sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size);
  for (const f of files) {
    // Fresh models for every run: inference mutates tensors, and a warm rerun would flatter the figure.
    const models = Array.from({ length: RUNS + 3 }, () => readOnnxFile(path.join(dir, f)));
    const times: number[] = [];
    let report = computeCosts(models[0]!);
    models.forEach((m, i) => {
      const t0 = process.hrtime.bigint();
      inferShapes(m);
      report = computeCosts(m);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= 3) times.push(ms); // the first runs include JIT warm-up
    });
    times.sort((a, b) => a - b);
    const g = models[0]!.graphs[0]!;
    console.log(`${f.padEnd(28)} ${String(g.nodes.length).padStart(4)} nodes  median ${times[times.length >> 1]!.toFixed(2)} ms  max ${times[times.length - 1]!.toFixed(2)} ms  ` +
      `MACs ${(report.totals.macs / 1e9).toFixed(4)} G  FLOPs ${(report.totals.flops / 1e6).toFixed(2)} M  weights ${(report.totals.weightBytes / 1e6).toFixed(2)} MB  unknown ${report.totals.unknownNodes.length}`);
  }
}
