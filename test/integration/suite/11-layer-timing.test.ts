// DeployLens: Profile Layers in a real workbench, on the shared model panel host: the panel opens on
// models/kws.onnx, its page says ready, a 2-run profile runs ONNX Runtime in its child process and
// the page receives one row per kernel; the rows export as CSV; the static estimate follows the
// panel's own target; a .tflite model runs in TensorFlow Lite Micro itself, its times labelled as
// wall-clock shares. Messages go through the host's test hooks (modelPanel.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerTiming } from '../../../src/core/layerTiming/layerTiming';
import { int8TransposeConv } from '../../fixtures/tflmModels';
import { activate, closeAllEditors, model, waitFor, workspaceUri } from './helpers';

const VIEW_TYPE = 'deploylens.profile';

interface PanelRecord { uri: string; visible: boolean; posted: Record<string, unknown>; received: Record<string, unknown>; dropped: number }

async function panels(): Promise<PanelRecord[]> {
  return (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE)) ?? [];
}

function send(message: unknown, uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('deploylens.internal.panelMessage', VIEW_TYPE, message, uri.toString());
}

async function profileRun(uri: vscode.Uri, previous: unknown): Promise<LayerTiming> {
  await send({ type: 'run', settings: { runs: 2, warmup: 1, threads: 1, optimization: 'all' } }, uri);
  const record = await waitFor('a profile or a failure', async () => {
    const p = (await panels()).find((x) => x.uri === uri.toString());
    return p && ((p.posted['profile'] && p.posted['profile'] !== previous && JSON.stringify(p.posted['profile']) !== JSON.stringify(previous)) || p.posted['failed']) ? p : undefined;
  }, 60_000);
  assert.equal(record.posted['failed'], undefined, JSON.stringify(record.posted['failed']));
  return (record.posted['profile'] as { profile: LayerTiming }).profile;
}

suite('Profile Layers panel', () => {
  suiteSetup(async () => { await activate(); });
  suiteTeardown(async () => { await closeAllEditors(); });

  test('profiles kws.onnx with 2 runs: the page receives per-node rows, they export as CSV, the static estimate follows the panel target', async function () {
    this.timeout(150_000);
    const uri = model('kws.onnx');
    await vscode.commands.executeCommand('deploylens.profileLayers', uri);
    await waitFor('the profile page to be ready', async () => (await panels()).find((p) => p.uri === uri.toString() && p.received['ready'] && p.posted['runner']), 30_000);
    const profile = await profileRun(uri, undefined);
    assert.equal(profile.runs, 2);
    assert.ok(profile.rows.length > 0);
    assert.ok(profile.rows.every((r) => r.medianUs > 0 && r.provider === 'CPU'));
    assert.ok(profile.rows.some((r) => r.covers.length > 0 && r.staticUs !== null));
    // Progress came from the ORT child per run (the last one: mapping the kernels), and the kernels roll up by module.
    const rec = (await panels()).find((x) => x.uri === uri.toString())!;
    const progress = rec.posted['progress'] as { message: string; fraction?: number };
    assert.match(progress.message, /Mapping the kernels onto the model|Measured run \d+ of 2/);
    assert.equal(typeof progress.fraction, 'number');
    const tree = (rec.posted['profile'] as { modules?: { modules: { path: string; totals: { measuredUs: number | null } }[] } }).modules;
    const blocks = tree?.modules.find((m) => m.path === 'blocks');
    assert.ok(blocks && blocks.totals.measuredUs !== null && blocks.totals.measuredUs > 0, JSON.stringify(tree?.modules.map((m) => m.path)));
    const csv = path.join(os.tmpdir(), `deploylens-profile-${process.pid}.csv`);
    await send({ type: 'exportCsv', path: csv }, uri);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines.length, profile.rows.length + 1);
    fs.rmSync(csv, { force: true });

    // The panel's own target: the next run's static estimate is computed on it.
    await send({ type: 'setTarget', target: 'tensorrt-jetson-orin-nano' }, uri);
    const onJetson = await profileRun(uri, { type: 'profile', profile, source: 'onnxruntime' });
    assert.equal(onJetson.targetId, 'tensorrt-jetson-orin-nano');
    assert.notEqual(onJetson.staticTotalUs, profile.staticTotalUs);

    // The shared revealNode request works here too (answered with a response).
    const response = await send({ type: 'revealNode', id: 1, node: 0 }, uri) as { ok: boolean } | undefined;
    assert.equal(response?.ok, true);
  });

  test('a TFLite model runs in TensorFlow Lite Micro: one row per operator on its node, labelled as wall-clock shares', async function () {
    this.timeout(120_000);
    const uri = workspaceUri('models', 'profile_tconv.tflite');
    await vscode.workspace.fs.writeFile(uri, int8TransposeConv());
    try {
      await vscode.commands.executeCommand('deploylens.profileLayers', uri);
      const ready = await waitFor('the profile page to be ready', async () => (await panels()).find((p) => p.uri === uri.toString() && p.received['ready'] && p.posted['runner']), 30_000);
      assert.deepEqual(ready.posted['runner'], { type: 'runner', format: 'tflite', trusted: true });
      const profile = await profileRun(uri, undefined);
      const posted = (await panels()).find((p) => p.uri === uri.toString())!.posted['profile'] as { source: string };
      assert.equal(posted.source, 'tflm');
      assert.match(profile.runtime ?? '', /^TFLite Micro \(CMSIS-NN kernels\)$/);
      assert.match(profile.note ?? '', /wall-clock: relative shares, not device cycles/);
      assert.equal(profile.runs, 2);
      assert.deepEqual(profile.rows.map((r) => r.covers.map((c) => c.index)), [[0]]);
      assert.deepEqual(profile.rows.map((r) => r.op), ['TRANSPOSE_CONV']);
      assert.ok(profile.rows.every((r) => r.medianUs > 0));
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(uri);
    }
  });
});
