// DeployLens: Profile Layers in a real workbench: the panel opens on models/kws.onnx, its page says
// ready, a 2-run profile runs ONNX Runtime in its child process and the page receives one row per
// kernel; the rows export as CSV. Messages go through the panel's test hooks (profilePanel.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LayerProfile } from '../../../src/core/profile/layerProfile';
import { activate, closeAllEditors, model, waitFor } from './helpers';

interface PanelRecord { uri: string; visible: boolean; posted: Record<string, unknown>; received: Record<string, unknown> }

async function panels(): Promise<PanelRecord[]> {
  return (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.profileState')) ?? [];
}

suite('Profile Layers panel', () => {
  suiteSetup(async () => { await activate(); });
  suiteTeardown(async () => { await closeAllEditors(); });

  test('profiles kws.onnx with 2 runs: the page receives per-node rows and they export as CSV', async function () {
    this.timeout(90_000);
    const uri = model('kws.onnx');
    await vscode.commands.executeCommand('deploylens.profileLayers', uri);
    await waitFor('the profile page to be ready', async () => (await panels()).find((p) => p.uri === uri.toString() && p.received['ready']), 30_000);
    await vscode.commands.executeCommand('deploylens.internal.profileMessage', { type: 'run', settings: { runs: 2, warmup: 1, threads: 1, optimization: 'all' } }, uri.toString());
    const record = await waitFor('a profile or a failure', async () => {
      const p = (await panels()).find((x) => x.uri === uri.toString());
      return p && (p.posted['profile'] || p.posted['failed']) ? p : undefined;
    }, 60_000);
    assert.equal(record.posted['failed'], undefined, JSON.stringify(record.posted['failed']));
    const profile = (record.posted['profile'] as { profile: LayerProfile }).profile;
    assert.equal(profile.runs, 2);
    assert.ok(profile.rows.length > 0);
    assert.ok(profile.rows.every((r) => r.medianUs > 0 && r.provider === 'CPU'));
    assert.ok(profile.rows.some((r) => r.covers.length > 0 && r.staticUs !== null));
    const csv = path.join(os.tmpdir(), `deploylens-profile-${process.pid}.csv`);
    await vscode.commands.executeCommand('deploylens.internal.profileMessage', { type: 'exportCsv', path: csv }, uri.toString());
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines.length, profile.rows.length + 1);
    fs.rmSync(csv, { force: true });
  });
});
