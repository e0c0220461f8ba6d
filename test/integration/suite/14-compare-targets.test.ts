// Compare Targets as a panel (issue 17): every target's verdict and figures for the model in a
// table, a click makes a target the panel's (its findings below) or the workspace's, and the
// Markdown export writes a file — no untitled buffer that asks to be saved on close.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listBuiltinTargets } from '../../../src/core/targets/builtins';
import { activate, closeAllEditors, model, setTarget, waitFor } from './helpers';

const VIEW_TYPE = 'deploylens.compareTargets';

interface PanelRecord { uri: string; targetId: string | null; posted: Record<string, unknown> }
interface Row { target: string; name: string; verdict: string; partitions: number; delegatedNodes: number; fallbackNodes: number; activationPeakBytes: number; weightBytes: number; conversion: string }

async function panel(): Promise<PanelRecord | undefined> {
  return (await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE))[0];
}
const send = (message: unknown) => vscode.commands.executeCommand<unknown>('deploylens.internal.panelMessage', VIEW_TYPE, message);

suite('Compare Targets panel', () => {
  suiteTeardown(closeAllEditors);

  test('one row per target with its verdict and figures; no untitled document', async () => {
    await activate();
    await closeAllEditors();
    await vscode.commands.executeCommand('deploylens.compareTargets', model('gelu.onnx'));
    const rows = await waitFor('the comparison rows', async () => ((await panel())?.posted['compareRows'] as { rows: Row[] } | undefined)?.rows, 60_000);
    const ids = new Set(rows.map((r) => r.target));
    for (const t of listBuiltinTargets()) assert.ok(ids.has(t.id), `${t.id} is missing`);
    assert.ok(ids.has('team-board'), 'the workspace profile is compared too');
    const m7 = rows.find((r) => r.target === 'tflm-cortex-m7')!;
    assert.equal(m7.verdict, 'fail', 'Erf cannot run on TFLite Micro');
    assert.ok(m7.conversion.length > 0 && m7.activationPeakBytes > 0 && m7.weightBytes > 0);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').length, 0, 'an untitled buffer was opened');
  });

  test('a row click makes it the panel\'s target (the panel analyzes on it); "Use for workspace" sets deploylens.target', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('deploylens.compareTargets', model('gelu.onnx'));
    await send({ type: 'setTarget', target: 'coral-edgetpu' });
    await waitFor('the panel analysis on coral-edgetpu', async () => {
      const p = await panel();
      const a = (p?.posted['analysis'] as { payload?: { ok: boolean; targetId: string } } | undefined)?.payload;
      return p?.targetId === 'coral-edgetpu' && a?.targetId === 'coral-edgetpu' ? true : undefined;
    }, 30_000);
    assert.notEqual(vscode.workspace.getConfiguration('deploylens').get('target'), 'coral-edgetpu', 'the panel target left the setting alone');
    await send({ type: 'useForWorkspace', target: 'ethos-u55-128' });
    try {
      assert.equal(vscode.workspace.getConfiguration('deploylens').get('target'), 'ethos-u55-128');
    } finally {
      await setTarget(api, undefined);
    }
  });

  test('Export Markdown writes the table to a file', async () => {
    await activate();
    await vscode.commands.executeCommand('deploylens.compareTargets', model('gelu.onnx'));
    await waitFor('the comparison rows', async () => ((await panel())?.posted['compareRows'] ? true : undefined), 60_000);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deploylens-compare-')), 'targets.md');
    await send({ type: 'exportMarkdown', path: file });
    await waitFor('the exported file', () => (fs.existsSync(file) ? true : undefined));
    const text = fs.readFileSync(file, 'utf8');
    for (const t of listBuiltinTargets()) assert.ok(text.includes(`\`${t.id}\``), `${t.id} is missing from the Markdown`);
    assert.match(text, /\| Verdict \|/);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').length, 0);
  });
});
