// Decodes the builtin options that analyses use into Node.attributes, with ONNX names where ONNX
// has the same concept (strides/dilations/kernel_shape in [h, w] order, auto_pad, axis, keepdims,
// alpha) and TFLite's own names otherwise (fused_activation_function, depth_multiplier, masks).
// Padding is given both ways: `padding` ('SAME' | 'VALID', as TFLite writes it) and `auto_pad`
// ('SAME_UPPER' | 'VALID': TFLite's SAME puts the extra pixel at the end, like ONNX SAME_UPPER).
// Options not decoded keep their type name in `options` so nothing is silently dropped.

import type { AttributeValue } from '../ir/model';
import type { FbTable } from './flatbufferTable';
import { ACTIVATION, BUILTIN_OPTIONS, BUILTIN_OPTIONS_2, FC_WEIGHTS_FORMAT, PADDING } from './schema';

export interface DecodedOptions {
  attributes: Record<string, AttributeValue>;
  /** Subgraph references (IF/WHILE/CALL_ONCE/CALL) as [attribute name, subgraph index]. */
  subgraphs: [string, number][];
}

const int = (value: number): AttributeValue => ({ type: 'int', value });
const flt = (value: number): AttributeValue => ({ type: 'float', value });
const str = (value: string): AttributeValue => ({ type: 'string', value });
const enumName = (names: readonly string[], v: number): string => names[v] ?? `UNKNOWN_${v}`;

/** Name of a BuiltinOptions union member by its type value (0 = NONE). */
export function builtinOptionsName(type: number): string | undefined {
  return BUILTIN_OPTIONS[type - 1];
}
export function builtinOptions2Name(type: number): string | undefined {
  return BUILTIN_OPTIONS_2[type - 1];
}

function padding(a: Record<string, AttributeValue>, t: FbTable, slot: number): void {
  const p = enumName(PADDING, t.int8(slot, 'padding'));
  a.padding = str(p);
  a.auto_pad = str(p === 'SAME' ? 'SAME_UPPER' : p);
}
function activation(a: Record<string, AttributeValue>, t: FbTable, slot: number): void {
  a.fused_activation_function = str(enumName(ACTIVATION, t.int8(slot, 'fused_activation_function')));
}
function strides(a: Record<string, AttributeValue>, t: FbTable, wSlot: number, hSlot: number): void {
  a.strides = { type: 'ints', value: [t.int32(hSlot, 'stride_h'), t.int32(wSlot, 'stride_w')] };
}
function dilations(a: Record<string, AttributeValue>, t: FbTable, wSlot: number, hSlot: number): void {
  a.dilations = { type: 'ints', value: [t.int32(hSlot, 'dilation_h_factor', 1), t.int32(wSlot, 'dilation_w_factor', 1)] };
}

