// One probe case through ONNX Runtime: its model written, and ORT's answer at session creation.
// Shared by the probe (probe.ts) and the oracle test (test/oracle-ort-kernels.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeOnnxModel } from '../../src/core/onnx/writeOnnx';
import type { OrtClient } from '../../src/processes/ort/client';
import { noKernel, type ProbeCase } from './probeCases';

/** Writes a case's model into `dir`; returns its path. */
export function writeCase(dir: string, c: ProbeCase): string {
  const file = path.join(dir, `${c.op}-${c.since}-in${c.input}-${c.dtype}-opset${c.opset}.onnx`);
  fs.writeFileSync(file, writeOnnxModel({ graph: c.graph, opsets: { '': c.opset }, producer: { name: 'deploylens-probe', version: '1' } }));
  return file;
}

/** ONNX Runtime's answer for a model: loads, no kernel (with its message), or another failure (not a type verdict). */
export async function askOrt(ort: OrtClient, file: string, op: string): Promise<{ kind: 'loads' | 'no-kernel' | 'other'; message: string }> {
  try {
    await ort.run({ type: 'inspect', model: file });
    return { kind: 'loads', message: '' };
  } catch (e) {
    const message = String((e as Error).message).split('\n')[0]!.slice(0, 300);
    return { kind: noKernel(op, message) ? 'no-kernel' : 'other', message };
  }
}
