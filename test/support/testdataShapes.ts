// Done-criterion (2): ONNX's node tests (Debian's libonnx-testdata) declare the exact output
// shapes of each one-op model. We forget those declarations, infer, and compare. Shared by the
// test (asserts the ratio) and bench/shapes-testdata.ts (prints the ratio and every miss).
//
// Node tests feed small tensors (shapes, axes, pads, scales, K) as graph inputs whose values live
// in test_data_set_0/input_N.pb; exported models carry them as initializers or Constant nodes.
// We attach those small values as constants (≤ 64 elements), which is what an initializer would
// give, so the check exercises value propagation rather than failing on unknowable values.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Graph, Model, Shape } from '../../src/core/ir/model';
import { readOnnxFile } from '../../src/core/onnx/readOnnx';
import { inferShapesDetailed } from '../../src/core/shapes/inferShapes';
import { onnxDtype } from '../../src/core/shapes/ops/shapeOps';

export const TESTDATA_DIR = '/usr/share/libonnx-testdata/data/node';

export interface TestdataResult {
  /** Models whose every operator has a shape rule. */
  supported: number;
  matched: number;
  misses: { name: string; detail: string }[];
  /** Models with an operator we have no rule for (not counted in the ratio). */
  unsupported: { name: string; ops: string[] }[];
  /** Models the reader rejects (sequence/optional types etc.). */
  unreadable: { name: string; error: string }[];
}

/** Minimal TensorProto decoder for test_data_set_0/input_N.pb: dims, type and the data fields. */
function readTensorPb(bytes: Uint8Array): { dims: number[]; dtype: number; data: { bytes: Uint8Array; encoding: 'raw' | 'packed-varint' | 'packed-float32' } | null } {
  let pos = 0;
  const varint = (): number => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return Number(BigInt.asIntN(64, v));
    }
  };
  const dims: number[] = [];
  let dtype = 0;
  let data: { bytes: Uint8Array; encoding: 'raw' | 'packed-varint' | 'packed-float32' } | null = null;
  const varints: number[] = [];
  while (pos < bytes.length) {
    const key = varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 1) dims.push(v);
      else if (field === 2) dtype = v;
      else if (field === 5 || field === 7) varints.push(v);
    } else if (wire === 2) {
      const len = varint();
      const chunk = bytes.subarray(pos, pos + len);
      pos += len;
      if (field === 1) {
        let p = 0;
        const sub = chunk;
        while (p < sub.length) { let v = 0; let s = 0; for (;;) { const b = sub[p++]!; v += (b & 0x7f) * 2 ** s; s += 7; if ((b & 0x80) === 0) break; } dims.push(v); }
      } else if (field === 9) data = { bytes: chunk, encoding: 'raw' };
      else if (field === 5 || field === 7) data = { bytes: chunk, encoding: 'packed-varint' };
      else if (field === 4) data = { bytes: chunk, encoding: 'packed-float32' };
    } else if (wire === 5) pos += 4;
    else if (wire === 1) pos += 8;
    else break;
  }
  if (!data && varints.length > 0) {
    // Unpacked varints: re-encode as raw int64 so the decoder sees one layout.
    const raw = new DataView(new ArrayBuffer(varints.length * 8));
    varints.forEach((v, i) => raw.setBigInt64(i * 8, BigInt(v), true));
    data = { bytes: new Uint8Array(raw.buffer), encoding: 'raw' };
  }
  return { dims, dtype, data };
}

function attachSmallInputs(model: Model, caseDir: string): void {
  const g = model.graphs[0]!;
  g.inputs.forEach((name, i) => {
    const file = path.join(caseDir, 'test_data_set_0', `input_${i}.pb`);
    if (!fs.existsSync(file)) return;
    const t = g.tensors.get(name);
    const pb = readTensorPb(fs.readFileSync(file));
    const count = pb.dims.reduce((a, b) => a * b, 1);
    if (!t || !pb.data || count > 64) return;
    t.constant = true;
    if (t.dtype === 'unknown') t.dtype = onnxDtype(pb.dtype);
    t.shape = pb.dims;
    t.data = { kind: 'inline', bytes: pb.data.bytes, encoding: pb.data.encoding };
  });
}

function allGraphs(model: Model): Graph[] {
  return model.graphs;
}

function matches(declared: Shape, inferred: Shape): boolean {
  if (declared === null) return true;
  if (inferred === null || declared.length !== inferred.length) return false;
  // Declared unknowns (the reader names them '?N') accept anything; every known size must match.
  return declared.every((d, i) => typeof d !== 'number' || d === inferred[i]);
}

export function checkTestdata(dir = TESTDATA_DIR): TestdataResult {
  const result: TestdataResult = { supported: 0, matched: 0, misses: [], unsupported: [], unreadable: [] };
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'model.onnx');
    if (!fs.existsSync(file)) continue;
    let model: Model;
    try {
      model = readOnnxFile(file);
    } catch (e) {
      result.unreadable.push({ name, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    attachSmallInputs(model, path.join(dir, name));
    const g = model.graphs[0]!;
    const declared = g.outputs.map((o) => {
      const t = g.tensors.get(o)!;
      return { name: o, dtype: t.dtype, shape: t.shape };
    });
    // Forget every declared shape of a node output, in all graphs, so only inference can produce them.
    for (const graph of allGraphs(model)) {
      for (const t of graph.tensors.values()) {
        if (t.producer !== null && !t.constant) { t.shape = null; t.dtype = 'unknown'; }
      }
    }
    const res = inferShapesDetailed(model);
    if (res.unsupported.length > 0) {
      const ops = [...new Set(res.unsupported.map((u) => model.graphs[u.graph]!.nodes[u.node]!.op))];
      result.unsupported.push({ name, ops });
      continue;
    }
    result.supported++;
    const bad: string[] = [];
    for (const d of declared) {
      const t = g.tensors.get(d.name)!;
      if (!matches(d.shape, t.shape) || (d.dtype !== 'unknown' && d.dtype !== t.dtype)) {
        bad.push(`${d.name}: declared ${d.dtype}[${d.shape?.join(',') ?? '?'}], inferred ${t.dtype}[${t.shape?.join(',') ?? '?'}]`);
      }
    }
    if (bad.length === 0) result.matched++;
    else result.misses.push({ name, detail: bad.join('; ') });
  }
  return result;
}
