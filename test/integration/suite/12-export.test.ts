// Export on save (issue 18) in the real editor: saving a torchvision-style training script runs its
// export in Debian's /usr/bin/python3 (deploylens.python in the generated workspace) and the
// figures of the real export appear on the constructor calls — the depthwise ConvBNReLU call shows
// depthwise MACs although `groups` comes from the caller — and change with the next edit + save;
// the exported model's findings replace the static guesses while fresh and the figures are marked
// stale while the script is edited; a failing export puts Python's error on the line that raised;
// the export writes nothing next to the user's files; an untrusted workspace never runs Python.
//
// The harness runs VS Code with workspace trust disabled, so the untrusted case stands the
// extension's trust check in through its test API (exportTesting.setTrusted); the decision itself
// is unit-tested in test/python-export-gate.test.ts.

import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatMacs } from '../../../src/core/units';
import { activate, codeOf, describe, setTarget, waitFor, workspaceUri, type DeployLensApi as BaseApi } from './helpers';

interface DeployLensApi extends BaseApi {
  exportTesting: {
    setConsent(value: 'allowed' | 'denied' | undefined): Promise<void>;
    setTrusted(trusted: boolean | undefined): void;
  };
}

const PYTHON = '/usr/bin/python3';
/** Null when Debian's torch imports under /usr/bin/python3, else why not (asynchronous: the extension host must not block). */
const torchMissing = (): Promise<string | null> => new Promise((resolve) => {
  execFile(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 }, (error, _out, stderr) => {
    resolve(error ? `torch is not importable by ${PYTHON} (${(stderr || error.message).trim().split('\n').pop()}); install python3-torch (CI installs python3-torchvision)` : null);
  });
});

const mbv2 = (): vscode.Uri => workspaceUri('scripts', 'mobilenet_v2.py');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DeployLens');

/** Depthwise MACs of the fixture's MobileNetV2 on a 96×96 input, from the architecture: H·W·C·3·3 per depthwise conv. */
function depthwiseMacs(settings: [number, number, number, number][], input = 96, width = 16): number {
  let size = input / 2; // the stem has stride 2
  let cin = width;
  let macs = 0;
  for (const [t, c, n, s] of settings) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const hidden = Math.round(cin * t);
      size = Math.ceil(size / stride);
      macs += size * size * hidden * 9;
      cin = c;
    }
  }
  return macs;
}

async function hints(doc: vscode.TextDocument): Promise<{ line: number; label: string }[]> {
  const all = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
  return all.map((h) => ({ line: h.position.line, label: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('') }));
}

const lineOf = (doc: vscode.TextDocument, needle: string): number => {
  const i = doc.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
};

