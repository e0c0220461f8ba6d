// `npm run test:electron`: the same in-host integration suite (out/integration/index.js, the
// workspace of test/integration/makeWorkspace.ts) in desktop VS Code through @vscode/test-electron,
// the standard runner — for contributors with internet: it downloads VS Code (VSCODE_VERSION, default
// 1.100.3, the version the offline code-server runner pins) into .vscode-test/ on first use. CI keeps
// the offline runner (npm run test:integration), which needs no download.
//
//   node out/scripts/vscode/run-electron.js [--grep TEXT] [--restricted] [--version X.Y.Z]
//
// Linux without a display needs one: xvfb-run -a npm run test:electron. Exit codes: 0 all passed,
// 1 a test failed, 4 harness error. Closing line: "N passed, N failed, N skipped".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { runTests } from '@vscode/test-electron';
import { QUIET_SETTINGS, ROOT, parseArgs, prepareRun } from './harness';

interface SuiteResults { passed: number; failed: number; pending: number }

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  const restricted = Boolean(a.restricted);
  const run = prepareRun({
    name: 'run-electron', logDirName: 'electron-run', tmpPrefix: 'deploylens-electron-',
    required: ['dist/extension.js', 'dist/worker.js', 'out/integration/index.js', 'out/integration/makeWorkspace.js'],
    hint: 'run npm run build && node scripts/build.mjs --only integration (or npm run test:electron)',
  });
  if (!run) return 4;
  const { tmp, workspace, resultsFile } = run;
  const { makeWorkspace } = createRequire(__filename)(path.join(ROOT, 'out', 'integration', 'makeWorkspace.js')) as { makeWorkspace(dir: string, root: string): { sharedModels: string[] } };
  makeWorkspace(workspace, ROOT);
  // A fresh profile with the suite's quiet settings (the same as the code-server runner's).
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = { ...QUIET_SETTINGS, ...(restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}) };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  try {
    await runTests({
      version: String(a.version || process.env.VSCODE_VERSION || '1.100.3'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'integration', 'index.js'),
      launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'), '--disable-gpu', '--skip-welcome', '--skip-release-notes',
        ...(restricted ? [] : ['--disable-workspace-trust'])],
      extensionTestsEnv: { DEPLOYLENS_IT_RESULTS: resultsFile, ...(a.grep ? { DEPLOYLENS_IT_GREP: String(a.grep) } : {}), ...(restricted ? { DEPLOYLENS_IT_SUITE: 'restricted' } : {}) },
    });
  } catch (e) {
    // runTests rejects when the suite failed (exit code 1) as well as when VS Code could not start.
    if (!fs.existsSync(resultsFile)) {
      console.error(`run-electron: ${e instanceof Error ? e.message : String(e)}`);
      return 4;
    }
  } finally {
    if (!process.env.DEPLOYLENS_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }
  const r = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults : null;
  if (!r) return 4;
  console.log(`${r.passed} passed, ${r.failed} failed, ${r.pending} skipped`);
  return r.failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error('run-electron: harness error:', e instanceof Error ? e.message : e);
  process.exit(4);
});
