// A generated Llama-style transformer decoder, written with the project's ONNX writer so that no
// torch is needed: the benchmark corpus's ≥ 10,000-node model (issue 16) and the tests' scale model.
// It looks like a torch.onnx export of a decoder with a KV cache: symbolic `batch`, `seq` and
// `past_seq` dims, past_key/past_value inputs and present_key/present_value outputs per layer,
// RMSNorm, rotary embeddings, grouped-query attention with repeat_kv, a causal mask built from
// shapes, SwiGLU MLP, and the exporter's plumbing: a Constant node per scalar and
// Shape → Gather → Unsqueeze → Concat → Reshape chains around every reshape.
//
// The weights live in an external data file that the caller creates as a sparse file of
// `externalBytes` (fs.truncateSync): at the default size it is > 2 GB, which the verdict path must
// never open.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { attr, OnnxGraphBuilder, writeOnnxModel } from '../../src/core/onnx/writeOnnx';

export interface DecoderOptions {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  vocab: number;
  /** Name of the external data file, next to the model. */
  dataLocation: string;
}

/** 48 layers, hidden 2048, 16 heads (4 KV heads), FFN 5632, vocab 32000: 2.3 B parameters, 9.2 GB of float32 weights, 10,187 nodes. */
export const DEFAULT_DECODER: DecoderOptions = { layers: 48, hidden: 2048, heads: 16, kvHeads: 4, ffn: 5632, vocab: 32000, dataLocation: 'decoder.weights' };

export interface GeneratedDecoder {
  /** The .onnx file's bytes (structure only: every weight is external). */
  model: Uint8Array;
  /** Size the external data file must have. */
  externalBytes: number;
  nodes: number;
}

