// The quantization preview writes derived copies of a model (the calibration copy with extra
// outputs, the INT8 model) into a temp folder, where an external-data location like `w.bin` no
// longer resolves: ONNX Runtime looked for /tmp/…/w.bin and every model with external data failed.
// So the copies are made from a self-contained model: each initializer stored externally gets its
// bytes inline. The bytes come through the model's weight accessor, which only reads files the
// reader resolved and checked (inside the model's folder, regular files, bounded by the tensor's
// declared size).

import type { Model } from '../ir/model';
import { decodeModel, encodeModel, type TensorObj } from './onnxObjects';

const EXTERNAL = 1;

function isExternal(t: TensorObj): boolean {
  return t['data_location'] === EXTERNAL || t['data_location'] === 'EXTERNAL';
}

/** `bytes` with the main graph's external initializers inlined; the same bytes when there are none. */
export function inlineExternalData(bytes: Uint8Array, model: Model): Uint8Array {
  const graph = model.graphs[0];
  if (!graph || ![...graph.tensors.values()].some((t) => t.data?.kind === 'external')) return bytes;
  const obj = decodeModel(bytes);
  for (const init of obj.graph?.initializer ?? []) {
    if (!isExternal(init) || init.name === undefined) continue;
    init.raw_data = model.weights.read(0, init.name);
    delete init['external_data'];
    delete init['data_location'];
  }
  return encodeModel(obj);
}
