// DeployLens: Quantization Preview on .tflite models in a real workbench. A .tflite is converted
// already, so the panel compares an int8 model with its float reference, both in TensorFlow Lite
// Micro (its worker thread): the panel opens on hello_world_int8.tflite (TFLM's own example, from
// ../shared/models: skipped when absent), the float reference is picked through the panel's message
// (a path is honoured in test mode only), "Compare in TFLite Micro" runs, and the figures the page
// receives equal what compareWithReference gives for the same pair; on the float model the roles
// swap and give the same figures; a reference of another model is refused with the reason; a
// malformed message is dropped. Messages go through the host's test hooks (modelPanel.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TfliteQuantizeComparison } from '../../../src/core/quantize/tfliteAgreement';
import { compareWithReference } from '../../../src/jobs/tfliteQuantizePreview';
import { TflmClient } from '../../../src/processes/tflm/client';
import { activate, closeAllEditors, EXTENSION_ID, model, waitFor, workspaceUri } from './helpers';

const VIEW_TYPE = 'deploylens.quantize';

interface PanelRecord { uri: string; visible: boolean; posted: Record<string, unknown>; received: Record<string, unknown>; dropped: number }
interface TfliteState { type: 'tflite'; fileName: string; role: 'int8' | 'float' | null; partner: string | null; trusted: boolean; error?: string }

const dir = () => workspaceUri('models', 'qtfl');
const sharedTflite = (): string => path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, '..', 'shared', 'models', 'tflite');

async function record(uri: vscode.Uri): Promise<PanelRecord | undefined> {
  return ((await vscode.commands.executeCommand<PanelRecord[]>('deploylens.internal.panelState', VIEW_TYPE)) ?? []).find((p) => p.uri === uri.toString());
}

function send(message: unknown, uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('deploylens.internal.panelMessage', VIEW_TYPE, message, uri.toString());
}

/** The next message of `type` the host posts for `uri` (one that differs from what was there). */
async function next<T>(uri: vscode.Uri, type: string, previous: unknown, what: string, ok: (m: T) => boolean = () => true, timeoutMs = 60_000): Promise<T> {
  const before = JSON.stringify(previous);
  return waitFor(what, async () => {
    const m = (await record(uri))?.posted[type] as T | undefined;
    return m !== undefined && JSON.stringify(m) !== before && ok(m) ? m : undefined;
  }, timeoutMs);
}

async function compare(uri: vscode.Uri): Promise<TfliteQuantizeComparison> {
  const r = await record(uri);
  const [result, failed] = [r?.posted['tfliteResult'], r?.posted['failed']];
  await send({ type: 'compareTflite' }, uri);
  return waitFor('the int8 vs float comparison', async () => {
    const now = await record(uri);
    if (now?.posted['failed'] !== undefined && JSON.stringify(now.posted['failed']) !== JSON.stringify(failed)) throw new Error(`comparison failed: ${JSON.stringify(now.posted['failed'])}`);
    const m = now?.posted['tfliteResult'] as { comparison: TfliteQuantizeComparison } | undefined;
    return m && JSON.stringify(m) !== JSON.stringify(result) ? m.comparison : undefined;
  }, 90_000);
}

