// `npm run ort-kernels:probe`: which element types ONNX Runtime's CPU EP (the onnxruntime-node
// dependency) takes for each probed op version, asked of ONNX Runtime itself (probeCases.ts), and
// written to tools/ort-kernels/ort-cpu-kernel-types.json, which `npm run targets:sync` folds into
// ort-cpu-desktop. test/oracle-ort-kernels.test.ts asks ONNX Runtime again and compares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OrtClient } from '../../src/processes/ort/client';
import { askOrt, writeCase } from './askOrt';
import { allowedTypes, probeCases } from './probeCases';

const root = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const ort = new OrtClient({ hostScript: path.join(root, 'dist', 'ortHost.js'), timeoutMs: 60_000 });
  const dir = fs.mkdtempSync(path.join(root, 'out', 'ort-kernels-'));
  const ops: Record<string, { input: number; since: Record<string, string[]> }[]> = {};
  const others: string[] = [];
  const cases = probeCases();
  // Per op version, input and type: whether ONNX Runtime refused it at every opset probed.
  const refusedEverywhere = new Map<string, Map<string, boolean>>();
  const firstOpset = new Map<string, number>();
  try {
    for (const c of cases) {
      const file = writeCase(dir, c);
      const r = await askOrt(ort, file, c.op);
      fs.rmSync(file, { force: true });
      const key = `${c.op}\n${c.since}\n${c.input}`;
      const v = refusedEverywhere.get(key) ?? new Map<string, boolean>();
      // Only ONNX Runtime's no-kernel messages narrow a version's types, and only at every opset
      // probed (versionsOf); any other failure is the probe's model, not a verdict.
      v.set(c.dtype, (v.get(c.dtype) ?? true) && r.kind === 'no-kernel');
      refusedEverywhere.set(key, v);
      if (!firstOpset.has(key)) firstOpset.set(key, c.opset);
      if (r.kind === 'other') others.push(`${c.op}-${c.since} input ${c.input} ${c.dtype}: ${r.message}`);
    }
  } finally {
    ort.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const [key, v] of refusedEverywhere) {
    const [op, since, inputText] = key.split('\n') as [string, string, string];
    const input = Number(inputText);
    // Every type ONNX allows but the ones refused (types not probed stay).
    const taken = allowedTypes(op, firstOpset.get(key)!, input).filter((t) => v.get(t) !== true);
    if (![...v.values()].some(Boolean)) continue; // nothing refused: no narrowing to record
    const list = (ops[op] ??= []);
    let entry = list.find((e) => e.input === input);
    if (!entry) list.push((entry = { input, since: {} }));
    entry.since[since] = taken;
  }
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
  const out = { $comment: 'Written by `npm run ort-kernels:probe` (tools/ort-kernels/probe.ts): per op, for each typed input probed (input 0 but for Where; Pow\'s exponent too), by schema version (since), the element types of that input ONNX Runtime\'s CPU EP loads, where fewer than ONNX allows. Versions and inputs where it takes every type ONNX allows are left out.', onnxruntime: version, cases: cases.length, ops };
  fs.writeFileSync(path.join(root, 'tools', 'ort-kernels', 'ort-cpu-kernel-types.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${cases.length} cases, ${Object.keys(ops).length} ops narrowed; ${others.length} probe models ONNX Runtime refused for another reason:`);
  for (const o of others) console.log(`  ${o}`);
}

void main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
