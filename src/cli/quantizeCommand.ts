// `deploylens quantize MODEL.onnx [--out MODEL.int8.onnx] [--per-channel] [--calibration DIR]
// [--method minmax|percentile] [--samples N] [--target ID] [--activations int8|uint8] [--format text|json]`: the quantization preview of
// docs/quantization.md in a terminal. ONNX Runtime runs in its child process (src/processes/ort/client.ts).

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chosenSqnr } from '../core/quantize/pitfalls';
import { shortenMiddle } from '../core/units';
import { OrtClient } from '../processes/ort/client';
import { quantizePreview, type QuantizePreviewResult } from '../jobs/quantizePreview';
import type { TfliteQuantizeComparison } from '../core/quantize/tfliteAgreement';
import { compareWithReference } from '../jobs/tfliteQuantizePreview';
import { TflmClient } from '../processes/tflm/client';
import { DEFAULT_TARGET_ID } from '../core/targets/builtins';
import { loadTargets } from './cli';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const QUANTIZE_HELP = `Usage: deploylens quantize MODEL.onnx [--out FILE] [--per-channel] [--calibration DIR]
                          [--method minmax|percentile] [--percentile P] [--samples N]
                          [--target ID] [--target-file FILE]... [--activations int8|uint8] [--format text|json]

Quantizes MODEL to INT8 (QDQ ONNX), runs FP32 and INT8 side by side in ONNX Runtime and reports
per-layer weight SQNR, output agreement, latency and pitfalls (docs/quantization.md).
  --out          write the INT8 model here
  --per-channel  per-channel weight scales (along the output channels); default per tensor
  --calibration  folder of calibration inputs (.npy/.raw/.bin; one sub-folder per sample for
                 models with several inputs); default random inputs (a poor calibration)
  --method       activation ranges: minmax (default) or percentile (--percentile, default 99.99)
  --samples      calibration samples (default 8)
  --target       judge the INT8 model on this target: ops it has no kernel for stay float, and the
                 activation type is the one its kernels take. Without it every QDQ op is quantized
                 and the activation type is chosen for the default target (${DEFAULT_TARGET_ID})
  --activations  activation integer type, asymmetric: int8 (TFLite Micro, CMSIS-NN, Ethos-U,
                 Edge TPU) or uint8 (ONNX Runtime's NNAPI EP); default: from the target
  --format       text (default) or json

       deploylens quantize MODEL.tflite --reference FLOAT.tflite [--samples N] [--kernels cmsis-nn|reference]
                          [--format text|json]

A .tflite model is converted already: its int8 outputs are measured against a float reference of
the same model (its float .tflite conversion), both run in TensorFlow Lite Micro itself on the same
inputs (drawn from the int8 model's input range): error, cosine, SQNR, top-1 agreement per output.
  --reference    the float .tflite of the same model (comparing with an ONNX source is not supported yet)
  --samples      inputs compared (default 16)
  --kernels      TFLM's kernel build (default cmsis-nn)
`;

