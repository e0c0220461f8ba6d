// `deploylens profile MODEL.onnx`: runs the model in ONNX Runtime (a child process) and prints the
// per-layer kernel times, mapped back to the original nodes, beside the static estimate.
// `deploylens profile MODEL.tflite`: the same from TensorFlow Lite Micro itself (WebAssembly, its
// worker thread), labelled as what it is: wall-clock shares on this machine, not device cycles.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { LayerTiming } from '../core/layerTiming/layerTiming';
import { layerTimingCsv } from '../core/layerTiming/layerTiming';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';
import { OrtClient } from '../processes/ort/client';
import { timeLayers } from '../jobs/layerTiming';
import { timeLayersInTflm } from '../jobs/tflmLayerTiming';
import { TflmClient } from '../processes/tflm/client';
import { loadTargets, parseDims } from './cli';

export const PROFILE_HELP = `Usage: deploylens profile MODEL.onnx [--runs N] [--warmup N] [--threads N] [--no-optimize]
                         [--target ID] [--dim NAME=N]... [--inputs DIR] [--format text|json|csv] [--out FILE]
       deploylens profile MODEL.tflite [--runs N] [--warmup N] [--target ID] [--kernels cmsis-nn|reference]
                         [--format text|json|csv] [--out FILE]

ONNX: runs the model in ONNX Runtime (CPU, random inputs or DIR/<input>.npy) and prints each
kernel's median/p90/p99 time, the original nodes it covers (fusions), and the static estimate on
--target. TFLite: runs the model in TensorFlow Lite Micro itself (WebAssembly, random inputs; the
kernels of --target when it is a TFLite Micro target, else CMSIS-NN) and prints each operator's
median time over the runs from TFLM's own profiler — wall-clock times of TFLM in WebAssembly on
this machine: relative shares between layers, not device cycles.
`;

interface Io { stdout: (s: string) => void; stderr: (s: string) => void }

const us = (v: number | null): string => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(0)} µs`);

export function formatLayerTiming(p: LayerTiming, top = 0): string {
  const lines = [
    p.runtime ? `${p.model} — ${p.runtime}, ${p.runs} runs after ${p.warmup} warm-up, median per op${p.note ? `\n${p.note}` : ''}`
      : `${p.model} — ONNX Runtime ${p.ortVersion}, optimization ${p.optimization}, ${p.runs} runs after ${p.warmup} warm-up`,
    `latency p50 ${p.latency.p50.toFixed(3)} ms, p90 ${p.latency.p90.toFixed(3)} ms, p99 ${p.latency.p99.toFixed(3)} ms (min ${p.latency.min.toFixed(3)}, max ${p.latency.max.toFixed(3)})`,
    `kernels ${p.rows.length}, sum of medians ${us(p.kernelTotalUs)}${p.staticTotalUs !== null ? `, static estimate on ${p.targetId} ${us(p.staticTotalUs)}` : ''}`,
    '',
    `${'share'.padStart(6)}  ${'median'.padStart(9)}  ${'p99'.padStart(9)}  ${'static'.padStart(9)}  ${'bound'.padEnd(7)}  kernel (op) ← original nodes`,
  ];
  const rows = [...p.rows].sort((a, b) => b.medianUs - a.medianUs);
  for (const r of top > 0 ? rows.slice(0, top) : rows) {
    const covers = r.covers.length === 0 ? '(inserted by ORT)' : r.fused ? r.covers.map((c) => c.name).join(' + ') : r.covers[0]!.name === r.kernel ? '' : r.covers[0]!.name;
    lines.push(`${(r.share * 100).toFixed(1).padStart(5)}%  ${us(r.medianUs).padStart(9)}  ${us(r.p99Us).padStart(9)}  ${us(r.staticUs).padStart(9)}  ${(r.bound ?? '—').padEnd(7)}  ${r.kernel} (${r.op})${covers ? ` ← ${covers}` : ''}`);
  }
  if (p.eliminated.length > 0) lines.push('', `folded or eliminated by ORT: ${p.eliminated.map((e) => e.name).join(', ')}`);
  return lines.join('\n') + '\n';
}

export async function profileMain(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        runs: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        threads: { type: 'string', default: '0' },
        'no-optimize': { type: 'boolean', default: false },
        target: { type: 'string', default: DEFAULT_TARGET_ID },
        'target-file': { type: 'string', multiple: true, default: [] },
        dim: { type: 'string', multiple: true, default: [] },
        inputs: { type: 'string' },
        format: { type: 'string', default: 'text' },
        out: { type: 'string' },
        timeout: { type: 'string', default: '300' },
        kernels: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`deploylens profile: ${(e as Error).message}\n\n${PROFILE_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout(PROFILE_HELP); return 0; }
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} expects an integer ≥ ${min}, got '${v}'`);
    return n;
  };
  let client: OrtClient | null = null;
  let tflm: TflmClient | null = null;
  try {
    if (positionals.length !== 1) throw new Error('give one .onnx or .tflite model');
    const model = positionals[0]!;
    const ext = path.extname(model).toLowerCase();
    if (ext !== '.onnx' && ext !== '.tflite') throw new Error(`profile runs .onnx models in ONNX Runtime and .tflite models in TensorFlow Lite Micro; '${model}' is neither`);
    if (!['text', 'json', 'csv'].includes(values.format)) throw new Error(`--format must be text, json or csv, got '${values.format}'`);
    if (values.kernels !== undefined && (ext !== '.tflite' || !['cmsis-nn', 'reference'].includes(values.kernels))) throw new Error(`--kernels is cmsis-nn or reference, for a .tflite model (got '${values.kernels}')`);
    const emit = (profile: LayerTiming): void => {
      const text = values.format === 'json' ? JSON.stringify(profile, null, 2) + '\n' : values.format === 'csv' ? layerTimingCsv(profile) : formatLayerTiming(profile);
      if (values.out) fs.writeFileSync(values.out, text);
      else io.stdout(text);
    };
    if (ext === '.tflite') {
      const target = loadTargets(values['target-file']).get(values.target);
      if (!target) throw new Error(`unknown target '${values.target}'`);
      tflm = new TflmClient({ timeoutMs: int('timeout', values.timeout, 1) * 1000 });
      emit(await timeLayersInTflm(tflm, {
        model, runs: int('runs', values.runs, 1), warmup: int('warmup', values.warmup, 0), target,
        ...(values.kernels ? { kernels: values.kernels as 'cmsis-nn' | 'reference' } : {}),
      }));
      return 0;
    }
    client = new OrtClient();
    const dims = parseDims(values.dim);
    const target = loadTargets(values['target-file']).get(values.target);
    if (!target) throw new Error(`unknown target '${values.target}'`);
    const profile = await timeLayers(client, {
      model,
      runs: int('runs', values.runs, 1),
      warmup: int('warmup', values.warmup, 0),
      threads: int('threads', values.threads, 0),
      optimization: values['no-optimize'] ? 'disabled' : 'all',
      dims,
      target,
      ...(values.inputs ? { feeds: { kind: 'dir' as const, dir: path.resolve(values.inputs) } } : {}),
    }, { timeoutMs: int('timeout', values.timeout, 1) * 1000 });
    emit(profile);
    return 0;
  } catch (e) {
    io.stderr(`deploylens profile: ${(e as Error).message}\n`);
    return 2;
  } finally {
    client?.dispose();
    tflm?.dispose();
  }
}
