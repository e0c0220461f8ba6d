// The quantization preview end to end (Node; used by the CLI and the extension host): weight SQNR,
// activation calibration through the ONNX Runtime child process (src/processes/ort/client.ts; ORT
// never runs in this process), the QDQ INT8 model, and FP32 vs INT8 side by side.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Model } from '../core/ir/model';
import { readOnnx } from '../core/onnx/readOnnx';
import { inlineExternalData } from '../core/quantize/inlineExternal';
import { MemoryByteSource } from '../core/io/byteSource';
import { outputAgreement } from '../core/quantize/agreement';
import type { CalibrationMethod } from '../core/quantize/calibrate';
import { withExtraOutputs } from '../core/quantize/onnxObjects';
import { quantizationPitfalls } from '../core/quantize/pitfalls';
import { activationTypeFor, UNTARGETED_ACTIVATIONS, type ActivationType, type ActivationTypeChoice } from '../core/quantize/activationType';
import { calibrationTensors, writeQdqModel, type ActivationRange } from '../core/quantize/qdq';
import type { QuantizePreviewResult } from '../core/quantize/result';
import { quantTargetSupport } from '../core/quantize/targetSupport';
import type { TargetProfile } from '../core/targets/profile';
import type { TargetCheck } from '../core/quantize/qdq';
import { analyzeWeights } from '../core/quantize/weights';
export type { QuantizePreviewResult };
import type { OrtClient } from '../processes/ort/client';
import type { FeedSpec, TensorData } from '../processes/ort/protocol';
import { checkOrtBudget, estimateOrtMemory } from './ortBudget';
import { readRegularFile } from '../core/io/regularFile';

/** An ONNX file is one protobuf message, which cannot exceed 2 GiB. */
const MAX_PROTOBUF_BYTES = 2 ** 31 - 1;

export interface QuantizePreviewOptions {
  perChannel: boolean;
  method: CalibrationMethod;
  percentile?: number;
  /** Activation integer type; absent: chosen from `target` (else `activationTypeTarget`) — activationType.ts. */
  activationType?: ActivationType;
  /** Without `target`: the profile the activation type is chosen for (the CLI's default target), placement not judged on it. */
  activationTypeTarget?: TargetProfile;
  /** Folder of calibration inputs; absent: random inputs (with a warning). */
  calibrationDir?: string;
  /** Random samples when there is no folder (and the most samples taken from a folder). */
  samples?: number;
  /**
   * Judge the INT8 model on this target: ops it has no kernel for stay float and are listed, and
   * on a target without float precision (Edge TPU, Ethos-U) float islands become errors.
   */
  target?: TargetProfile;
  /** Overrides the node verdicts `target` gives (default: every QDQ op is quantized). */
  targetSupports?: TargetCheck;
  /** Overrides `target`'s precisions: the target computes only in INT8. */
  fullInt8Target?: boolean;
  /** Write the INT8 model here. */
  out?: string;
  signal?: AbortSignal;
  progress?: (message: string, fraction: number) => void;
  /** Tests: change the calibrated ranges before the model is written (e.g. a deliberately broken scale). */
  adjustRanges?: (ranges: Map<string, ActivationRange>) => Map<string, ActivationRange>;
}


/**
 * Calibration samples from a folder: sub-folders (one sample each, one file per input), or the
 * folder itself as one sample, or (one-input models) each .npy/.raw/.bin file as a sample — copied
 * under the input's name into `scratch`, a folder the caller removes (in `finally`: also when a run
 * times out or is cancelled).
 */
export function calibrationFeeds(dir: string, inputNames: string[], max: number, scratch: string): FeedSpec[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`calibration folder ${dir} does not exist`);
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const subdirs = entries.filter((e) => e.isDirectory());
  if (subdirs.length) return subdirs.slice(0, max).map((d) => ({ kind: 'dir', dir: path.join(dir, d.name) }));
  const files = entries.filter((e) => e.isFile() && /\.(npy|raw|bin)$/.test(e.name));
  const stems = new Set(files.map((f) => f.name.replace(/\.(npy|raw|bin)$/, '')));
  if (inputNames.every((n) => stems.has(n.replace(/[^A-Za-z0-9_.-]/g, '_')))) return [{ kind: 'dir', dir }];
  if (inputNames.length !== 1) throw new Error(`calibration folder ${dir}: a model with several inputs needs one sub-folder per sample, each with one file per input`);
  // One input: every file is a sample. Copy each to a temp sub-folder under the input's file name.
  const stem = inputNames[0]!.replace(/[^A-Za-z0-9_.-]/g, '_');
  const tmp = fs.mkdtempSync(path.join(scratch, 'deploylens-calib-'));
  return files.slice(0, max).map((f, i) => {
    const sub = path.join(tmp, String(i));
    fs.mkdirSync(sub);
    fs.copyFileSync(path.join(dir, f.name), path.join(sub, stem + path.extname(f.name)));
    return { kind: 'dir', dir: sub };
  });
}

