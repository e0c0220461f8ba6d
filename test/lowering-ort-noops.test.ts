// ONNX Runtime's no-op elimination (EliminateDropout, EliminateIdentity) against ORT 1.30 itself:
// each small model goes through ORT with optimizedModelFilePath (test/support/ortOptimized.ts), and
// the ort-cpu-desktop lowering must keep exactly the Dropout and Identity nodes ORT keeps. ORT
// removes both between two ops at every version, keeps a Dropout that produces a graph output
// (graph_utils::CanRemoveNode refuses it) and removes an Identity there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { prepareModel } from '../src/core/analyze';
import { lowerFor } from '../src/core/lowering/lower';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { readModelFile } from '../src/core/readModel';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { ortOptimizedGraph } from './support/ortOptimized';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-noops-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Relu → op (→ Relu when `between`), at `opset`: the op's output is a graph output unless `between`. */
function model(op: 'Dropout' | 'Identity', opset: number, between: boolean): string {
  let b = new OnnxGraphBuilder(`${op}_${opset}`).input('x', 'float32', [2, 4]).node('Relu', ['x'], ['r']).node(op, ['r'], ['d']);
  b = between ? b.node('Relu', ['d'], ['y']).output('y', 'float32', [2, 4]) : b.output('d', 'float32', [2, 4]);
  const file = path.join(tmp, `${op}-${opset}-${between ? 'between' : 'output'}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: { '': opset } }));
  return file;
}

const count = (ops: string[], op: string) => ops.filter((o) => o === op).length;

test('Dropout and Identity: the ort-cpu-desktop lowering keeps exactly the ones ONNX Runtime 1.30 keeps', () => {
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const kept: string[] = [];
  for (const op of ['Dropout', 'Identity'] as const) {
    for (const opset of [7, 12, 13, 22]) {
      for (const between of [true, false]) {
        const file = model(op, opset, between);
        const ort = ortOptimizedGraph(file, 'extended').nodes.map((n) => n.op);
        const ours = lowerFor({ ...prepareModel(readModelFile(file).model), lowerings: new Map() }, target).model.graphs[0]!.nodes.map((n) => n.op);
        assert.equal(count(ours, op), count(ort, op), `${path.basename(file)}: ONNX Runtime keeps [${ort.join(', ')}], DeployLens [${ours.join(', ')}]`);
        if (count(ort, op) > 0) kept.push(path.basename(file));
      }
    }
  }
  // What ORT keeps: the Dropouts that produce a graph output, at every version.
  assert.deepEqual(kept, ['Dropout-7-output.onnx', 'Dropout-12-output.onnx', 'Dropout-13-output.onnx', 'Dropout-22-output.onnx']);
});
