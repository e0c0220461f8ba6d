// Per-layer weight quantization error: for each Conv/Gemm/MatMul weight, the INT8 SQNR of
// per-tensor vs per-channel (along the output-channel axis) × symmetric vs asymmetric, and the
// model's size in FP32, FP16 and INT8. Reads only the weights of those layers (model.weights.read).

import { dtypeBytes, isFloat } from '../ir/dtype';
import type { Graph, Model, Node } from '../ir/model';
import { floatsOf, fp16Sqnr, weightSqnr } from './math';

export const WEIGHT_OPS = ['Conv', 'ConvTranspose', 'Gemm', 'MatMul'] as const;

export interface LayerWeightError {
  node: number;
  name: string;
  op: string;
  /** 'depthwise' for a Conv with one input channel per group. */
  kind: 'conv' | 'depthwise' | 'grouped' | 'dense';
  weight: string;
  shape: number[];
  /** The output-channel axis per-channel scales follow. */
  axis: number;
  params: number;
  /** INT8 SQNR in dB (higher is better). */
  sqnr: { perTensorSymmetric: number; perTensorAsymmetric: number; perChannelSymmetric: number; perChannelAsymmetric: number; fp16: number };
  /** perChannelSymmetric - perTensorSymmetric: what per-channel scales win on this layer. */
  perChannelGainDb: number;
}

export interface ModelSizes {
  /** Bytes of all float weights in FP32, FP16 and INT8 (other constants counted as stored). */
  fp32: number;
  fp16: number;
  int8: number;
  /** Bytes of non-float constants (unchanged by quantization). */
  other: number;
}

export interface WeightAnalysis {
  layers: LayerWeightError[];
  sizes: ModelSizes;
  /** Weights that could not be analyzed (no data, dynamic shape, ...), with the reason. */
  skipped: { node: number; name: string; reason: string }[];
}

function staticShape(graph: Graph, tensor: string): number[] | null {
  const s = graph.tensors.get(tensor)?.shape;
  if (!s || s.some((d) => typeof d !== 'number')) return null;
  return s as number[];
}

function intAttr(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a?.type === 'int' ? a.value : fallback;
}

/** The weight input of a quantizable layer, its output-channel axis and kind; null when the layer has no constant float weight. */
export function layerWeight(graph: Graph, node: Node): { weight: string; axis: number; kind: LayerWeightError['kind']; shape: number[] } | null {
  const op = node.canonicalOp;
  if (!(WEIGHT_OPS as readonly string[]).includes(op)) return null;
  const pick = (i: number) => {
    const name = node.inputs[i];
    const t = name ? graph.tensors.get(name) : undefined;
    return t && t.constant && t.data && isFloat(t.dtype) ? name! : null;
  };
  if (op === 'Conv' || op === 'ConvTranspose') {
    const w = pick(1);
    const shape = w ? staticShape(graph, w) : null;
    if (!w || !shape || shape.length < 3) return null;
    const group = intAttr(node, 'group', 1);
    const axis = op === 'Conv' ? 0 : 1;
    const kind = group === 1 ? 'conv' : op === 'Conv' && shape[1] === 1 ? 'depthwise' : 'grouped';
    return { weight: w, axis, kind, shape };
  }
  if (op === 'Gemm') {
    const b = pick(1);
    const shape = b ? staticShape(graph, b) : null;
    if (!b || !shape || shape.length !== 2) return null;
    return { weight: b, axis: intAttr(node, 'transB', 0) ? 0 : 1, kind: 'dense', shape };
  }
  // MatMul: the constant operand is the right one (x @ W, W is [.., K, N]: N is the output axis).
  const b = pick(1);
  const shape = b ? staticShape(graph, b) : null;
  if (!b || !shape || shape.length < 2) return null;
  return { weight: b, axis: shape.length - 1, kind: 'dense', shape };
}

export function analyzeWeights(model: Model, graphIndex = 0): WeightAnalysis {
  const graph = model.graphs[graphIndex];
  if (!graph) throw new Error(`the model has no graph ${graphIndex}`);
  const layers: LayerWeightError[] = [];
  const skipped: WeightAnalysis['skipped'] = [];
  for (const index of graph.order) {
    const node = graph.nodes[index]!;
    if (!(WEIGHT_OPS as readonly string[]).includes(node.canonicalOp)) continue;
    const w = layerWeight(graph, node);
    if (!w) {
      skipped.push({ node: index, name: node.name, reason: 'no constant float weight with a static shape' });
      continue;
    }
    let values: Float32Array;
    try {
      values = floatsOf(model.weights.read(graphIndex, w.weight), graph.tensors.get(w.weight)!.dtype);
    } catch (e) {
      skipped.push({ node: index, name: node.name, reason: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const pts = weightSqnr(values, w.shape, 'per-tensor', 'symmetric', w.axis);
    const pcs = weightSqnr(values, w.shape, 'per-channel', 'symmetric', w.axis);
    layers.push({
      node: index, name: node.name || `${node.op}_${index}`, op: node.op, kind: w.kind, weight: w.weight, shape: w.shape, axis: w.axis, params: values.length,
      sqnr: {
        perTensorSymmetric: pts,
        perTensorAsymmetric: weightSqnr(values, w.shape, 'per-tensor', 'asymmetric', w.axis),
        perChannelSymmetric: pcs,
        perChannelAsymmetric: weightSqnr(values, w.shape, 'per-channel', 'asymmetric', w.axis),
        fp16: fp16Sqnr(values),
      },
      perChannelGainDb: pcs - pts,
    });
  }
  return { layers, sizes: modelSizes(graph), skipped };
}

/** Weight bytes of the graph's constants in FP32, FP16 and INT8 (float constants only change). */
export function modelSizes(graph: Graph): ModelSizes {
  const sizes: ModelSizes = { fp32: 0, fp16: 0, int8: 0, other: 0 };
  for (const t of graph.tensors.values()) {
    if (!t.constant || !t.data) continue;
    const elements = (t.shape ?? []).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
    if (isFloat(t.dtype) && Number.isFinite(elements)) {
      sizes.fp32 += elements * 4;
      sizes.fp16 += elements * 2;
      sizes.int8 += elements;
    } else {
      const b = t.dataBytes ?? dtypeBytes(t.dtype, elements) ?? 0;
      sizes.other += b;
    }
  }
  sizes.fp32 += sizes.other;
  sizes.fp16 += sizes.other;
  sizes.int8 += sizes.other;
  return sizes;
}