/** Calibrations started by this process (ids of the child's collectors). */
let calibrations = 0;

function floats(t: TensorData): Float32Array {
  if (t.data instanceof Float32Array) return t.data;
  if (Array.isArray(t.data)) throw new Error('string tensor');
  return Float32Array.from(t.data as ArrayLike<number | bigint>, Number);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

export async function quantizePreview(ort: OrtClient, modelPath: string, options: QuantizePreviewOptions): Promise<QuantizePreviewResult> {
  return (await buildQuantizePreview(ort, modelPath, options)).result;
}

/** The preview and the INT8 model's bytes, so a caller can save exactly what was measured without building again. */
export async function buildQuantizePreview(ort: OrtClient, modelPath: string, options: QuantizePreviewOptions): Promise<{ result: QuantizePreviewResult; int8: Uint8Array }> {
  const progress = options.progress ?? (() => undefined);
  const signal = options.signal;
  // The QDQ writer rewrites the whole protobuf: a regular file within protobuf's 2 GiB, nothing else.
  const fileBytes = new Uint8Array(readRegularFile(modelPath, MAX_PROTOBUF_BYTES, 'an ONNX model to quantize', path.basename(modelPath)));
  const model: Model = readOnnx(new MemoryByteSource(modelPath, fileBytes), { modelDir: path.dirname(modelPath) });
  if (model.format !== 'onnx') throw new Error('quantization preview needs an ONNX model');
  // The copies written to the temp folder must not point at external data files that are not there.
  const bytes = inlineExternalData(fileBytes, model);
  const graph = model.graphs[0]!;
  // A model whose static estimate does not fit ONNX Runtime's memory budget is not run at all.
  checkOrtBudget(path.basename(modelPath), estimateOrtMemory(model), ort.memoryLimitBytes);
  progress('weights', 0.05);
  const weights = analyzeWeights(model);
  const onTarget = options.target ? quantTargetSupport(model, options.target) : undefined;
  const targetSupports = options.targetSupports ?? onTarget?.supports;
  const fullInt8Target = options.fullInt8Target ?? onTarget?.fullInt8 ?? false;
  const typeTarget = options.target ?? options.activationTypeTarget;
  const activations: ActivationTypeChoice = options.activationType
    ? { type: options.activationType, reason: `${options.activationType} as asked` }
    : typeTarget ? activationTypeFor(model, typeTarget, options.target ? targetSupports : undefined) : UNTARGETED_ACTIVATIONS;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-quantize-'));
  try {
    const io = await ort.run({ type: 'inspect', model: path.resolve(modelPath) }, { signal });
    // Each session keeps its own memory arena in the child: one at a time where the steps allow.
    await ort.run({ type: 'release', model: path.resolve(modelPath) }, { signal });
    const outputs = io.outputs.map((o) => o.name);
    const samples = options.samples ?? 8;
    const feeds: FeedSpec[] = options.calibrationDir
      ? calibrationFeeds(options.calibrationDir, io.inputs.map((i) => i.name), samples, tmp)
      : Array.from({ length: samples }, (_, i) => ({ kind: 'random', seed: i + 1 }));
    if (feeds.length === 0) throw new Error(`calibration folder ${options.calibrationDir ?? ''} holds no inputs`);

    // Calibration: one run per sample of a copy that also outputs every activation to quantize.
    const tensors = calibrationTensors(graph, targetSupports).filter((t) => !outputs.includes(t));
    const calibPath = path.join(tmp, 'calibration.onnx');
    fs.writeFileSync(calibPath, withExtraOutputs(bytes, tensors));
    // The ranges are collected in the ONNX Runtime child, sample by sample: the activations (tens of
    // MB per sample) never cross the process boundary; only the model's outputs and inputs come back.
    const collector = `calibration-${process.pid}-${++calibrations}`;
    const replay: Record<string, TensorData>[] = [];
    const reference: Record<string, Float32Array>[] = [];
    const sample = options.method !== 'minmax';
    for (let i = 0; i < feeds.length; i++) {
      progress(`calibrating (${i + 1}/${feeds.length})`, 0.1 + 0.5 * (i / feeds.length));
      const r = await ort.run({ type: 'run', model: calibPath, feeds: feeds[i]!, returnFeeds: true, optimization: 'disabled', memoryArena: false, collect: { collector, returnOnly: outputs, sample } }, { signal });
      replay.push(r.feeds ?? {});
      reference.push(Object.fromEntries(outputs.filter((o) => r.outputs[o]).map((o) => [o, floats(r.outputs[o]!)])));
    }
    const percentile = options.percentile ?? 99.99;
    let ranges = new Map((await ort.run({ type: 'ranges', collector, method: options.method, percentile }, { signal })).ranges);
    // The calibration session (every activation an output) is the largest: gone before the comparison.
    await ort.run({ type: 'release', model: calibPath }, { signal });
    if (options.adjustRanges) ranges = options.adjustRanges(ranges);

    progress('writing the INT8 model', 0.65);
    const qdq = writeQdqModel(bytes, model, { perChannel: options.perChannel, activationType: activations.type, ...(activations.scheme ? { activationScheme: activations.scheme } : {}), ranges, ...(targetSupports ? { targetSupports } : {}) });
    const int8Path = path.join(tmp, 'model.int8.onnx');
    fs.writeFileSync(int8Path, qdq.bytes);

    // FP32 and INT8 on the same inputs (the calibration samples, replayed as tensors). The INT8
    // outputs come from the QDQ model as ONNX defines it (graph optimizations off: DequantizeLinear,
    // the float op, QuantizeLinear), which is what a target's integer kernels compute. ORT's fused
    // int8 kernels on this host are timed only: on x86-64 without VNNI (AVX2) they multiply u8 by s8
    // in pairs summed into saturating int16 (MLAS), which no device target does, so their outputs
    // would charge the host's arithmetic to the quantization (seen on an AVX2 AMD EPYC: cosine 0.96 where the QDQ model agrees to 0.99+).
    const fp32Lat: number[] = [], int8Lat: number[] = [];
    const fp32Out: Record<string, Float32Array[]> = {}, int8Out: Record<string, Float32Array[]> = {};
    const fp32Model = path.resolve(modelPath);
    for (let i = 0; i < replay.length; i++) {
      progress(`comparing FP32 and INT8 (${i + 1}/${replay.length})`, 0.7 + 0.28 * (i / replay.length));
      const spec: FeedSpec = { kind: 'tensors', tensors: replay[i]! };
      const a = await ort.run({ type: 'run', model: fp32Model, feeds: spec, outputs }, { signal });
      const b = await ort.run({ type: 'run', model: int8Path, feeds: spec, outputs, optimization: 'disabled' }, { signal });
      if (i > 0 || replay.length === 1) fp32Lat.push(a.latencyMs);
      for (const o of outputs) {
        (fp32Out[o] ??= []).push(a.outputs[o] ? floats(a.outputs[o]) : reference[i]![o]!);
        (int8Out[o] ??= []).push(floats(b.outputs[o]!));
      }
    }
    // One INT8 session at a time in the ORT process (the unfused one released before the fused one opens).
    await ort.run({ type: 'release', model: int8Path }, { signal });
    for (let i = replay.length === 1 ? 0 : 1; i < replay.length; i++) {
      int8Lat.push((await ort.run({ type: 'run', model: int8Path, feeds: { kind: 'tensors', tensors: replay[i]! }, outputs }, { signal })).latencyMs);
    }
    // A few more timed runs on the first sample so the latency is not one noisy number.
    for (let k = 0; k < 3; k++) {
      const spec: FeedSpec = { kind: 'tensors', tensors: replay[0]! };
      fp32Lat.push((await ort.run({ type: 'run', model: fp32Model, feeds: spec, outputs }, { signal })).latencyMs);
      int8Lat.push((await ort.run({ type: 'run', model: int8Path, feeds: spec, outputs }, { signal })).latencyMs);
    }
    const agreement = outputs.map((o) => {
      const dims = io.outputs.find((x) => x.name === o)?.shape ?? [];
      const last = dims[dims.length - 1];
      return outputAgreement(o, fp32Out[o]!, int8Out[o]!, typeof last === 'number' ? last : null);
    });
    const fp32Ms = median(fp32Lat), int8Ms = median(int8Lat);
    await ort.run({ type: 'release', model: int8Path }).catch(() => undefined);
    await ort.run({ type: 'release', model: fp32Model }).catch(() => undefined);

    let saved: string | null = null;
    if (options.out) {
      fs.writeFileSync(options.out, qdq.bytes);
      saved = path.resolve(options.out);
    }
    progress('done', 1);
    const result: QuantizePreviewResult = {
      model: path.resolve(modelPath),
      targetId: options.target?.id ?? null,
      weights,
      calibration: { source: options.calibrationDir ? 'folder' : 'random', samples: feeds.length, method: options.method, percentile: options.method === 'percentile' ? percentile : null, tensors: ranges.size },
      qdq: { activations, quantizedNodes: qdq.quantizedNodes, quantizedWeights: qdq.quantizedWeights, quantizedActivations: qdq.quantizedActivations, floatNodes: qdq.floatNodes, notes: qdq.notes, bytes: qdq.bytes.length },
      agreement,
      latency: { fp32Ms, int8Ms, speedup: int8Ms > 0 ? fp32Ms / int8Ms : NaN },
      pitfalls: quantizationPitfalls({ graph, layers: weights.layers, perChannel: options.perChannel, floatNodes: qdq.floatNodes, randomCalibration: !options.calibrationDir, fullInt8Target }),
      saved,
    };
    return { result, int8: qdq.bytes };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