export function formatTfliteComparison(r: TfliteQuantizeComparison): string {
  const lines = [
    `${path.basename(r.model)} (int8) against ${path.basename(r.reference)} (float reference), both in ${r.runtime}`,
    `inputs: ${r.samples} samples, ${r.inputs}`,
    '',
  ];
  for (const a of r.agreement) {
    lines.push(`  ${a.output}: max |err| ${a.maxAbsError.toPrecision(3)}, mean |err| ${a.meanAbsError.toPrecision(3)}, cosine ${a.cosine.toFixed(5)}, SQNR ${a.sqnrDb.toFixed(1)} dB${a.top1Agreement === null ? '' : `, top-1 agreement ${(a.top1Agreement * 100).toFixed(1)}%`}`);
  }
  lines.push('', `invoke (median, WebAssembly on this machine): int8 ${r.latency.int8Ms.toFixed(3)} ms, float ${r.latency.referenceMs.toFixed(3)} ms`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/** Layer names longer than this are cut in the middle in the text table (JSON has them whole). */
const NAME_WIDTH = 64;

function db(x: number): string {
  return `${x.toFixed(1)} dB`;
}

export function formatQuantizeText(r: QuantizePreviewResult, perChannel: boolean): string {
  const lines: string[] = [];
  lines.push(`${path.basename(r.model)}: INT8 preview (${perChannel ? 'per-channel' : 'per-tensor'} weights, ${r.calibration.method} calibration on ${r.calibration.samples} ${r.calibration.source} sample(s))`);
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  lines.push(`size: FP32 ${kb(r.weights.sizes.fp32)} → FP16 ${kb(r.weights.sizes.fp16)} → INT8 ${kb(r.weights.sizes.int8)}`);
  // As wide as the longest name (up to NAME_WIDTH); longer ones cut in the middle, so the distinctive end stays.
  const labels = r.weights.layers.map((l) => shortenMiddle(`${l.name} (${l.kind})`, NAME_WIDTH));
  const width = Math.max(24, ...labels.map((x) => x.length));
  lines.push('', `${'weight SQNR (symmetric)'.padEnd(width + 2)} ${'per-tensor'.padStart(10)} ${'per-channel'.padStart(12)} ${'gain'.padStart(8)}`);
  r.weights.layers.forEach((l, i) => {
    lines.push(`  ${labels[i]!.padEnd(width)} ${db(l.sqnr.perTensorSymmetric).padStart(10)} ${db(l.sqnr.perChannelSymmetric).padStart(12)} ${db(l.perChannelGainDb).padStart(8)}`);
  });
  lines.push('', 'FP32 vs INT8:');
  for (const a of r.agreement) {
    lines.push(`  ${a.output}: max |err| ${a.maxAbsError.toPrecision(3)}, cosine ${a.cosine.toFixed(5)}, SQNR ${db(a.sqnrDb)}${a.top1Agreement === null ? '' : `, top-1 agreement ${(a.top1Agreement * 100).toFixed(1)}%`} (${a.samples} samples)`);
  }
  lines.push(`latency: FP32 ${r.latency.fp32Ms.toFixed(2)} ms, INT8 ${r.latency.int8Ms.toFixed(2)} ms (×${r.latency.speedup.toFixed(2)})`);
  lines.push(`activations: ${r.qdq.activations.type} (${r.qdq.activations.scheme ?? 'asymmetric'}) — ${r.qdq.activations.reason}; weights int8 (symmetric), biases int32`);
  lines.push(`quantized: ${r.qdq.quantizedNodes} nodes, ${r.qdq.quantizedWeights} weights, ${r.qdq.quantizedActivations} activations; float: ${r.qdq.floatNodes.map((f) => f.op).join(', ') || 'none'}`);
  for (const n of r.qdq.notes) lines.push(`note: ${n}`);
  if (r.pitfalls.length) lines.push('');
  for (const p of r.pitfalls) lines.push(`${p.severity} ${p.code}: ${p.message}`);
  if (r.saved) lines.push('', `wrote ${r.saved}`);
  return `${lines.join('\n')}\n`;
}

export async function quantizeCommand(argv: string[], io: Io, options: { hostScript?: string } = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        out: { type: 'string' }, 'per-channel': { type: 'boolean', default: false }, calibration: { type: 'string' },
        method: { type: 'string', default: 'minmax' }, percentile: { type: 'string' }, samples: { type: 'string' },
        format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h', default: false },
        reference: { type: 'string' }, kernels: { type: 'string' },
        target: { type: 'string' }, 'target-file': { type: 'string', multiple: true, default: [] }, activations: { type: 'string' },
      },
    });
  } catch (e) {
    io.stderr(`deploylens quantize: ${(e as Error).message}\n\n${QUANTIZE_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(QUANTIZE_HELP);
    return 0;
  }
  const usage = (m: string) => {
    io.stderr(`deploylens quantize: ${m}\n`);
    return 2;
  };
  if (positionals.length === 1 && positionals[0]!.toLowerCase().endsWith('.tflite')) return tfliteQuantize(positionals[0]!, values, io, usage);
  if (values.reference !== undefined || values.kernels !== undefined) return usage('--reference and --kernels are for a .tflite model');
  if (values.activations !== undefined && values.activations !== 'int8' && values.activations !== 'uint8') return usage(`--activations must be int8 or uint8, got '${values.activations}'`);
  if (positionals.length !== 1 || !positionals[0]!.endsWith('.onnx')) return usage('give one .onnx or .tflite model');
  if (values.method !== 'minmax' && values.method !== 'percentile') return usage(`--method must be minmax or percentile, got '${values.method}'`);
  if (values.format !== 'text' && values.format !== 'json') return usage(`--format must be text or json, got '${values.format}'`);
  const samples = values.samples === undefined ? 8 : Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 10_000) return usage('--samples must be a positive integer');
  const percentile = values.percentile === undefined ? 99.99 : Number(values.percentile);
  if (!(percentile > 50 && percentile <= 100)) return usage('--percentile must be in (50, 100]');
  let target, typeTarget;
  try {
    const registry = loadTargets(values['target-file']);
    target = values.target === undefined ? undefined : registry.get(values.target);
    if (values.target !== undefined && !target) return usage(`unknown target '${values.target}' (deploylens targets lists them)`);
    typeTarget = target ?? registry.get(DEFAULT_TARGET_ID);
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  const ort = new OrtClient({ ...(options.hostScript ? { hostScript: options.hostScript } : {}), log: (m) => io.stderr(`${m}\n`) });
  try {
    const r = await quantizePreview(ort, positionals[0]!, {
      perChannel: values['per-channel'], method: values.method, percentile, samples,
      ...(target ? { target } : typeTarget ? { activationTypeTarget: typeTarget } : {}),
      ...(values.activations ? { activationType: values.activations as 'int8' | 'uint8' } : {}),
      ...(values.calibration ? { calibrationDir: values.calibration } : {}), ...(values.out ? { out: values.out } : {}),
    });
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify({ ...r, weights: { ...r.weights, layers: r.weights.layers.map((l) => ({ ...l, chosenSqnrDb: chosenSqnr(l, values['per-channel']) })) } }, null, 2)}\n`);
    } else io.stdout(formatQuantizeText(r, values['per-channel']));
    return 0;
  } catch (e) {
    io.stderr(`deploylens quantize: error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    ort.dispose();
  }
}

/** `quantize MODEL.tflite --reference FLOAT.tflite`: the int8 model's outputs against the float model's, both in TFLite Micro. */
async function tfliteQuantize(model: string, values: { reference?: string; kernels?: string; samples?: string; format?: string; out?: string; calibration?: string; 'per-channel'?: boolean }, io: Io, usage: (m: string) => number): Promise<number> {
  if (!values.reference) return usage(`${model} is converted already: give --reference FLOAT.tflite (the float .tflite of the same model) to measure its int8 outputs against; comparing with an ONNX source is not supported yet`);
  if (values.out || values.calibration || values['per-channel']) return usage('--out, --calibration and --per-channel are for an ONNX model (a .tflite is quantized already)');
  if (values.kernels !== undefined && values.kernels !== 'cmsis-nn' && values.kernels !== 'reference') return usage(`--kernels must be cmsis-nn or reference, got '${values.kernels}'`);
  if (values.format !== 'text' && values.format !== 'json') return usage(`--format must be text or json, got '${values.format}'`);
  const samples = values.samples === undefined ? 16 : Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 10_000) return usage('--samples must be a positive integer');
  const tflm = new TflmClient();
  try {
    const r = await compareWithReference(tflm, { model, reference: values.reference, samples, ...(values.kernels ? { kernels: values.kernels as 'cmsis-nn' | 'reference' } : {}) });
    io.stdout(values.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : formatTfliteComparison(r));
    return 0;
  } catch (e) {
    io.stderr(`deploylens quantize: error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    tflm.dispose();
  }
}
