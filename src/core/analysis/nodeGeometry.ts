// Reads the spatial parameters of conv/pool nodes (kernel, strides, dilations, padding, fused
// activation) in one shape for both formats, so constraints are checked the same way for an ONNX
// Conv and a TFLite CONV_2D. Values that cannot be known (no attribute, weight shape unknown) are
// null: the caller reports them as not checked instead of guessing.

import type { AttributeValue, Graph, Node } from '../ir/model';
import type { PaddingMode } from '../targets/profile';

export interface NodeGeometry {
  /** Spatial kernel dims, outermost first ([h, w] for 2-D). */
  kernel: number[] | null;
  strides: number[] | null;
  dilations: number[] | null;
  padding: PaddingMode | null;
  /** TFLite fused activation ('NONE', 'RELU', ...), null when the op has none. */
  fusedActivation: string | null;
}

const ONNX_SPATIAL = new Set(['Conv', 'ConvTranspose', 'QLinearConv', 'ConvInteger', 'MaxPool', 'AveragePool', 'LpPool']);
const TFLITE_SPATIAL = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'TRANSPOSE_CONV', 'MAX_POOL_2D', 'AVERAGE_POOL_2D', 'L2_POOL_2D', 'CONV_3D']);

export function isSpatialOp(node: Node): boolean {
  return node.domain === 'tflite' ? TFLITE_SPATIAL.has(node.op) : ONNX_SPATIAL.has(node.op);
}

/** First attribute present among `names`. */
function attr(node: Node, ...names: string[]): AttributeValue | undefined {
  for (const n of names) {
    const a = node.attributes[n];
    if (a) return a;
  }
  return undefined;
}

export function attrNumber(node: Node, ...names: string[]): number | null {
  const a = attr(node, ...names);
  return a && (a.type === 'int' || a.type === 'float') ? a.value : null;
}

export function attrNumbers(node: Node, ...names: string[]): number[] | null {
  const a = attr(node, ...names);
  return a && (a.type === 'ints' || a.type === 'floats') ? a.value : null;
}

export function attrString(node: Node, ...names: string[]): string | null {
  const a = attr(node, ...names);
  return a && a.type === 'string' ? a.value : null;
}

function staticDims(graph: Graph, tensorName: string | undefined): number[] | null {
  if (!tensorName) return null;
  const shape = graph.tensors.get(tensorName)?.shape;
  if (!shape || shape.some((d) => typeof d !== 'number')) return null;
  return shape as number[];
}

export function nodeGeometry(node: Node, graph: Graph): NodeGeometry {
  return node.domain === 'tflite' ? tfliteGeometry(node, graph) : onnxGeometry(node, graph);
}

function onnxGeometry(node: Node, graph: Graph): NodeGeometry {
  const weightIndex = node.op === 'QLinearConv' ? 3 : 1;
  const isConv = node.op.includes('Conv');
  let kernel = attrNumbers(node, 'kernel_shape');
  if (!kernel && isConv) kernel = staticDims(graph, node.inputs[weightIndex])?.slice(2) ?? null;
  const spatial = kernel?.length ?? null;
  const ones = spatial === null ? null : new Array<number>(spatial).fill(1);
  const strides = attrNumbers(node, 'strides') ?? ones;
  const dilations = attrNumbers(node, 'dilations') ?? ones;
  const autoPad = attrString(node, 'auto_pad') ?? 'NOTSET';
  let padding: PaddingMode;
  if (autoPad === 'VALID') padding = 'valid';
  else if (autoPad.startsWith('SAME')) padding = 'same';
  else padding = (attrNumbers(node, 'pads') ?? []).every((p) => p === 0) ? 'valid' : 'explicit';
  return { kernel, strides, dilations, padding, fusedActivation: null };
}

function tfliteGeometry(node: Node, graph: Graph): NodeGeometry {
  // The TFLite reader decodes builtin options into ONNX-style names where ONNX has the concept:
  // kernel_shape (pools), strides and dilations, all in [h, w] order; padding is 'SAME' | 'VALID'.
  let kernel = attrNumbers(node, 'kernel_shape');
  if (!kernel && node.op !== 'MAX_POOL_2D' && node.op !== 'AVERAGE_POOL_2D' && node.op !== 'L2_POOL_2D') {
    // CONV_2D / TRANSPOSE_CONV weights are OHWI, DEPTHWISE_CONV_2D weights are 1HWO: h, w at 1..2.
    const w = staticDims(graph, node.inputs[1]);
    kernel = w && w.length === 4 ? [w[1]!, w[2]!] : null;
  }
  const strides = attrNumbers(node, 'strides');
  const hasDilation = node.op === 'CONV_2D' || node.op === 'DEPTHWISE_CONV_2D' || node.op === 'CONV_3D';
  const dilations = hasDilation ? attrNumbers(node, 'dilations') ?? [1, 1] : [1, 1];
  const pad = attrString(node, 'padding');
  const padding: PaddingMode | null = pad === null ? null : pad.toUpperCase() === 'VALID' ? 'valid' : 'same';
  return { kernel, strides, dilations, padding, fusedActivation: fusedActivation(node) };
}

/** A TFLite node's fused activation ('NONE', 'RELU6', ...), or null when it has none (and for ONNX). */
export function fusedActivation(node: Node): string | null {
  const act = attr(node, 'fused_activation_function');
  return act?.type === 'string' ? act.value.toUpperCase() : null;
}
