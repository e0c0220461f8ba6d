import { readOnnxFile } from '/work/main/src/core/onnx/readOnnx';
import { inferShapesDetailed } from '/work/main/src/core/shapes/inferShapes';
const m = readOnnxFile(process.argv[2]!);
for (const g of m.graphs) for (const t of g.tensors.values()) if (t.producer !== null && !t.constant) { t.shape = null; }
const r = inferShapesDetailed(m);
for (const g of m.graphs) {
  console.log('graph', g.index, g.inputs, g.outputs);
  for (const i of g.order) { const n = g.nodes[i]!; console.log(n.op, JSON.stringify(n.attributes).slice(0,150), n.inputs.join(','), '->', n.outputs.map(o => { const t = g.tensors.get(o); return `${o}:${t?.dtype}[${t?.shape?.join(',')}] v=${JSON.stringify(r.values[g.index]!.get(o))}`; }).join(' ')); }
}
console.log(r.diagnostics);