async function replaceAndSave(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, `no ${from} in ${doc.uri.fsPath}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await doc.save(), 'saved');
}

/** Waits until the hint on the line containing `needle` satisfies `ok` (the export ran and was mapped). */
async function hintOn(api: DeployLensApi, doc: vscode.TextDocument, needle: string, ok: (label: string) => boolean, what: string): Promise<string> {
  return waitFor(what, async () => {
    await api.whenIdle();
    const line = lineOf(doc, needle);
    const h = (await hints(doc)).filter((x) => x.line === line).map((x) => x.label);
    return h.find(ok);
  }, 60_000).catch(async (e: unknown) => {
    throw new Error(`${(e as Error).message}; hints now: ${JSON.stringify(await hints(doc))}; diagnostics: ${describe(ours(doc.uri))}`);
  });
}

/** Every file under the workspace with its size and mtime (what "nothing written next to the user's files" compares). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const st = fs.statSync(path.join(dir, rel));
    out.set(rel, st.isDirectory() ? 'dir' : `${st.size}@${st.mtimeMs}`);
  }
  return out;
}

suite('Export on save (training scripts)', function () {
  this.timeout(180_000);
  let api: DeployLensApi;
  let skipped = false;
  let original = '';

  suiteSetup(async function () {
    const missing = await torchMissing();
    if (missing) {
      skipped = true;
      console.log(`  skipping the export-on-save tests: ${missing}`);
      this.skip();
    }
    api = (await activate()) as DeployLensApi;
    original = fs.readFileSync(mbv2().fsPath, 'utf8'); // examples/train_mobilenet_v2.py
    await setTarget(api, undefined); // TFLite Micro on Cortex-M7
    await api.exportTesting.setConsent('allowed'); // the once-per-workspace question (a modal the harness cannot click)
  });

  teardown(async () => {
    api?.exportTesting.setTrusted(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    if (skipped) return;
    fs.writeFileSync(mbv2().fsPath, original);
    await api?.exportTesting.setConsent(undefined);
  });

  test('Export and Analyze, then an edit + save: the depthwise call shows depthwise MACs from the real export, updated on save', async () => {
    const doc = await vscode.workspace.openTextDocument(mbv2());
    await vscode.window.showTextDocument(doc);
    await api.whenIdle();
    const dw = 'ConvBNReLU(hidden_dim, hidden_dim, stride=stride, groups=hidden_dim)';
    assert.deepEqual((await hints(doc)).filter((h) => h.line === lineOf(doc, dw)), [], 'no figures before an export (no exported model exists)');

    const before = depthwiseMacs([[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2]]);
    let t0 = Date.now();
    await vscode.commands.executeCommand('deploylens.exportAndAnalyze', doc.uri);
    const first = await hintOn(api, doc, dw, (l) => !l.startsWith('stale') && l.includes('MACs'), 'figures on the depthwise call after Export and Analyze');
    console.log(`    Export and Analyze → figures on the line: ${Date.now() - t0} ms`);
    assert.ok(first.startsWith(`5× ${formatMacs(before)} MACs`), `the depthwise call built 5 depthwise convs of ${before} MACs in all (groups from the caller), got '${first}'`);
    // a static count with groups=1 would be `hidden_dim` times larger: far above the whole model's MACs shown on the model line
    const features = (await hints(doc)).find((h) => h.line === lineOf(doc, 'self.features = nn.Sequential(*features)'));
    assert.ok(features && /MACs/.test(features.label), `the features line has figures: ${JSON.stringify(features)}`);

    const after = depthwiseMacs([[1, 16, 1, 1], [4, 24, 2, 2], [6, 32, 2, 2]]);
    t0 = Date.now();
    await replaceAndSave(doc, '(6, 24, 2, 2)', '(4, 24, 2, 2)');
    const second = await hintOn(api, doc, dw, (l) => !l.startsWith('stale') && l.startsWith(`5× ${formatMacs(after)} MACs`), `the depthwise MACs to become ${after} after the edit`);
    console.log(`    edit + save → updated figures: ${Date.now() - t0} ms (${first} → ${second})`);
    assert.ok(!fs.existsSync(workspaceUri('mobilenet_v2.pt').fsPath) && !fs.existsSync(workspaceUri('scripts', 'mobilenet_v2.pt').fsPath), 'the __main__ block (training, then torch.save) did not run');
  });

  test('nn.ReLU6 → nn.GELU + save: the exported model\'s finding replaces the static guess; typing marks the figures stale', async () => {
    const doc = await vscode.workspace.openTextDocument(mbv2());
    const editor = await vscode.window.showTextDocument(doc);
    const t0 = Date.now();
    await replaceAndSave(doc, 'nn.ReLU6(inplace=True)', 'nn.GELU()');
    const line = lineOf(doc, 'nn.GELU()');
    const fromExport = await waitFor('the exported model\'s finding on the GELU line', async () => {
      await api.whenIdle();
      const d = ours(doc.uri).filter((x) => x.range.start.line === line && /^compat\//.test(String(codeOf(x))));
      return d.length ? d : undefined;
    }, 60_000).catch((e: unknown) => { throw new Error(`${(e as Error).message}; diagnostics: ${describe(ours(doc.uri))}`); });
    console.log(`    save → exported-model diagnostics: ${Date.now() - t0} ms`);
    assert.match(fromExport[0]!.message, /Erf/, `GELU exports (opset 13) to Erf, which TFLite Micro has no kernel for: ${describe(fromExport)}`);
    assert.match(fromExport[0]!.message, /exported node \/features/, 'names the exported node');
    assert.ok(!ours(doc.uri).some((d) => String(codeOf(d)).startsWith('script/') && d.range.start.line === line), `the static guess is replaced while the export is fresh:\n  ${describe(ours(doc.uri))}`);
    const fresh = (await hints(doc)).filter((h) => h.line === line);
    assert.ok(fresh.length > 0 && !fresh[0]!.label.startsWith('stale'), JSON.stringify(fresh));

    // an unsaved edit: the figures stay, marked stale, carried to the right line; the static checks come back
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# an edit\n'));
    const stale = await waitFor('stale figures', async () => {
      await api.whenIdle();
      const h = (await hints(doc)).filter((x) => x.line === line + 1);
      return h.length && h.every((x) => x.label.startsWith('stale · ')) ? h : undefined;
    });
    assert.ok(stale.length > 0);
    await waitFor('the static GELU finding back while unsaved', async () => {
      await api.whenIdle();
      return ours(doc.uri).some((d) => codeOf(d) === 'script/unsupported-op' && d.range.start.line === line + 1) ? true : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a failing export puts Python\'s error on the line of forward that raised it', async () => {
    const doc = await vscode.workspace.openTextDocument(mbv2());
    await vscode.window.showTextDocument(doc);
    await replaceAndSave(doc, '        x = self.features(x)\n', '        x = self.features(x) * scale_not_defined\n');
    const line = lineOf(doc, 'scale_not_defined');
    const d = await waitFor('export/python-error', async () => {
      await api.whenIdle();
      return ours(doc.uri).find((x) => codeOf(x) === 'export/python-error');
    }, 60_000).catch((e: unknown) => { throw new Error(`${(e as Error).message}; diagnostics: ${describe(ours(doc.uri))}`); });
    assert.equal(d.range.start.line, line, `on the raising line of forward: ${describe([d])}`);
    assert.match(d.message, /NameError: name 'scale_not_defined' is not defined/);
    assert.match(d.message, /in forward/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    await replaceAndSave(doc, ' * scale_not_defined', '');
    await waitFor('the error to go after the fix is saved', async () => {
      await api.whenIdle();
      return ours(doc.uri).some((x) => codeOf(x) === 'export/python-error') ? undefined : true;
    }, 60_000);
  });

  test('the export writes nothing next to the user\'s files: the script\'s own export call is intercepted, no __pycache__', async () => {
    const root = workspaceUri().fsPath;
    const kwsModel = workspaceUri('models', 'kws.onnx').fsPath;
    const before = snapshot(root);
    const doc = await vscode.workspace.openTextDocument(workspaceUri('scripts', 'train_kws.py'));
    await vscode.window.showTextDocument(doc);
    // train_kws.py calls torch.onnx.export(model, dummy, "../models/kws.onnx") at its top level.
    const record = await vscode.commands.executeCommand<{ outcome: { kind: string; modelPath?: string; diagnostic?: { message: string } } } | undefined>('deploylens.exportAndAnalyze', doc.uri);
    assert.ok(record, 'the command returns the export record');
    assert.equal(record.outcome.kind, 'exported', JSON.stringify(record.outcome.diagnostic ?? record.outcome));
    const modelPath = record.outcome.modelPath!;
    assert.ok(!modelPath.startsWith(root), `the exported model is in the extension's storage, not the workspace: ${modelPath}`);
    assert.ok(fs.existsSync(modelPath));
    await api.whenIdle();
    const after = snapshot(root);
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k).filter((k) => !k.startsWith('.vscode'));
    assert.deepEqual(changed, [], 'no file in the workspace was created or changed by the export');
    assert.equal(after.get(path.relative(root, kwsModel)), before.get(path.relative(root, kwsModel)), 'models/kws.onnx was not overwritten');
    // the per-call figures replace the static ones (which came from models/kws.onnx by top-level attribute only)
    const depthwise = (await hints(doc)).filter((h) => h.line === lineOf(doc, 'self.depthwise = nn.Conv2d'));
    assert.ok(depthwise.length === 1 && /^4× .*MACs/.test(depthwise[0]!.label), `the depthwise conv built in 4 blocks has figures from the export: ${JSON.stringify(depthwise)}`);
  });

  test('Cancel Export stops a running export (the CodeLens says it is exporting; nothing is kept)', async () => {
    const slow = workspaceUri('scripts', 'slow_export.py');
    fs.writeFileSync(slow.fsPath, 'import time\nimport torch\n\n# deploylens: export\ndef make_export():\n    time.sleep(120)\n    return torch.nn.Linear(2, 2), torch.zeros(1, 2)\n');
    try {
      const doc = await vscode.workspace.openTextDocument(slow);
      await vscode.window.showTextDocument(doc);
      const t0 = Date.now();
      const running = vscode.commands.executeCommand('deploylens.exportAndAnalyze', doc.uri);
      await waitFor('the exporting CodeLens', async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return lenses.some((l) => /exporting… \(cancel\)/.test(l.command?.title ?? '')) ? true : undefined;
      }, 30_000);
      await vscode.commands.executeCommand('deploylens.cancelExport', doc.uri);
      assert.equal(await running, undefined, 'a cancelled export gives no result');
      assert.ok(Date.now() - t0 < 60_000, 'stopped long before the script\'s sleep ended');
      await api.whenIdle();
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      assert.ok(lenses.some((l) => /Export and Analyze/.test(l.command?.title ?? '')), `back to "Export and Analyze": ${lenses.map((l) => l.command?.title).join(' | ')}`);
    } finally {
      fs.rmSync(slow.fsPath, { force: true });
    }
  });

  test('an untrusted workspace never runs Python: neither on save nor on the command', async () => {
    const marker = path.join(os.tmpdir(), `deploylens-fake-python-${process.pid}`);
    const fake = `${marker}.sh`;
    fs.rmSync(marker, { force: true });
    fs.writeFileSync(fake, `#!/bin/sh\ntouch '${marker}'\nexec ${PYTHON} "$@"\n`, { mode: 0o755 });
    const config = vscode.workspace.getConfiguration('deploylens');
    // Put back what the workspace had (makeWorkspace.ts sets Debian's python3), not nothing: later suites export too.
    const before = config.inspect<string>('python')?.workspaceValue;
    await config.update('python', fake, vscode.ConfigurationTarget.Workspace);
    try {
      api.exportTesting.setTrusted(false);
      const doc = await vscode.workspace.openTextDocument(mbv2());
      await vscode.window.showTextDocument(doc);
      await replaceAndSave(doc, 'num_classes=10)', 'num_classes=12)');
      await api.whenIdle();
      const record = await vscode.commands.executeCommand('deploylens.exportAndAnalyze', doc.uri);
      await api.whenIdle();
      assert.equal(record, undefined, 'the command did not export');
      assert.ok(!fs.existsSync(marker), 'the interpreter was never started');
      // trusted again: the same save runs it (the fake interpreter is real enough to prove the path)
      api.exportTesting.setTrusted(true);
      await replaceAndSave(doc, 'num_classes=12)', 'num_classes=10)');
      await waitFor('the interpreter to run once trusted', async () => {
        await api.whenIdle();
        return fs.existsSync(marker) ? true : undefined;
      }, 60_000);
    } finally {
      await config.update('python', before, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(marker, { force: true });
      fs.rmSync(fake, { force: true });
    }
  });
});