suite('quantization preview panel on TFLite models', () => {
  const int8 = () => vscode.Uri.joinPath(dir(), 'hello_world_int8.tflite');
  const float = () => vscode.Uri.joinPath(dir(), 'hello_world_float.tflite');

  suiteSetup(async function () {
    await closeAllEditors();
    const src = sharedTflite();
    if (!fs.existsSync(path.join(src, 'hello_world_int8.tflite')) || !fs.existsSync(path.join(src, 'hello_world_float.tflite'))) {
      console.log(`quantize-tflite: ${src} has no hello_world_int8/float.tflite: skipped`);
      this.skip();
    }
    await vscode.workspace.fs.createDirectory(dir());
    for (const f of [int8(), float()]) await vscode.workspace.fs.writeFile(f, fs.readFileSync(path.join(src, path.basename(f.fsPath))));
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    if (fs.existsSync(dir().fsPath)) await vscode.workspace.fs.delete(dir(), { recursive: true });
  });

  test('an int8 .tflite against its float reference in TFLite Micro: the figures compareWithReference gives, from either side', async function () {
    this.timeout(240_000);
    await activate();
    await vscode.commands.executeCommand('deploylens.quantizationPreview', int8());
    const opened = await next<TfliteState>(int8(), 'tflite', undefined, 'the page to know the int8 model', (m) => m.role !== null, 30_000);
    assert.deepEqual(opened, { type: 'tflite', fileName: 'hello_world_int8.tflite', role: 'int8', partner: null, trusted: true });
    assert.equal((await record(int8()))?.posted['weights'], undefined, 'a .tflite is not quantized by DeployLens: no weight analysis');

    // Compare before a reference is picked: the page is told what to do.
    await send({ type: 'compareTflite' }, int8());
    assert.deepEqual((await next<{ error: string }>(int8(), 'failed', undefined, 'the missing reference')).error, 'Pick the float model first.');

    await send({ type: 'pickTflitePartner', path: float().fsPath }, int8());
    await next<TfliteState>(int8(), 'tflite', opened, 'the picked reference', (m) => m.partner === 'hello_world_float.tflite');
    const got = await compare(int8());

    // The same pair through the job the CLI runs, in a TFLM worker of its own.
    const kernels = /cmsis-nn kernels$/.test(got.runtime) ? 'cmsis-nn' : 'reference';
    const tflm = new TflmClient({ workerScript: path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'tflmWorker.js') });
    let expected: TfliteQuantizeComparison;
    try {
      expected = await compareWithReference(tflm, { model: int8().fsPath, reference: float().fsPath, samples: got.samples, kernels });
    } finally {
      tflm.dispose();
    }
    assert.equal(got.samples, 16);
    assert.deepEqual(got.agreement, expected.agreement);
    assert.equal(got.inputs, expected.inputs);
    assert.equal(got.model, 'hello_world_int8.tflite');
    assert.equal(got.reference, 'hello_world_float.tflite');
    const a = got.agreement[0]!;
    console.log(`quantize-tflite: hello_world int8 vs float through the panel: max |err| ${a.maxAbsError.toPrecision(3)}, mean |err| ${a.meanAbsError.toPrecision(3)}, cosine ${a.cosine.toFixed(5)}, SQNR ${a.sqnrDb.toFixed(1)} dB; invoke median int8 ${got.latency.int8Ms.toFixed(3)} ms, float ${got.latency.referenceMs.toFixed(3)} ms (${got.runtime})`);
    assert.ok(got.latency.int8Ms > 0 && got.latency.referenceMs > 0);

    // The float model: the roles swap, the figures are the same.
    await vscode.commands.executeCommand('deploylens.quantizationPreview', float());
    const floatState = await next<TfliteState>(float(), 'tflite', undefined, 'the page to know the float model', (m) => m.role !== null, 30_000);
    assert.equal(floatState.role, 'float');
    await send({ type: 'pickTflitePartner', path: int8().fsPath }, float());
    await next<TfliteState>(float(), 'tflite', floatState, 'the picked int8 model', (m) => m.partner === 'hello_world_int8.tflite');
    const swapped = await compare(float());
    assert.deepEqual(swapped.agreement, expected.agreement);

    // Another model as the reference: refused with the reason, nothing compared.
    const person = model('shared/person_detect.tflite');
    if (fs.existsSync(person.fsPath)) {
      await vscode.commands.executeCommand('deploylens.quantizationPreview', int8());
      await next<TfliteState>(int8(), 'tflite', undefined, 'the int8 model again, its reference remembered', (m) => m.role === 'int8' && m.partner === 'hello_world_float.tflite', 30_000);
      const before = (await record(int8()))?.posted['failed'];
      await send({ type: 'pickTflitePartner', path: person.fsPath }, int8());
      await next<TfliteState>(int8(), 'tflite', undefined, 'person_detect as the reference', (m) => m.partner === 'person_detect.tflite');
      await send({ type: 'compareTflite' }, int8());
      const failed = await next<{ error: string }>(int8(), 'failed', before, 'the refusal', () => true, 60_000);
      assert.equal(failed.error, 'person_detect.tflite is not a float version of hello_world_int8.tflite: input 0 has shape [1, 1] in the int8 model and [1, 96, 96, 1] in the reference');
    }

    // A malformed message is dropped, not run: the page cannot name the files or the samples.
    const dropped = (await record(int8()))!.dropped;
    await send({ type: 'compareTflite', reference: float().fsPath }, int8());
    await send({ type: 'compareTflite', samples: 1000 }, int8());
    assert.equal((await record(int8()))!.dropped, dropped + 2);
  });
});
