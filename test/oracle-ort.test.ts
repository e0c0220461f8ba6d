// ONNX Runtime 1.30 (the project's dependency, in its child process) as the oracle for
// `ort-cpu-desktop`: a model the CPU EP cannot load must not pass DeployLens's analysis, and a model
// it loads must not fail for lack of a kernel. Runs the shared ONNX models and small generated ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../src/core/analyze';
import { OnnxGraphBuilder, writeOnnxModel } from '../src/core/onnx/writeOnnx';
import { getBuiltinTarget } from '../src/core/targets/builtins';
import { OrtClient } from '../src/processes/ort/client';
import { repoRoot, sharedModelsDir } from './support/sharedModels';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-ort-oracle-'));
// The one call site of the ORT child process in this test: loading a model = creating a session.
const ort = new OrtClient({ hostScript: path.join(repoRoot(), 'dist', 'ortHost.js'), timeoutMs: 120_000 });
after(() => { ort.dispose(); fs.rmSync(tmp, { recursive: true, force: true }); });

async function ortLoads(file: string): Promise<{ ok: boolean; why: string }> {
  try {
    await ort.run({ type: 'inspect', model: file });
    return { ok: true, why: '' };
  } catch (e) {
    return { ok: false, why: String((e as Error).message).split('\n')[0]!.slice(0, 160) };
  }
}

function generated(name: string, op: string, domain: string, opset: Record<string, number>): string {
  const b = new OnnxGraphBuilder('g').input('x', 'float32', [1, 8]).node(op, ['x'], ['y'], {}, { name: `${op}0`, ...(domain ? { domain } : {}) }).output('y', 'float32', [1, 8]);
  const file = path.join(tmp, `${name}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: b, opsets: opset, producer: { name: 'test', version: '1' } }));
  return file;
}

test('ONNX Runtime CPU loads exactly the models DeployLens passes on ort-cpu-desktop', { timeout: 600_000 }, async () => {
  const files = [
    generated('relu', 'Relu', '', { '': 17 }),
    generated('gelu-ms', 'Gelu', 'com.microsoft', { '': 17, 'com.microsoft': 1 }),
    generated('no-such-op', 'NoSuchOp', '', { '': 17 }),
    generated('custom-domain', 'MyOp', 'my.domain', { '': 17, 'my.domain': 1 }),
  ];
  const shared = sharedModelsDir();
  if (shared) files.push(...fs.readdirSync(path.join(shared, 'onnx')).filter((f) => f.endsWith('.onnx')).sort().map((f) => path.join(shared, 'onnx', f)));
  const target = getBuiltinTarget('ort-cpu-desktop')!;
  const rows: string[] = ['', 'ONNX Runtime 1.30 CPU vs DeployLens ort-cpu-desktop', '| model | ORT loads | DeployLens verdict |', '|---|---|---|'];
  const disagree: string[] = [];
  for (const file of files) {
    const loads = await ortLoads(file);
    const report = analyzeFile(file, { targets: [target] }).report;
    const verdict = report.summary.verdict;
    rows.push(`| ${path.basename(file)} | ${loads.ok ? 'yes' : `no (${loads.why})`} | ${verdict} |`);
    if (loads.ok !== (verdict !== 'fail')) disagree.push(`${path.basename(file)}: ORT ${loads.ok ? 'loads it' : `cannot load it (${loads.why})`}, DeployLens says ${verdict}`);
  }
  console.log(rows.join('\n'));
  assert.deepEqual(disagree, []);
});
