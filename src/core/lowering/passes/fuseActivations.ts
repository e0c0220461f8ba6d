// Activation fusion: an activation whose input is the sole result of a kernel that can apply it on
// its output runs inside that kernel. Each runtime family has its own set, taken from its source:
// - TFLite converter (also what .tflite files already are): Relu/Relu6/Relu1 into CONV_2D,
//   DEPTHWISE_CONV_2D, AVERAGE/MAX_POOL_2D, ADD, SUB, MUL, DIV (SOURCES.tfliteFusedActivations) and
//   FULLY_CONNECTED (SOURCES.tfliteFullyConnectedActivation), as `fused_activation_function`.
// - ONNX Runtime level 2, CPU EP only: Conv + Relu/Sigmoid/Tanh/LeakyRelu/Clip/HardSigmoid →
//   FusedConv, Gemm + activation → FusedGemm (SOURCES.ortLevel2Cpu, SOURCES.ortConvActivation).
// - TensorRT: convolution / fully connected + ReLU, Clip, GELU, … (SOURCES.tensorrtFusions).
// - Vela: an activation after an NPU op moves into it (SOURCES.velaPadFusion, fuse_activation_function_with_prev).
// The precondition everywhere is the producer's single use (HasOneUse / one output edge).

import type { WorkGraph, WorkNode } from '../workGraph';
import { ownValue } from '../../util/lookup';

export interface ActivationFusionRule {
  /** Ops (as the graph names them at this point) that take a fused activation. */
  into: ReadonlySet<string>;
  /** The activation's name in the kernel's attribute, or null when `node` is not a fusable activation. */
  activation: (node: WorkNode, g: WorkGraph) => string | null;
  /** The attribute the kernel carries it in (TFLite `fused_activation_function`, ORT FusedConv `activation`). */
  attribute: string;
  label: string;
}

const TFLITE_ACTIVATIONS: Readonly<Record<string, string>> = { RELU: 'RELU', RELU6: 'RELU6', RELU_N1_TO_1: 'RELU_N1_TO_1' };

export const TFLITE_FUSION: ActivationFusionRule = {
  into: new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'AVERAGE_POOL_2D', 'MAX_POOL_2D', 'ADD', 'SUB', 'MUL', 'DIV']),
  activation: (n) => (n.domain === 'tflite' ? ownValue(TFLITE_ACTIVATIONS, n.op) ?? null : null),
  attribute: 'fused_activation_function',
  label: 'TFLite fused activation',
};

/** Vela fuses the same clamping activations into any NPU op with an output stage (conv, pool, elementwise, FC). */
export const VELA_FUSION: ActivationFusionRule = {
  ...TFLITE_FUSION,
  into: new Set([...TFLITE_FUSION.into, 'TRANSPOSE_CONV', 'CONCATENATION', 'MEAN', 'RESIZE_BILINEAR', 'RESIZE_NEAREST_NEIGHBOR', 'MAXIMUM', 'MINIMUM']),
  label: 'Vela fused activation',
};

const ORT_CPU_ACTIVATIONS = new Set(['Relu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Clip', 'HardSigmoid']);

export const ORT_CPU_FUSION: ActivationFusionRule = {
  into: new Set(['Conv', 'Gemm']),
  // Clip only with constant bounds (GetClipConstantMinMax).
  activation: (n, g) => (n.domain === '' && ORT_CPU_ACTIVATIONS.has(n.op) && n.inputs.slice(1).every((i) => i === '' || g.isConstant(i)) ? n.op : null),
  attribute: 'activation',
  label: 'ONNX Runtime FusedConv/FusedGemm',
};

const TENSORRT_ACTIVATIONS = new Set(['Relu', 'Clip', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Gelu', 'HardSigmoid', 'Elu', 'Selu', 'Softplus']);

export const TENSORRT_FUSION: ActivationFusionRule = {
  into: new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']),
  activation: (n) => (n.domain === '' && TENSORRT_ACTIVATIONS.has(n.op) ? n.op : null),
  attribute: 'activation',
  label: 'TensorRT convolution + activation fusion',
};

export function fuseActivations(g: WorkGraph, rule: ActivationFusionRule): number {
  let changed = 0;
  const liveNodes = g.live();
  for (let li = 0; li < liveNodes.length; li++) {
    const act = liveNodes[li]!;
    if (act.removed) continue;
    const name = rule.activation(act, g);
    if (!name) continue;
    const kernel = g.producer(act.inputs[0] ?? '');
    if (!kernel || !rule.into.has(kernel.op)) continue;
    const existing = kernel.attributes[rule.attribute];
    if (existing && !(existing.type === 'string' && existing.value === 'NONE')) continue;
    if (g.soleConsumer(kernel) !== act || act.outputs.filter((o) => o !== '').length !== 1) continue;
    const out = act.outputs[0]!;
    kernel.attributes = { ...kernel.attributes, [rule.attribute]: { type: 'string', value: name } };
    g.merge(act, kernel, 'fused', `fused into ${kernel.op} '${kernel.name}' as ${name} (${rule.label})`);
    g.setOutputs(kernel, [out]);
    changed++;
  }
  return changed;
}
