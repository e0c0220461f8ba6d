// extensionTestsPath entry point, loaded by VS Code's extension host (same contract as
// @vscode/test-electron): run() resolves when every test passed and rejects otherwise; the
// workbench turns that into the exit code the runner script sees.
//
// The result also goes to the JSON file named by DEPLOYLENS_IT_RESULTS (set by
// scripts/vscode/run-integration.ts on the server, whose environment the extension host inherits),
// so the runner can print the failures and the closing line without parsing workbench log output.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Outcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  ms?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.DEPLOYLENS_IT_GREP;
  if (grep) mocha.grep(grep);
  // DEPLOYLENS_IT_SUITE=restricted (run-integration.js --restricted): the tests for an untrusted workspace.
  const suiteDir = path.join(__dirname, process.env.DEPLOYLENS_IT_SUITE === 'restricted' ? 'restricted' : 'suite');
  for (const f of fs.readdirSync(suiteDir).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(suiteDir, f));
  }
  const outcomes: Outcome[] = [];
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = outcomes.filter((o) => o.state === 'passed').length;
        const pending = outcomes.filter((o) => o.state === 'pending').length;
        const resultsFile = process.env.DEPLOYLENS_IT_RESULTS;
        if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed: failures, pending, outcomes }, null, 1));
        console.log(`${passed} passed, ${failures} failed, ${pending} skipped`);
        if (failures > 0) reject(new Error(`${failures} integration tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
      runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t, err: unknown) => outcomes.push({
        title: t.fullTitle(), state: 'failed',
        error: err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 6).join('\n') : String(err),
      }));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
