// DeployLens: Show Memory Timeline in a real workbench: the panel opens beside the editor, its page
// loads and asks for the analysis, the host sends the report with the memory plan, a reveal request
// opens the text view at the node, and a model that cannot be read gets its error (not a blank page).
// The page's messages go through the model panel host's test hooks (src/extension/webviews/modelPanel.ts).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../../src/core/report/report';
import { activate, closeAllEditors, model, waitFor } from './helpers';

const VIEW_TYPE = 'deploylens.memoryTimeline';

/** The host's record of one panel (ModelPanelDebugState, restated: the suite is written against the contract). */
interface PanelRecord {
  viewType: string;
  uri: string;
  pinned: boolean;
  visible: boolean;
  posted: Record<string, unknown>;
  received: Record<string, unknown>;
  dropped: number;
}

type Posted = { type: 'analysis'; payload: { ok: true; fileName: string; report: Report } | { ok: false; fileName: string; error: string } };

async function panels(): Promise<PanelRecord[]> {
  return (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE)) ?? [];
}

/** The panel on `uri` once its page has said ready and the host has sent it an analysis of that model. */
async function loadedPanel(uri: vscode.Uri, timeoutMs = 30_000): Promise<{ record: PanelRecord; analysis: Posted }> {
  return waitFor(`a memory panel on ${uri.path} with its analysis`, async () => {
    const record = (await panels()).find((p) => p.uri === uri.toString());
    const analysis = record?.posted['analysis'] as Posted | undefined;
    if (!record || !record.received['ready'] || !analysis || analysis.payload.fileName !== uri.path.slice(uri.path.lastIndexOf('/') + 1)) return undefined;
    return { record, analysis };
  }, timeoutMs);
}

function post(message: unknown, uri: vscode.Uri): Thenable<{ type: string; id?: number; ok?: boolean; error?: string } | undefined> {
  return vscode.commands.executeCommand('deploylens.internal.panelMessage', VIEW_TYPE, message, uri.toString());
}

suite('memory timeline panel', () => {
  suiteSetup(closeAllEditors);
  suiteTeardown(closeAllEditors);

  test('opens beside the model, receives its memory plan and reveals a node in the text view', async () => {
    const api = await activate();
    await api.whenIdle();
    const kws = model('kws.onnx');
    await vscode.commands.executeCommand('deploylens.showMemoryTimeline', kws);
    const { record, analysis } = await loadedPanel(kws);
    assert.equal(record.visible, true);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
    assert.ok(tab, 'a webview tab of the memory panel');
    assert.equal(tab.label, 'Memory: kws.onnx');

    assert.ok(analysis.payload.ok, 'the analysis succeeded');
    const report = analysis.payload.report;
    const memory = report.memory;
    assert.ok(memory, 'the report sent to the page has the memory plan');
    // The plan is the deployed graph's: one step per op the target runs.
    assert.equal(memory.timeline.liveBytes.length, report.deployed!.nodes.length);
    assert.ok(memory.timeline.peakBytes > 0 && memory.arena.bytes >= memory.timeline.peakBytes);

    // Reveal the peak node as the page does when its label is clicked.
    // Steps are deployed ops; the page reveals the original node each op anchors on.
    const peakNode = report.deployed!.nodes[memory.timeline.order[memory.timeline.peakStep]!]!.covers![0]!;
    const response = await post({ type: 'revealNode', id: 7, node: peakNode }, kws);
    assert.deepEqual(response, { type: 'response', id: 7, ok: true });
    const editor = await waitFor('the text view', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'deploylens-model' ? e : undefined;
    });
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.ok(line.includes(report.nodes[peakNode]!.name), `the cursor is on "${line}", not on ${report.nodes[peakNode]!.name}`);
    // The text view opened in the editor group, not over the panel.
    assert.ok((await panels()).some((p) => p.uri === kws.toString()), 'the panel is still open');

    // A node that does not exist is refused with a message; a malformed request is dropped.
    const bad = await post({ type: 'revealNode', id: 8, node: report.nodes.length + 5 }, kws);
    assert.equal(bad?.ok, false);
    assert.match(bad?.error ?? '', /does not exist/);
    const before = (await panels()).find((p) => p.uri === kws.toString())!.dropped;
    assert.equal(await post({ type: 'revealNode', id: 9, node: -1 }, kws), undefined);
    assert.equal((await panels()).find((p) => p.uri === kws.toString())!.dropped, before + 1);
  });

  test('a model that cannot be read shows its error', async () => {
    await activate();
    // From a clean workbench: an unpinned panel follows the active editor, which is still kws's text view.
    await closeAllEditors();
    const broken = model('broken.onnx');
    await vscode.commands.executeCommand('deploylens.showMemoryTimeline', broken);
    const { analysis } = await loadedPanel(broken);
    assert.equal(analysis.payload.ok, false);
    if (!analysis.payload.ok) assert.ok(analysis.payload.error.length > 0);
    assert.equal((await panels()).length, 1, 'the closed panel is gone from the host');
  });
});