export function transformerDecoder(options: DecoderOptions = DEFAULT_DECODER): GeneratedDecoder {
  const { layers, hidden, heads, kvHeads, ffn, vocab, dataLocation } = options;
  const headDim = hidden / heads;
  const b = new OnnxGraphBuilder('decoder');
  let offset = 0;
  let nodes = 0;
  let k = 0;
  const id = (base: string) => `${base}_${k++}`;
  const weight = (name: string, dims: number[]) => {
    const length = dims.reduce((a, d) => a * d, 1) * 4;
    b.initializer(name, 'float32', dims, undefined, { external: { location: dataLocation, offset, length } });
    offset += length;
    return name;
  };
  const node = (op: string, inputs: string[], attributes: Record<string, number | number[] | string> = {}, outputs = 1, name?: string): string[] => {
    const outs = Array.from({ length: outputs }, () => id(op.toLowerCase()));
    b.node(op, inputs, outs, attributes, { name: name ?? `/${op}_${nodes}` });
    nodes++;
    return outs;
  };
  const one = (op: string, inputs: string[], attributes: Record<string, number | number[] | string> = {}, name?: string) => node(op, inputs, attributes, 1, name)[0]!;
  // torch.onnx emits a Constant node for every scalar and index it uses.
  const constInts = (values: number[], scalar = false) => {
    const out = id('const');
    b.node('Constant', [], [out], { value: attr.tensor({ name: '', dtype: 'int64', dims: scalar ? [] : [values.length], data: values }) }, { name: `/Constant_${nodes}` });
    nodes++;
    return out;
  };
  const constFloat = (value: number) => {
    const out = id('constf');
    b.node('Constant', [], [out], { value: attr.tensor({ name: '', dtype: 'float32', dims: [], data: [value] }) }, { name: `/Constant_${nodes}` });
    nodes++;
    return out;
  };
  /** dim `axis` of x as a 1-element int64 tensor: Shape → Gather(Constant) → Unsqueeze(Constant). */
  const dimOf = (x: string, axis: number) => {
    const shape = one('Shape', [x]);
    const g = one('Gather', [shape, constInts([axis], true)], { axis: 0 });
    return one('Unsqueeze', [g, constInts([0])]);
  };
  /** Reshape x to [dims...] where each dim is a literal or a 1-element tensor from dimOf. */
  const reshape = (x: string, dims: (number | string)[]) => {
    const parts = dims.map((d) => (typeof d === 'number' ? constInts([d]) : d));
    const shape = one('Concat', parts, { axis: 0 });
    return one('Reshape', [x, shape]);
  };
  const linear = (x: string, name: string, inDim: number, outDim: number) => one('MatMul', [x, weight(`${name}.weight`, [inDim, outDim])], {}, `/${name}/MatMul`);
  const rmsNorm = (x: string, name: string) => {
    const sq = one('Pow', [x, constFloat(2)]);
    const mean = one('ReduceMean', [sq], { axes: [-1], keepdims: 1 });
    const eps = one('Add', [mean, constFloat(1e-6)]);
    const root = one('Sqrt', [eps]);
    const inv = one('Div', [constFloat(1), root]);
    const normed = one('Mul', [x, inv]);
    return one('Mul', [normed, weight(`${name}.weight`, [hidden])]);
  };
  /** Rotary embedding: x * cos + rotate_half(x) * sin, with rotate_half from two Slices, a Neg and a Concat. */
  const rotary = (x: string, cos: string, sin: string) => {
    const half = headDim / 2;
    const x1 = one('Slice', [x, constInts([0]), constInts([half]), constInts([-1]), constInts([1])]);
    const x2 = one('Slice', [x, constInts([half]), constInts([2 ** 62]), constInts([-1]), constInts([1])]);
    const rotated = one('Concat', [one('Neg', [x2]), x1], { axis: -1 });
    return one('Add', [one('Mul', [x, cos]), one('Mul', [rotated, sin])]);
  };
  /** [batch, kvHeads, total, headDim] → [batch, heads, total, headDim] (repeat_kv: Unsqueeze, Expand, Reshape). */
  const repeatKv = (x: string) => {
    const batch = dimOf(x, 0);
    const total = dimOf(x, 2);
    const expanded = one('Expand', [one('Unsqueeze', [x, constInts([2])]), one('Concat', [batch, constInts([kvHeads]), constInts([heads / kvHeads]), total, constInts([headDim])], { axis: 0 })]);
    return reshape(expanded, [batch, heads, total, headDim]);
  };

  b.input('input_ids', 'int64', ['batch', 'seq']);
  b.input('position_ids', 'int64', ['batch', 'seq']);
  for (let l = 0; l < layers; l++) {
    b.input(`past_key_values.${l}.key`, 'float32', ['batch', kvHeads, 'past_seq', headDim]);
    b.input(`past_key_values.${l}.value`, 'float32', ['batch', kvHeads, 'past_seq', headDim]);
  }
  let h = one('Gather', [weight('embed_tokens.weight', [vocab, hidden]), 'input_ids'], { axis: 0 }, '/embed_tokens/Gather');
  const cosTable = weight('rotary.cos_cached', [4096, headDim]);
  const sinTable = weight('rotary.sin_cached', [4096, headDim]);
  /** Each attention layer slices the rotary tables to the sequence it sees and gathers the positions (as HF's Llama does). */
  const rotaryTables = (values: string) => {
    const total = dimOf(values, 2);
    const pick = (table: string) => {
      const sliced = one('Slice', [table, constInts([0]), total, constInts([0]), constInts([1])]);
      const cast = one('Cast', [sliced], { to: 1 });
      return one('Unsqueeze', [one('Gather', [cast, 'position_ids'], { axis: 0 }), constInts([1])]);
    };
    return { cos: pick(cosTable), sin: pick(sinTable) };
  };

  for (let l = 0; l < layers; l++) {
    const p = `layers.${l}`;
    const x = rmsNorm(h, `${p}.input_layernorm`);
    const batch = dimOf(x, 0);
    const seq = dimOf(x, 1);
    const q = one('Transpose', [reshape(linear(x, `${p}.self_attn.q_proj`, hidden, hidden), [batch, seq, heads, headDim])], { perm: [0, 2, 1, 3] });
    const kNew = one('Transpose', [reshape(linear(x, `${p}.self_attn.k_proj`, hidden, kvHeads * headDim), [batch, seq, kvHeads, headDim])], { perm: [0, 2, 1, 3] });
    const vNew = one('Transpose', [reshape(linear(x, `${p}.self_attn.v_proj`, hidden, kvHeads * headDim), [batch, seq, kvHeads, headDim])], { perm: [0, 2, 1, 3] });
    const { cos, sin } = rotaryTables(vNew);
    const qr = rotary(q, cos, sin);
    const kr = rotary(kNew, cos, sin);
    const key = one('Concat', [`past_key_values.${l}.key`, kr], { axis: 2 });
    const value = one('Concat', [`past_key_values.${l}.value`, vNew], { axis: 2 });
    b.node('Identity', [key], [`present.${l}.key`], {}, { name: `/present_key_${l}` });
    b.node('Identity', [value], [`present.${l}.value`], {}, { name: `/present_value_${l}` });
    nodes += 2;
    b.output(`present.${l}.key`).output(`present.${l}.value`);
    const kAll = repeatKv(key);
    const vAll = repeatKv(value);
    // Scores with the causal mask over past + new positions, built from shapes as exporters do.
    const scores = one('Div', [one('MatMul', [qr, one('Transpose', [kAll], { perm: [0, 1, 3, 2] })]), constFloat(Math.sqrt(headDim))]);
    const total = dimOf(kAll, 2);
    const seqScalar = one('Squeeze', [seq, constInts([0])]);
    const totalScalar = one('Squeeze', [total, constInts([0])]);
    const past = one('Sub', [totalScalar, seqScalar]);
    const rows = one('Add', [one('Range', [constInts([0], true), seqScalar, constInts([1], true)]), past]);
    const cols = one('Range', [constInts([0], true), totalScalar, constInts([1], true)]);
    const future = one('Greater', [one('Unsqueeze', [cols, constInts([0])]), one('Unsqueeze', [rows, constInts([1])])]);
    const mask = one('Where', [future, constFloat(-1e9), constFloat(0)]);
    // The mask expanded to [batch, 1, seq, total], and softmax upcast to float32 and back (HF's attention does both).
    const expandedMask = one('Expand', [one('Unsqueeze', [mask, constInts([0, 1])]), one('Concat', [dimOf(qr, 0), constInts([1]), dimOf(qr, 2), dimOf(kAll, 2)], { axis: 0 })]);
    const masked = one('Cast', [one('Add', [scores, expandedMask])], { to: 1 });
    const probs = one('Cast', [one('Softmax', [masked], { axis: -1 })], { to: 1 });
    const attn = one('Transpose', [one('MatMul', [probs, vAll])], { perm: [0, 2, 1, 3] });
    const merged = reshape(attn, [batch, seq, hidden]);
    h = one('Add', [h, linear(merged, `${p}.self_attn.o_proj`, hidden, hidden)]);
    // SwiGLU MLP.
    const y = rmsNorm(h, `${p}.post_attention_layernorm`);
    const gate = linear(y, `${p}.mlp.gate_proj`, hidden, ffn);
    const silu = one('Mul', [gate, one('Sigmoid', [gate])]);
    const up = linear(y, `${p}.mlp.up_proj`, hidden, ffn);
    h = one('Add', [h, linear(one('Mul', [silu, up]), `${p}.mlp.down_proj`, ffn, hidden)]);
  }
  const logits = linear(rmsNorm(h, 'norm'), 'lm_head', hidden, vocab);
  b.node('Identity', [logits], ['logits'], {}, { name: '/lm_head/Identity' });
  nodes++;
  b.output('logits');
  return { model: writeOnnxModel({ graph: b, opsets: { '': 17 } }), externalBytes: offset, nodes };
}

/** The tests' small decoder (2 layers, hidden 64): the same structure in a few hundred nodes. */
export const SMALL_DECODER: DecoderOptions = { layers: 2, hidden: 64, heads: 4, kvHeads: 2, ffn: 128, vocab: 100, dataLocation: 'w.bin' };

/** The small decoder written to a new temp folder with its (zero) external weights: the .onnx path. */
export function writeSmallDecoder(prefix: string): string {
  const d = transformerDecoder(SMALL_DECODER);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, SMALL_DECODER.dataLocation), Buffer.alloc(d.externalBytes));
  fs.writeFileSync(path.join(dir, 'decoder.onnx'), d.model);
  return path.join(dir, 'decoder.onnx');
}
