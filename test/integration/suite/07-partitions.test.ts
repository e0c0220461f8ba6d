// The Delegate Partition Preview in a real workbench: the panel's page loads and asks for the
// analysis, the host answers on the workspace target and on the panel's own and compare targets,
// pinning keeps the model while unpinned panels follow the editor, a model that fails to parse
// reaches the page as an error, and a reveal request opens the text view at the node.
// The host records the last message of each type per panel (deploylens.internal.panelState);
// deploylens.internal.panelMessage hands the host a message exactly as if the page had posted it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../../src/core/report/report';
import { activate, closeAllEditors, model, waitFor } from './helpers';

const VIEW_TYPE = 'deploylens.partitions';

interface PanelRecord {
  viewType: string;
  uri: string;
  pinned: boolean;
  targetId: string | null;
  compareTargetId: string | null;
  posted: Record<string, unknown>;
  received: Record<string, unknown>;
  dropped: number;
}

type Payload = { ok: true; fileName: string; targetId: string; report: Report } | { ok: false; fileName: string; targetId: string; error: string };

async function panel(): Promise<PanelRecord | undefined> {
  const all = await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE);
  return all[0];
}

const send = (message: unknown) => vscode.commands.executeCommand<unknown>('deploylens.internal.panelMessage', VIEW_TYPE, message);

function analysisOf(p: PanelRecord | undefined, key: 'analysis' | 'comparison' = 'analysis'): Payload | undefined {
  const m = p?.posted[key] as { payload: Payload | null } | undefined;
  return m?.payload ?? undefined;
}

/** Waits until the last analysis the host posted matches. */
function posted(what: string, match: (p: Payload, rec: PanelRecord) => boolean, key: 'analysis' | 'comparison' = 'analysis'): Promise<Payload> {
  return waitFor(what, async () => {
    const rec = await panel();
    const a = analysisOf(rec, key);
    return rec && a && match(a, rec) ? a : undefined;
  }, 20_000);
}

suite('delegate partitions panel', () => {
  suiteSetup(closeAllEditors);
  suiteTeardown(closeAllEditors);

  test('the page loads, asks for the analysis and gets it; own and compare targets; reveal; pin; parse errors', async () => {
    const api = await activate();
    await api.whenIdle();
    const gelu = model('gelu.onnx');
    await vscode.commands.executeCommand('deploylens.showPartitions', gelu);

    // the real page sent `ready` (so the bundle loaded under the CSP) and got the workspace target's analysis
    const workspaceTarget = vscode.workspace.getConfiguration('deploylens').get<string>('target');
    const first = await posted('the first analysis', (p, rec) => p.ok && rec.received['ready'] !== undefined && p.fileName === 'gelu.onnx');
    assert.equal(first.targetId, workspaceTarget);
    const rec = (await panel())!;
    assert.equal(rec.uri, gelu.toString());
    assert.equal((rec.posted['panelState'] as { targets: unknown[] }).targets.length > 10, true, 'the target list reaches the page');

    // the panel's own target: gelu's Erf falls back to the CPU on the TFLite GPU delegate
    await send({ type: 'setTarget', target: 'tflite-gpu' });
    const gpu = await posted('the analysis on tflite-gpu', (p) => p.targetId === 'tflite-gpu');
    assert.ok(gpu.ok, gpu.ok ? '' : gpu.error);
    const erf = gpu.report.nodes.find((n) => n.op === 'Erf')!;
    assert.equal(erf.device, 'cpu');
    assert.ok((gpu.report.partitions ?? []).length >= 2, 'the graph splits into partitions');
    assert.equal(vscode.workspace.getConfiguration('deploylens').get<string>('target'), workspaceTarget, 'the workspace setting is left alone');

    // side by side: the second target's analysis comes as `comparison`
    await send({ type: 'setCompareTarget', target: 'coral-edgetpu' });
    const coral = await posted('the comparison on coral-edgetpu', (p) => p.targetId === 'coral-edgetpu', 'comparison');
    assert.ok(coral.ok);
    assert.equal(coral.report.nodes.length, gpu.report.nodes.length);

    // a malformed message is dropped, not obeyed
    const before = (await panel())!.dropped;
    assert.equal(await send({ type: 'revealNode', id: 1, node: -1 }), undefined);
    assert.equal((await panel())!.dropped, before + 1);

    // reveal: the host opens the model's text view at the node
    const response = await send({ type: 'revealNode', id: 7, node: erf.index }) as { type: string; id: number; ok: boolean; error?: string };
    assert.deepEqual(response, { type: 'response', id: 7, ok: true });
    const editor = await waitFor('the text view', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'deploylens-model' ? e : undefined;
    });
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(line, /gelu\/Erf/, `the cursor is on "${line}"`);
    assert.ok(editor.visibleRanges.some((r) => r.contains(editor.selection.active)), 'the node line is visible');
    // a node that does not exist is refused with a message
    const bad = await send({ type: 'revealNode', id: 8, node: 9999 }) as { ok: boolean; error?: string };
    assert.equal(bad.ok, false);
    assert.match(bad.error ?? '', /does not exist/);

    // pinned: opening another model leaves the panel on gelu
    await send({ type: 'pin', pinned: true });
    await vscode.commands.executeCommand('deploylens.showModelOverview', model('kws.onnx'));
    await waitFor('the kws overview tab', () => (vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputCustom ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await panel())!.uri, gelu.toString(), 'a pinned panel keeps its model');

    // unpinned: it follows the active editor; a model that fails to parse reaches the page as an error
    await send({ type: 'pin', pinned: false });
    await vscode.commands.executeCommand('deploylens.showModelOverview', model('broken.onnx'));
    const broken = await posted('the broken model\'s error', (p) => p.fileName === 'broken.onnx');
    assert.equal(broken.ok, false);
    assert.ok(!broken.ok && broken.error.length > 0);
    assert.equal((await panel())!.uri, model('broken.onnx').toString());
  });

  test('showPartitions reuses the unpinned panel instead of opening another', async () => {
    await activate();
    await vscode.commands.executeCommand('deploylens.showPartitions', model('kws.onnx'));
    await posted('the kws analysis', (p) => p.fileName === 'kws.onnx');
    const all = await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE);
    assert.equal(all.length, 1);
  });
});