/** `t` is the options table (null when the union value is absent: all fields take their defaults). */
export function decodeBuiltinOptions(typeName: string, t: FbTable | null): DecodedOptions {
  const a: Record<string, AttributeValue> = {};
  const subgraphs: [string, number][] = [];
  if (!t) return { attributes: a, subgraphs };
  switch (typeName) {
    case 'Conv2DOptions':
      padding(a, t, 0); strides(a, t, 1, 2); activation(a, t, 3); dilations(a, t, 4, 5);
      break;
    case 'DepthwiseConv2DOptions':
      padding(a, t, 0); strides(a, t, 1, 2); a.depth_multiplier = int(t.int32(3, 'depth_multiplier'));
      activation(a, t, 4); dilations(a, t, 5, 6);
      break;
    case 'Pool2DOptions':
      padding(a, t, 0); strides(a, t, 1, 2);
      a.kernel_shape = { type: 'ints', value: [t.int32(4, 'filter_height'), t.int32(3, 'filter_width')] };
      activation(a, t, 5);
      break;
    case 'TransposeConvOptions':
      padding(a, t, 0); strides(a, t, 1, 2); activation(a, t, 3);
      break;
    case 'FullyConnectedOptions':
      activation(a, t, 0);
      a.weights_format = str(enumName(FC_WEIGHTS_FORMAT, t.int8(1, 'weights_format')));
      a.keep_num_dims = int(t.bool(2, 'keep_num_dims') ? 1 : 0);
      a.asymmetric_quantize_inputs = int(t.bool(3, 'asymmetric_quantize_inputs') ? 1 : 0);
      break;
    case 'ConcatenationOptions':
      a.axis = int(t.int32(0, 'axis')); activation(a, t, 1);
      break;
    case 'AddOptions': case 'SubOptions':
      activation(a, t, 0); a.pot_scale_int16 = int(t.bool(1, 'pot_scale_int16', true) ? 1 : 0);
      break;
    case 'MulOptions': case 'DivOptions': case 'L2NormOptions':
      activation(a, t, 0);
      break;
    case 'ReshapeOptions': {
      const s = t.int32s(0, 'new_shape');
      if (s) a.new_shape = { type: 'ints', value: s };
      break;
    }
    case 'SoftmaxOptions':
      a.beta = flt(t.float32(0, 'beta'));
      break;
    case 'StridedSliceOptions':
      a.begin_mask = int(t.int32(0, 'begin_mask')); a.end_mask = int(t.int32(1, 'end_mask'));
      a.ellipsis_mask = int(t.int32(2, 'ellipsis_mask')); a.new_axis_mask = int(t.int32(3, 'new_axis_mask'));
      a.shrink_axis_mask = int(t.int32(4, 'shrink_axis_mask')); a.offset = int(t.bool(5, 'offset') ? 1 : 0);
      break;
    case 'PackOptions':
      a.values_count = int(t.int32(0, 'values_count')); a.axis = int(t.int32(1, 'axis'));
      break;
    case 'UnpackOptions':
      a.num = int(t.int32(0, 'num')); a.axis = int(t.int32(1, 'axis'));
      break;
    case 'SplitOptions': case 'SplitVOptions':
      a.num_splits = int(t.int32(0, 'num_splits'));
      break;
    case 'SqueezeOptions':
      a.axes = { type: 'ints', value: t.int32s(0, 'squeeze_dims') ?? [] };
      break;
    case 'UnidirectionalSequenceLSTMOptions':
      activation(a, t, 0); a.cell_clip = flt(t.float32(1, 'cell_clip')); a.proj_clip = flt(t.float32(2, 'proj_clip'));
      a.time_major = int(t.bool(3, 'time_major') ? 1 : 0);
      a.asymmetric_quantize_inputs = int(t.bool(4, 'asymmetric_quantize_inputs') ? 1 : 0);
      break;
    case 'GatherOptions':
      a.axis = int(t.int32(0, 'axis')); a.batch_dims = int(t.int32(1, 'batch_dims'));
      break;
    case 'ReducerOptions':
      a.keepdims = int(t.bool(0, 'keep_dims') ? 1 : 0);
      break;
    case 'LeakyReluOptions':
      a.alpha = flt(t.float32(0, 'alpha'));
      break;
    case 'ResizeBilinearOptions':
      a.align_corners = int(t.bool(2, 'align_corners') ? 1 : 0); a.half_pixel_centers = int(t.bool(3, 'half_pixel_centers') ? 1 : 0);
      a.mode = str('linear');
      break;
    case 'ResizeNearestNeighborOptions':
      a.align_corners = int(t.bool(0, 'align_corners') ? 1 : 0); a.half_pixel_centers = int(t.bool(1, 'half_pixel_centers') ? 1 : 0);
      a.mode = str('nearest');
      break;
    case 'GeluOptions':
      a.approximate = str(t.bool(0, 'approximate') ? 'tanh' : 'none');
      break;
    case 'SpaceToDepthOptions': case 'DepthToSpaceOptions':
      a.blocksize = int(t.int32(0, 'block_size'));
      break;
    case 'IfOptions':
      subgraphs.push(['then_branch', t.int32(0, 'then_subgraph_index')], ['else_branch', t.int32(1, 'else_subgraph_index')]);
      break;
    case 'WhileOptions':
      subgraphs.push(['cond', t.int32(0, 'cond_subgraph_index')], ['body', t.int32(1, 'body_subgraph_index')]);
      break;
    case 'CallOnceOptions':
      subgraphs.push(['init', t.int32(0, 'init_subgraph_index')]);
      break;
    case 'CallOptions':
      subgraphs.push(['subgraph', t.uint32(0, 'subgraph')]);
      break;
    default:
      a.options = { type: 'other', kind: typeName };
  }
  return { attributes: a, subgraphs };
}
