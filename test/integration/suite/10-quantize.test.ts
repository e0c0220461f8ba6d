// DeployLens: Quantization Preview in a real workbench, on the shared model panel host: the panel
// opens on models/kws.onnx, its page gets the per-layer weight SQNR, Build & Compare runs
// calibration, the QDQ INT8 model and FP32 vs INT8 in the ONNX Runtime child process and the page
// receives the agreement metrics; the panel's own target (coral-edgetpu) judges the build, and a
// malformed message is dropped. Messages go through the host's test hooks (modelPanel.ts).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, model, waitFor } from './helpers';

const VIEW_TYPE = 'deploylens.quantize';

interface PanelRecord { uri: string; targetId: string | null; visible: boolean; posted: Record<string, unknown>; received: Record<string, unknown>; dropped: number }
interface Layer { kind: string; sqnr: { perTensorSymmetric: number; perChannelSymmetric: number } }
interface Agreement { maxAbsError: number; cosine: number; top1Agreement: number | null }
interface Result {
  type: 'result';
  result: { targetId: string | null; agreement: Agreement[]; latency: { fp32Ms: number; int8Ms: number }; qdq: { quantizedWeights: number; floatNodes: { op: string }[] }; pitfalls: { code: string; severity: string }[] };
}

async function records(): Promise<PanelRecord[]> {
  return (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE)) ?? [];
}

function send(message: unknown, uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('deploylens.internal.panelMessage', VIEW_TYPE, message, uri.toString());
}

async function build(uri: vscode.Uri, previous: unknown): Promise<Result> {
  await send({ type: 'build', options: { perChannel: true, method: 'minmax', samples: 4 } }, uri);
  return waitFor('the FP32 vs INT8 result', async () => {
    const r = (await records()).find((p) => p.uri === uri.toString());
    if (r?.posted['failed']) throw new Error(`build failed: ${JSON.stringify(r.posted['failed'])}`);
    const result = r?.posted['result'] as Result | undefined;
    return result && result !== previous && JSON.stringify(result) !== JSON.stringify(previous) ? result : undefined;
  }, 60_000);
}

suite('quantization preview panel', () => {
  suiteSetup(closeAllEditors);
  suiteTeardown(closeAllEditors);

  test('opens on kws.onnx, shows weight SQNR, builds and compares FP32 vs INT8, judged on the panel target', async function () {
    this.timeout(150_000);
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
    // A model panel: it also got the shared panel state with the target list.
    const state = (await records()).find((p) => p.uri === kws.toString())?.posted['panelState'] as { targets: unknown[] } | undefined;
    assert.ok(state && state.targets.length > 5);

    const first = await build(kws, undefined);
    const a = first.result.agreement[0]!;
    assert.ok(Number.isFinite(a.maxAbsError) && a.cosine > 0.9 && a.cosine <= 1 + 1e-9, JSON.stringify(a));
    assert.ok(first.result.latency.fp32Ms > 0 && first.result.latency.int8Ms > 0);
    assert.equal(first.result.qdq.quantizedWeights, 10);

    // The panel's own target: the Edge TPU has only integer kernels, so the float Softmax is a pitfall of severity warning or error.
    await send({ type: 'setTarget', target: 'coral-edgetpu' }, kws);
    assert.equal((await records()).find((p) => p.uri === kws.toString())?.targetId, 'coral-edgetpu');
    const coral = await build(kws, first);
    assert.equal(coral.result.targetId, 'coral-edgetpu');
    assert.ok(coral.result.qdq.floatNodes.some((f) => f.op === 'Softmax'));
    assert.ok(coral.result.pitfalls.some((p) => p.code.startsWith('quantize/float') && p.severity !== 'info'), JSON.stringify(coral.result.pitfalls));

    // A malformed message is dropped, not run.
    const before = (await records()).find((p) => p.uri === kws.toString())!.dropped;
    await send({ type: 'build', options: { perChannel: 'yes' } }, kws);
    await send({ type: 'build', options: { perChannel: true, method: 'minmax', samples: 4, calibrationDir: '/' } }, kws);
    assert.equal((await records()).find((p) => p.uri === kws.toString())!.dropped, before + 2);
  });
});
