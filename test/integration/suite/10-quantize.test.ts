// DeployLens: Quantization Preview in a real workbench: the panel opens on models/kws.onnx, its page
// gets the per-layer weight SQNR, Build & Compare runs calibration, the QDQ INT8 model and FP32 vs
// INT8 in the ONNX Runtime child process, and the page receives the agreement metrics.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, model, waitFor } from './helpers';

interface QuantizeRecord { uri: string; visible: boolean; posted: Record<string, unknown>; received: Record<string, unknown> }
interface Layer { kind: string; sqnr: { perTensorSymmetric: number; perChannelSymmetric: number } }
interface Agreement { maxAbsError: number; cosine: number; top1Agreement: number | null }
type Result = { type: 'result'; result: { agreement: Agreement[]; latency: { fp32Ms: number; int8Ms: number }; qdq: { quantizedWeights: number } } };

async function records(): Promise<QuantizeRecord[]> {
  return (await vscode.commands.executeCommand<QuantizeRecord[]>('deploylens.internal.quantizeState')) ?? [];
}

suite('quantization preview panel', () => {
  suiteSetup(closeAllEditors);
  suiteTeardown(closeAllEditors);

  test('opens on kws.onnx, shows weight SQNR, builds and compares FP32 vs INT8', async function () {
    this.timeout(90_000);
    await activate();
    const kws = model('kws.onnx');
    await vscode.commands.executeCommand('deploylens.quantizationPreview', kws);
    const weights = await waitFor('the panel with its weight analysis', async () => {
      const r = (await records()).find((p) => p.uri === kws.toString());
      const w = r?.posted['weights'] as { weights: { layers: Layer[] } | null } | undefined;
      return r?.received['ready'] && w?.weights ? w.weights : undefined;
    }, 30_000);
    assert.equal(weights.layers.length, 10);
    assert.ok(weights.layers.some((l) => l.kind === 'depthwise'));

    await vscode.commands.executeCommand('deploylens.internal.quantizeMessage', { type: 'build', options: { perChannel: true, method: 'minmax', calibrationDir: null, samples: 4 } }, kws.toString());
    const result = await waitFor('the FP32 vs INT8 result', async () => {
      const r = (await records()).find((p) => p.uri === kws.toString());
      if (r?.posted['failed']) throw new Error(`build failed: ${JSON.stringify(r.posted['failed'])}`);
      return r?.posted['result'] as Result | undefined;
    }, 60_000);
    const a = result.result.agreement[0]!;
    assert.ok(Number.isFinite(a.maxAbsError) && a.cosine > 0.9 && a.cosine <= 1 + 1e-9, JSON.stringify(a));
    assert.ok(result.result.latency.fp32Ms > 0 && result.result.latency.int8Ms > 0);
    assert.equal(result.result.qdq.quantizedWeights, 10);

    // A malformed message is dropped, not run.
    await vscode.commands.executeCommand('deploylens.internal.quantizeMessage', { type: 'build', options: { perChannel: 'yes' } }, kws.toString());
  });
});
